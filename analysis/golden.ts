// Golden files (golden/*.json for the papers, golden/smoke/*.json for our own
// smoke runs) and the band policy that judges a reproduced cell against one.
//
// Band policy:
// - "welch" (paper goldens): pass when |ours - published| <= the half-width of
//   the Welch 95% interval for the difference of means, formed from both
//   summaries (mean, std, n), plus half a unit of the published rounding. When
//   the paper prints no std, ours stands in for it. With fewer than 2 seeds on
//   either side no interval exists and the cell is not judged.
//   Each judged cell also carries the Welch p-value of "no difference" (the
//   difference first shrunk by the rounding half-unit, so p >= 1 - confidence
//   exactly when the cell passes), its Holm-adjusted value over the whole
//   table (the table passes when none is below 1 - confidence), and, when the
//   policy states an equivalence margin, a TOST verdict: is the difference
//   within +-(margin + rounding half-unit) at alpha = 1 - confidence?
//   From these, each cell's three-way outcome (reproduced / differs /
//   inconclusive) with its power: analysis/verdicts.ts.
// - "exact" (smoke goldens, one backend): pass when |diff| <= tolerance; runs
//   are bit-for-bit repeatable, so any change to a method shows up here.
// Cited rows are shown and never judged; cells whose published value is not
// available (mean null) are listed as such.
import { existsSync, readFileSync } from "node:fs";
import { goldenDir } from "../core/settings.ts";
import { within } from "../core/safe-path.ts";
import type { Aggregate } from "../core/aggregate.ts";
import type { BandPolicy, CheckRow, GoldenCell, GoldenFile } from "../core/golden.ts";
import { holmAdjust, tostWelchFromSummaries, welchHalfWidth, welchTTestFromSummaries } from "./stats/index.ts";
import { assignOutcomes, cellMdd, seedsToDecide, type Side } from "./verdicts.ts";

/** Golden files live under golden/ (XLT_GOLDEN_DIR points elsewhere, e.g. a candidate set under review). */
export function goldenPath(
  specGolden: string | undefined,
  profile: string,
  specId: string,
  env = process.env,
  /** An extending spec's base: its file, when the spec has none of its own. */
  baseId?: string,
): string | null {
  const root = goldenDir(env);
  // names the checkers keep safe (core/check.ts); within() stops one that was not checked from reading or writing elsewhere
  if (profile !== "paper") {
    const own = within(root, profile, `${specId}.json`);
    return baseId && !existsSync(own) ? within(root, profile, `${baseId}.json`) : own;
  }
  if (specGolden === undefined) return null;
  if (!specGolden.startsWith("golden/")) {
    throw new Error(`golden file ${JSON.stringify(specGolden)}: not under golden/`);
  }
  return within(root, specGolden.slice("golden/".length));
}

const KINDS = new Set(["group", "language", "test", "correlation"]);

/** The fields that identify a cell within its file. */
export function cellIdentity(c: GoldenCell): string {
  return [c.backbone, c.method, c.kind, c.key, c.k ?? "", c.setting ?? "", c.measure ?? "", c.x ?? ""].join("|");
}

export function loadGolden(path: string): GoldenFile | null {
  if (!existsSync(path)) return null;
  let g: GoldenFile;
  try {
    g = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(g.cells)) throw new Error(`${path}: field "cells" must be an array`);
  if (g.policy?.type !== "welch" && g.policy?.type !== "exact") {
    throw new Error(
      `${path}: field "policy.type" must be "welch" or "exact", got ${
        JSON.stringify((g.policy as { type?: unknown } | undefined)?.type)
      }`,
    );
  }
  const seen = new Map<string, number>();
  g.cells.forEach((c, i) => {
    const at = `${path}: cells[${i}]`;
    for (const f of ["backbone", "method", "key"] as const) {
      if (typeof c[f] !== "string" || !c[f]) {
        throw new Error(`${at}.${f} must be a non-empty string, got ${JSON.stringify(c[f])}`);
      }
    }
    if (!KINDS.has(c.kind)) {
      throw new Error(`${at}.kind must be one of ${[...KINDS].join(", ")}, got ${JSON.stringify(c.kind)}`);
    }
    if (c.mean !== null && !Number.isFinite(c.mean)) {
      throw new Error(`${at}.mean must be a number or null, got ${JSON.stringify(c.mean)}`);
    }
    if (c.mean === null && g.profile === "paper" && !c.note) {
      throw new Error(`${at} (${c.key}) has no published value and no note saying why`);
    }
    if (c.std != null && !(Number.isFinite(c.std) && c.std >= 0)) {
      throw new Error(`${at}.std must be a non-negative number, got ${JSON.stringify(c.std)}`);
    }
    const id = cellIdentity(c);
    if (seen.has(id)) throw new Error(`${at} repeats cells[${seen.get(id)}] (${id.replaceAll("|", " ")})`);
    seen.set(id, i);
  });
  return g;
}

/** The cells a spec's run is judged against: the file's own metric, narrowed by specSelect. */
/**
 * The cells a spec's run is judged against: the file's own metric, narrowed by
 * specSelect and, for a spec that trains at one k (`specK`), by that k (cells
 * that name no k stay).
 */
export function judgedCells(g: GoldenFile, specK?: number): GoldenCell[] {
  const select = Object.entries(g.specSelect ?? {});
  return g.cells.filter((c) =>
    c.measure === undefined && select.every(([k, v]) => (c as unknown as Record<string, unknown>)[k] === v) &&
    (specK === undefined || c.k === undefined || c.k === specK)
  );
}

/**
 * The golden cells of a run's rows: matched on backbone, method, kind, key,
 * k, setting and swept value, leaving out what the run fixes for every cell
 * (specSelect's fields, and k when the spec trains at one k).
 */
export function goldenIndex(golden: GoldenFile, specK?: number): { cells: GoldenCell[]; fixed: Set<string> } {
  const fixed = new Set(Object.keys(golden.specSelect ?? {}));
  if (specK !== undefined) fixed.add("k");
  return { cells: judgedCells(golden, specK), fixed };
}

/** The languages an average is over, as the golden cell lists them (recorded members, or the paper's averageOf). */
export function averagedOver(g: GoldenCell): string[] | undefined {
  return g.members ?? g.averageOf;
}

/**
 * What matches a reproduced row to a golden cell: backbone, method, kind, key,
 * k and setting. A field the golden file's specSelect fixes is the same for
 * every judged cell, so it is left out (our rows need not carry it).
 */
export function matchKey(
  c: { backbone: string; method: string; kind: string; key: string; k?: number; setting?: string; x?: number },
  fixed: ReadonlySet<string> = new Set(),
): string {
  const at = (f: "k" | "setting" | "x") => (fixed.has(f) ? "" : (c[f] ?? ""));
  return [c.backbone, c.method, c.kind, c.key, at("k"), at("setting"), at("x")].join("|");
}

/** The golden identity of one of our aggregate rows. */
export function rowIdentity(
  r: Aggregate,
): {
  backbone: string;
  method: string;
  kind: Aggregate["kind"];
  key: string;
  k?: number;
  setting?: string;
  x?: number;
} {
  return { backbone: r.backbone, method: r.goldenMethod, kind: r.kind, key: r.key, k: r.k, setting: r.setting, x: r.x };
}

export function judge(g: GoldenCell, ours: Aggregate | undefined, policy: BandPolicy): CheckRow {
  const row: CheckRow = {
    backbone: g.backbone,
    method: g.method,
    kind: g.kind,
    key: g.key,
    ...(g.k !== undefined ? { k: g.k } : {}),
    ...(g.setting !== undefined ? { setting: g.setting } : {}),
    ...(g.x !== undefined ? { x: g.x } : {}),
    golden: g.mean,
    goldenStd: g.std ?? null,
    ours: ours?.mean ?? null,
    oursStd: ours?.std ?? null,
    oursN: ours?.n ?? 0,
    diff: ours && g.mean !== null ? ours.mean - g.mean : null,
    band: null,
    verdict: "not-judged",
  };
  if (g.cited) return { ...row, verdict: "cited", why: "cited from other work: shown, never judged" };
  if (g.mean === null) return { ...row, verdict: "no-published-value", why: g.note ?? "no published value" };
  if (!ours) return { ...row, verdict: "not-run" };
  const theirMembers = averagedOver(g);
  if (theirMembers && ours.members && [...theirMembers].sort().join() !== [...ours.members].sort().join()) {
    return {
      ...row,
      verdict: "not-judged",
      why: `group averages other languages here (${ours.members.join(", ")} vs ${
        theirMembers.join(", ")
      } in the golden)`,
    };
  }
  const diff = Math.abs(row.diff!);
  if (policy.type === "exact") {
    if (g.n !== undefined && g.n !== ours.n) {
      return { ...row, verdict: "not-judged", why: `golden is over ${g.n} seeds, this run has ${ours.n}` };
    }
    return { ...row, band: policy.tolerance, verdict: diff <= policy.tolerance ? "pass" : "fail" };
  }
  const theirs = theirSide(g, ours)!;
  const { halfWidth } = welchHalfWidth(ours, theirs, policy.confidence);
  if (!Number.isFinite(halfWidth)) {
    return { ...row, verdict: "not-judged", why: "fewer than 2 seeds (or zero variance) on a side: no interval" };
  }
  const rounding = roundingOf(g);
  const band = halfWidth + rounding;
  const alpha = 1 - policy.confidence;
  const shrunk = { ...ours, mean: theirs.mean + Math.sign(row.diff!) * Math.max(0, diff - rounding) };
  const p = welchTTestFromSummaries(shrunk, theirs).pValue;
  const tost = policy.equivalenceMargin === undefined ? undefined : (() => {
    const margin = policy.equivalenceMargin + rounding;
    const t = tostWelchFromSummaries(ours, theirs, margin, { alpha });
    return { margin, p: t.pValue, equivalent: t.equivalent };
  })();
  const mdd = cellMdd(ours, theirs, rounding, alpha);
  return {
    ...row,
    band,
    p,
    tost,
    ...(mdd !== null ? { mdd } : {}),
    verdict: diff <= band ? "pass" : "fail",
    why: g.std == null ? "paper prints no std; ours stands in" : undefined,
  };
}

/** The paper's side of a welch judgement: its std and n, ours standing in where it prints none. */
function theirSide(g: GoldenCell, ours: Side): Side | null {
  return g.mean === null ? null : { mean: g.mean, std: g.std ?? ours.std, n: g.n ?? ours.n };
}

/** Half a unit of the published rounding (0 when the file does not say how the number was rounded). */
function roundingOf(g: GoldenCell): number {
  return g.decimals !== undefined ? 0.5 * 10 ** -g.decimals : 0;
}

/** Judge rows against a golden file; `specK` is the k of a spec without a k axis. */
export function checkAgainst(golden: GoldenFile, rows: Aggregate[], specK?: number): CheckRow[] {
  const { cells, fixed } = goldenIndex(golden, specK);
  const ours = new Map(rows.map((r) => [matchKey(rowIdentity(r), fixed), r]));
  const out = cells.map((g) => judge(g, ours.get(matchKey(g, fixed)), golden.policy));
  const tested = out.filter((r) => r.p !== undefined);
  if (tested.length) holmAdjust(tested.map((r) => r.p!)).forEach((q, i) => (tested[i].pHolm = q));
  assignOutcomes(out, golden.policy);
  // seeds needed only where the cell is open (a TOST power scan is the costly part), at the level Holm asks
  // of a cell at worst, alpha / m: a cell that reaches it is decided whatever the table's other cells do
  out.forEach((r, i) => {
    if (r.outcome !== "inconclusive" || golden.policy.type !== "welch") return;
    const g = cells[i], mine = ours.get(matchKey(g, fixed))!;
    const alpha = (1 - golden.policy.confidence) / tested.length;
    const decide = seedsToDecide(mine, theirSide(g, mine)!, roundingOf(g), r.tost?.margin, alpha);
    if (decide) Object.assign(r, decide);
  });
  return out;
}

/** A table judged as a whole: it passes when no Holm-adjusted p is below 1 - confidence. */
export function tableVerdict(
  golden: GoldenFile,
  rows: CheckRow[],
): { judged: number; rejected: number; pass: boolean } | null {
  if (golden.policy.type !== "welch") return null;
  const alpha = 1 - golden.policy.confidence;
  const judged = rows.filter((r) => r.pHolm !== undefined);
  const rejected = judged.filter((r) => r.pHolm! < alpha).length;
  return { judged: judged.length, rejected, pass: rejected === 0 };
}
