// Two one-sided tests (TOST, Schuirmann 1987) for equivalence of two means:
// the difference is declared within (lower, upper) when both
//   H0: diff <= lower (tested with alternative "greater", mu = lower) and
//   H0: diff >= upper (tested with alternative "less",    mu = upper)
// are rejected at level alpha. Equivalently, the (1 - 2 alpha) two-sided
// confidence interval lies inside the margin.
import { checkFinite, checkOpenUnit, StatsInputError } from "./errors.ts";
import {
  pairedDifferences,
  pairedTTestFromSummary,
  type TTestOptions,
  type TTestResult,
  welchTTestFromSummaries,
} from "./ttest.ts";
import { summarizeSample, type Summary } from "./summary.ts";

/** A symmetric margin ±delta (delta > 0), or explicit bounds lower < upper. */
export type EquivalenceMargin = number | { lower: number; upper: number };

export interface TostOptions {
  /** Level of each one-sided test; default 0.05 (a 90% interval). */
  alpha?: number;
}

export interface TostResult {
  test: "welch" | "paired";
  lower: number;
  upper: number;
  alpha: number;
  meanDifference: number;
  standardError: number;
  df: number;
  /** H0: difference <= lower, against "greater". */
  lowerTest: TTestResult;
  /** H0: difference >= upper, against "less". */
  upperTest: TTestResult;
  /** max of the two one-sided p-values: the TOST p-value. */
  pValue: number;
  /** Two-sided (1 - 2 alpha) interval for the difference. */
  confidenceInterval: [number, number];
  confidence: number;
  /** pValue < alpha, i.e. the interval lies strictly inside (lower, upper). */
  equivalent: boolean;
}

function checkMargin(margin: EquivalenceMargin): { lower: number; upper: number } {
  if (typeof margin === "number") {
    checkFinite("margin", margin);
    if (!(margin > 0)) throw new StatsInputError("margin", `a symmetric margin must be > 0, got ${margin}`);
    return { lower: -margin, upper: margin };
  }
  checkFinite("margin.lower", margin.lower);
  checkFinite("margin.upper", margin.upper);
  if (!(margin.lower < margin.upper)) {
    throw new StatsInputError("margin", `lower (${margin.lower}) must be below upper (${margin.upper})`);
  }
  return { lower: margin.lower, upper: margin.upper };
}

function runTost(
  test: TostResult["test"],
  oneSided: (o: TTestOptions) => TTestResult,
  margin: EquivalenceMargin,
  options: TostOptions,
): TostResult {
  const { lower, upper } = checkMargin(margin);
  const { alpha = 0.05 } = options;
  checkOpenUnit("alpha", alpha);
  if (!(alpha < 0.5)) {
    throw new StatsInputError("alpha", `must be below 0.5 for a (1 - 2 alpha) interval, got ${alpha}`);
  }
  const lowerTest = oneSided({ alternative: "greater", mu: lower, confidence: 1 - alpha });
  const upperTest = oneSided({ alternative: "less", mu: upper, confidence: 1 - alpha });
  const { meanDifference, standardError, df } = lowerTest;
  const pValue = Math.max(lowerTest.pValue, upperTest.pValue);
  const confidence = 1 - 2 * alpha;
  return {
    test,
    lower,
    upper,
    alpha,
    meanDifference,
    standardError,
    df,
    lowerTest,
    upperTest,
    pValue,
    // the (1 - 2 alpha) interval is the two one-sided (1 - alpha) bounds
    confidenceInterval: [lowerTest.confidenceInterval[0], upperTest.confidenceInterval[1]],
    confidence,
    equivalent: pValue < alpha,
  };
}

/** TOST on mean(a) - mean(b) with Welch's t, from summaries. */
export function tostWelchFromSummaries(
  a: Summary,
  b: Summary,
  margin: EquivalenceMargin,
  options: TostOptions = {},
): TostResult {
  return runTost("welch", (o) => welchTTestFromSummaries(a, b, o), margin, options);
}

/** TOST on the mean of paired differences a[i] - b[i], from their summary. */
export function tostPairedFromSummary(
  differences: Summary,
  margin: EquivalenceMargin,
  options: TostOptions = {},
): TostResult {
  return runTost("paired", (o) => pairedTTestFromSummary(differences, o), margin, options);
}

export function tostWelch(a: number[], b: number[], margin: EquivalenceMargin, options: TostOptions = {}): TostResult {
  return tostWelchFromSummaries(summarizeSample(a, "a"), summarizeSample(b, "b"), margin, options);
}

export function tostPaired(a: number[], b: number[], margin: EquivalenceMargin, options: TostOptions = {}): TostResult {
  return tostPairedFromSummary(summarizeSample(pairedDifferences(a, b), "a - b"), margin, options);
}
