// Layer norm and GELU with fused kernels on WASM (models/fused.ts): the same
// values and gradients as the op-by-op formulas within float32 rounding, erf
// within 6.5e-8 of the exact values, AdamW's update bit for bit, the same bits
// on every call, and no leaked tensors.
import { beforeAll, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { erfRational, fusedAdamW, gelu, layerNorm } from "../../models/fused.ts";
import { expectWithin, floatTolerance } from "../helpers/tolerance.ts";

beforeAll(async () => {
  await initBackend("wasm");
});

const rng = new Rng(11);
const rand = (shape: number[], scale = 1, shift = 0) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.next() * 2 - 1) * scale + shift),
    shape,
  );

/** The op-by-op layer norm the models ran before (and still run off WASM). */
function plainLayerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const xc = tf.sub(x, tf.mean(x, -1, true));
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(tf.mean(tf.square(xc), -1, true), eps))), g), b);
}
const plainGelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));

/** Value and gradients (x, g, b) of sum(f(x, g, b) * w) for a fixed random w. */
function valueAndGrads(f: typeof layerNorm, x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, w: tf.Tensor) {
  return tf.tidy(() => {
    const y = f(x, g, b, 1e-5);
    const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(tf.mul(f(a, c, e, 1e-5), w)))([
      x,
      g,
      b,
    ]);
    return [y, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

test.each([[[37, 128]], [[3, 5, 24]], [[4, 768]]])("layer norm over %j: values and every gradient", (shape) => {
  const d = shape[shape.length - 1];
  const x = rand(shape, 3, 0.5), g = rand([d], 1, 1), b = rand([d]), w = rand(shape);
  const ours = valueAndGrads(layerNorm, x, g, b, w), ref = valueAndGrads(plainLayerNorm, x, g, b, w);
  const rows = ours[0].length / d;
  const tol = (n: number, m: number) => floatTolerance({ reductionLength: n, magnitude: m, depth: 4 });
  expectWithin("y", ours[0], ref[0], tol(d, 4));
  expectWithin("dx", ours[1], ref[1], tol(d, 8));
  expectWithin("dg", ours[2], ref[2], tol(rows, 4 * rows));
  expectWithin("db", ours[3], ref[3], tol(rows, rows));
  tf.dispose([x, g, b, w]);
});

test("erf within 6.5e-8 of the exact values (Python's math.erf)", () => {
  const exact: [number, number][] = [
    [0, 0],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.5, 0.9661051464753108],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [3.9, 0.9999999652077514],
    [5, 0.9999999999984626],
    [-0.7, -0.6778011938374184],
    [-2.5, -0.999593047982555],
  ];
  for (const [x, e] of exact) expect(Math.abs(erfRational(x) - e)).toBeLessThan(6.5e-8);
});

test("GELU: the forward and the gradient of the op-by-op formula within rounding", () => {
  const x = rand([64, 512], 4), w = rand([64, 512]);
  const f = (h: typeof gelu) =>
    tf.tidy(() => [h(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(h(a), w)))(x)].map((t) => Array.from(t.dataSync())));
  const [y, dx] = f(gelu), [yRef, dxRef] = f(plainGelu);
  // both erfs within 1.5e-7 of the exact one; GELU scales the difference by |x| / 2 <= 2
  expectWithin("y", y, yRef, 4 * 1.5e-7 + floatTolerance({ reductionLength: 4, magnitude: 4, depth: 2 }));
  expectWithin("dx", dx, dxRef, floatTolerance({ reductionLength: 4, magnitude: 4, depth: 2 }));
  tf.dispose([x, w]);
});

test("the same bits on every call, and no tensor left behind", () => {
  const x = rand([20, 32]), g = rand([32]), b = rand([32]), w = rand([20, 32]);
  const before = tf.memory().numTensors;
  const once = () => [...valueAndGrads(layerNorm, x, g, b, w), ...tf.tidy(() => [Array.from(gelu(x).dataSync())])];
  const first = once();
  expect(once()).toEqual(first);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, g, b, w]);
});

test.each([0, 0.01])("AdamW's update (weight decay %d) bit for bit as methods/optim.ts's ops", (weightDecay) => {
  const [w, g, m, v] = [rand([33, 7], 1), rand([33, 7], 0.1), rand([33, 7], 0.01), rand([33, 7], 1e-3, 1e-3)];
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8, lr = 3e-4, t = 3;
  const bc1 = 1 - beta1 ** t, bc2 = 1 - beta2 ** t;
  const ours = tf.tidy(() =>
    fusedAdamW(w, g, m, v, { beta1, beta2, bc1, bc2, eps, lr, weightDecay })!.map((x) => Array.from(x.dataSync()))
  );
  const ref = tf.tidy(() => {
    const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    const update = tf.div(tf.div(m1, bc1), tf.add(tf.sqrt(tf.div(v1, bc2)), eps));
    const decayed = weightDecay > 0 ? tf.mul(w, 1 - lr * weightDecay) : w;
    return [tf.sub(decayed, tf.mul(update, lr)), m1, v1].map((x) => Array.from(x.dataSync()));
  });
  expect(ours).toEqual(ref);
  tf.dispose([w, g, m, v]);
});
