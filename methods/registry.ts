// Methods as a plain registry: id -> title, a checker of the spec's parameters,
// the extra checkpoints it loads, and a builder. A builder owns nothing global,
// so cells stay independent. Adding a method touches this file and its module.
import { backboneRef } from "../bench/spec/backbone-ref.ts";
import { bool, nonNeg, obj, oneOf, optional, posInt, positive, str, tagged, SpecError, type Checker } from "../bench/spec/check.ts";
import type { BackboneRef, MethodParams } from "../bench/spec/types.ts";
import { DiscretePrompt, type DiscretePromptParams } from "./discrete-prompt.ts";
import { asEncoder } from "./encoder.ts";
import { Finetune, type FinetuneParams } from "./finetune.ts";
import { ClassifierHead, VerbalizerHead, verbalizerIds, type Head } from "./heads.ts";
import type { BuildContext, Method, MethodDef } from "./method.ts";
import type { ParamGroup } from "./optim.ts";
import { PromptModel } from "./prompt-model.ts";
import { EncodedPrompt, sampledVocabInit, SoftPrompt, type PromptSource } from "./prompts.ts";
import { PromptTuning } from "./prompt-tuning.ts";
import { SoftTemplate, type SoftTemplateParams } from "./soft-template.ts";
import { UniPrompt, type UniPromptParams } from "./uniprompt.ts";

const groupNumbers = { prompt: optional(nonNeg), head: optional(nonNeg), backbone: optional(nonNeg) };
const promptTuningParams = obj({
  promptLength: posInt,
  freezeBackbone: bool,
  head: oneOf("classifier", "verbalizer"),
  lr: obj({ prompt: positive, head: optional(positive), backbone: optional(positive) }),
  weightDecay: optional(obj(groupNumbers)),
  encoderLayers: optional(posInt),
  encoderHidden: optional(posInt),
}) as Checker<MethodParams>;

/** A backbone with a soft prompt (from `prompt`) and a classifier or verbalizer head, as SPT and XPE share it. */
function promptTuning(c: BuildContext<MethodParams>, prompt: PromptSource): Method {
  const p = c.params;
  let head: Head;
  if (p.head === "classifier") head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
  else head = new VerbalizerHead(c.backbone, verbalizerIds(c.labelWords, (w) => c.tokenizer.tokenIds(w)));
  const wd = p.weightDecay ?? {};
  const groups: ParamGroup[] = [{ name: "prompt", vars: prompt.trainable(), lr: p.lr.prompt, weightDecay: wd.prompt ?? 0 }];
  if (head.trainable().length) groups.push({ name: "head", vars: head.trainable(), lr: p.lr.head ?? p.lr.prompt, weightDecay: wd.head ?? 0 });
  if (!p.freezeBackbone) {
    for (const v of c.backbone.variables()) (v as { trainable: boolean }).trainable = true;
    groups.push({ name: "backbone", vars: c.backbone.variables(), lr: p.lr.backbone ?? p.lr.prompt, weightDecay: wd.backbone ?? 0 });
  }
  const pm = new PromptModel(c.backbone, prompt, head, c.tokenizer.padId, groups, p.head === "classifier");
  return new PromptTuning(pm, c.tokenizer, c.maxLength, PromptTuning.maskSlot(c.backbone, p.head));
}

const lrAndDecay = { lr: positive, weightDecay: optional(nonNeg) };
const template = str;

const uniPromptParams = obj({
  ...lrAndDecay,
  template,
  towerLayers: posInt,
  templateTower: tagged("init", {
    backbone: obj({ init: oneOf("backbone") }),
    random: obj({ init: oneOf("random") }),
    checkpoint: obj({ init: oneOf("checkpoint"), backbone: backboneRef }),
  }),
  labelWords: oneOf("soft-mask-mean", "soft-lm-head", "soft-random", "discrete"),
}) as Checker<UniPromptParams>;

const ENCODERS = ["xlm-roberta"] as const;
const sources = (c: BuildContext<unknown>) => [...new Set(c.train.map((t) => t.lang))];

/** Each entry typed by its own parameters, stored untyped: the registry checks parameters before a builder sees them. */
// deno-lint-ignore no-explicit-any
const entry = <P>(d: MethodDef<P>): MethodDef<any> => d;

export const METHODS: Record<string, MethodDef<unknown>> = {
  spt: entry({
    title: "Soft prompt tuning (Lester et al., 2021): a trained prefix (encoders) or suffix (decoders) of prompt vectors",
    params: promptTuningParams,
    trainsBackbone: (p) => !p.freezeBackbone,
    build: (c) => promptTuning(c, new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng))),
  }),
  xpe: entry({
    title: "Cross-prompt encoder (Mikaberidze et al., 2025): an MLP over pseudo-prompt embeddings, cached as a static prompt",
    params: promptTuningParams,
    trainsBackbone: (p) => !p.freezeBackbone,
    build: (c) =>
      promptTuning(c, new EncodedPrompt(sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng), c.params.encoderLayers ?? 2, c.params.encoderHidden ?? c.backbone.hidden, c.rng)),
  }),
  finetune: entry({
    title: "Vanilla fine-tuning (Devlin et al., 2019): a new classification head on <s>, every encoder weight trained",
    params: obj(lrAndDecay) as Checker<FinetuneParams>,
    architectures: ENCODERS,
    build: (c) => new Finetune(asEncoder(c.backbone, "finetune"), c.tokenizer, new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng), c.maxLength, c.params),
  }),
  "english-prompt": entry({
    title: "English Prompt (Lin et al., 2021): the English template and label words through the MLM head, for training and every target language; every weight trained",
    params: obj({ ...lrAndDecay, template }) as Checker<DiscretePromptParams>,
    architectures: ENCODERS,
    build: (c) => new DiscretePrompt(asEncoder(c.backbone, "english-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), null, "english-prompt"),
  }),
  "translation-prompt": entry({
    title: "Translation Prompt (Zhao and Schütze, 2021): trained with the English template and label words, tested with both translated into the target language; every weight trained",
    params: obj({ ...lrAndDecay, template }) as Checker<DiscretePromptParams>,
    architectures: ENCODERS,
    build: (c) => {
      if (!c.translations) throw new Error("translation-prompt: the cell's dataset has no translations file (datasets/translations/<dataset>.json)");
      return new DiscretePrompt(asEncoder(c.backbone, "translation-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), c.translations, "translation-prompt");
    },
  }),
  "soft-prompt": entry({
    title: "Soft Prompt: artificial template tokens with English label words through the MLM head; every weight trained",
    params: obj({ ...lrAndDecay, template, promptLength: posInt }) as Checker<SoftTemplateParams>,
    architectures: ENCODERS,
    build: (c) => new SoftTemplate(asEncoder(c.backbone, "soft-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, c.rng),
  }),
  uniprompt: entry({
    title: "UniPrompt (Huang et al., 2022): a two-tower prompt encoder (template and context towers, fusion tower) with soft label words initialised by Algorithm 1; every weight trained",
    params: uniPromptParams,
    architectures: ENCODERS,
    extraBackbones: (p): BackboneRef[] => (p.templateTower.init === "checkpoint" ? [p.templateTower.backbone] : []),
    build: (c) => new UniPrompt(asEncoder(c.backbone, "uniprompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, c.train, c.numClasses, c.extras, c.rng),
  }),
};

export function methodDef(id: string): MethodDef<unknown> {
  const d = METHODS[id];
  if (!d) throw new Error(`unknown method "${id}" (known: ${Object.keys(METHODS).join(", ")})`);
  return d;
}

/** Validate a method's parameters; errors are SpecErrors naming `path` in `source`. */
export function checkMethodParams(id: string, params: unknown, path: string, source: string): unknown {
  const d = METHODS[id];
  if (!d) throw new SpecError(source, path.replace(/\.params$/, ".method"), `unknown method ${JSON.stringify(id)} (known: ${Object.keys(METHODS).join(", ")})`);
  return d.params(params, path, source);
}

export function buildMethod(id: string, c: BuildContext<unknown>): Method {
  return methodDef(id).build(c);
}
