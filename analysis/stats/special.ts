// Special functions the distributions are built on: log-gamma (simple-statistics'
// gammaln), the regularized incomplete beta and the regularized upper incomplete
// gamma, which simple-statistics does not have.
import { gammaln } from "simple-statistics";

/** ln Γ(x) for x > 0 (simple-statistics' Lanczos series). */
export const logGamma = gammaln;

const TINY = 1e-300;
// A cap far above the ~√max(a, b) terms the fractions need near their switch-over point.
const MAX_ITERATIONS = 100_000;
// Relative size of the last correction at which a series or fraction has converged (a few ulps).
const CONVERGED = 1e-15;

/** Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes 6.4). */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  let c = 1;
  // 1 - (a + b)x/(a + 1), rearranged with y = 1 - x so it does not cancel for x near 1 and large a
  let d = (a * y + (1 - b * x)) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // One Lentz update with partial numerator aa; returns the factor applied to h.
  const step = (aa: number): number => {
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    return d * c;
  };
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    step((m * (b - m) * x) / ((a + m2 - 1) * (a + m2)));
    if (Math.abs(step((-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))) - 1) < CONVERGED) break;
  }
  return h;
}

/** ω(z) = ln Γ(z) - [(z - 1/2) ln z - z + ln √(2π)], Stirling's remainder; the series is good to ~1e-14 for z >= 10. */
function stirlingRemainder(z: number): number {
  const z2 = 1 / (z * z);
  return (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 * (1 / 1680 - z2 / 1188)))) / z;
}

/**
 * ln B(a, b). For a large parameter, ln Γ(a + b) - ln Γ(a) is written with
 * Stirling's formula so the big terms cancel analytically rather than in
 * floating point (the Lanczos difference loses ~log10(a) digits).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b), q = Math.max(a, b);
  const share = p / (p + q);
  if (p >= 10) {
    return -0.5 * Math.log(q) + 0.5 * Math.log(2 * Math.PI) + stirlingRemainder(p) + stirlingRemainder(q) -
      stirlingRemainder(p + q) +
      (p - 0.5) * Math.log(share) + q * Math.log1p(-share);
  }
  if (q >= 10) {
    return logGamma(p) + stirlingRemainder(q) - stirlingRemainder(p + q) + p - p * Math.log(p + q) +
      (q - 0.5) * Math.log1p(-share);
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * Regularized incomplete beta I_x(a, b). y = 1 - x may be passed when the
 * caller knows it more accurately than 1 - x rounds (x near 1). The continued
 * fraction is evaluated on the side where it converges fast, and a small
 * result is returned as computed, so tails far below 1e-16 keep their
 * relative accuracy.
 */
export function incompleteBeta(x: number, a: number, b: number, y = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logX = x > 0.5 ? Math.log1p(-y) : Math.log(x);
  const logY = y > 0.5 ? Math.log1p(-x) : Math.log(y);
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x, y)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y, x)) / b;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a): series below a + 1, continued fraction above. */
export function upperIncompleteGamma(a: number, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a, sum = term;
    for (let n = 1; n <= MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * CONVERGED; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return 1 - sum * Math.exp(logFront);
  }
  // Lentz on Γ(a, x) = e^-x x^a / (x + 1 - a - 1(1 - a)/(x + 3 - a - ...)) (Numerical Recipes 6.2)
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < CONVERGED) break;
  }
  return Math.exp(logFront) * h;
}
