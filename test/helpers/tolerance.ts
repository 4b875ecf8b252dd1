// Float tolerances for comparing two float32 computations of the same values
// whose sums may be added in another order: OpenBLAS against tfjs's WASM
// kernel, one GEMM kernel set (Haswell, SkylakeX...) against another, a table
// in row blocks against one tensor, a cached forward against the full one,
// PyTorch against us. The tolerance comes from what float32 arithmetic can
// guarantee for any order, never from what one machine happened to give.
//
// Derivation. With unit roundoff u = eps/2 = 2^-24, a dot product
// s = sum_{i=1..n} a_i b_i evaluated in float32 in ANY order (left to right,
// blocked, pairwise, SIMD lanes combined at the end, with or without FMA)
// satisfies (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
// eq. 3.5 and §3.1 on summation order):
//     |fl(s) - s| <= gamma_n * sum_i |a_i b_i|,   gamma_n = n u / (1 - n u).
// Two evaluations in two orders are each within that of the exact s, so
//     |fl_1(s) - fl_2(s)| <= 2 gamma_n * sum_i |a_i b_i|  (~ n * eps * sum|a_i b_i|).
// `magnitude` is a bound on sum_i |a_i b_i| (the size of the terms before any
// cancellation), `reductionLength` is n. This worst case holds on every kernel;
// the typical difference is about eps * sqrt(n) * magnitude, far below it.
//
// A value computed through several such reductions in sequence (the layers of
// a network) collects one such error per reduction; to first order they add,
// each carried to the output with a gain of about one where LayerNorm keeps the
// intermediate values at the output's scale. `depth` counts those reductions
// (a transformer layer has six: Q/K/V, scores, weights x values, the output
// projection, the two FFN products; a backward pass doubles them) and then
// `reductionLength` is the longest of them and `magnitude` a bound on the
// terms' size at any of them.
import { expect } from "bun:test";

/** float32 machine epsilon, 2^-23 (the spacing of floats in [1, 2)). */
export const FLOAT32_EPS = 2 ** -23;

export interface FloatBound {
  /** Terms in each sum (a dot product's length: a GEMM's inner dimension); the longest one where there are several. */
  reductionLength: number;
  /** A bound on sum |a_i b_i| of those sums: the size of the terms added before cancellation (at least the largest |value| compared). */
  magnitude: number;
  /** How many reductions the compared values pass through one after another (layers x products per layer); 1 for one product. */
  depth?: number;
}

/** The most two float32 evaluations of the same sums in different orders may differ by (see the derivation above). */
export function floatTolerance({ reductionLength: n, magnitude, depth = 1 }: FloatBound): number {
  if (!(n >= 1) || !(magnitude >= 0) || !(depth >= 1)) {
    throw new Error(`floatTolerance: reductionLength ${n}, magnitude ${magnitude}, depth ${depth}`);
  }
  const u = FLOAT32_EPS / 2;
  if (n * u >= 0.5) throw new Error(`floatTolerance: a reduction of ${n} terms has no useful float32 bound`);
  const gamma = (n * u) / (1 - n * u);
  return depth * 2 * gamma * magnitude;
}

/**
 * Two forwards (or backwards) of a transformer whose products may each sum in
 * another order (another GEMM kernel or shape, a cached prefix, padding):
 * 6 reductions a layer (twice that with the backward pass) plus the head,
 * none longer than `longestSum` (4 x hidden bounds the FFN, the fused QKV and
 * the test models' sequence lengths), over terms of the compared values' size
 * (LayerNorm keeps every layer's values at that scale; at least 1).
 */
export function networkTolerance(
  { layers, longestSum, values, backward = false }: {
    layers: number;
    longestSum: number;
    values: unknown;
    backward?: boolean;
  },
): number {
  return floatTolerance({
    reductionLength: longestSum,
    magnitude: Math.max(1, maxAbs(values)),
    depth: (backward ? 12 : 6) * layers + 1,
  });
}

/** The largest |a_i - b_i| over two arrays of any nesting, which must have the same length. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  const x = flat(a), y = flat(b);
  expect(y.length).toBe(x.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

/** The largest |value| in an array of any nesting. */
export function maxAbs(a: unknown): number {
  return flat(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

function flat(a: unknown): number[] {
  if (typeof a === "number") return [a];
  if (ArrayBuffer.isView(a)) return Array.from(a as unknown as ArrayLike<number>);
  return (a as unknown[]).flatMap((x) => flat(x));
}

/** Expect two computations of the same values to agree within `tolerance`; XLT_REPORT_DIFFS=1 prints the measured difference against it. */
export function expectWithin(label: string, actual: unknown, expected: unknown, tolerance: number): void {
  const d = maxAbsDiff(actual, expected);
  if (process.env.XLT_REPORT_DIFFS === "1") {
    console.error(`[diff] ${label}: ${d.toExponential(2)} (tolerance ${tolerance.toExponential(2)})`);
  }
  expect(d, `${label}: max |difference| ${d} over tolerance ${tolerance}`).toBeLessThanOrEqual(tolerance);
}
