// Two results folders compared cell by cell: the regression check of a change
// to methods/ (`bench compare A B`). Cells are matched by the plan (a cell id
// is a hash of its configuration, which leaves out the code revision), so the
// same spec cell in A and B is the same training run up to the code. Per table
// (spec × profile in both runs) the tested cells are its target-group rows
// (the averages the papers report); for each, B − A over the seeds: a paired
// t-test over the seeds both ran, Welch when the seeds do not match, and the
// one-sided "worse" test H1: μB − μA < −margin, Holm-adjusted over the table's
// tested cells. Per-language rows are described, not tested (a family of a
// few hundred languages would leave no power to the averages). A partial run
// (--langs, --seeds, --k, interrupted) is compared on what both ran: a group
// row whose languages differ between A and B is not tested, as its averages
// are over different languages. Pure: no I/O.
import { correlationIsTable } from "../core/spec.ts";
import { compareSeedUnits, type SeedUnit, seedUnit } from "../core/seed.ts";
import type { SeedRow } from "../core/aggregate.ts";
import type { ResultsRun, TableRun } from "./collect.ts";
import { type LeftOut, leftOutText } from "./left-out.ts";
import type { PartialRun } from "./partial.ts";
import { backboneKey } from "../plan/plan.ts";
import {
  type CellComparison,
  CI_LEVEL,
  compareCell,
  describedDifference,
  mean,
  type RowIdentity,
  rowIdentity,
  type SeedValues,
  untestedCell,
} from "./compare-cell.ts";
import { holmAdjust } from "./stats/index.ts";

export interface CompareOptions {
  /** Accuracy points: B is "worse" only when it is significantly more than this below A. */
  margin: number;
  /** Family-wise error rate per table (Holm). */
  alpha: number;
}

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
  /** How many rows were tested (the Holm family). */
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

/** Holm over the tested cells (both the worse and the two-sided p's), then each cell's verdict. */
function judge(rows: CellComparison[], alpha: number): number {
  const tested = rows.filter((r) => r.pWorse !== null);
  if (tested.length) {
    holmAdjust(tested.map((r) => r.pWorse!)).forEach((q, i) => (tested[i].pWorseHolm = q));
    holmAdjust(tested.map((r) => r.p!)).forEach((q, i) => (tested[i].pHolm = q));
  }
  for (const r of tested) {
    r.verdict = r.pWorseHolm! < alpha
      ? "worse"
      : r.pHolm! < alpha && r.difference! > 0
      ? "better"
      : "no significant change";
  }
  return tested.length;
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

function compareTable(ta: TableRun, tb: TableRun, opts: CompareOptions): TableComparison {
  const [ga, gb] = [groupMembers(ta), groupMembers(tb)];
  const langsRun = { a: ta.plan.narrowed.includes("--langs"), b: tb.plan.narrowed.includes("--langs") };
  const rows = matchRows(ta.seeds.group, tb.seeds.group).map((m) => {
    const differ = membersDiffer(m.row, ga, gb, langsRun);
    // averages over other languages: described per side, no difference, left out of the Holm family
    return differ
      ? { ...untestedCell(m.row, m.a, m.b, [differ]), difference: null }
      : compareCell(m.row, m.a, m.b, opts.margin);
  });
  const family = judge(rows, opts.alpha);
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

/** How the comparison is computed, for the outputs. */
export function methodText(opts: CompareOptions): string[] {
  return [
    "Cells are matched by the plan: a cell id is a hash of its configuration (method and hyperparameters, backbone, data, k, seed, training), which leaves out the code revision, so the same cell in A and B differs only by the code (and the backend) that ran it.",
    "Tested: each table's target-group rows (the averages the papers report), B − A in accuracy points. Over the seeds both runs ran: a paired t-test (seeds name the k-shot split and the initialisation, so the two accuracies of a seed are paired); when fewer than 2 seeds are common but each side has 2 or more: Welch's t-test (stated per cell); otherwise no test.",
    `Worse: the one-sided test of H1: μB − μA < −${opts.margin} (the margin, in accuracy points), Holm-adjusted over the table's tested cells; a cell is worse when its adjusted p < ${opts.alpha}. Better: the two-sided test of H0: no difference, Holm-adjusted over the same cells, adjusted p < ${opts.alpha} and B − A > 0.`,
    `Interval: the ${
      Math.round(CI_LEVEL * 100)
    }% two-sided t interval of B − A. Effect size: Cohen's d_z (mean difference / sd of the differences) for paired cells, Hedges' g (pooled sd, small-sample corrected) for Welch cells.`,
    "A cell whose numbers are identical on every seed (the change does not reach its computation: the same code path on the same backend repeats bit for bit) is reported as identical, not tested, and left out of the Holm family. When the differences are equal but not 0 on every seed, t is undefined and the cell is decided by the difference alone: worse exactly when it is below −margin, different exactly when it is not 0 (equal within 1e-9 relative, as accuracies are correct/n in percent).",
    "Per-language rows are described (mean A, mean B, B − A), not tested, to keep each Holm family small enough to have power for the averages.",
    "A partial run (narrowed by --langs, --seeds or --k, or interrupted) is compared on what both runs ran: languages and seeds match as above, and a target-group row whose languages differ between A and B is not tested (its averages would be over different languages).",
  ];
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
  const ref = ({ t, r }: { t: TableComparison; r: CellComparison }): CellRef => ({
    spec: t.spec,
    profile: t.profile,
    ...(t.sweepParam ? { sweepParam: t.sweepParam } : {}),
    ...rowIdentity(r),
    meanA: r.meanA,
    meanB: r.meanB,
    difference: r.difference,
    pWorseHolm: r.pWorseHolm,
    pHolm: r.pHolm,
  });
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
