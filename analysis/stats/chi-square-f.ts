// The chi-square and F distributions, for the intervals of variance components
// (analysis/stats/variance-components.ts): tails straight from the incomplete
// gamma and beta functions (stats/special.ts), quantiles by bisection to
// adjacent doubles on whichever tail is the smaller, as tQuantile does.
import { StatsInputError } from "./errors.ts";
import { incompleteBeta, upperIncompleteGamma } from "./special.ts";

function checkDf(df: number, name = "df"): void {
  if (typeof df !== "number" || !(df > 0)) {
    throw new StatsInputError(name, `expected degrees of freedom > 0, got ${String(df)}`);
  }
}

function checkP(p: number, fn: string): void {
  if (typeof p !== "number" || !(p > 0 && p < 1)) {
    throw new StatsInputError("p", `${fn}: expected a probability strictly between 0 and 1, got ${String(p)}`);
  }
}

/** P(X > x) for chi-square with df degrees of freedom: Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  checkDf(df);
  return x <= 0 ? 1 : upperIncompleteGamma(df / 2, x / 2);
}

/** P(X <= x) for chi-square with df degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  return 1 - chiSquareSurvival(x, df);
}

/** P(X > x) for F with (d1, d2) degrees of freedom: I_{d2/(d2 + d1 x)}(d2/2, d1/2). */
export function fSurvival(x: number, d1: number, d2: number): number {
  checkDf(d1, "d1");
  checkDf(d2, "d2");
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // both arguments formed directly, so neither loses digits as 1 - the other
  return incompleteBeta(d2 / (d2 + d1 * x), d2 / 2, d1 / 2, (d1 * x) / (d2 + d1 * x));
}

/** P(X <= x) for F with (d1, d2) degrees of freedom. */
export function fCdf(x: number, d1: number, d2: number): number {
  checkDf(d1, "d1");
  checkDf(d2, "d2");
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return incompleteBeta((d1 * x) / (d2 + d1 * x), d1 / 2, d2 / 2, d2 / (d2 + d1 * x));
}

/**
 * The x >= 0 where an increasing cdf reaches p: bisection on the cdf for p <
 * 1/2 and on the survival function otherwise, so that either tail keeps its
 * relative accuracy; to adjacent doubles.
 */
function quantile(cdf: (x: number) => number, survival: (x: number) => number, p: number): number {
  const lower = p < 0.5;
  // below: the point is at or left of x
  const below = (x: number) => (lower ? cdf(x) >= p : survival(x) <= 1 - p);
  let lo = 0, hi = 1;
  while (!below(hi)) {
    lo = hi;
    hi *= 2;
    if (hi === Infinity) return Infinity;
  }
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return hi;
    if (below(mid)) hi = mid;
    else lo = mid;
  }
}

/** The p-quantile of chi-square with df degrees of freedom (scipy.stats.chi2.ppf). */
export function chiSquareQuantile(p: number, df: number): number {
  checkP(p, "chiSquareQuantile");
  checkDf(df);
  return quantile((x) => chiSquareCdf(x, df), (x) => chiSquareSurvival(x, df), p);
}

/** The p-quantile of F with (d1, d2) degrees of freedom (scipy.stats.f.ppf); d2 = Infinity gives chi-square(d1)/d1. */
export function fQuantile(p: number, d1: number, d2: number): number {
  checkP(p, "fQuantile");
  checkDf(d1, "d1");
  checkDf(d2, "d2");
  if (d2 === Infinity) return chiSquareQuantile(p, d1) / d1;
  return quantile((x) => fCdf(x, d1, d2), (x) => fSurvival(x, d1, d2), p);
}
