// The OpenBLAS BatchMatMul under the WASM backend (models/native-gemm.ts):
// the same numbers as tfjs's WASM kernel within float32 tolerance on every
// shape a model makes (transposes, batches, broadcast batches, empty inner
// dimension), the same gradients, bit-for-bit repeatable with itself, and no
// leaked tensors. Skipped where no OpenBLAS loads, unless XLT_REQUIRE_OPENBLAS=1
// (CI installs libopenblas0).
import { describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { mm, mmFrozen, mmT } from "../../models/linalg.ts";
import { nativeGemm, nativeGemmAbsent, nativeGemmActive, useNativeGemm } from "../../models/native-gemm.ts";
import { expectWithin, floatTolerance } from "../helpers/tolerance.ts";

// at load, not in beforeAll: whether the tests run depends on it
const backend = await initBackend("wasm");
if (!nativeGemm() && process.env.XLT_REQUIRE_OPENBLAS === "1") {
  throw new Error(`XLT_REQUIRE_OPENBLAS=1 but ${nativeGemmAbsent}`);
}
if (!nativeGemm()) console.warn(`[tests] native GEMM tests skipped: ${nativeGemmAbsent}`);

const rng = new Rng(7);
const rand = (shape: number[]) =>
  tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1), shape);
/** Run f with BatchMatMul on OpenBLAS (true) or on tfjs's WASM kernel (false). */
function on<T>(native: boolean, f: () => T): T {
  useNativeGemm(native);
  try {
    return f();
  } finally {
    useNativeGemm(true);
  }
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const SHAPES: [string, number[], number[], boolean, boolean][] = [
  ["dense", [84, 128], [128, 512], false, false],
  ["transposed weight (a linear layer)", [84, 512], [128, 512], false, true],
  ["transposed input (a weight gradient)", [84, 128], [84, 512], true, false],
  ["both transposed", [128, 84], [512, 128], true, true],
  ["batched attention scores", [8, 4, 21, 32], [8, 4, 21, 32], false, true],
  ["batched attention values", [8, 4, 21, 21], [8, 4, 21, 32], false, false],
  ["a batch of 1 broadcast", [6, 5, 7], [7, 3], false, false],
  ["broadcast on the left", [5, 7], [6, 7, 3], false, false],
  ["an empty inner dimension", [4, 0], [0, 3], false, false],
];

(nativeGemm() ? describe : describe.skip)("native GEMM", () => {
  test("the compute path names OpenBLAS and its CPU kernels", () => {
    expect(backend).toBe(`wasm+openblas-${nativeGemm()!.core.toLowerCase()}`);
    expect(nativeGemm()!.threads).toBe(1);
  });

  for (const [what, sa, sb, ta, tb] of SHAPES) {
    test(`${what}: OpenBLAS agrees with tfjs's WASM kernel within float32 tolerance`, () => {
      const [a, b] = [rand(sa), rand(sb)];
      const ours = on(true, () => tf.tidy(() => tf.matMul(a, b, ta, tb).dataSync().slice()));
      const ref = on(false, () => tf.tidy(() => tf.matMul(a, b, ta, tb)));
      expect(ref.shape).toEqual(on(true, () => tf.tidy(() => tf.matMul(a, b, ta, tb).shape)));
      const inner = ta ? sa.at(-2)! : sa.at(-1)!;
      if (inner === 0) {
        // an empty sum is exactly 0 (tfjs's WASM kernel leaves what its output memory held, ~1e-40: not compared)
        expect(Array.from(ours).every((x) => x === 0)).toBe(true);
      } else {
        // sum_k |a_ik b_kj| of every output: the size of the terms each dot product adds
        const terms = on(false, () => tf.tidy(() => tf.max(tf.matMul(tf.abs(a), tf.abs(b), ta, tb)).dataSync()[0]));
        expectWithin(what, ours, ref.dataSync(), floatTolerance({ reductionLength: inner, magnitude: terms }));
      }
      tf.dispose([a, b, ref]);
    });
  }

  test("the gradients through a matMul agree with the WASM kernel's", () => {
    const [x, w] = [rand([16, 24]), rand([24, 8])];
    const g = (native: boolean) =>
      on(
        native,
        () =>
          tf.tidy(() =>
            tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, w))))([x, w]).map((t) =>
              t.dataSync().slice()
            )
          ),
      );
    const [ours, ref] = [g(true), g(false)];
    for (const i of [0, 1]) expect(maxDiff(ours[i], ref[i])).toBeLessThan(1e-4);
    tf.dispose([x, w]);
  });

  test("the models' products (models/linalg.ts) multiply with transpose flags on OpenBLAS and agree with the transposing WASM path, values and gradients", () => {
    const [x, w, v] = [rand([12, 20]), rand([20, 16]), rand([9, 16])];
    const run = (native: boolean) =>
      on(native, () => {
        expect(nativeGemmActive()).toBe(native);
        return tf.tidy(() => {
          const f = (x: tf.Tensor, w: tf.Tensor) =>
            tf.sum(tf.square(mmT(mm(x as tf.Tensor2D, w as tf.Tensor2D), v as tf.Tensor2D)));
          const frozen = (x: tf.Tensor) => tf.sum(mmFrozen(x as tf.Tensor2D, w as tf.Tensor2D));
          return [
            f(x, w).dataSync()[0],
            ...tf.grads(f)([x, w]).map((g) => g.dataSync().slice()),
            tf.grad(frozen)(x).dataSync().slice(),
          ] as (number | Float32Array)[];
        });
      });
    const [ours, ref] = [run(true), run(false)];
    expect(Math.abs((ours[0] as number) - (ref[0] as number))).toBeLessThan(1e-3);
    for (const i of [1, 2, 3]) expect(maxDiff(ours[i] as Float32Array, ref[i] as Float32Array)).toBeLessThan(1e-3);
    tf.dispose([x, w, v]);
  });

  test("the same product twice is bit-for-bit the same (one thread, one order of sums)", () => {
    const [a, b] = [rand([48, 33, 64]), rand([48, 64, 33])];
    const once = () => tf.tidy(() => tf.matMul(a, b).dataSync().slice());
    expect(Array.from(once())).toEqual(Array.from(once()));
    tf.dispose([a, b]);
  });

  test("a matMul leaves no tensor behind", () => {
    const [a, b] = [rand([2, 8, 16]), rand([16, 4])];
    const before = tf.memory();
    tf.tidy(() => {
      tf.grads((a: tf.Tensor) => tf.sum(tf.matMul(a, b)))([a]);
    });
    expect([tf.memory().numTensors, tf.memory().numBytes]).toEqual([before.numTensors, before.numBytes]);
    tf.dispose([a, b]);
  });
});
