// Power of t-tests, the minimum detectable difference and the sample size
// needed, from the noncentral t (stats/noncentral-t.ts). Every function works
// on a TDesign: the standard error of the estimated difference and the df of
// the test, as the test would have them at the assumed spread. Make one with
//   pairedDesign(sd of the differences, n pairs)      one-sample / paired t
//   studentDesign(pooled sd, n1, n2)                  two-sample, pooled variance
//   welchDesign({ std, n }, { std, n })               two-sample, Welch (Satterthwaite df)
// The paired and Student cases are exact and agree with statsmodels'
// TTestPower and TTestIndPower; Welch's df depends on the sample variances, so
// its power takes the df at the assumed stds as fixed (the usual approximation).
import { checkFinite, checkOpenUnit, StatsInputError } from "./errors.ts";
import { type Alternative, checkAlternative, normalCdf, tQuantile } from "./distributions.ts";
import { nctCdf } from "./noncentral-t.ts";
import { logGamma } from "./special.ts";

/** What a t-test's power depends on besides the true difference: its standard error and df. */
export interface TDesign {
  standardError: number;
  df: number;
}

export interface PowerOptions {
  /** Level of the test; default 0.05 (for TOST: the level of each one-sided test). */
  alpha?: number;
  /** Default "two-sided" ("greater": H1 difference > 0). Not used by TOST. */
  alternative?: Alternative;
}

/** The level and power a design is solved for: default alpha 0.05, power 0.8. */
export interface TargetOptions extends PowerOptions {
  power?: number;
}

function checkDesign(d: TDesign): void {
  if (!(d.standardError > 0) || !Number.isFinite(d.standardError)) {
    throw new StatsInputError("standardError", `expected a finite number > 0, got ${String(d.standardError)}`);
  }
  if (!(d.df > 0)) throw new StatsInputError("df", `expected degrees of freedom > 0, got ${String(d.df)}`);
}

function checkSpread(argument: string, sd: number, n: number, least = Number.MIN_VALUE): void {
  checkFinite(argument, sd);
  if (!(sd >= least)) throw new StatsInputError(argument, `a spread must be > ${least ? 0 : "= 0"}, got ${sd}`);
  if (!Number.isInteger(n) || n < 2) throw new StatsInputError(`${argument}.n`, `expected an integer >= 2, got ${n}`);
}

/** One-sample or paired t on n values (pairs) whose sd (of the differences) is sd. */
export function pairedDesign(sd: number, n: number): TDesign {
  checkSpread("sd", sd, n);
  return { standardError: sd / Math.sqrt(n), df: n - 1 };
}

/** Two-sample Student t with pooled sd and n1, n2 values. */
export function studentDesign(sd: number, n1: number, n2: number): TDesign {
  checkSpread("sd", sd, n1);
  checkSpread("sd", sd, n2);
  return { standardError: sd * Math.sqrt(1 / n1 + 1 / n2), df: n1 + n2 - 2 };
}

/** Two-sample Welch t: each side's std and n, the Satterthwaite df at those stds (one std may be 0). */
export function welchDesign(a: { std: number; n: number }, b: { std: number; n: number }): TDesign {
  checkSpread("a.std", a.std, a.n, 0);
  checkSpread("b.std", b.std, b.n, 0);
  if (a.std === 0 && b.std === 0) throw new StatsInputError("a.std", "both spreads are 0: no standard error");
  const va = (a.std * a.std) / a.n, vb = (b.std * b.std) / b.n;
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return { standardError: Math.sqrt(va + vb), df };
}

function levels(o: PowerOptions): { alpha: number; alternative: Alternative } {
  const { alpha = 0.05, alternative = "two-sided" } = o;
  checkOpenUnit("alpha", alpha);
  checkAlternative(alternative);
  return { alpha, alternative };
}

/** Power at noncentrality nc = difference / standardError (statsmodels' ttest_power). */
function powerAt(nc: number, df: number, alpha: number, alternative: Alternative): number {
  if (alternative === "two-sided") {
    const c = tQuantile(1 - alpha / 2, df);
    return 1 - nctCdf(c, df, nc) + nctCdf(-c, df, nc);
  }
  const c = tQuantile(1 - alpha, df);
  return alternative === "greater" ? 1 - nctCdf(c, df, nc) : nctCdf(-c, df, nc);
}

/** The probability that the t-test of the design rejects "no difference" when the true difference is `difference`. */
export function tTestPower(difference: number, design: TDesign, options: PowerOptions = {}): number {
  checkFinite("difference", difference);
  checkDesign(design);
  const { alpha, alternative } = levels(options);
  return powerAt(difference / design.standardError, design.df, alpha, alternative);
}

/**
 * The minimum detectable difference: the smallest true |difference| (in the
 * units of the standard error) that the design's test detects with the target
 * power (two-sided, or in the alternative's direction). Bisection on the
 * noncentrality, whose power rises monotonically from alpha.
 */
export function minimumDetectableDifference(design: TDesign, options: TargetOptions = {}): number {
  checkDesign(design);
  const { alpha, alternative } = levels(options);
  const { power = 0.8 } = options;
  checkOpenUnit("power", power);
  if (!(power > alpha)) throw new StatsInputError("power", `must exceed alpha (${alpha}), got ${power}`);
  const sign = alternative === "less" ? -1 : 1;
  const at = (nc: number) => powerAt(sign * nc, design.df, alpha, alternative);
  let lo = 0, hi = 1;
  while (at(hi) < power) {
    lo = hi;
    hi *= 2;
    if (hi > 1e8) return Infinity;
  }
  // 60 halvings take the bracket below 1e-15 of its width
  for (let i = 0; i < 60 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < power) lo = mid;
    else hi = mid;
  }
  return hi * design.standardError;
}

/**
 * The smallest n in [min, max] at which `power(n)` reaches the target, or null
 * when even max does not. Power rises with n in every design here (the
 * standard error falls, the df grows), so this bisects: ~log2(max - min)
 * evaluations, which matters where one is a TOST integral.
 */
export function smallestN(
  power: (n: number) => number,
  target = 0.8,
  { min = 2, max = 100 }: { min?: number; max?: number } = {},
): number | null {
  checkOpenUnit("power", target);
  if (power(max) < target) return null;
  let lo = min - 1, hi = max; // power(hi) >= target; lo below the range or power(lo) < target
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (power(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The smallest n (in [min, max], default 2..100) at which the t-test of
 * `designAt(n)` detects `difference` with the target power; null when none does.
 * E.g. paired: seedsToDetect(gap, (n) => pairedDesign(sd, n)).
 */
export function seedsToDetect(
  difference: number,
  designAt: (n: number) => TDesign,
  options: TargetOptions & { min?: number; max?: number } = {},
): number | null {
  return smallestN((n) => tTestPower(difference, designAt(n), options), options.power ?? 0.8, options);
}

/**
 * Power of TOST (two one-sided tests at level alpha each) to show the
 * difference within (-margin, margin) when the true difference is
 * `difference`: P(-margin + t·ŝ < d̂ < margin - t·ŝ), integrated exactly over
 * the distribution of the estimated standard error ŝ (df·(ŝ/se)² ~ χ²_df),
 * as Owen's Q gives it. For Welch designs the df is taken as fixed.
 */
export function tostPower(
  difference: number,
  margin: number,
  design: TDesign,
  options: { alpha?: number } = {},
): number {
  checkFinite("difference", difference);
  checkFinite("margin", margin);
  if (!(margin > 0)) throw new StatsInputError("margin", `must be > 0, got ${margin}`);
  checkDesign(design);
  const { alpha = 0.05 } = options;
  checkOpenUnit("alpha", alpha);
  const { standardError: se, df } = design;
  const c = tQuantile(1 - alpha, df);
  // r = ŝ / se; both one-sided tests can reject only while c·ŝ < margin
  const reach = margin / (c * se);
  const logNorm = Math.log(2) + (df / 2) * Math.log(df / 2) - logGamma(df / 2);
  const f = (r: number) => {
    if (r <= 0) return df === 1 ? band(0) * Math.exp(logNorm) : 0;
    const density = Math.exp(logNorm + (df - 1) * Math.log(r) - (df * r * r) / 2);
    return band(r) * density;
  };
  const band = (r: number) =>
    Math.max(
      0,
      normalCdf((margin - c * se * r - difference) / se) - normalCdf((-margin + c * se * r - difference) / se),
    );
  // panels narrower than the density's width (~1/√(2 df)) so that no panel's first samples all miss its peak
  const panels = Math.min(4000, Math.max(16, Math.ceil(4 * reach * Math.sqrt(df))));
  let sum = 0;
  for (let i = 0; i < panels; i++) sum += adaptiveSimpson(f, (reach * i) / panels, (reach * (i + 1)) / panels, 1e-14);
  return Math.min(1, Math.max(0, sum));
}

/** ∫_a^b f by adaptive Simpson to an absolute tolerance (f smooth on [a, b]). */
function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tol: number): number {
  const simpson = (fa: number, fm: number, fb: number, w: number) => (w / 6) * (fa + 4 * fm + fb);
  const rec = (
    a: number,
    b: number,
    fa: number,
    fm: number,
    fb: number,
    whole: number,
    tol: number,
    depth: number,
  ): number => {
    const m = (a + b) / 2, lm = (a + m) / 2, rm = (m + b) / 2;
    const flm = f(lm), frm = f(rm);
    const left = simpson(fa, flm, fm, m - a), right = simpson(fm, frm, fb, b - m);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return rec(a, m, fa, flm, fm, left, tol / 2, depth - 1) + rec(m, b, fm, frm, fb, right, tol / 2, depth - 1);
  };
  const fa = f(a), fb = f(b), fm = f((a + b) / 2);
  return rec(a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tol, 40);
}
