// One cell of a comparison of two runs: B − A over the seeds, the test that
// fits the seeds both ran (paired, else Welch, else none), the one-sided
// "worse" p-value, the interval and the effect size, and with --equivalence
// the TOST of |B − A| < margin. Pure: no I/O.
import { mean as ssMean, sampleStandardDeviation } from "simple-statistics";
import type { SeedUnit } from "../core/seed.ts";
import { pairedTTest, tostPaired, type TostResult, tostWelch, type TTestResult, welchTTest } from "./stats/index.ts";

export type Verdict = "worse" | "better" | "no significant change" | "identical" | "not tested";

/** The confidence level of the reported interval of B − A. */
export const CI_LEVEL = 0.95;

/** A row of a table: method row, setting (ablation, source set), k, swept value, and language or target group. */
export interface RowIdentity {
  backbone: string;
  method: string;
  methodLabel: string;
  /** The golden setting of the row (an ablation's, "source:<set>" for XPE's source sets); "" for none. */
  setting: string;
  k: number | null;
  x: number | null;
  /** The target group (tested cells) or language (described rows). */
  key: string;
}

/** A row's identity fields alone (from a seed row, a compared cell, ...). */
export function rowIdentity(r: RowIdentity): RowIdentity {
  const { backbone, method, methodLabel, setting, k, x, key } = r;
  return { backbone, method, methodLabel, setting, k, x, key };
}

export interface SeedValues {
  /** A seed, or "draw/init" for a crossed design's off-diagonal cell (core/seed.ts seedUnit). */
  seeds: SeedUnit[];
  /** Accuracy (%) per seed, in seed order. */
  values: number[];
}

export interface CellComparison extends RowIdentity {
  a: SeedValues;
  b: SeedValues;
  nA: number;
  nB: number;
  /** Over each side's own seeds (what each run's own report shows); null when the side has none. */
  meanA: number | null;
  meanB: number | null;
  /** B − A as the test estimates it: the mean paired difference over the common seeds (paired), else mean B − mean A. */
  difference: number | null;
  /** CI_LEVEL two-sided t interval of the difference; null without a test or when the seeds show no variance. */
  ci: [number, number] | null;
  test: "paired" | "welch" | null;
  /** Seeds the test used: the common ones (paired) or every seed of each side (Welch). */
  n: number;
  df: number | null;
  /** Two-sided t statistic and p for H0: no difference (null when decided without a t statistic). */
  t: number | null;
  p: number | null;
  /** Holm over the table's tested cells of the two-sided p's. */
  pHolm: number | null;
  /** One-sided p for H1: μB − μA < −margin. */
  pWorse: number | null;
  /** Holm over the table's tested cells of the one-sided p's. */
  pWorseHolm: number | null;
  /** Paired: Cohen's d_z = mean(diff) / sd(diff); Welch: Hedges' g on the pooled sd. Null when undefined (no variance). */
  effect: { kind: "d_z" | "g"; value: number } | null;
  /** Smallest true |B − A| the two-sided test detects with power 0.8 at 1 − CI_LEVEL, at the seeds and spread it had (analysis/compare-power.ts); null when not tested. */
  mdd: number | null;
  verdict: Verdict;
  /** With --equivalence: the TOST of B − A within ±margin; null without it. */
  equivalence: CellEquivalence | null;
  notes: string[];
}

/** The two one-sided tests (TOST) of H1: −margin < μB − μA < margin, over the same seeds as the difference test. */
export interface CellEquivalence {
  margin: number;
  /** The TOST p (the larger one-sided p); null when the cell was not tested (or is identical). */
  p: number | null;
  /** Holm over every tested cell of the run. */
  pHolm: number | null;
  /** The (1 − 2 alpha) two-sided t interval of B − A: equivalent at level alpha exactly when it lies inside ±margin. */
  ci: [number, number] | null;
  confidence: number;
  /** equivalent: Holm-adjusted TOST p < alpha, or identical on every seed. */
  verdict: "equivalent" | "not shown equivalent";
  /** Not shown equivalent, the difference inside the margin: our seeds at which TOST would show it (power 0.8, Holm's worst-case level); null: more than 100. */
  seedsNeeded?: number | null;
}

/** What compareCell is asked to test beyond the difference. */
export interface EquivalenceOptions {
  margin: number;
  /** The level of each one-sided test (the run's alpha): the interval is 1 − 2 alpha. */
  alpha: number;
}

// accuracies are correct/n scaled to percent: equal numbers computed two ways can differ in the last bits
const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
// accuracies' mean and sample sd (n - 1), as everywhere else in the harness
export const mean = ssMean;
const sd = sampleStandardDeviation;
const constant = (xs: number[]) => xs.every((v) => near(v, xs[0]));
const seedList = (s: SeedUnit[]) => (s.length ? s.join(",") : "none");

/** The difference over the common seeds when there are any, else of the two sides' means. */
export function describedDifference(a: SeedValues, b: SeedValues): number | null {
  if (!a.seeds.length || !b.seeds.length) return null;
  const common = a.seeds.filter((s) => b.seeds.includes(s));
  if (!common.length) return mean(b.values) - mean(a.values);
  return mean(common.map((s) => b.values[b.seeds.indexOf(s)] - a.values[a.seeds.indexOf(s)]));
}

/** A cell described (each side's mean, the difference) and not tested: what compareCell fills, or leaves so with a note. */
export function untestedCell(row: RowIdentity, a: SeedValues, b: SeedValues, notes: string[] = []): CellComparison {
  return {
    ...row,
    a,
    b,
    nA: a.seeds.length,
    nB: b.seeds.length,
    meanA: a.seeds.length ? mean(a.values) : null,
    meanB: b.seeds.length ? mean(b.values) : null,
    difference: describedDifference(a, b),
    ci: null,
    test: null,
    n: 0,
    df: null,
    t: null,
    p: null,
    pHolm: null,
    pWorse: null,
    pWorseHolm: null,
    effect: null,
    mdd: null,
    verdict: "not tested",
    equivalence: null,
    notes,
  };
}

function equivalenceOf(tost: TostResult, margin: number): CellEquivalence {
  return {
    margin,
    p: tost.pValue,
    pHolm: null,
    ci: tost.confidenceInterval,
    confidence: tost.confidence,
    verdict: "not shown equivalent",
  };
}

/** A cell's equivalence before any test: identical cells are equivalent (nothing changed), others not shown so. */
export function untestedEquivalence(eq: EquivalenceOptions, identical: boolean): CellEquivalence {
  return {
    margin: eq.margin,
    p: null,
    pHolm: null,
    ci: null,
    confidence: 1 - 2 * eq.alpha,
    verdict: identical ? "equivalent" : "not shown equivalent",
  };
}

/**
 * One tested cell before Holm: the test, its p-values, interval and effect size, or why there is none; with
 * `eq`, the TOST of B − A within ±eq.margin on the same seeds.
 */
export function compareCell(
  row: RowIdentity,
  a: SeedValues,
  b: SeedValues,
  margin: number,
  eq?: EquivalenceOptions,
): CellComparison {
  const base = untestedCell(row, a, b);
  if (eq) base.equivalence = untestedEquivalence(eq, false);
  const common = a.seeds.filter((s) => b.seeds.includes(s));
  const onlyA = a.seeds.filter((s) => !common.includes(s)), onlyB = b.seeds.filter((s) => !common.includes(s));
  // a constant difference has no variance, so no t statistic and no p-value: p = 0 (or 1) would claim a certainty
  // two seeds cannot give, so the cell is not tested and says why (the gate counts it as undecided: exit 3)
  const noVariance = (note: string) => base.notes.push(`${note}: no variance to test`);
  const fill = (two: TTestResult, worse: TTestResult) => {
    Object.assign(base, {
      difference: two.meanDifference,
      ci: two.confidenceInterval,
      df: two.df,
      t: two.statistic,
      p: two.pValue,
      pWorse: worse.pValue,
    });
  };
  if (common.length >= 2) {
    const va = common.map((s) => a.values[a.seeds.indexOf(s)]), vb = common.map((s) => b.values[b.seeds.indexOf(s)]);
    const diffs = vb.map((v, i) => v - va[i]);
    Object.assign(base, { test: "paired", n: common.length, df: common.length - 1, difference: mean(diffs) });
    if (onlyA.length || onlyB.length) {
      base.notes.push(
        `paired over the ${common.length} common seeds (${common.join(",")}); ${
          [onlyA.length ? `only A ran ${onlyA.join(",")}` : "", onlyB.length ? `only B ran ${onlyB.join(",")}` : ""]
            .filter(Boolean).join(", ")
        } (not in the test)`,
      );
    }
    if (diffs.every((d) => near(d, 0))) {
      // bit-identical on every seed: the change does not reach this cell's computation, so there is no
      // hypothesis to test, and counting it would only dilute Holm's correction for the cells it does reach
      Object.assign(base, { verdict: "identical", difference: 0 });
      base.notes.push("identical on every seed: untouched by the change; not tested, and not in the Holm family");
      if (eq) base.equivalence = untestedEquivalence(eq, true);
    } else if (constant(diffs)) {
      noVariance(`constant difference ${fmtNum(diffs[0])} on all ${diffs.length} seeds`);
    } else {
      fill(pairedTTest(vb, va, { confidence: CI_LEVEL }), pairedTTest(vb, va, { alternative: "less", mu: -margin }));
      base.effect = { kind: "d_z", value: mean(diffs) / sd(diffs) };
      if (eq) base.equivalence = equivalenceOf(tostPaired(vb, va, eq.margin, { alpha: eq.alpha }), eq.margin);
    }
  } else if (a.seeds.length >= 2 && b.seeds.length >= 2) {
    Object.assign(base, {
      test: "welch",
      n: a.seeds.length + b.seeds.length,
      difference: mean(b.values) - mean(a.values),
    });
    base.notes.push(`seeds do not match (A: ${seedList(a.seeds)}; B: ${seedList(b.seeds)}): Welch`);
    if (constant(a.values) && constant(b.values)) {
      noVariance(
        `A ${fmtNum(a.values[0])} on all ${a.seeds.length} seeds, B ${
          fmtNum(b.values[0])
        } on all ${b.seeds.length} (difference ${fmtNum(b.values[0] - a.values[0])})`,
      );
    } else {
      fill(
        welchTTest(b.values, a.values, { confidence: CI_LEVEL }),
        welchTTest(b.values, a.values, { alternative: "less", mu: -margin }),
      );
      if (eq) {
        base.equivalence = equivalenceOf(tostWelch(b.values, a.values, eq.margin, { alpha: eq.alpha }), eq.margin);
      }
      const nA = a.seeds.length, nB = b.seeds.length;
      const pooled = Math.sqrt(((nA - 1) * sd(a.values) ** 2 + (nB - 1) * sd(b.values) ** 2) / (nA + nB - 2));
      // Hedges' small-sample correction J = 1 − 3 / (4(nA + nB) − 9)
      if (pooled > 0) {
        base.effect = {
          kind: "g",
          value: ((mean(b.values) - mean(a.values)) / pooled) * (1 - 3 / (4 * (nA + nB) - 9)),
        };
      }
    }
  } else if (!b.seeds.length) {
    base.notes.push(`only in A (seeds ${seedList(a.seeds)}): no test`);
  } else if (!a.seeds.length) {
    base.notes.push(`only in B (seeds ${seedList(b.seeds)}): no test`);
  } else {
    base.notes.push(
      `fewer than 2 seeds to compare (A: ${seedList(a.seeds)}; B: ${
        seedList(b.seeds)
      }): no test; run more seeds (--seeds)`,
    );
  }
  return base;
}

// a signed difference keeps its sign (U+2212, as the outputs write B − A)
const fmtNum = (x: number) => (Math.abs(x) < 5e-10 ? "0" : x.toFixed(2).replace("-", "−"));
