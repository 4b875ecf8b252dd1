import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { AdamW, clipByGlobalNorm, scheduleScale } from "../../methods/optim.ts";

beforeAll(() => initBackend());

describe("AdamW", () => {
  test("one step matches the closed form (first step moves each weight by lr*sign(g), plus decay)", () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]), true);
    const opt = new AdamW([{ name: "p", vars: [w], lr: 0.1, weightDecay: 0.5 }]);
    const g = tf.tensor1d([0.3, -4, 0]);
    opt.step(new Map([[w, g]]), 1);
    // m/(1-b1) = g, v/(1-b2) = g^2 -> update = g/(|g|+eps); decay: w*(1 - lr*wd)
    const expected = [1 * 0.95 - 0.1 * (0.3 / (0.3 + 1e-8)), -2 * 0.95 + 0.1 * (4 / (4 + 1e-8)), 3 * 0.95];
    const got = Array.from(w.dataSync());
    got.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
    opt.dispose();
  });

  test("global-norm clipping scales to the limit", async () => {
    const a = tf.variable(tf.tensor1d([3]), true), b = tf.variable(tf.tensor1d([4]), true);
    const grads = new Map<tf.Variable, tf.Tensor>([[a, tf.tensor1d([3])], [b, tf.tensor1d([4])]]);
    expect(await clipByGlobalNorm(grads, 1)).toBeCloseTo(5, 6);
    expect(grads.get(a)!.dataSync()[0]).toBeCloseTo(0.6, 5);
    expect(grads.get(b)!.dataSync()[0]).toBeCloseTo(0.8, 5);
  });
});

describe("learning-rate schedules", () => {
  test("linear warmup then decay to zero", () => {
    const s = { type: "linear" as const, warmupRatio: 0.1 };
    expect(scheduleScale(s, 5, 100)).toBeCloseTo(0.5);
    expect(scheduleScale(s, 10, 100)).toBeCloseTo(1);
    expect(scheduleScale(s, 55, 100)).toBeCloseTo(0.5);
    expect(scheduleScale(s, 100, 100)).toBeCloseTo(0);
  });

  test("cosine with two hard restarts returns to the peak halfway", () => {
    const s = { type: "cosine-restarts" as const, cycles: 2, warmupRatio: 0 };
    expect(scheduleScale(s, 1, 100)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI * 0.02)));
    expect(scheduleScale(s, 25, 100)).toBeCloseTo(0.5);
    expect(scheduleScale(s, 50, 100)).toBeCloseTo(1);
  });

  test("constant is constant", () => {
    expect(scheduleScale({ type: "constant" }, 77, 100)).toBe(1);
  });
});
