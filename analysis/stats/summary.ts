// Descriptive statistics of one sample: mean, sample standard deviation,
// standard error and the t-based confidence interval for the mean.
import { mean as ssMean, sampleStandardDeviation } from "simple-statistics";
import { checkOpenUnit, checkSample } from "./errors.ts";
import { tInterval } from "./distributions.ts";

/** Mean, sample standard deviation (n - 1 denominator) and size of a sample. */
export interface Summary {
  mean: number;
  std: number;
  n: number;
}

export interface MeanSummary extends Summary {
  /** std / √n */
  standardError: number;
  /** Two-sided t interval for the mean: mean ± t_{(1+confidence)/2, n-1} · standardError. */
  confidenceInterval: [number, number];
  confidence: number;
}

/** x · 2^k, in two steps so that 2^k itself cannot overflow or underflow (|k| up to ~2100). */
export function timesPowerOfTwo(x: number, k: number): number {
  const h = Math.trunc(k / 2);
  return x * 2 ** h * 2 ** (k - h);
}

/** k with |x| · 2^k in [1, 2) (near enough: any power of two keeps the digits); 0 for 0. */
export function unitExponent(x: number): number {
  return x === 0 ? 0 : -Math.floor(Math.log2(Math.abs(x)));
}

/**
 * Summary of a checked sample (n >= 2, all finite); argument names it in errors.
 * The values are scaled by a power of two into [1, 2) first, so that the sum and
 * the squared deviations neither overflow (near 1e160) nor underflow (near 1e-160);
 * a power of two scales exactly, so values of ordinary size give the same bits.
 */
export function summarizeSample(xs: number[], argument = "x"): Summary {
  checkSample(argument, xs);
  // equal values are constant, whatever their mean's rounding would leave as a deviation
  if (xs.every((x) => x === xs[0])) return { mean: xs[0], std: 0, n: xs.length };
  const k = unitExponent(xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
  const scaled = xs.map((x) => timesPowerOfTwo(x, k));
  return {
    mean: timesPowerOfTwo(ssMean(scaled), -k),
    std: timesPowerOfTwo(sampleStandardDeviation(scaled), -k),
    n: xs.length,
  };
}

export function standardError(xs: number[], argument = "x"): number {
  const { std, n } = summarizeSample(xs, argument);
  return std / Math.sqrt(n);
}

/** Mean, std, standard error and t confidence interval of a sample. */
export function describeMean(xs: number[], confidence = 0.95, argument = "x"): MeanSummary {
  checkOpenUnit("confidence", confidence);
  const summary = summarizeSample(xs, argument);
  const se = summary.std / Math.sqrt(summary.n);
  const confidenceInterval = tInterval(
    { estimate: summary.mean, standardError: se, df: summary.n - 1 },
    confidence,
    "two-sided",
  );
  return { ...summary, standardError: se, confidenceInterval, confidence };
}
