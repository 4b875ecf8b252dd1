// Methods as a plain registry: id -> a builder of the method from the spec's
// (checked) parameters and what the cell provides. What specs may say about a
// method lives in params.ts under the same ids. A builder owns nothing global,
// so cells stay independent. Adding a method touches both files and its module.
import type { PromptTuningParams } from "../core/spec.ts";
import type { tf } from "../models/backend.ts";
import { DiscretePrompt, type DiscretePromptParams } from "./discrete-prompt.ts";
import { asEncoder, trainable } from "./encoder.ts";
import { Finetune, type FinetuneParams } from "./finetune.ts";
import { ClassifierHead, VerbalizerHead, verbalizerIds, type Head } from "./heads.ts";
import type { BuildContext, Method } from "./method.ts";
import type { ParamGroup } from "./optim.ts";
import { dualSplit, methodInfo } from "./params.ts";
import { PromptModel } from "./prompt-model.ts";
import { DualPrompt, EncodedPrompt, ResidualPrompt, sampledVocabInit, SoftPrompt, type PromptSource } from "./prompts.ts";
import { PromptTuning } from "./prompt-tuning.ts";
import { SoftTemplate, type SoftTemplateParams } from "./soft-template.ts";
import { UniPrompt, type UniPromptParams } from "./uniprompt.ts";
import { PromptTranslator, type MptParams, type SoftPromptParams } from "./prompt-translator.ts";
import { Pct, type PctParams } from "./pct.ts";

/**
 * A backbone with a soft prompt (from `prompt`) and a classifier or verbalizer head, as SPT, XPE and DUAL share it.
 * Groups: "prompt" (lr.prompt: SPT's vectors and their reparameterization MLP; XPE's pseudo-prompt and encoder),
 * "encoder" (DUAL only: lr.encoder for its encoded part), "head", "backbone" (unless frozen).
 */
function promptTuning(c: BuildContext<PromptTuningParams>, prompt: PromptSource, encoderPart: tf.Variable[] = []): Method {
  const p = c.params;
  let head: Head;
  if (p.head === "classifier") head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
  else head = new VerbalizerHead(c.backbone, verbalizerIds(c.labelWords, (w) => c.tokenizer.tokenIds(w)));
  const wd = p.weightDecay ?? {};
  const own = prompt.trainable().filter((v) => !encoderPart.includes(v));
  const groups: ParamGroup[] = [{ name: "prompt", vars: own, lr: p.lr.prompt, weightDecay: wd.prompt ?? 0 }];
  if (encoderPart.length) groups.push({ name: "encoder", vars: encoderPart, lr: p.lr.encoder ?? p.lr.prompt, weightDecay: wd.encoder ?? 0 });
  if (head.trainable().length) groups.push({ name: "head", vars: head.trainable(), lr: p.lr.head ?? p.lr.prompt, weightDecay: wd.head ?? 0 });
  if (!p.freezeBackbone) groups.push({ name: "backbone", vars: trainable(c.backbone.variables()), lr: p.lr.backbone ?? p.lr.prompt, weightDecay: wd.backbone ?? 0 });
  const pm = new PromptModel(c.backbone, prompt, head, c.tokenizer.padId, groups, p.head === "classifier");
  return new PromptTuning(pm, c.tokenizer, c.maxLength, PromptTuning.maskSlot(c.backbone, p.head));
}

/** XPE's encoded prompt of `length` tokens: its pseudo-prompt drawn from the vocabulary, then its MLP's layers, from the cell's rng in that order. */
function encodedPrompt(c: BuildContext<PromptTuningParams>, length: number): EncodedPrompt {
  return new EncodedPrompt(sampledVocabInit(c.backbone.wordEmbeddings, length, c.rng), c.params.encoderLayers ?? 2, c.params.encoderHidden ?? c.backbone.hidden, c.rng);
}

/** SPT's prompt, drawn from the vocabulary as Lester et al.; with `reparameterization: "residual"` then its MLP (W_down, b_down, W_up, b_up). */
function sptPrompt(c: BuildContext<PromptTuningParams>): PromptSource {
  const soft = new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng));
  if ((c.params.reparameterization ?? "none") === "none") return soft;
  return new ResidualPrompt(soft, c.backbone.hidden, c.params.bottleneck!, c.rng);
}

/** DUAL: the standard part drawn first, then the encoded part (pseudo-prompt, then MLP), all from the cell's rng; then the head. */
function dual(c: BuildContext<PromptTuningParams>): Method {
  const split = dualSplit(c.params.promptLength, c.params.xpeShare!);
  if (!split) throw new Error(`dual: params.xpeShare ${c.params.xpeShare} of promptLength ${c.params.promptLength} leaves a part without tokens`);
  const standard = new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, split.standard, c.rng));
  const encoded = encodedPrompt(c, split.encoded);
  return promptTuning(c, new DualPrompt(standard, encoded), encoded.trainable());
}

const sources = (c: BuildContext<unknown>) => [...new Set(c.train.map((t) => t.lang))];
const inputs = (c: BuildContext<unknown>) => (c.task === "text-pair" ? (["text", "text2"] as const) : (["text"] as const));

type Builder<P> = (c: BuildContext<P>) => Method | Promise<Method>;
// deno-lint-ignore no-explicit-any
const builder = <P>(b: Builder<P>): Builder<any> => b;

export const METHODS: Record<string, Builder<unknown>> = {
  spt: builder<PromptTuningParams>((c) => promptTuning(c, sptPrompt(c))),
  xpe: builder<PromptTuningParams>((c) => promptTuning(c, encodedPrompt(c, c.params.promptLength))),
  dual: builder<PromptTuningParams>(dual),
  finetune: builder<FinetuneParams>((c) => new Finetune(asEncoder(c.backbone, "finetune"), c.tokenizer, new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng), c.maxLength, c.params)),
  "english-prompt": builder<DiscretePromptParams>((c) => new DiscretePrompt(asEncoder(c.backbone, "english-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), null, "english-prompt")),
  "translation-prompt": builder<DiscretePromptParams>((c) => {
    if (!c.translations) throw new Error("translation-prompt: the cell's dataset has no translations file (datasets/translations/<dataset>.json)");
    return new DiscretePrompt(asEncoder(c.backbone, "translation-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), c.translations, "translation-prompt");
  }),
  "soft-prompt": builder<SoftTemplateParams>((c) => new SoftTemplate(asEncoder(c.backbone, "soft-prompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, c.rng)),
  sp: builder<SoftPromptParams>((c) => new PromptTranslator(asEncoder(c.backbone, "sp"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), [...inputs(c)], [], c.rng, "sp")),
  mpt: builder<MptParams>((c) => new PromptTranslator(asEncoder(c.backbone, "mpt"), c.tokenizer, c.maxLength, c.params, c.labelWords, sources(c), [...inputs(c)], c.parallel, c.rng, "mpt")),
  pct: builder<PctParams>((c) => {
    if (!c.translations) throw new Error("pct: the cell's dataset has no translations file (datasets/translations/<dataset>.json) to take the cross-lingual templates from");
    return new Pct(asEncoder(c.backbone, "pct"), c.tokenizer, c.maxLength, c.params, c.labelWords, c.translations, [...inputs(c)], c.rng);
  }),
  uniprompt: builder<UniPromptParams>((c) => UniPrompt.create(asEncoder(c.backbone, "uniprompt"), c.tokenizer, c.maxLength, c.params, c.labelWords, c.train, c.numClasses, c.extras, c.rng)),
};

/** Build a method; its parameters are checked by its entry in params.ts first. Asynchronous: a builder may read from the device. */
export async function buildMethod(id: string, c: BuildContext<unknown>): Promise<Method> {
  const info = methodInfo(id);
  const build = METHODS[id];
  if (!build) throw new Error(`method "${id}" has parameters in methods/params.ts but no builder in methods/registry.ts`);
  return await build({ ...c, params: info.params(c.params, "params", id) });
}
