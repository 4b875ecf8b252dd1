import type { TrainingConfig } from "../../core/spec.ts";
// What the method tests share: the tiny checkpoint, a five-class toy task and
// the build context a cell would give a method.
import { Rng } from "../../core/rng.ts";
import type { Example } from "../../datasets/example.ts";
import type { ParallelPair } from "../../datasets/parallel.ts";
import { loadTranslations } from "../../datasets/translations.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import type { Backbone } from "../../models/backbone.ts";
import type { TextTokenizer } from "../../models/tokenizer.ts";
import { XlmrModel, type XlmrWeights } from "../../models/xlmr.ts";
import { parseXlmrConfig, XLMR_BASE_SHAPE, xlmrConfigJson } from "../../models/config.ts";
import type { BuildContext, LoadedExtra, Method } from "../../methods/method.ts";
import { buildMethod } from "../../methods/registry.ts";
import { makeTinyDecoderDir, TINY_BLOOM, TINY_TEXTS, TINY_XGLM } from "../helpers/tiny-model.ts";
import type { Hookable } from "../../models/hooks.ts";
import { parseXglmConfig, randomXglmTensors } from "../../models/xglm.ts";
import { parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";

/** MARC's own label words and template, so the translations file applies. */
export const WORDS = ["bad", "fine", "funny", "perfect", "wonderful"];
export const TEMPLATE = "It's <mask>. {text}";
export const EXAMPLES: Example[] = TINY_TEXTS.map((text, i) => ({ id: String(i), text, label: i % 5 }));

export const UNI = {
  lr: 0.01,
  template: TEMPLATE,
  towerLayers: 1,
  templateTower: { init: "backbone" },
  labelWords: "soft-mask-mean",
};

/** Each method of UniPrompt's tables with small parameters for the tiny checkpoint. */
export const CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  finetune: { method: "finetune", params: { lr: 0.01 } },
  "english-prompt": { method: "english-prompt", params: { lr: 0.01, template: TEMPLATE } },
  "translation-prompt": { method: "translation-prompt", params: { lr: 0.01, template: TEMPLATE } },
  "soft-prompt": { method: "soft-prompt", params: { lr: 0.01, template: "<prompt> <mask>. {text}", promptLength: 2 } },
  uniprompt: { method: "uniprompt", params: UNI },
  "uniprompt (discrete labels)": { method: "uniprompt", params: { ...UNI, labelWords: "discrete" } },
  "uniprompt (soft labels from the MLM head)": { method: "uniprompt", params: { ...UNI, labelWords: "soft-lm-head" } },
  "uniprompt (random template tower, random soft labels)": {
    method: "uniprompt",
    params: { ...UNI, templateTower: { init: "random" }, labelWords: "soft-random" },
  },
  "spt w/ MF": {
    method: "spt",
    params: { promptLength: 3, freezeBackbone: true, head: "verbalizer", lr: { prompt: 0.05 } },
  },
};

export function context(
  model: Backbone,
  tokenizer: TextTokenizer,
  params: unknown,
  extras: LoadedExtra[] = [],
  seed = 3,
): BuildContext<unknown> {
  return {
    backbone: model,
    tokenizer,
    params,
    numClasses: 5,
    labelWords: WORDS,
    translations: loadTranslations("marc", 5) ?? undefined,
    maxLength: 40,
    train: EXAMPLES.map((example) => ({ example, lang: "en" })),
    task: "single-text",
    parallel: [],
    extras,
    rng: new Rng(seed),
  };
}

/** Text pairs (XNLI-like, three classes) for the methods of MPT's tables, with a toy parallel corpus. */
export const SUFFIX = "{text} . {text2} ? <prompt> <mask> .";
export const SP = { lr: 0.01, template: SUFFIX, promptLength: 3 };
export const MPT = { ...SP, translator: "linear-2", alpha: 0.5, corpus: { id: "paws-x", size: 8 } };
export const PCT = { lr: 0.01, template: "{text} . Question: {text2} ? Answer: <mask> ." };
export const PAIRS: Example[] = TINY_TEXTS.map((text, i) => ({
  id: String(i),
  text,
  text2: TINY_TEXTS[(i + 3) % TINY_TEXTS.length],
  label: i % 3,
}));
export const PARALLEL: ParallelPair[] = PAIRS.map((source, i) => ({
  source,
  target: PAIRS[(i + 1) % PAIRS.length],
  lang: i % 2 ? "de" : "zh",
}));

export const PAIR_CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  sp: { method: "sp", params: SP },
  mpt: { method: "mpt", params: MPT },
  "mpt, frozen backbone": { method: "mpt", params: { ...MPT, freezeBackbone: true } },
  "mpt w/o prompt translator": { method: "mpt", params: { ...MPT, translator: "none" } },
  pct: { method: "pct", params: PCT },
};

/** The tiny checkpoint and a method built on it. */
export async function build(
  dir: string,
  c: { method: string; params: unknown },
  seed = 3,
): Promise<{ model: XlmrModel; tokenizer: TextTokenizer; method: Method }> {
  const { model, tokenizer } = loadCheckpoint(dir);
  return {
    model: model as XlmrModel,
    tokenizer,
    method: await buildMethod(c.method, context(model as XlmrModel, tokenizer, c.params, [], seed)),
  };
}

export type Decoder = Backbone & Hookable;
export type Arch = "XGLM" | "BLOOM";

/** The tiny decoders' checkpoint folders (random weights, the tiny tokenizer). */
export function decoderDirs(): Record<Arch, string> {
  return {
    XGLM: makeTinyDecoderDir(TINY_XGLM, randomXglmTensors(parseXglmConfig({ ...TINY_XGLM }, "x"), 21)),
    BLOOM: makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 22)),
  };
}

/** A method built on a tiny decoder as a cell builds it; `tokenizerOf` may change what the method is given. */
export async function buildOn(
  dir: string,
  c: { method: string; params: unknown },
  seed = 3,
  tokenizerOf: (t: TextTokenizer) => TextTokenizer = (t) => t,
): Promise<{ model: Decoder; tokenizer: TextTokenizer; method: Method }> {
  const { model, tokenizer } = loadCheckpoint(dir);
  const backbone = model as Decoder;
  return {
    model: backbone,
    tokenizer,
    method: await buildMethod(c.method, context(backbone, tokenizerOf(tokenizer), c.params, [], seed)),
  };
}

/** Three training steps on the toy batch, with dropout: what the parameter tests train with. */
export const TOY_TRAINING: TrainingConfig = {
  batchSize: 4,
  maxSteps: 3,
  evalEvery: 100,
  maxLength: 40,
  optimizer: "adamw",
  schedule: { type: "constant" },
  dropout: 0.1,
};

/**
 * A weightless stand-in of XLM-R base's shape (L 12, d 768, d_ff 3072): enough for the methods that read only the
 * config and the layer count before cacheForInference, so a count on it is of the variables a real build makes.
 */
export function xlmrBaseStandIn(): XlmrModel {
  const config = parseXlmrConfig(
    xlmrConfigJson(XLMR_BASE_SHAPE),
    "xlm-roberta-base shape",
  );
  return new XlmrModel(config, { layers: Array.from({ length: 12 }, () => ({})) } as unknown as XlmrWeights);
}
