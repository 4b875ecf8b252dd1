// t-tests for a difference of means: Student (pooled variance), Welch
// (Satterthwaite df) and paired, from raw samples or from summaries. The
// conventions follow R's t.test: meanDifference = mean(a) - mean(b), the
// statistic tests it against mu, and the confidence interval is one-sided
// when the alternative is.
import { checkFinite, checkOpenUnit, checkSameLength, checkSample, StatsInputError } from "./errors.ts";
import { type Alternative, checkAlternative, type TEstimate, tInterval, tPValue, tQuantile } from "./distributions.ts";
import { summarizeSample, type Summary, timesPowerOfTwo, unitExponent } from "./summary.ts";

export type TTestKind = "student" | "welch" | "paired";

export interface TTestOptions {
  /** Default "two-sided". */
  alternative?: Alternative;
  /** Confidence level of the interval; default 0.95. */
  confidence?: number;
  /** The difference of means under the null hypothesis; default 0. */
  mu?: number;
}

export interface TTestResult {
  test: TTestKind;
  /** t = (meanDifference - mu) / standardError */
  statistic: number;
  df: number;
  pValue: number;
  alternative: Alternative;
  mu: number;
  /** mean(a) - mean(b); for paired data the mean of a[i] - b[i]. */
  meanDifference: number;
  standardError: number;
  /** For meanDifference; the open end of a one-sided interval is ±Infinity. */
  confidenceInterval: [number, number];
  confidence: number;
}

function checkOptions(options: TTestOptions): Required<TTestOptions> {
  const { alternative = "two-sided", confidence = 0.95, mu = 0 } = options;
  checkAlternative(alternative);
  checkOpenUnit("confidence", confidence);
  checkFinite("mu", mu);
  return { alternative, confidence, mu };
}

function checkSummary(argument: string, s: Summary): void {
  checkFinite(`${argument}.mean`, s.mean);
  checkFinite(`${argument}.std`, s.std);
  if (s.std < 0) throw new StatsInputError(`${argument}.std`, `a standard deviation cannot be negative, got ${s.std}`);
  if (!Number.isInteger(s.n) || s.n < 2) {
    throw new StatsInputError(`${argument}.n`, `expected an integer >= 2, got ${String(s.n)}`);
  }
}

/**
 * Whether a standard error is too small for its means to be told from rounding:
 * R's t.test rule (below 10 machine epsilons of the larger |mean|), so constant
 * data are found at any magnitude, and values near 1e-200 are not called constant.
 */
export function essentiallyConstant(standardError: number, ...means: number[]): boolean {
  const magnitude = Math.max(...means.map(Math.abs));
  return !(standardError > 0) || standardError < 10 * Number.EPSILON * magnitude;
}

function runTTest(
  test: TTestKind,
  est: TEstimate,
  means: number[],
  options: TTestOptions,
  argument: string,
): TTestResult {
  const { alternative, confidence, mu } = checkOptions(options);
  // R refuses too ("data are essentially constant"): t would be ±Infinity, NaN or rounding noise.
  if (essentiallyConstant(est.standardError, ...means)) {
    const se = est.standardError;
    throw new StatsInputError(
      argument,
      `${
        se > 0 ? `the standard error ${se} is within rounding of the means` : "the standard error is 0"
      } (constant data); the t statistic is undefined`,
    );
  }
  const statistic = (est.estimate - mu) / est.standardError;
  return {
    test,
    statistic,
    df: est.df,
    pValue: tPValue(statistic, est.df, alternative),
    alternative,
    mu,
    meanDifference: est.estimate,
    standardError: est.standardError,
    confidenceInterval: tInterval(est, confidence, alternative),
    confidence,
  };
}

// The variances below are of the stds scaled by a power of two into [1, 2): squared
// (and squared again for Welch's df) they would overflow near 1e150 and underflow
// near 1e-150; the scaling is exact, so stds of ordinary size give the same bits.
const scaleOf = (a: Summary, b: Summary) => unitExponent(Math.max(a.std, b.std));

function pooledEstimate(a: Summary, b: Summary): TEstimate {
  const df = a.n + b.n - 2;
  const k = scaleOf(a, b), sa = timesPowerOfTwo(a.std, k), sb = timesPowerOfTwo(b.std, k);
  const pooledVariance = ((a.n - 1) * sa ** 2 + (b.n - 1) * sb ** 2) / df;
  const standardError = timesPowerOfTwo(Math.sqrt(pooledVariance * (1 / a.n + 1 / b.n)), -k);
  return { estimate: a.mean - b.mean, standardError, df };
}

/** Welch's standard error of mean(a) - mean(b) and the Welch-Satterthwaite degrees of freedom. */
function welchEstimate(a: Summary, b: Summary): TEstimate {
  const k = scaleOf(a, b);
  const va = timesPowerOfTwo(a.std, k) ** 2 / a.n, vb = timesPowerOfTwo(b.std, k) ** 2 / b.n;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { estimate: a.mean - b.mean, standardError: timesPowerOfTwo(Math.sqrt(va + vb), -k), df };
}

function oneSampleEstimate(d: Summary): TEstimate {
  return { estimate: d.mean, standardError: d.std / Math.sqrt(d.n), df: d.n - 1 };
}

/** Student's two-sample t-test with pooled variance, from summaries of a and b. */
export function studentTTestFromSummaries(a: Summary, b: Summary, options: TTestOptions = {}): TTestResult {
  checkSummary("a", a);
  checkSummary("b", b);
  return runTTest("student", pooledEstimate(a, b), [a.mean, b.mean], options, "a.std, b.std");
}

/** Welch's two-sample t-test (unequal variances), from summaries of a and b. */
export function welchTTestFromSummaries(a: Summary, b: Summary, options: TTestOptions = {}): TTestResult {
  checkSummary("a", a);
  checkSummary("b", b);
  return runTTest("welch", welchEstimate(a, b), [a.mean, b.mean], options, "a.std, b.std");
}

/** Paired t-test from the summary (mean, std, n) of the differences a[i] - b[i]. */
export function pairedTTestFromSummary(differences: Summary, options: TTestOptions = {}): TTestResult {
  checkSummary("differences", differences);
  return runTTest("paired", oneSampleEstimate(differences), [differences.mean], options, "differences.std");
}

export function studentTTest(a: number[], b: number[], options: TTestOptions = {}): TTestResult {
  return studentTTestFromSummaries(summarizeSample(a, "a"), summarizeSample(b, "b"), options);
}

export function welchTTest(a: number[], b: number[], options: TTestOptions = {}): TTestResult {
  return welchTTestFromSummaries(summarizeSample(a, "a"), summarizeSample(b, "b"), options);
}

/** The differences a[i] - b[i] of paired samples, checked. */
export function pairedDifferences(a: number[], b: number[]): number[] {
  checkSample("a", a);
  checkSample("b", b);
  checkSameLength("a", a, "b", b);
  return a.map((x, i) => x - b[i]);
}

export function pairedTTest(a: number[], b: number[], options: TTestOptions = {}): TTestResult {
  return pairedTTestFromSummary(summarizeSample(pairedDifferences(a, b), "a - b"), options);
}

/**
 * Half-width of the two-sided Welch interval for mean(a) - mean(b), for
 * reporting bands: NaN (not an error) when it cannot be formed.
 */
export { tInterval };

export function welchHalfWidth(a: Summary, b: Summary, confidence = 0.95): { halfWidth: number; df: number } {
  if (a.n < 2 || b.n < 2) return { halfWidth: NaN, df: NaN };
  const { standardError, df } = welchEstimate(a, b);
  if (essentiallyConstant(standardError, a.mean, b.mean)) return { halfWidth: NaN, df: NaN };
  return { halfWidth: tQuantile((1 + confidence) / 2, df) * standardError, df };
}
