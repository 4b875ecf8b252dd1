// Pearson and Spearman correlation tests. The coefficients are computed as
// SciPy's pearsonr computes r (Spearman's on midranks, so ties get average
// ranks); the tests use t = r √((n - 2) / (1 - r²)) on n - 2 df, as R's cor.test does for
// Pearson. For Spearman that t is an approximation (R's default for n < 1290
// without ties is the exact permutation distribution instead).
import { mean } from "simple-statistics";
import { checkOpenUnit, checkSameLength, checkSample, StatsInputError } from "./errors.ts";
import { type Alternative, checkAlternative, normalQuantile, tPValue } from "./distributions.ts";

export interface CorrelationOptions {
  /** Default "two-sided"; "greater" tests for positive correlation. */
  alternative?: Alternative;
  /** Confidence level of Pearson's Fisher-z interval; default 0.95. */
  confidence?: number;
}

export interface PearsonResult {
  method: "pearson";
  r: number;
  n: number;
  /** t = r √(df / (1 - r²)) */
  statistic: number;
  df: number;
  pValue: number;
  alternative: Alternative;
  /** Fisher-z interval (one-sided bounds end at ±1); null when n < 4, as in R. */
  confidenceInterval: [number, number] | null;
  confidence: number;
}

export interface SpearmanResult {
  method: "spearman";
  rho: number;
  n: number;
  statistic: number;
  df: number;
  pValue: number;
  alternative: Alternative;
  /** How pValue was computed: always the t approximation here. */
  pValueMethod: "t-approximation";
}

function checkPairs(x: number[], y: number[]): void {
  checkSample("x", x, 3);
  checkSample("y", y, 3);
  checkSameLength("x", x, "y", y);
  for (const [argument, values] of [["x", x], ["y", y]] as const) {
    if (values.every((v) => v === values[0])) {
      throw new StatsInputError(argument, "all values are equal; the correlation is undefined");
    }
  }
}

/** t statistic and p-value of a correlation coefficient on n - 2 df. */
function correlationT(r: number, n: number, alternative: Alternative) {
  const df = n - 2;
  // |r| = 1 gives t = ±Infinity and p = 0, which tPValue handles.
  const statistic = r * Math.sqrt(df / ((1 - r) * (1 + r)));
  return { statistic, df, pValue: tPValue(statistic, df, alternative) };
}

/** Fisher-z interval: tanh(atanh(r) ± z_q / √(n - 3)). */
function fisherInterval(r: number, n: number, confidence: number, alternative: Alternative): [number, number] | null {
  if (n < 4) return null;
  const z = Math.atanh(r), se = 1 / Math.sqrt(n - 3);
  if (alternative === "two-sided") {
    const half = normalQuantile((1 + confidence) / 2) * se;
    return [Math.tanh(z - half), Math.tanh(z + half)];
  }
  const reach = normalQuantile(confidence) * se;
  return alternative === "less" ? [-1, Math.tanh(z + reach)] : [Math.tanh(z - reach), 1];
}

// Rounding can push a coefficient of perfectly (anti)correlated data just past ±1.
const clampUnit = (r: number) => Math.max(-1, Math.min(1, r));

/** The deviations from the mean as a unit vector, scaled by the largest first (no overflow or underflow in the squares). */
function unitDeviations(xs: number[]): number[] {
  const m = mean(xs);
  const d = xs.map((x) => x - m);
  const top = Math.max(...d.map(Math.abs));
  const scaled = d.map((x) => x / top);
  const norm = Math.sqrt(scaled.reduce((s, x) => s + x * x, 0));
  return scaled.map((x) => x / norm);
}

/**
 * Pearson's r as SciPy's pearsonr forms it, the dot product of the two unit
 * deviation vectors u and v; near ±1 as 1 − |u − v|² / 2 (or |u + v|² / 2 − 1),
 * so that exactly collinear data, whose u and v are the same vector (or
 * opposite), give exactly ±1 (a dot product, or the covariance over the
 * standard deviations, rounds to 0.9999999999999999: a finite t, p = 1e-24).
 */
function correlationCoefficient(x: number[], y: number[]): number {
  const u = unitDeviations(x), v = unitDeviations(y);
  const dot = u.reduce((s, a, i) => s + a * v[i], 0);
  if (Math.abs(dot) < 0.5) return dot;
  const sign = dot > 0 ? -1 : 1;
  const gap = u.reduce((s, a, i) => s + (a + sign * v[i]) ** 2, 0) / 2;
  return clampUnit(dot > 0 ? 1 - gap : gap - 1);
}

/** Ranks with ties given the average of the ranks they span (Spearman's rho is Pearson's r on these). */
function midranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
  const ranks: number[] = new Array(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Pearson's product-moment correlation with its t-test and Fisher-z confidence interval. */
export function pearson(x: number[], y: number[], options: CorrelationOptions = {}): PearsonResult {
  const { alternative = "two-sided", confidence = 0.95 } = options;
  checkAlternative(alternative);
  checkOpenUnit("confidence", confidence);
  checkPairs(x, y);
  const r = correlationCoefficient(x, y);
  const n = x.length;
  return {
    method: "pearson",
    r,
    n,
    ...correlationT(r, n, alternative),
    alternative,
    confidenceInterval: fisherInterval(r, n, confidence, alternative),
    confidence,
  };
}

/** Spearman's rank correlation (average ranks for ties) with a t-approximation p-value. */
export function spearman(
  x: number[],
  y: number[],
  options: Pick<CorrelationOptions, "alternative"> = {},
): SpearmanResult {
  const { alternative = "two-sided" } = options;
  checkAlternative(alternative);
  checkPairs(x, y);
  const rho = correlationCoefficient(midranks(x), midranks(y));
  const n = x.length;
  return {
    method: "spearman",
    rho,
    n,
    ...correlationT(rho, n, alternative),
    alternative,
    pValueMethod: "t-approximation",
  };
}
