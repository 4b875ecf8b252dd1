// SPT on a frozen decoder runs its suffix prompt against cached prefix states
// (methods/prefix-cache.ts): the same logits and gradients as the full forward,
// a state per example computed once, none kept after training or with dropout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import type { Backbone } from "../../models/backbone.ts";
import { parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { parseXglmConfig, randomXglmTensors } from "../../models/xglm.ts";
import { buildMethod } from "../../methods/registry.ts";
import { crossEntropy } from "../../methods/losses.ts";
import { PromptModel } from "../../methods/prompt-model.ts";
import { prefixCacheBudget } from "../../methods/prefix-cache.ts";
import type { PromptTuning, TokenExample } from "../../methods/prompt-tuning.ts";
import type { PromptTuningParams } from "../../methods/prompt-tuning.ts";
import { makeTinyDecoderDir, makeTinyModelDir, TINY_BLOOM, TINY_TEXTS, TINY_XGLM } from "../helpers/tiny-model.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";

const dirs: Record<string, string> = {};
beforeAll(async () => {
  await initBackend();
  dirs.xlmr = makeTinyModelDir();
  dirs.xglm = makeTinyDecoderDir(TINY_XGLM, randomXglmTensors(parseXglmConfig({ ...TINY_XGLM }, "x"), 31));
  dirs.bloom = makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 32));
});

async function spt(arch: string, params: Partial<PromptTuningParams> = {}) {
  const { model, tokenizer } = loadCheckpoint(dirs[arch]);
  const method = (await buildMethod("spt", {
    backbone: model as Backbone,
    tokenizer,
    params: { promptLength: 3, freezeBackbone: true, head: "verbalizer", lr: { prompt: 0.1 }, ...params },
    numClasses: 2,
    labelWords: ["match", "travel"],
    maxLength: 24,
    train: [],
    task: "single-text",
    parallel: [],
    extras: [],
    rng: new Rng(4),
  })) as PromptTuning;
  const data = TINY_TEXTS.map((t, i): TokenExample => method.encode({ id: String(i), text: t, label: i % 2 }, "en"));
  // the same prompt and head, always through the full forward
  const pm = method.pm;
  const full = new PromptModel(pm.backbone, pm.prompt, pm.head, tokenizer.padId, pm.groups, pm.readsPromptFirst, {
    prefixCache: false,
  });
  return { model, method, pm, full, data };
}

const maxDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((r, i) => r.map((x, j) => Math.abs(x - b[i][j]))));
const logits = (m: PromptModel, batch: TokenExample[]) => tf.tidy(() => m.logits(batch).arraySync() as number[][]);
/** The cached and the full forward multiply matrices of other shapes: every layer's sums may run in another order. */
const sameAsFull = (what: string, m: PromptModel, a: number[][], b: number[][], backward = false) =>
  expectWithin(what, a, b, networkTolerance({ layers: 2, longestSum: 4 * m.backbone.hidden, values: b, backward }));

describe.each(["xglm", "bloom"])("SPT on a frozen %s", (arch) => {
  let s: Awaited<ReturnType<typeof spt>>;
  beforeAll(async () => {
    s = await spt(arch);
  });
  afterAll(() => {
    s.method.dispose();
    s.model.dispose();
  });

  test("runs through the prefix cache", () => {
    expect(s.pm.prefixes).not.toBeNull();
    expect(s.full.prefixes).toBeNull();
  });

  test("the same logits as the full forward within float32 tolerance, on rows of every length in one batch", () => {
    expect(new Set(s.data.map((e) => e.ids.length)).size).toBeGreaterThan(2);
    sameAsFull(`${arch} logits`, s.pm, logits(s.pm, s.data), logits(s.full, s.data));
  });

  test("the same prompt gradient as the full forward within float32 tolerance", () => {
    const grad = (m: PromptModel) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => crossEntropy(m.logits(s.data), s.data.map((e) => e.label)),
          m.trainable(),
        );
        return m.trainable().map((v) => grads[v.name].arraySync() as number[][]);
      });
    const a = grad(s.pm), b = grad(s.full);
    a.forEach((g, i) => sameAsFull(`${arch} gradient ${i}`, s.pm, g, b[i], true));
  });

  test("an example's state is computed once and reused, and a reused batch leaves no tensor behind", () => {
    const first = s.data.slice(0, 3), mixed = s.data.slice(1, 5);
    logits(s.pm, first);
    const held = s.pm.prefixes!.size;
    expect(held).toBeGreaterThanOrEqual(3);
    logits(s.pm, first);
    expect(s.pm.prefixes!.size).toBe(held);
    logits(s.pm, mixed);
    const tensors = tf.memory().numTensors;
    sameAsFull(`${arch} reused batch`, s.pm, logits(s.pm, mixed), logits(s.full, mixed));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe("when the prefix cache stores nothing", () => {
  test("with dropout, states are computed per batch and none is kept", async () => {
    const s = await spt("xglm");
    const run = (seed: number) =>
      tf.tidy(() => s.pm.logits(s.data, { rate: 0.3, rng: new Rng(seed) }).arraySync() as number[][]);
    const a = run(1), b = run(1), c = run(2);
    expect(s.pm.prefixes!.size).toBe(0);
    expect(maxDiff(a, b)).toBe(0);
    expect(maxDiff(a, c)).toBeGreaterThan(1e-4);
    s.method.dispose();
    s.model.dispose();
  });

  test("after training (cacheForInference) the states are freed and no more are kept", async () => {
    const s = await spt("bloom");
    logits(s.pm, s.data);
    expect(s.pm.prefixes!.size).toBe(s.data.length);
    const before = tf.memory().numTensors;
    s.method.cacheForInference();
    expect(s.pm.prefixes!.size).toBe(0);
    expect(tf.memory().numTensors).toBeLessThan(before);
    sameAsFull("bloom after cacheForInference", s.pm, logits(s.pm, s.data), logits(s.full, s.data));
    expect(s.pm.prefixes!.size).toBe(0);
    s.method.dispose();
    s.model.dispose();
  });

  test("beyond its byte budget, rows are computed per batch with the same logits", async () => {
    const s = await spt("xglm");
    const tight = new PromptModel(s.pm.backbone, s.pm.prompt, s.pm.head, 1, s.pm.groups, false, {
      prefixCacheBytes: 0,
    });
    sameAsFull("xglm beyond the budget", s.pm, logits(tight, s.data), logits(s.full, s.data));
    expect(tight.prefixes!.size).toBe(0);
    // and each batch computes its prefix once, not once to store and again to use
    const backbone = s.pm.backbone as unknown as { prefixState: (...a: unknown[]) => unknown };
    const real = backbone.prefixState;
    let calls = 0;
    backbone.prefixState = (...a: unknown[]) => (calls++, real.apply(backbone, a));
    try {
      for (let i = 0; i < 3; i++) logits(tight, s.data.slice(i, i + 2));
    } finally {
      backbone.prefixState = real;
    }
    expect(calls).toBe(3);
    s.method.dispose();
    s.model.dispose();
  });
});

describe("where the cache does not apply", () => {
  test("a trainable decoder and an encoder run the full forward", async () => {
    const open = await spt("xglm", { freezeBackbone: false });
    expect(open.pm.prefixes).toBeNull();
    open.method.dispose();
    open.model.dispose();
    const enc = await spt("xlmr");
    expect(enc.pm.prefixes).toBeNull();
    enc.method.dispose();
    enc.model.dispose();
  });

  test("XLT_PREFIX_CACHE_MB sets the budget and a bad value names the variable", () => {
    expect(prefixCacheBudget({})).toBe(1024 * 2 ** 20);
    expect(prefixCacheBudget({ XLT_PREFIX_CACHE_MB: "8" })).toBe(8 * 2 ** 20);
    expect(() => prefixCacheBudget({ XLT_PREFIX_CACHE_MB: "lots" })).toThrow("XLT_PREFIX_CACHE_MB");
  });
});
