// Pearson and Spearman correlation tests. The coefficients come from
// simple-statistics (Spearman on midranks, so ties get average ranks); the
// tests use t = r √((n - 2) / (1 - r²)) on n - 2 df, as R's cor.test does for
// Pearson. For Spearman that t is an approximation (R's default for n < 1290
// without ties is the exact permutation distribution instead).
import { sampleCorrelation, sampleRankCorrelation } from "simple-statistics";
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

/** Pearson's product-moment correlation with its t-test and Fisher-z confidence interval. */
export function pearson(x: number[], y: number[], options: CorrelationOptions = {}): PearsonResult {
  const { alternative = "two-sided", confidence = 0.95 } = options;
  checkAlternative(alternative);
  checkOpenUnit("confidence", confidence);
  checkPairs(x, y);
  const r = clampUnit(sampleCorrelation(x, y));
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
  const rho = clampUnit(sampleRankCorrelation(x, y));
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
