// Paired comparisons of one method row against every other, as UniPrompt §3.4
// argues its gains: per target language (and k, and swept value), a two-sided
// paired t-test over the seeds both rows ran (a seed names one k-shot split and
// one training run, so the two accuracies of a seed are paired), then Holm's
// correction across every comparison of the table. A crossed design's
// (draw, init) pair is the seed that pairs (core/seed.ts seedUnit). Each test
// also carries its power: the minimum detectable difference at the observed sd
// of differences.
import { compareSeedUnits, seedUnit } from "../core/seed.ts";
import { TARGET_POWER } from "./verdicts.ts";
import { holmAdjust, minimumDetectableDifference, pairedDesign, pairedTTest, summarizeSample } from "./stats/index.ts";

/** One accuracy of one cell in one language: what the comparisons pair by seed. */
export interface SeedAccuracy {
  backbone: string;
  method: string;
  methodLabel: string;
  k: number | null;
  x: number | null;
  key: string;
  seed: number;
  initSeed?: number;
  acc: number;
}

const unitOf = (r: SeedAccuracy) => seedUnit(r.seed, r.initSeed);

export interface Comparison {
  backbone: string;
  k?: number;
  x?: number;
  /** The language. */
  key: string;
  method: string;
  methodLabel: string;
  /** Seeds both rows ran. */
  n: number;
  /** Mean over seeds of reference minus this method (accuracy points). */
  meanDifference: number;
  statistic?: number;
  df?: number;
  p?: number;
  /** p adjusted by Holm over every tested comparison of the table. */
  pHolm?: number;
  /** Why no test was run (fewer than 2 paired seeds, identical differences). */
  note?: string;
  /** Sample sd of the paired differences (a tested comparison). */
  sdDifference?: number;
  /** Minimum detectable |difference| of this paired test at alpha 0.05 (two-sided) and power 0.8, at sdDifference and n. */
  mdd?: number;
}

export interface ComparisonTable {
  reference: string;
  referenceLabel: string;
  test: string;
  correction: string;
  alpha: number;
  rows: Comparison[];
  /** The same rows compared over the target languages (e.g. MPT Table II's one p-value per row). */
  acrossLanguages?: { test: string; correction: string; rows: Comparison[] };
}

export function pairedComparisons(reference: string, rows: SeedAccuracy[], alpha = 0.05): ComparisonTable {
  const ref = rows.find((r) => r.method === reference);
  const out: Comparison[] = [];
  const groups = new Map<string, SeedAccuracy[]>();
  for (const r of rows) {
    const g = JSON.stringify([r.backbone, r.k, r.x, r.key]);
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
  }
  for (const members of groups.values()) {
    const refBySeed = new Map(members.filter((r) => r.method === reference).map((r) => [unitOf(r), r.acc]));
    if (!refBySeed.size) continue;
    const others = [
      ...new Map(members.filter((r) => r.method !== reference).map((r) => [r.method, r.methodLabel])).entries(),
    ];
    for (const [method, methodLabel] of others) {
      const pairs = members.filter((r) => r.method === method && refBySeed.has(unitOf(r))).sort((a, b) =>
        compareSeedUnits(unitOf(a), unitOf(b))
      );
      const a = pairs.map((r) => refBySeed.get(unitOf(r))!), b = pairs.map((r) => r.acc);
      const m0 = members[0];
      const base: Comparison = {
        backbone: m0.backbone,
        ...(m0.k !== null ? { k: m0.k } : {}),
        ...(m0.x !== null ? { x: m0.x } : {}),
        key: m0.key,
        method,
        methodLabel,
        n: pairs.length,
        meanDifference: pairs.length ? a.reduce((s, v, i) => s + v - b[i], 0) / pairs.length : NaN,
      };
      out.push(pairedTest(base, a, b, "seed", pairs.length >= 2));
    }
  }
  const tested = holm(out);
  return {
    reference,
    referenceLabel: ref?.methodLabel ?? reference,
    test: "paired t-test over seeds (two-sided), reference minus method",
    correction: `Holm over the ${tested.length} tested comparisons of the table`,
    alpha,
    rows: out,
  };
}

/**
 * One test per row against the reference over the target languages of an
 * average (`key`): each language's accuracy averaged over the seeds both rows
 * ran, then a two-sided paired t-test over the languages (a language's test
 * set is shared by the two rows, so its two accuracies are paired). Holm over
 * the rows of the table.
 */
export function acrossLanguages(
  reference: string,
  rows: SeedAccuracy[],
  key: string,
  languages: readonly string[],
): NonNullable<ComparisonTable["acrossLanguages"]> {
  const out: Comparison[] = [];
  const inAverage = rows.filter((r) => languages.includes(r.key));
  const groups = new Map<string, SeedAccuracy[]>();
  for (const r of inAverage) {
    const g = JSON.stringify([r.backbone, r.k, r.x]);
    (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
  }
  for (const members of groups.values()) {
    const refSeeds = new Set(members.filter((r) => r.method === reference).map(unitOf));
    if (!refSeeds.size) continue;
    const others = [
      ...new Map(members.filter((r) => r.method !== reference).map((r) => [r.method, r.methodLabel])).entries(),
    ];
    for (const [method, methodLabel] of others) {
      const seeds = new Set(members.filter((r) => r.method === method && refSeeds.has(unitOf(r))).map(unitOf));
      const meanOf = (m: string, lang: string) => {
        const v = members.filter((r) => r.method === m && r.key === lang && seeds.has(unitOf(r))).map((r) => r.acc);
        return v.reduce((s, x) => s + x, 0) / v.length;
      };
      const langs = languages.filter((l) =>
        members.some((r) => r.key === l && r.method === method && seeds.has(unitOf(r)))
      );
      const a = langs.map((l) => meanOf(reference, l)), b = langs.map((l) => meanOf(method, l));
      const m0 = members[0];
      const base: Comparison = {
        backbone: m0.backbone,
        ...(m0.k !== null ? { k: m0.k } : {}),
        ...(m0.x !== null ? { x: m0.x } : {}),
        key,
        method,
        methodLabel,
        n: langs.length,
        meanDifference: a.length ? a.reduce((s, v, i) => s + v - b[i], 0) / a.length : NaN,
      };
      out.push(pairedTest(base, a, b, "language", seeds.size > 0 && langs.length >= 2));
    }
  }
  const tested = holm(out);
  return {
    test:
      `paired t-test over the ${languages.length} target languages of the seed-averaged accuracies (two-sided), reference minus method`,
    correction: `Holm over the ${tested.length} tested rows`,
    rows: out,
  };
}

/** The paired t-test of a against b (over seeds or languages), or why there is none. */
function pairedTest(
  base: Comparison,
  a: number[],
  b: number[],
  unit: "seed" | "language",
  enough: boolean,
): Comparison {
  if (!enough) return { ...base, note: `fewer than 2 ${unit}s in common: no test` };
  const diffs = a.map((v, i) => v - b[i]);
  // accuracies are correct/n scaled to percent, so equal differences can differ in the last bits
  if (diffs.every((d) => Math.abs(d - diffs[0]) <= 1e-9 * (1 + Math.abs(diffs[0])))) {
    return { ...base, note: `the same difference for every ${unit}: the t statistic is undefined` };
  }
  const t = pairedTTest(a, b);
  const sd = summarizeSample(diffs, "differences").std;
  const mdd = minimumDetectableDifference(pairedDesign(sd, diffs.length), { alpha: 0.05, power: TARGET_POWER });
  return { ...base, statistic: t.statistic, df: t.df, p: t.pValue, sdDifference: sd, mdd };
}

/** Holm-adjust the tested comparisons in place; returns them. */
function holm(rows: Comparison[]): Comparison[] {
  const tested = rows.filter((c) => c.p !== undefined);
  if (tested.length) holmAdjust(tested.map((c) => c.p!)).forEach((q, i) => (tested[i].pHolm = q));
  return tested;
}
