// DUAL (Mikaberidze et al. 2025, §3.2) and SPT's residual reparameterization
// (Razdaibiedina et al. 2023; Philippy et al. 2024, Appendix C): the prompt
// each builds, its parameter groups, the checks of its parameters, gradients,
// caching for inference, memory, and that a few steps lower the loss.
import { beforeAll, describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import type { Backbone } from "../../models/backbone.ts";
import { parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { checkMethodParams } from "../../methods/registry.ts";
import { crossEntropy } from "../../methods/losses.ts";
import { AdamW } from "../../methods/optim.ts";
import type { PromptTuning, TokenExample } from "../../methods/prompt-tuning.ts";
import { DualPrompt, ResidualPrompt, sampledVocabInit, SoftPrompt } from "../../methods/prompts.ts";
import { buildMethod } from "../../methods/registry.ts";
import { train } from "../../methods/train.ts";
import { makeTinyDecoderDir, makeTinyModelDir, TINY_BLOOM, TINY_TEXTS } from "../helpers/tiny-model.ts";

const dirs: Record<string, string> = {};
beforeAll(async () => {
  await initBackend();
  dirs.xlmr = makeTinyModelDir();
  dirs.bloom = makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 22));
});

/** The paper's DUAL^{XPE-60}-like settings on 5 tokens: 3 encoded, 2 standard; §4.2's learning rates. */
const DUAL = {
  promptLength: 5,
  xpeShare: 0.6,
  freezeBackbone: true,
  head: "classifier",
  lr: { prompt: 5e-3, encoder: 5e-5, head: 5e-5 },
  weightDecay: { encoder: 0.1, head: 0.1 },
};
const RESIDUAL = {
  promptLength: 3,
  freezeBackbone: true,
  head: "verbalizer",
  lr: { prompt: 1e-3 },
  reparameterization: "residual",
  bottleneck: 6,
};

async function buildOn(arch: string, method: string, params: Record<string, unknown>, seed = 5) {
  const { model, tokenizer } = loadCheckpoint(dirs[arch]);
  const backbone = model as Backbone;
  const m = await buildMethod(method, {
    backbone,
    tokenizer,
    params,
    numClasses: 2,
    labelWords: ["match", "travel"],
    maxLength: 24,
    train: [],
    task: "single-text",
    parallel: [],
    extras: [],
    rng: new Rng(seed),
  }) as PromptTuning;
  const data: TokenExample[] = TINY_TEXTS.map((t, i) => m.encode({ id: String(i), text: t, label: i % 2 }, "en"));
  return { model, backbone, method: m, data };
}

const rows = (t: tf.Tensor) => t.arraySync() as number[][];
const specError = (id: string, params: unknown) => {
  try {
    checkMethodParams(id, params, "methods[0].params", "spec.json");
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("dual", () => {
  test("its prompt is the standard tokens, then the encoded tokens, round(promptLength * xpeShare) of them", async () => {
    const { model, method } = await buildOn("xlmr", "dual", DUAL);
    const dual = method.pm.prompt as DualPrompt;
    expect(dual.standard.emb.shape).toEqual([2, model.hidden]);
    expect(dual.encoded.pseudo.shape).toEqual([3, model.hidden]);
    const [whole, standard, encoded] = tf.tidy(
      () => [rows(dual.value()), rows(dual.standard.value()), rows(dual.encoded.value())],
    );
    expect(whole).toEqual([...standard, ...encoded]);
    method.dispose();
    model.dispose();
  });

  test("initialisation draws the standard part first, then the pseudo-prompt, from the cell's rng", async () => {
    const { model, backbone, method } = await buildOn("xlmr", "dual", DUAL, 11);
    const dual = method.pm.prompt as DualPrompt;
    const rng = new Rng(11);
    const standard = sampledVocabInit(backbone.wordEmbeddings, 2, rng);
    const pseudo = sampledVocabInit(backbone.wordEmbeddings, 3, rng);
    expect(rows(dual.standard.emb)).toEqual(rows(standard));
    expect(rows(dual.encoded.pseudo)).toEqual(rows(pseudo));
    tf.dispose([standard, pseudo]);
    method.dispose();
    model.dispose();
  });

  test("its parameter groups carry the standard part's, the encoder's and the head's own learning rates and decays", async () => {
    const { model, method } = await buildOn("xlmr", "dual", DUAL);
    const dual = method.pm.prompt as DualPrompt;
    const g = Object.fromEntries(method.groups.map((x) => [x.name, x]));
    expect(method.groups.map((x) => x.name)).toEqual(["prompt", "encoder", "head"]);
    expect([g.prompt.lr, g.prompt.weightDecay, g.prompt.vars]).toEqual([5e-3, 0, [dual.standard.emb]]);
    expect([g.encoder.lr, g.encoder.weightDecay, g.encoder.vars]).toEqual([5e-5, 0.1, dual.encoded.trainable()]);
    expect([g.head.lr, g.head.weightDecay]).toEqual([5e-5, 0.1]);
    method.dispose();
    model.dispose();
  });

  test.each([0, 1, 1.5, -0.3, "0.7", null])("xpeShare %p is refused, naming the field", (xpeShare) => {
    expect(specError("dual", { ...DUAL, xpeShare })).toMatch(
      /methods\[0\]\.params\.xpeShare: expected a number strictly between 0 and 1/,
    );
  });

  test("an xpeShare that leaves a part without tokens is refused, naming the field and the counts", async () => {
    expect(specError("dual", { ...DUAL, promptLength: 4, xpeShare: 0.1 })).toMatch(
      /params\.xpeShare: 0\.1 of promptLength 4 gives 0 XPE and 4 standard tokens/,
    );
    expect(specError("dual", { ...DUAL, promptLength: 4, xpeShare: 0.9 })).toMatch(
      /params\.xpeShare: 0\.9 of promptLength 4 gives 4 XPE and 0 standard tokens/,
    );
  });

  test("its encoder's learning rate is required; xpe refuses one, saying lr.prompt is its encoder's", async () => {
    expect(specError("dual", { ...DUAL, lr: { prompt: 5e-3 } })).toMatch(/params\.lr\.encoder: missing/);
    expect(specError("xpe", { ...DUAL, xpeShare: undefined })).toMatch(
      /params\.lr\.encoder: only dual .*xpe's prompt encoder .* trains with lr\.prompt/,
    );
  });

  test("cache() gives the prompt of training mode, computed once", async () => {
    const { model, method } = await buildOn("xlmr", "dual", DUAL);
    expectCachedOnce(method);
    method.dispose();
    model.dispose();
  });
});

/** After cacheForInference, the prompt is training mode's, one kept tensor that reading makes no more of. */
function expectCachedOnce(method: PromptTuning) {
  const before = tf.tidy(() => rows(method.pm.prompt.value()));
  method.cacheForInference();
  const n = tf.memory().numTensors;
  expect(rows(method.pm.prompt.value())).toEqual(before);
  expect(method.pm.prompt.value()).toBe(method.pm.prompt.value());
  expect(tf.memory().numTensors).toBe(n);
}

describe("spt with residual reparameterization", () => {
  test("its prompt is P + LayerNorm(W_up ReLU(W_down P + b_down) + b_up), as computed by hand", async () => {
    const P = [
      [0.5, -1, 2],
      [0, 0.25, -0.5],
    ];
    const Wd = [
      [1, -1],
      [0.5, 2],
      [-1, 0.5],
    ]; // d x m, applied as P Wd
    const bd = [0.1, -0.2];
    const Wu = [
      [1, 0, -1],
      [2, -1, 0.5],
    ]; // m x d
    const bu = [0, 0.3, -0.1];
    const g = [1, 2, 0.5], b = [0.1, 0, -0.2];
    const r = new ResidualPrompt(new SoftPrompt(tf.tensor2d(P)), 3, 2, new Rng(1));
    r.down.w.assign(tf.tensor2d(Wd));
    r.down.b.assign(tf.tensor1d(bd));
    r.up.w.assign(tf.tensor2d(Wu));
    r.up.b.assign(tf.tensor1d(bu));
    r.ln.g.assign(tf.tensor1d(g));
    r.ln.b.assign(tf.tensor1d(b));
    const expected = P.map((p) => {
      const h = [0, 1].map((j) => Math.max(0, p[0] * Wd[0][j] + p[1] * Wd[1][j] + p[2] * Wd[2][j] + bd[j]));
      const y = [0, 1, 2].map((k) => h[0] * Wu[0][k] + h[1] * Wu[1][k] + bu[k]);
      const mean = (y[0] + y[1] + y[2]) / 3;
      const variance = y.reduce((s, x) => s + (x - mean) ** 2, 0) / 3;
      return y.map((x, k) => p[k] + ((x - mean) / Math.sqrt(variance + 1e-5)) * g[k] + b[k]);
    });
    const got = tf.tidy(() => rows(r.value()));
    got.forEach((row, i) => row.forEach((x, k) => expect(x).toBeCloseTo(expected[i][k], 5)));
    r.dispose();
  });

  test("gradients reach the prompt, W_down, b_down, W_up, b_up and the LayerNorm", async () => {
    const r = new ResidualPrompt(
      new SoftPrompt(tf.randomNormal([3, 4], 0, 1, "float32", 1) as tf.Tensor2D),
      4,
      5,
      new Rng(2),
    );
    const weights = tf.randomNormal([3, 4], 0, 1, "float32", 3); // a plain sum of a LayerNorm's output has no gradient
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(r.value(), weights)) as tf.Scalar, r.trainable());
    expect(r.trainable().map((v) => v.shape)).toEqual([[3, 4], [4, 5], [5], [5, 4], [4], [4], [4]]);
    for (const v of r.trainable()) {
      expect(tf.tidy(() => tf.max(tf.abs(grads[v.name])).dataSync()[0]), `gradient of ${v.shape}`).toBeGreaterThan(0);
    }
    tf.dispose([value, weights, ...Object.values(grads)]);
    r.dispose();
  });

  test("cache() gives the prompt of training mode, computed once", async () => {
    const { model, method } = await buildOn("xlmr", "spt", RESIDUAL);
    expect(method.pm.prompt).toBeInstanceOf(ResidualPrompt);
    expectCachedOnce(method);
    method.dispose();
    model.dispose();
  });

  test("training steps leave no tensor behind, and dispose frees everything it made", async () => {
    const start = tf.memory().numTensors;
    const { model, method, data } = await buildOn("xlmr", "spt", RESIDUAL);
    const opt = new AdamW(method.groups);
    const vars = method.groups.flatMap((g) => g.vars);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => method.loss(data), vars);
        opt.step(new Map(vars.map((v) => [v, grads[v.name]])), 1);
        value.dispose();
      });
    step();
    const after1 = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(after1);
    method.cacheForInference();
    opt.dispose();
    method.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  test("the prompt's initialisation is plain SPT's (same draws), the MLP's drawn after it", async () => {
    const plain = await buildOn(
      "xlmr",
      "spt",
      { ...RESIDUAL, reparameterization: undefined, bottleneck: undefined },
      9,
    );
    const residual = await buildOn("xlmr", "spt", RESIDUAL, 9);
    const inner = (residual.method.pm.prompt as ResidualPrompt).inner;
    expect(tf.tidy(() => rows(inner.value()))).toEqual(tf.tidy(() => rows(plain.method.pm.prompt.value())));
    for (const x of [plain, residual]) {
      x.method.dispose();
      x.model.dispose();
    }
  });

  test('"none" or absent builds plain SPT, and the checked parameters gain no field', async () => {
    const params = { promptLength: 3, freezeBackbone: true, head: "verbalizer", lr: { prompt: 0.05 } };
    expect(checkMethodParams("spt", params, "p", "s")).toEqual(params);
    for (const p of [params, { ...params, reparameterization: "none" }]) {
      const { model, method } = await buildOn("xlmr", "spt", p);
      expect(method.pm.prompt).toBeInstanceOf(SoftPrompt);
      method.dispose();
      model.dispose();
    }
  });

  test("residual without a bottleneck, a bottleneck without residual, and an unknown kind are refused, naming the field", async () => {
    expect(specError("spt", { ...RESIDUAL, bottleneck: undefined })).toMatch(
      /methods\[0\]\.params\.bottleneck: missing: reparameterization "residual" needs/,
    );
    expect(specError("spt", { ...RESIDUAL, reparameterization: "none" })).toMatch(
      /methods\[0\]\.params\.bottleneck: only with reparameterization "residual"/,
    );
    expect(specError("spt", { ...RESIDUAL, reparameterization: "lstm" })).toMatch(
      /methods\[0\]\.params\.reparameterization: expected one of "none", "residual"/,
    );
    expect(specError("spt", { ...RESIDUAL, bottleneck: 0 })).toMatch(
      /methods\[0\]\.params\.bottleneck: expected a positive integer/,
    );
    expect(specError("xpe", { ...RESIDUAL, head: "classifier" })).toMatch(/params\.reparameterization: unknown field/);
  });
});

describe.each([
  ["dual on xlmr", "xlmr", "dual", { ...DUAL, lr: { prompt: 1e-3, encoder: 1e-3, head: 1e-3 } }],
  ["residual spt on xlmr", "xlmr", "spt", RESIDUAL],
  ["residual spt on bloom", "bloom", "spt", RESIDUAL],
])("%s", (_name, arch, id, params) => {
  test("a few full-batch steps lower the loss", async () => {
    const { model, method, data } = await buildOn(arch as string, id as string, params as Record<string, unknown>);
    const fullLoss = () => tf.tidy(() => crossEntropy(method.logits(data), data.map((e) => e.label)).dataSync()[0]);
    const before = fullLoss();
    await train(method, { train: data, dev: data }, {
      batchSize: data.length,
      maxSteps: 3,
      evalEvery: 1000,
      maxLength: 24,
      optimizer: "adamw",
      schedule: { type: "constant" },
    }, 3);
    expect(fullLoss()).toBeLessThan(before);
    method.dispose();
    model.dispose();
  });
});
