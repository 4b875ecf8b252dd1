// Every method of UniPrompt's and MPT's tables trains on the smoke profile's backbone
// (the shipped embedded model) and the authors' own 16-shot English split:
// its loss on the training set falls. The English dev accuracy each reaches is
// printed next to chance and the majority rate: the backbone is 2.9M
// parameters pretrained on SIB-200 and UDHR text, never on reviews, so the
// point is that the method trains, not its score. Uses the shared mirror.
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { classCounts, type Example } from "../../datasets/example.ts";
import { datasetOf } from "../../datasets/registry.ts";
import { Rng } from "../../core/rng.ts";
import { loadTranslations } from "../../datasets/translations.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { accuracyOf } from "../../methods/evaluate.ts";
import { trainableCount } from "../../methods/method.ts";
import { buildMethod } from "../../methods/registry.ts";
import { train } from "../../methods/train.ts";
import { crossEntropy } from "../../methods/losses.ts";
import { corpusOf, type ParallelPair } from "../../datasets/parallel.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const BACKBONE = join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4");
const TEMPLATE = "It's <mask>. {text}";
const UNI = {
  lr: 3e-4,
  template: TEMPLATE,
  towerLayers: 3,
  templateTower: { init: "backbone" },
  labelWords: "soft-mask-mean",
};
const METHODS: [string, string, Record<string, unknown>][] = [
  ["Vanilla Finetune", "finetune", { lr: 3e-4 }],
  ["Translation Prompt", "translation-prompt", { lr: 3e-4, template: TEMPLATE }],
  ["English Prompt", "english-prompt", { lr: 3e-4, template: TEMPLATE }],
  ["Soft Prompt", "soft-prompt", { lr: 3e-4, template: "<prompt> <mask>. {text}", promptLength: 2 }],
  ["UniPrompt", "uniprompt", UNI],
  ["UniPrompt, random template tower", "uniprompt", { ...UNI, templateTower: { init: "random" } }],
  ["UniPrompt, discrete labels", "uniprompt", { ...UNI, labelWords: "discrete" }],
  ["UniPrompt, soft labels random", "uniprompt", { ...UNI, labelWords: "soft-random" }],
  ["UniPrompt, soft labels from the MLM head", "uniprompt", { ...UNI, labelWords: "soft-lm-head" }],
];

let data: { train: Example[]; dev: Example[] };
beforeAll(async () => {
  await initBackend();
  if (!HAS_MIRROR) return;
  const s = await datasetOf("marc").sourceSplits({ lang: "en", seed: 13, trainShots: 16, devShots: "given" }, {
    mirrors: [MIRROR],
    cacheDir: tempDir("xlt-smoke-train-"),
  });
  data = { train: s.train.examples, dev: s.dev.examples };
});

describe.skipIf(!HAS_MIRROR)("on the smoke backbone and MARC's 16-shot English split (uses the shared mirror)", () => {
  test.each(METHODS)("%s: the training loss falls", async (label, id, params) => {
    const { model, tokenizer } = loadCheckpoint(BACKBONE);
    const method = await buildMethod(id, {
      backbone: model,
      tokenizer,
      params,
      numClasses: 5,
      labelWords: ["bad", "fine", "funny", "perfect", "wonderful"],
      translations: loadTranslations("marc", 5)!,
      maxLength: 48,
      train: data.train.map((example) => ({ example, lang: "en" })),
      task: "single-text",
      parallel: [],
      extras: [],
      rng: new Rng(1),
    });
    const tr = data.train.map((e) => method.encode(e, "en"));
    const dev = data.dev.map((e) => method.encode(e, "en"));
    const lossOnTrain = () => tf.tidy(() => method.loss(tr).dataSync()[0]);
    const before = lossOnTrain();
    await train(method, { train: tr, dev }, {
      batchSize: 8,
      maxSteps: 20,
      evalEvery: 10,
      maxLength: 48,
      optimizer: "adamw",
      schedule: { type: "linear", warmupRatio: 0 },
      gradClip: 1,
      dropout: 0.1,
    }, 13);
    const after = lossOnTrain();
    const acc = (await accuracyOf(method, dev)).accuracy * 100;
    const counts = classCounts(data.dev, 5);
    console.log(
      `[smoke] ${label}: training loss ${before.toFixed(3)} -> ${after.toFixed(3)}; English dev accuracy ${
        acc.toFixed(1)
      }% (chance 20.0%, majority ${((100 * Math.max(...counts)) / data.dev.length).toFixed(1)}%); ${
        trainableCount(method).toLocaleString("en")
      } trainable parameters`,
    );
    expect(after).toBeLessThan(before);
    method.dispose();
    model.dispose();
  }, 120_000);
});

// MPT's table methods on XNLI: 16 English pairs per class drawn from the dev set, the PAWS-X stand-in corpus.
const SUFFIX = "{text} . {text2} ? <prompt> <mask> .";
const MPT = {
  lr: 3e-4,
  template: SUFFIX,
  promptLength: 4,
  translator: "linear-2",
  alpha: 0.5,
  corpus: { id: "paws-x", size: 64 },
};
const XNLI_METHODS: [string, string, Record<string, unknown>][] = [
  ["FT", "finetune", { lr: 3e-4 }],
  ["SP", "sp", { lr: 3e-4, template: SUFFIX, promptLength: 4 }],
  ["PCT", "pct", { lr: 3e-4, template: "{text} . Question: {text2} ? Answer: <mask> ." }],
  ["MPT", "mpt", MPT],
  ["MPT w/o prompt translator", "mpt", { ...MPT, translator: "none" }],
];

let nli: { train: Example[]; dev: Example[]; parallel: ParallelPair[] };
beforeAll(async () => {
  if (!HAS_MIRROR) return;
  const fetch = { mirrors: [MIRROR], cacheDir: tempDir("xlt-smoke-xnli-") };
  const s = await datasetOf("xnli").sourceSplits({ lang: "en", seed: 1, trainShots: 16, devShots: 16 }, fetch);
  nli = {
    train: s.train.examples,
    dev: s.dev.examples,
    parallel: (await corpusOf("paws-x").load({ size: 64, seed: 0 }, fetch)).pairs,
  };
});

describe.skipIf(!HAS_MIRROR)(
  "on the smoke backbone and 16 English XNLI pairs per class (uses the shared mirror)",
  () => {
    test.each(XNLI_METHODS)("%s: the training loss falls", async (label, id, params) => {
      const { model, tokenizer } = loadCheckpoint(BACKBONE);
      const method = await buildMethod(id, {
        backbone: model,
        tokenizer,
        params,
        numClasses: 3,
        labelWords: ["yes", "maybe", "no"],
        translations: loadTranslations("xnli", 3, "text-pair")!,
        maxLength: 64,
        train: nli.train.map((example) => ({ example, lang: "en" })),
        task: "text-pair",
        parallel: nli.parallel,
        extras: [],
        rng: new Rng(1),
      });
      const tr = nli.train.map((e) => (method.encodeTrain ?? method.encode).call(method, e, "en"));
      const dev = nli.dev.map((e) => method.encode(e, "en"));
      // the method's own loss on the training set; for MPT its task cross-entropy (its full loss draws a new parallel batch each time)
      const ceOnTrain = () =>
        tf.tidy(() =>
          (id === "mpt" ? crossEntropy(method.logits(tr), tr.map((r) => r.label)) : method.loss(tr)).dataSync()[0]
        );
      const before = ceOnTrain();
      await train(method, { train: tr, dev }, {
        batchSize: 8,
        maxSteps: 20,
        evalEvery: 10,
        maxLength: 64,
        optimizer: "adamw",
        schedule: { type: "constant" },
        dropout: 0.1,
      }, 1);
      const after = ceOnTrain();
      const acc = (await accuracyOf(method, dev)).accuracy * 100;
      console.log(
        `[smoke] ${label}: training ${id === "mpt" ? "cross-entropy" : "loss"} ${before.toFixed(3)} -> ${
          after.toFixed(3)
        }; English dev accuracy ${acc.toFixed(1)}% (chance and majority 33.3%); ${
          trainableCount(method).toLocaleString("en")
        } trainable parameters`,
      );
      expect(after).toBeLessThan(before);
      method.dispose();
      model.dispose();
    }, 180_000);
  },
);
