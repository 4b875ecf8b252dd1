import { beforeAll, describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { type LoadedModel, loadPretrained } from "../../models/pretrained.ts";
import { accuracyOf } from "../../methods/evaluate.ts";
import { verbalizerIds } from "../../methods/heads.ts";
import { type Method, trainableCount } from "../../methods/method.ts";
import type { PromptTuning, TokenExample } from "../../methods/prompt-tuning.ts";
import { buildMethod } from "../../methods/registry.ts";
import { NonFiniteLossError, train } from "../../methods/train.ts";
import type { TrainingConfig } from "../../core/spec.ts";
import type { PromptTuningParams } from "../../methods/prompt-tuning.ts";
import { makeTinyModelDir, TINY_TEXTS } from "../helpers/tiny-model.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const cfg: TrainingConfig = {
  batchSize: 4,
  maxSteps: 12,
  evalEvery: 4,
  maxLength: 32,
  optimizer: "adamw",
  schedule: { type: "linear", warmupRatio: 0.1 },
};
const spt: PromptTuningParams = {
  promptLength: 3,
  freezeBackbone: true,
  head: "classifier",
  lr: { prompt: 0.05, head: 0.01 },
};

function data(method: Method<TokenExample>): { train: TokenExample[]; dev: TokenExample[] } {
  const ex = TINY_TEXTS.map((text, i) => method.encode({ id: String(i), text, label: i % 3 }, "en"));
  return { train: [...ex, ...ex], dev: ex };
}

async function build(m: LoadedModel, params: PromptTuningParams, seed = 1) {
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
    rng: new Rng(seed),
  };
  return await buildMethod(params === spt ? "spt" : "xpe", ctx) as PromptTuning;
}

const trainableOf = (method: Method) => method.groups.flatMap((g) => g.vars);

describe("training loop", () => {
  test("the same seed gives bit-identical trained parameters", async () => {
    const run = async () => {
      const m = loadPretrained(dir);
      const pm = await build(m, spt);
      await train(pm, data(pm), cfg, 5);
      const values = trainableOf(pm).map((v) => Array.from(v.dataSync()));
      pm.dispose();
      m.model.dispose();
      return values;
    };
    expect(await run()).toEqual(await run());
  });

  test("no tensor is left behind, with gradient clipping and dropout: constant count per step, and none after dispose", async () => {
    const before = tf.memory().numTensors;
    const m = loadPretrained(dir);
    const pm = await build(m, { ...spt, freezeBackbone: false, lr: { prompt: 0.001 } });
    const counts: number[] = [];
    await train(pm, data(pm), { ...cfg, evalEvery: 1000, gradClip: 1e-3, dropout: 0.1 }, 5, (e) => {
      if (e.step < e.totalSteps) counts.push(tf.memory().numTensors);
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
    pm.dispose();
    m.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test("a NaN loss fails loudly with the step number", async () => {
    const m = loadPretrained(dir);
    const pm = await build(m, spt);
    trainableOf(pm)[0].assign(tf.fill(trainableOf(pm)[0].shape, NaN));
    const err = await train(pm, data(pm), cfg, 5).catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as NonFiniteLossError).step).toBe(1);
    expect((err as Error).message).toContain("step 1");
    pm.dispose();
    m.model.dispose();
  });

  test("the best dev checkpoint is the one kept", async () => {
    const m = loadPretrained(dir);
    const pm = await build(m, spt);
    const d = data(pm);
    const r = await train(pm, d, cfg, 9);
    expect(r.curve.filter((p) => p.devAccuracy !== undefined).map((p) => p.step)).toEqual([4, 8, 12]);
    expect((await accuracyOf(pm, d.dev)).accuracy).toBe(r.bestDevAccuracy);
    pm.dispose();
    m.model.dispose();
  });

  test("XPE caches its encoded prompt for inference", async () => {
    const m = loadPretrained(dir);
    const pm = await build(m, { ...spt, encoderLayers: 2 });
    const live = tf.tidy(() => pm.pm.prompt.value().arraySync());
    pm.cacheForInference();
    expect(tf.tidy(() => pm.pm.prompt.value().arraySync())).toEqual(live);
    // pseudo-prompt (3x16) + two 16x16 layers with biases + head (16x16+16 + 16x3+3)
    expect(trainableCount(pm)).toBe(3 * 16 + 2 * (16 * 16 + 16) + (16 * 16 + 16) + (16 * 3 + 3));
    pm.dispose();
    m.model.dispose();
  });

  test("verbalizer label words must tokenize differently", async () => {
    expect(() => verbalizerIds(["a", "b"], () => [5])).toThrow('label words "a" and "b" tokenize to the same ids');
    expect(verbalizerIds(["a", "b"], (w) => (w === "a" ? [5, 6] : [5]))).toEqual([[5, 6], [5]]);
  });
});
