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

/** Summary of a checked sample (n >= 2, all finite); argument names it in errors. */
export function summarizeSample(xs: number[], argument = "x"): Summary {
  checkSample(argument, xs);
  return { mean: ssMean(xs), std: sampleStandardDeviation(xs), n: xs.length };
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
