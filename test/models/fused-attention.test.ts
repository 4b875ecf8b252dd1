// Attention in one kernel each way with OpenBLAS (models/fused-attention.ts):
// the values and gradients of attend() over the split q|k|v within float32
// rounding, with a padding bias and with dropout on the probabilities (the same
// mask tf.dropout draws), the same bits on every call, no leaked tensors.
// Skipped where no OpenBLAS loads, unless XLT_REQUIRE_OPENBLAS=1.
import { expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { attend, paddingBias } from "../../models/attention.ts";
import { dropoutMultiplier, fusedAttend, fusedAttendFits } from "../../models/fused-attention.ts";
import { nativeGemm, nativeGemmAbsent } from "../../models/native-gemm.ts";
import { expectWithin, floatTolerance } from "../helpers/tolerance.ts";

await initBackend("wasm");
if (!nativeGemm() && process.env.XLT_REQUIRE_OPENBLAS === "1") {
  throw new Error(`XLT_REQUIRE_OPENBLAS=1 but ${nativeGemmAbsent}`);
}
const withBlas = nativeGemm() ? test : test.skip;

const rng = new Rng(5);
const rand = (shape: number[]) =>
  tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 4 - 2), shape);
// 3 rows of 7 positions, the last two rows padded
const B = 3, T = 7, H = 2, d = 8, scale = 1 / Math.sqrt(d / H);
const mask = [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 0, 0, 0, 0]];

/** Output and the gradient of sum(out * w) with respect to qkv, through the fused kernel or through attend(). */
function run(fused: boolean, qkv: tf.Tensor2D, w: tf.Tensor, drop?: { rate: number; seed: number }) {
  return tf.tidy(() => {
    const bias = paddingBias(mask);
    const f = (x: tf.Tensor) => {
      if (fused) {
        const keep = drop && dropoutMultiplier([B, H, T, T], drop.rate, drop.seed);
        return fusedAttend(x as tf.Tensor2D, B, T, H, bias, scale, keep);
      }
      const [q, k, v] = tf.split(x, 3, 1);
      return attend(q, k, v, B, T, H, bias, scale, drop && ((p) => tf.dropout(p, drop.rate, undefined, drop.seed)));
    };
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x), w)))(qkv);
    return [f(qkv), g].map((t) => Array.from(t.dataSync()));
  });
}

withBlas("runs for a padding bias on WASM with OpenBLAS, not for another bias", () => {
  expect(fusedAttendFits(paddingBias(mask), B, T)).toBe(true);
  expect(fusedAttendFits(tf.zeros([B, 1, T, T]), B, T)).toBe(false);
});

withBlas.each([["without dropout", undefined], ["with dropout 0.3", { rate: 0.3, seed: 17 }]] as const)(
  "the values and gradients of attend() %s",
  (_name, drop) => {
    const qkv = rand([B * T, 3 * d]) as tf.Tensor2D, w = rand([B * T, d]);
    const [y, g] = run(true, qkv, w, drop), [yRef, gRef] = run(false, qkv, w, drop);
    const tol = floatTolerance({ reductionLength: T, magnitude: 16, depth: 4 });
    expectWithin("context", y, yRef, tol);
    expectWithin("gradient", g, gRef, tol);
    tf.dispose([qkv, w]);
  },
);

withBlas("the same bits on every call, and no tensor left behind", () => {
  const qkv = rand([B * T, 3 * d]) as tf.Tensor2D, w = rand([B * T, d]);
  const before = tf.memory().numTensors;
  const first = run(true, qkv, w, { rate: 0.1, seed: 3 });
  expect(run(true, qkv, w, { rate: 0.1, seed: 3 })).toEqual(first);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([qkv, w]);
});
