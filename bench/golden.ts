// Golden files (golden/*.json for the papers, golden/smoke/*.json for our own
// smoke runs) and the band policy that judges a reproduced cell against one.
//
// Band policy:
// - "welch" (paper goldens): pass when |ours - published| <= the half-width of
//   the Welch 95% interval for the difference of means, formed from both
//   summaries (mean, std, n), plus half a unit of the published rounding. When
//   the paper prints no std, ours stands in for it. With fewer than 2 seeds on
//   either side no interval exists and the cell is not judged.
// - "exact" (smoke goldens, one backend): pass when |diff| <= tolerance; runs
//   are bit-for-bit repeatable, so any change to a method shows up here.
// Cited rows are shown and never judged; cells whose published value is not
// available (mean null) are listed as such.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./config.ts";
import type { Aggregate } from "./analyze.ts";
import { welchHalfWidth } from "./stats.ts";

export type BandPolicy = { type: "welch"; confidence: number } | { type: "exact"; tolerance: number };

export interface GoldenCell {
  backbone: string;
  method: string;
  kind: "group" | "language";
  key: string;
  label?: string;
  mean: number | null;
  std?: number | null;
  n?: number;
  decimals?: number;
  stdDecimals?: number;
  bold?: boolean;
  cited?: boolean;
  note?: string;
  /** For groups recorded from our own runs: the languages averaged. */
  members?: string[];
}

export interface GoldenFile {
  spec: string;
  profile: string;
  source: string;
  metric: string;
  policy: BandPolicy;
  notes?: string[];
  backend?: string;
  recordedFrom?: { gitCommit: string | null; cells: string[]; recordedAt: string };
  cells: GoldenCell[];
}

/** Golden files live under golden/ (XLT_GOLDEN_DIR points elsewhere, e.g. a candidate set under review). */
export function goldenPath(specGolden: string, profile: string, specId: string, env = process.env): string {
  const root = env.XLT_GOLDEN_DIR ?? join(PROJECT_ROOT, "golden");
  return profile === "paper" ? join(root, specGolden.replace(/^golden\//, "")) : join(root, profile, `${specId}.json`);
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
  if (g.policy?.type !== "welch" && g.policy?.type !== "exact") throw new Error(`${path}: field "policy.type" must be "welch" or "exact", got ${JSON.stringify((g.policy as { type?: unknown } | undefined)?.type)}`);
  g.cells.forEach((c, i) => {
    if (c.mean !== null && !Number.isFinite(c.mean)) throw new Error(`${path}: cells[${i}].mean must be a number or null, got ${JSON.stringify(c.mean)}`);
  });
  return g;
}

export type Verdict = "pass" | "fail" | "not-run" | "no-published-value" | "cited" | "not-judged";

export interface CheckRow {
  backbone: string;
  method: string;
  kind: string;
  key: string;
  golden: number | null;
  goldenStd: number | null;
  ours: number | null;
  oursStd: number | null;
  oursN: number;
  diff: number | null;
  band: number | null;
  verdict: Verdict;
  why?: string;
}

export function cellKey(c: { backbone: string; method: string; kind: string; key: string }): string {
  return `${c.backbone}|${c.method}|${c.kind}|${c.key}`;
}

export function judge(g: GoldenCell, ours: Aggregate | undefined, policy: BandPolicy): CheckRow {
  const row: CheckRow = {
    backbone: g.backbone, method: g.method, kind: g.kind, key: g.key,
    golden: g.mean, goldenStd: g.std ?? null, ours: ours?.mean ?? null, oursStd: ours?.std ?? null, oursN: ours?.n ?? 0,
    diff: ours && g.mean !== null ? ours.mean - g.mean : null, band: null, verdict: "not-judged",
  };
  if (g.cited) return { ...row, verdict: "cited", why: "cited from other work: shown, never judged" };
  if (g.mean === null) return { ...row, verdict: "no-published-value", why: g.note ?? "no published value" };
  if (!ours) return { ...row, verdict: "not-run" };
  if (g.members && ours.members && g.members.join() !== ours.members.join()) {
    return { ...row, verdict: "not-judged", why: `group averages other languages here (${ours.members.length} vs ${g.members.length} in the golden)` };
  }
  const diff = Math.abs(row.diff!);
  if (policy.type === "exact") {
    if (g.n !== undefined && g.n !== ours.n) return { ...row, verdict: "not-judged", why: `golden is over ${g.n} seeds, this run has ${ours.n}` };
    return { ...row, band: policy.tolerance, verdict: diff <= policy.tolerance ? "pass" : "fail" };
  }
  const theirs = { mean: g.mean, std: g.std ?? ours.std, n: g.n ?? ours.n };
  const { halfWidth } = welchHalfWidth(ours, theirs, policy.confidence);
  if (!Number.isFinite(halfWidth)) return { ...row, verdict: "not-judged", why: "fewer than 2 seeds (or zero variance) on a side: no interval" };
  const band = halfWidth + (g.decimals !== undefined ? 0.5 * 10 ** -g.decimals : 0);
  return { ...row, band, verdict: diff <= band ? "pass" : "fail", why: g.std == null ? "paper prints no std; ours stands in" : undefined };
}

export function checkAgainst(golden: GoldenFile, rows: Aggregate[]): CheckRow[] {
  const ours = new Map(rows.map((r) => [cellKey(r), r]));
  return golden.cells.map((g) => judge(g, ours.get(cellKey(g)), golden.policy));
}
