// Adafactor as transformers' Trainer builds it for optim="adafactor" (methods/optim.ts).
import { beforeAll, describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf, variableFrom } from "../../models/backend.ts";
import { loadPretrained } from "../../models/pretrained.ts";
import { Adafactor, AdamW, createOptimizer } from "../../methods/optim.ts";
import type { PromptTuning } from "../../methods/prompt-tuning.ts";
import { buildMethod } from "../../methods/registry.ts";
import { train } from "../../methods/train.ts";
import type { TrainingConfig } from "../../core/spec.ts";
import type { PromptTuningParams } from "../../methods/prompt-tuning.ts";
import { makeTinyModelDir, TINY_TEXTS } from "../helpers/tiny-model.ts";

beforeAll(() => initBackend());

/** Every value within 1e-6 of the expected one, relative. */
function expectClose(got: ArrayLike<number>, expected: number[]) {
  expect(got.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (Math.abs(got[i] - e) > 1e-6 * Math.abs(e)) {
      throw new Error(
        `element ${i}: got ${got[i]}, expected ${e} (relative error ${Math.abs(got[i] - e) / Math.abs(e)})`,
      );
    }
  });
}

describe("Adafactor", () => {
  // Expected values: scripts/adafactor_reference.py (/usr/bin/python3), the same two
  // steps in float64 plain Python from the formulas of transformers' Adafactor
  // with scale_parameter=False, relative_step=False, beta1=None. The matrix update
  // is clipped at both steps (update RMS 2.573, then 1.428); the vector update is
  // not clipped at step 1 (RMS 0.866) and is at step 2 (RMS 1.143).
  test("two steps on a 2x3 matrix (factored, weight decay) and a 4-vector (unfactored) match the reference", () => {
    const w = variableFrom(tf.tensor2d([[0.5, -1, 2], [1.5, 0.25, -0.75]]), true);
    const b = variableFrom(tf.tensor1d([0.3, -0.6, 1.2, 0]), true);
    const opt = new Adafactor([
      { name: "matrix", vars: [w], lr: 0.1, weightDecay: 0.1 },
      { name: "vector", vars: [b], lr: 0.05, weightDecay: 0 },
    ]);
    const gradsW = [[[0.1, -0.2, 0.3], [2, 0.05, -1]], [[-0.4, 0.3, 0.6], [0.5, -0.1, 0.2]]];
    const gradsB = [[0.2, -0.05, 0, 1.5], [0.8, -0.5, 0.4, -0.3]];
    const expectedW = [
      [
        0.4832376296634067,
        -0.7614913913733807,
        1.9123177105294014,
        1.4456454171045297,
        0.23794318797658953,
        -0.7047580569037278,
      ],
      [
        0.5066668952732767,
        -0.8559860336674959,
        1.8378847888328531,
        1.4247826840033655,
        0.25058234449402106,
        -0.7103601896566463,
      ],
    ];
    const expectedB = [
      [0.25, -0.5499999999999999, 1.2, -0.05],
      [0.2217767250852902, -0.5212368743845961, 1.1711304892022123, -0.04346695291478529],
    ];
    const scale = [1, 0.5]; // the schedule's multiplier at steps 1 and 2
    for (let t = 0; t < 2; t++) {
      const grads = new Map<tf.Variable, tf.Tensor>([[w, tf.tensor2d(gradsW[t])], [b, tf.tensor1d(gradsB[t])]]);
      opt.step(grads, scale[t]);
      tf.dispose([...grads.values()]);
      expectClose(w.dataSync(), expectedW[t]);
      expectClose(b.dataSync(), expectedB[t]);
    }
    opt.dispose();
    tf.dispose([w, b]);
  });

  test("a weight counts its own steps: one first given a gradient at call 2 takes a first step (beta2t = 0)", () => {
    const a = variableFrom(tf.tensor1d([1, 1]), true), c = variableFrom(tf.tensor1d([1, 1]), true);
    const opt = new Adafactor([{ name: "p", vars: [a, c], lr: 0.1, weightDecay: 0 }]);
    const g = tf.tensor1d([1, 0]);
    opt.step(new Map([[a, g]]), 1);
    expectClose(c.dataSync(), [1, 1]); // no gradient, no change
    opt.step(new Map([[a, g], [c, g]]), 1);
    // c's first step: V = g^2 + eps1, update = g/|g| = [1, 0] (RMS 0.71, not clipped). Had it
    // been step 2 (beta2t = 1 - 2^-0.8), the first entry would move by 0.1/sqrt(2^-0.8) = 0.1320.
    expectClose(c.dataSync(), [0.9, 1]);
    opt.dispose();
    tf.dispose([a, c, g]);
  });

  test("a 3-D weight is factored over its last two dims, the first is a batch: each slice as its own matrix", () => {
    const w3 = variableFrom(
      tf.tensor3d([[[0.5, -1, 2], [1.5, 0.25, -0.75]], [[0.5, -1, 2], [1.5, 0.25, -0.75]]]),
      true,
    );
    const w2 = variableFrom(tf.tensor2d([[0.5, -1, 2], [1.5, 0.25, -0.75]]), true);
    const o3 = new Adafactor([{ name: "p", vars: [w3], lr: 0.1, weightDecay: 0.1 }]);
    const o2 = new Adafactor([{ name: "p", vars: [w2], lr: 0.1, weightDecay: 0.1 }]);
    const g = [[0.1, -0.2, 0.3], [2, 0.05, -1]];
    const g3 = tf.tensor3d([g, g]), g2 = tf.tensor2d(g);
    o3.step(new Map([[w3, g3]]), 1);
    o2.step(new Map([[w2, g2]]), 1);
    // identical slices: same per-slice statistics and the same whole-tensor update RMS
    const slice = Array.from(w2.dataSync());
    expectClose(w3.dataSync(), [...slice, ...slice]);
    expectClose(slice, [
      0.4832376296634067,
      -0.7614913913733807,
      1.9123177105294014,
      1.4456454171045297,
      0.23794318797658953,
      -0.7047580569037278,
    ]);
    o3.dispose();
    o2.dispose();
    tf.dispose([w3, w2, g3, g2]);
  });

  test("no tensor is left behind: constant count across steps, none after dispose", () => {
    const before = tf.memory().numTensors;
    const w = variableFrom(tf.randomNormal([5, 4], 0, 1, "float32", 3), true);
    const b = variableFrom(tf.randomNormal([4], 0, 1, "float32", 4), true);
    const opt = new Adafactor([{ name: "m", vars: [w], lr: 0.01, weightDecay: 0.1 }, {
      name: "v",
      vars: [b],
      lr: 0.01,
      weightDecay: 0,
    }]);
    const counts: number[] = [];
    for (let t = 0; t < 5; t++) {
      const grads = new Map<tf.Variable, tf.Tensor>([[w, tf.randomNormal([5, 4], 0, 1, "float32", 10 + t)], [
        b,
        tf.randomNormal([4], 0, 1, "float32", 20 + t),
      ]]);
      opt.step(grads, 1);
      tf.dispose([...grads.values()]);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    opt.dispose();
    tf.dispose([w, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("training.optimizer picks the optimizer", () => {
    const w = variableFrom(tf.zeros([2, 2]), true);
    const groups = [{ name: "p", vars: [w], lr: 0.1, weightDecay: 0 }];
    const [f, a] = [createOptimizer("adafactor", groups), createOptimizer("adamw", groups)];
    expect(f).toBeInstanceOf(Adafactor);
    expect(a).toBeInstanceOf(AdamW);
    expect(() => createOptimizer("sgd" as TrainingConfig["optimizer"], groups)).toThrow(
      'optimizer "sgd" is not supported (supported: adamw, adafactor)',
    );
    f.dispose();
    a.dispose();
    w.dispose();
  });

  test("the training loop runs XPE with Adafactor and a 2-cycle cosine schedule, leaving no tensor behind", async () => {
    const dir = makeTinyModelDir();
    const before = tf.memory().numTensors;
    const m = loadPretrained(dir);
    const params: PromptTuningParams = {
      promptLength: 3,
      freezeBackbone: true,
      head: "classifier",
      encoderLayers: 2,
      lr: { prompt: 0.01, head: 0.01 },
      weightDecay: { prompt: 0.1, head: 0.1 },
    };
    const ctx = {
      backbone: m.model,
      tokenizer: m.tokenizer,
      params,
      numClasses: 3,
      labelWords: ["science", "travel", "politics"],
      maxLength: 32,
      train: [],
      task: "single-text" as const,
      parallel: [],
      extras: [],
      rng: new Rng(1),
    };
    const pm = await buildMethod("xpe", ctx) as PromptTuning;
    const ex = TINY_TEXTS.map((text, i) => pm.encode({ id: String(i), text, label: i % 3 }, "en"));
    const cfg: TrainingConfig = {
      batchSize: 4,
      maxSteps: 8,
      evalEvery: 1000,
      maxLength: 32,
      optimizer: "adafactor",
      schedule: { type: "cosine-restarts", cycles: 2, warmupRatio: 0.25 },
    };
    const start = pm.groups.flatMap((g) => g.vars).map((v) => Array.from(v.dataSync()));
    const counts: number[] = [];
    const r = await train(pm, { train: [...ex, ...ex], dev: ex }, cfg, 5, (e) => {
      if (e.step < e.totalSteps) counts.push(tf.memory().numTensors);
    });
    expect(r.steps).toBe(8);
    expect(r.curve.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const end = pm.groups.flatMap((g) => g.vars).map((v) => Array.from(v.dataSync()));
    expect(end).not.toEqual(start);
    pm.dispose();
    m.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
