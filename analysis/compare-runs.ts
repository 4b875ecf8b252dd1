// Two results folders compared cell by cell: the regression check of a change
// to methods/ (`bench compare A B`). Cells are matched by the plan (a cell id
// is a hash of its configuration, which leaves out the code revision), so the
// same spec cell in A and B is the same training run up to the code. Per table
// (spec × profile in both runs) the tested cells are its target-group rows
// (the averages the papers report); for each, B − A over the seeds: a paired
// t-test over the seeds both ran, Welch when the seeds do not match, and the
// one-sided "worse" test H1: μB − μA < −margin; with --equivalence also the
// TOST of |μB − μA| < margin. Holm adjusts each kind of p over the union of
// every table's tested cells (family-wise over the whole run, as the gate's
// exit code is one answer for the run). Per-language rows are described, not
// tested (a family of a few hundred languages would leave no power to the
// averages). A partial run (--langs, --seeds, --k, interrupted) is compared on
// what both ran: a group row whose languages differ between A and B is not
// tested, as its averages are over different languages. Pure: no I/O.
import { correlationIsTable } from "../core/spec.ts";
import { compareSeedUnits, type SeedUnit, seedUnit } from "../core/seed.ts";
import type { SeedRow } from "../core/aggregate.ts";
import type { ResultsRun, TableRun } from "./collect.ts";
import { type LeftOut, leftOutText } from "./left-out.ts";
import type { PartialRun } from "./partial.ts";
import { backboneKey } from "../plan/plan.ts";
import {
  type CellComparison,
  compareCell,
  describedDifference,
  mean,
  type RowIdentity,
  rowIdentity,
  type SeedValues,
  untestedCell,
  untestedEquivalence,
} from "./compare-cell.ts";
import { holmAdjust } from "./stats/index.ts";
import { cellPower } from "./compare-power.ts";
import { type CompareOptions, methodText } from "./compare-method.ts";

export { methodText };

export type { CompareOptions };

/** A per-language row: described, not tested. */
export interface LanguageDifference extends RowIdentity {
  nA: number;
  nB: number;
  meanA: number | null;
  meanB: number | null;
  /** Over the common seeds when there are any, else mean B − mean A; null when a side has none. */
  difference: number | null;
}

export interface TableComparison {
  spec: string;
  title: string;
  profile: string;
  /** The swept parameter's name, when the spec sweeps one (the rows' x). */
  sweepParam?: string;
  /** Records of the table's plan each run holds, and how many cells the plan has. */
  cells: { a: number; b: number; planA: number; planB: number };
  /** What each run lacks of the profile's plan (null: complete). */
  partial: { a: PartialRun | null; b: PartialRun | null };
  /** Tested cells: the target-group rows. */
  rows: CellComparison[];
  /** How many of its rows were tested (its part of the run's Holm family). */
  family: number;
  languages: LanguageDifference[];
}

export interface RunSide {
  label: string;
  dir: string;
  commits: string[];
  backends: string[];
  seeds: number[];
  records: number;
  unplaced: number;
  /** Why those records fill no table, with counts. */
  leftOut: LeftOut[];
}

export interface CellRef extends RowIdentity {
  spec: string;
  profile: string;
  sweepParam?: string;
  meanA: number | null;
  meanB: number | null;
  difference: number | null;
  pWorseHolm: number | null;
  pHolm: number | null;
}

export interface RunComparison {
  a: RunSide;
  b: RunSide;
  margin: number;
  alpha: number;
  /** The equivalence margin (--equivalence), null when not asked. */
  equivalence: number | null;
  /** The Holm family: every tested cell of every table compared (a row several tables share counted once). */
  family: number;
  /** How the numbers were computed, in words (the outputs repeat it). */
  method: string[];
  tables: TableComparison[];
  /** Tables of one run only, and specs left out on purpose (derived specs: their cells are another table's). */
  notCompared: { spec: string; profile: string; why: string }[];
  warnings: string[];
  worse: CellRef[];
  better: CellRef[];
  counts: {
    tables: number;
    tested: number;
    worse: number;
    better: number;
    unchanged: number;
    identical: number;
    notTested: number;
    languages: number;
    /** With --equivalence: cells shown equivalent (identical ones included), and the others. */
    equivalent: number;
    notEquivalent: number;
  };
}

function identityKey(r: Pick<RowIdentity, "backbone" | "method" | "setting" | "k" | "x" | "key">): string {
  return JSON.stringify([r.backbone, r.method, r.setting, r.k, r.x, r.key]);
}

/** Seed rows by row identity: the row and its accuracy per seed. */
function bySeed(rows: SeedRow[]): Map<string, { row: RowIdentity; acc: Map<SeedUnit, number> }> {
  const out = new Map<string, { row: RowIdentity; acc: Map<SeedUnit, number> }>();
  for (const r of rows) {
    const row = rowIdentity(r);
    const id = identityKey(row);
    const e = out.get(id) ?? out.set(id, { row, acc: new Map() }).get(id)!;
    // a crossed design's (draw, init) pair is the seed that pairs
    e.acc.set(seedUnit(r.seed, r.initSeed), r.acc);
  }
  return out;
}

function side(acc: Map<SeedUnit, number> | undefined): SeedValues {
  const seeds = [...(acc?.keys() ?? [])].sort(compareSeedUnits);
  return { seeds, values: seeds.map((s) => acc!.get(s)!) };
}

/** The rows of A and B matched by identity, in A's order, then B's rows that A lacks. */
function matchRows(a: SeedRow[], b: SeedRow[]): { row: RowIdentity; a: SeedValues; b: SeedValues }[] {
  const ma = bySeed(a), mb = bySeed(b);
  const ids = [...new Set([...ma.keys(), ...mb.keys()])];
  return ids.map((id) => ({
    row: (ma.get(id) ?? mb.get(id))!.row,
    a: side(ma.get(id)?.acc),
    b: side(mb.get(id)?.acc),
  }));
}

/**
 * Holm over the tested cells of every table at once (the worse, the two-sided and the TOST p's, each kind its
 * own family of the same cells), then each cell's verdict; the size of the family. A row several tables share
 * (the same cells: UniPrompt's 16-shot row, SPT's w/ MF in its figures) is the same test on the same numbers,
 * so it is one hypothesis, counted once.
 */
function judge(rows: CellComparison[], alpha: number): number {
  const tested = rows.filter((r) => r.pWorse !== null);
  const byTest = new Map<string, CellComparison[]>();
  for (const r of tested) {
    const k = JSON.stringify([r.a, r.b]);
    byTest.get(k)?.push(r) ?? byTest.set(k, [r]);
  }
  const family = [...byTest.values()];
  const adjust = (p: (r: CellComparison) => number | null, set: (r: CellComparison, q: number) => void) => {
    const fam = family.filter((g) => p(g[0]) !== null);
    if (fam.length) holmAdjust(fam.map((g) => p(g[0])!)).forEach((q, i) => fam[i].forEach((r) => set(r, q)));
  };
  adjust((r) => r.pWorse, (r, q) => (r.pWorseHolm = q));
  adjust((r) => r.p, (r, q) => (r.pHolm = q));
  adjust((r) => r.equivalence?.p ?? null, (r, q) => (r.equivalence!.pHolm = q));
  for (const r of tested) {
    r.verdict = r.pWorseHolm! < alpha
      ? "worse"
      : r.pHolm! < alpha && r.difference! > 0
      ? "better"
      : "no significant change";
    if (r.equivalence?.pHolm != null && r.equivalence.pHolm < alpha) r.equivalence.verdict = "equivalent";
    const power = cellPower(r, alpha, family.length);
    r.mdd = power.mdd;
    if (power.seedsToShowEquivalent !== undefined) r.equivalence!.seedsNeeded = power.seedsToShowEquivalent;
  }
  return family.length;
}

/** How a group row's note ends when A and B average it over different languages. */
const DIFFERENT_LANGUAGES =
  "not tested, its averages are over different languages; the per-language rows compare what both ran";

/** Target group -> its languages in a table's run, per backbone. */
function groupMembers(t: TableRun): Map<string, Record<string, string[]>> {
  return new Map(t.plan.backbones.map((b) => [backboneKey(b.entry), b.groups]));
}

/** Why a group row is not tested when A and B average it over different languages (null when they do not). */
function membersDiffer(
  row: RowIdentity,
  a: Map<string, Record<string, string[]>>,
  b: Map<string, Record<string, string[]>>,
  langsRun: { a: boolean; b: boolean },
): string | null {
  const ma = a.get(row.backbone)?.[row.key] ?? [], mb = b.get(row.backbone)?.[row.key] ?? [];
  if (ma.length === mb.length && ma.every((l) => mb.includes(l))) return null;
  const why = (side: "A" | "B") => (langsRun[side === "A" ? "a" : "b"] ? " (a --langs run)" : "");
  const common = ma.filter((l) => mb.includes(l)).length;
  const tail = DIFFERENT_LANGUAGES;
  if (!mb.length) return `B evaluates none of the group's ${ma.length} languages${why("B")}: ${tail}`;
  if (!ma.length) return `A evaluates none of the group's ${mb.length} languages${why("A")}: ${tail}`;
  if (common === mb.length) return `B averages ${mb.length} of the group's ${ma.length} languages${why("B")}: ${tail}`;
  if (common === ma.length) return `A averages ${ma.length} of the group's ${mb.length} languages${why("A")}: ${tail}`;
  return `A averages ${ma.length} of the group's languages, B ${mb.length}, ${common} in common: ${tail}`;
}

const eqOptions = (o: CompareOptions) =>
  o.equivalence === undefined ? undefined : { margin: o.equivalence, alpha: o.alpha };

/** A cell that cannot be tested, under --equivalence: not shown equivalent. */
const untestedOrNull = (o: CompareOptions) => {
  const eq = eqOptions(o);
  return eq ? untestedEquivalence(eq, false) : null;
};

function compareTable(ta: TableRun, tb: TableRun, opts: CompareOptions): TableComparison {
  const [ga, gb] = [groupMembers(ta), groupMembers(tb)];
  const langsRun = { a: ta.plan.narrowed.includes("--langs"), b: tb.plan.narrowed.includes("--langs") };
  const rows = matchRows(ta.seeds.group, tb.seeds.group).map((m) => {
    const differ = membersDiffer(m.row, ga, gb, langsRun);
    // averages over other languages: described per side, no difference, left out of the Holm family
    return differ
      ? { ...untestedCell(m.row, m.a, m.b, [differ]), difference: null, equivalence: untestedOrNull(opts) }
      : compareCell(m.row, m.a, m.b, opts.margin, eqOptions(opts));
  });
  // judged with every other table's cells in compareRuns
  const family = rows.filter((r) => r.pWorse !== null).length;
  const languages = matchRows(ta.seeds.language, tb.seeds.language).map(({ row, a, b }) => ({
    ...row,
    nA: a.seeds.length,
    nB: b.seeds.length,
    meanA: a.seeds.length ? mean(a.values) : null,
    meanB: b.seeds.length ? mean(b.values) : null,
    difference: describedDifference(a, b),
  }));
  return {
    spec: ta.spec.id,
    title: ta.spec.title,
    profile: ta.profile,
    ...(ta.spec.sweep ? { sweepParam: ta.spec.sweep.param } : {}),
    cells: { a: ta.records.length, b: tb.records.length, planA: ta.plan.cells.length, planB: tb.plan.cells.length },
    partial: { a: ta.partial, b: tb.partial },
    rows,
    family,
    languages,
  };
}

function runSide(r: ResultsRun): RunSide {
  return {
    label: r.label,
    dir: r.dir,
    commits: r.commits,
    backends: r.backends,
    seeds: r.seeds,
    records: r.records,
    unplaced: r.unplaced,
    leftOut: r.leftOut,
  };
}

/** A compared cell named with its table (spec, profile, swept parameter): how the outputs list it. */
export function cellRef(t: TableComparison, r: CellComparison): CellRef {
  return {
    spec: t.spec,
    profile: t.profile,
    ...(t.sweepParam ? { sweepParam: t.sweepParam } : {}),
    ...rowIdentity(r),
    meanA: r.meanA,
    meanB: r.meanB,
    difference: r.difference,
    pWorseHolm: r.pWorseHolm,
    pHolm: r.pHolm,
  };
}

/** Compare two runs table by table (every spec × profile both filled). */
export function compareRuns(a: ResultsRun, b: ResultsRun, opts: CompareOptions): RunComparison {
  const tableKey = (t: TableRun) => `${t.spec.id}\u0000${t.profile}`;
  const inB = new Map(b.tables.map((t) => [tableKey(t), t]));
  const inA = new Set(a.tables.map(tableKey));
  const tables: TableComparison[] = [];
  const notCompared: RunComparison["notCompared"] = [];
  for (const ta of a.tables) {
    const tb = inB.get(tableKey(ta));
    if (ta.spec.derivedFrom && tb) {
      notCompared.push({ spec: ta.spec.id, profile: ta.profile, why: derivedWhy(ta.spec) });
    } else if (!tb) notCompared.push({ spec: ta.spec.id, profile: ta.profile, why: "only in A" });
    else tables.push(compareTable(ta, tb, opts));
  }
  const family = judge(tables.flatMap((t) => t.rows), opts.alpha);
  for (const tb of b.tables) {
    if (!inA.has(tableKey(tb))) notCompared.push({ spec: tb.spec.id, profile: tb.profile, why: "only in B" });
  }

  const warnings: string[] = [];
  const list = (xs: string[]) => (xs.length ? xs.join(", ") : "unknown");
  if (list(a.backends) !== list(b.backends)) {
    warnings.push(
      `A ran on ${list(a.backends)}, B on ${
        list(b.backends)
      }: the same code gives numbers that differ in the last bits across backends (and a cell's accuracy by a few examples), so part of B − A is the backend, not the change`,
    );
  }
  for (const [name, r] of [["A", a], ["B", b]] as const) {
    if (r.backends.length > 1) warnings.push(`${name}'s records come from several backends (${r.backends.join(", ")})`);
    if (r.commits.length > 1) {
      warnings.push(`${name}'s records come from several commits (${r.commits.map((c) => c.slice(0, 7)).join(", ")})`);
    }
    if (r.unplaced) {
      warnings.push(
        `${name} holds ${r.unplaced} record(s) that fill no table, not compared: ${leftOutText(r.leftOut)}`,
      );
    }
  }
  const rows = tables.flatMap((t) => t.rows.map((r) => ({ t, r })));
  const ref = ({ t, r }: { t: TableComparison; r: CellComparison }) => cellRef(t, r);
  const tested = rows.filter(({ r }) => r.verdict !== "not tested" && r.verdict !== "identical").length;
  if (tables.length && !tested && !rows.some(({ r }) => r.verdict === "identical")) {
    const langs = rows.filter(({ r }) => r.notes.some((n) => n.endsWith(DIFFERENT_LANGUAGES))).length;
    warnings.push(
      `no cell could be tested (each needs at least 2 seeds on both sides${
        langs ? `, and the same languages in its group: ${langs} group row(s) average different ones in A and B` : ""
      }): nothing was checked; run both with more seeds (--seeds 1,2,3)${langs ? " on the same languages" : ""}`,
    );
  }
  return {
    a: runSide(a),
    b: runSide(b),
    margin: opts.margin,
    alpha: opts.alpha,
    equivalence: opts.equivalence ?? null,
    family,
    method: methodText(opts),
    tables,
    notCompared,
    warnings,
    worse: rows.filter(({ r }) => r.verdict === "worse").map(ref),
    better: rows.filter(({ r }) => r.verdict === "better").map(ref),
    counts: {
      tables: tables.length,
      tested,
      worse: rows.filter(({ r }) => r.verdict === "worse").length,
      better: rows.filter(({ r }) => r.verdict === "better").length,
      unchanged: rows.filter(({ r }) => r.verdict === "no significant change").length,
      identical: rows.filter(({ r }) => r.verdict === "identical").length,
      notTested: rows.filter(({ r }) => r.verdict === "not tested").length,
      languages: tables.reduce((s, t) => s + t.languages.length, 0),
      equivalent: rows.filter(({ r }) => r.equivalence?.verdict === "equivalent").length,
      notEquivalent: rows.filter(({ r }) => r.equivalence?.verdict === "not shown equivalent").length,
    },
  };
}

/** Why a derived spec is not compared: its cells are its base table's, compared there. */
export function derivedWhy(spec: { derivedFrom?: string; correlation?: { role?: "table" | "added" } }): string {
  return correlationIsTable(spec)
    ? `correlations of ${spec.derivedFrom}'s accuracies: compared there`
    : `a figure over ${spec.derivedFrom}'s cells: compared there`;
}

/** Derived specs left out of the collection (their cells are their base's), listed where their base table was compared. */
export function derivedNotCompared(
  derived: { id: string; derivedFrom?: string; correlation?: { role?: "table" | "added" } }[],
  c: Pick<RunComparison, "tables">,
): RunComparison["notCompared"] {
  return derived.flatMap((s) =>
    c.tables.filter((t) => t.spec === s.derivedFrom).map((t) => ({
      spec: s.id,
      profile: t.profile,
      why: derivedWhy(s),
    }))
  );
}
