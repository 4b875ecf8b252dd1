// Methods as a plain registry: id -> builder of a PromptModel from the spec's
// parameters. A builder owns nothing global, so cells stay independent.
import type { MethodParams } from "../bench/spec/types.ts";
import type { Rng } from "../datasets/rng.ts";
import { tf } from "../models/backend.ts";
import type { Backbone } from "../models/backbone.ts";
import { ClassifierHead, VerbalizerHead, type Head } from "./heads.ts";
import type { ParamGroup } from "./optim.ts";
import { PromptModel } from "./prompt-model.ts";
import { EncodedPrompt, sampledVocabInit, SoftPrompt, type PromptSource } from "./prompts.ts";

export interface BuildContext {
  backbone: Backbone;
  params: MethodParams;
  numClasses: number;
  padId: number;
  /** Required for the verbalizer head. */
  labelTokenIds?: number[][];
  rng: Rng;
}

type PromptBuilder = (c: BuildContext) => PromptSource;

const PROMPTS: Record<string, { title: string; build: PromptBuilder }> = {
  spt: {
    title: "Soft prompt tuning (Lester et al., 2021): a trained prefix of prompt vectors",
    build: (c) => new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng)),
  },
  xpe: {
    title: "Cross-prompt encoder (Mikaberidze et al., 2025): an MLP over pseudo-prompt embeddings, cached as a static prompt",
    build: (c) =>
      new EncodedPrompt(
        sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng),
        c.params.encoderLayers ?? 2,
        c.params.encoderHidden ?? c.backbone.hidden,
        c.rng,
      ),
  },
};

export const METHODS = Object.fromEntries(Object.entries(PROMPTS).map(([k, v]) => [k, v.title]));

export function buildMethod(method: string, c: BuildContext): PromptModel {
  const p = PROMPTS[method];
  if (!p) throw new Error(`unknown method "${method}" (known: ${Object.keys(PROMPTS).join(", ")})`);
  const prompt = p.build(c);
  let head: Head;
  if (c.params.head === "classifier") head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
  else {
    if (!c.labelTokenIds) throw new Error("the verbalizer head needs label words");
    head = new VerbalizerHead(c.backbone, c.labelTokenIds);
  }
  const wd = c.params.weightDecay ?? {};
  const groups: ParamGroup[] = [{ name: "prompt", vars: prompt.trainable(), lr: c.params.lr.prompt, weightDecay: wd.prompt ?? 0 }];
  if (head.trainable().length) {
    groups.push({ name: "head", vars: head.trainable(), lr: c.params.lr.head ?? c.params.lr.prompt, weightDecay: wd.head ?? 0 });
  }
  if (!c.params.freezeBackbone) {
    for (const v of c.backbone.variables()) (v as { trainable: boolean }).trainable = true;
    groups.push({ name: "backbone", vars: c.backbone.variables(), lr: c.params.lr.backbone ?? c.params.lr.prompt, weightDecay: wd.backbone ?? 0 });
  }
  return new PromptModel(c.backbone, prompt, head, c.padId, groups, c.params.head === "classifier");
}
