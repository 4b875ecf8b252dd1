import { beforeAll, describe, expect, test } from "bun:test";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import type { Backbone } from "../../models/backbone.ts";
import { parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { parseXglmConfig, randomXglmTensors } from "../../models/xglm.ts";
import { buildMethod } from "../../methods/registry.ts";
import { crossEntropy } from "../../methods/losses.ts";
import { train } from "../../methods/train.ts";
import type { PromptTuning, TokenExample } from "../../methods/prompt-tuning.ts";
import { makeTinyDecoderDir, makeTinyModelDir, TINY_BLOOM, TINY_TEXTS, TINY_XGLM } from "../helpers/tiny-model.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";

const dirs: Record<string, string> = {};
beforeAll(async () => {
  await initBackend();
  dirs.xlmr = makeTinyModelDir();
  dirs.xglm = makeTinyDecoderDir(TINY_XGLM, randomXglmTensors(parseXglmConfig({ ...TINY_XGLM }, "x"), 21));
  dirs.bloom = makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 22));
});

/** A frozen-backbone soft prompt with a verbalizer head on one of the tiny checkpoints. */
async function promptOn(arch: string, lr: number, labelWords: string[], seed: number) {
  const { model, tokenizer } = loadCheckpoint(dirs[arch]);
  const backbone = model as Backbone;
  const method = await buildMethod("spt", {
    backbone,
    tokenizer,
    params: { promptLength: 3, freezeBackbone: true, head: "verbalizer", lr: { prompt: lr } },
    numClasses: 2,
    labelWords,
    maxLength: 24,
    train: [],
    task: "single-text",
    parallel: [],
    extras: [],
    rng: new Rng(seed),
  }) as PromptTuning;
  // decoders read after the suffix prompt; the encoder reads a <mask> placed before </s>
  const ex = (t: string, label: number): TokenExample => method.encode({ id: t, text: t, label }, "en");
  return { model, pm: method, ex };
}

describe.each(["xlmr", "xglm", "bloom"])("soft prompt on %s", (arch) => {
  test("an example's logits do not depend on the other rows of its batch (padding is invisible)", async () => {
    const { model, pm, ex } = await promptOn(arch, 0.1, ["match", "travel"], 1);
    const short = ex("The match ended.", 0);
    const long = ex(TINY_TEXTS[1], 0);
    const alone = tf.tidy(() => pm.logits([short]).arraySync() as number[][])[0];
    const batched = tf.tidy(() => pm.logits([long, short]).arraySync() as number[][])[1];
    // a batch of two makes products of other shapes, whose sums a GEMM kernel may order otherwise
    expectWithin(
      `${arch} alone/in a batch`,
      alone,
      batched,
      networkTolerance({ layers: 2, longestSum: 4 * model.hidden, values: batched }),
    );
    pm.dispose();
    model.dispose();
  });

  test("one small full-batch step on the prompt lowers the loss (gradients reach it, with the right sign)", async () => {
    const { model, pm, ex } = await promptOn(arch, 0.001, ["match", "draw"], 2);
    const data = TINY_TEXTS.map((t, i) => ex(t, i % 2));
    const fullLoss = () => tf.tidy(() => crossEntropy(pm.logits(data), data.map((e) => e.label)).dataSync()[0]);
    const before = fullLoss();
    await train(pm, { train: data, dev: data }, {
      batchSize: 7,
      maxSteps: 1,
      evalEvery: 1000,
      maxLength: 24,
      optimizer: "adamw",
      schedule: { type: "constant" },
    }, 3);
    expect(fullLoss()).toBeLessThan(before);
    pm.dispose();
    model.dispose();
  });
});
