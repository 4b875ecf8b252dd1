// Soft Prompt, UniPrompt Table 2's fourth baseline: the template's words are
// replaced by artificial tokens, the label words stay English, and every weight
// trains (the paper: "uses artificial tokens instead of discrete tokens as
// templates, the label words are still in the source language"). As the
// authors' code builds it: `promptLength` new tokens [p0]..[pn] (default 2) in
// the template "<s> [p0] [p1] <mask> . text </s>", their embeddings added to
// the vocabulary and initialised as transformers initialises new embeddings,
// N(0, initializer_range = 0.02).
import { tf, variableFrom } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import type { Rng } from "../core/rng.ts";
import { initializerRange, normalMatrix } from "./init.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { embedWithPrompts } from "./prompt-slots.ts";
import { asEncoder, trainable } from "./encoder.ts";
import { VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { crossEntropy } from "./losses.ts";
import type { Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { parseTemplate, renderTemplate, type Template } from "./template.ts";
import { ENCODERS } from "../core/architectures.ts";
import { describe, type Infer, nonNeg, obj, optional, posIntUpTo, positive, str } from "../core/check.ts";
import { defineMethod, MAX_PROMPT_LENGTH, roomWithinTokens } from "./define.ts";

const params = obj({
  lr: positive,
  weightDecay: optional(nonNeg),
  template: describe(
    str,
    'Template with <prompt> (the artificial tokens), <mask> and {text}, e.g. "<prompt> <mask>. {text}".',
  ),
  promptLength: posIntUpTo(MAX_PROMPT_LENGTH),
});
export type SoftTemplateParams = Infer<typeof params>;

interface Row extends Encoded {
  ids: number[];
  maskAt: number;
  promptAt: number;
}

/** What SoftTemplate is built from: one options object (the cell's context and the method's own choices). */
export interface SoftTemplateOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  maxLength: number;
  params: SoftTemplateParams;
  labelWords: string[];
  rng: Rng;
}

export class SoftTemplate implements Method<Row> {
  readonly groups: ParamGroup[];
  readonly prompt: tf.Variable;
  private readonly template: Template;
  private readonly head: VerbalizerHead;

  private readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  private readonly maxLength: number;
  private readonly p: SoftTemplateParams;

  constructor(o: SoftTemplateOptions) {
    const { model, tokenizer: tok, maxLength, params: p, labelWords, rng } = o;
    this.model = model;
    this.tok = tok;
    this.maxLength = maxLength;
    this.p = p;
    this.template = parseTemplate(p.template, "soft-prompt params.template");
    if (!this.template.pieces.some((x) => x.kind === "prompt")) {
      throw new Error(
        `soft-prompt params.template ${JSON.stringify(p.template)} has no <prompt> slot for the artificial tokens`,
      );
    }
    this.prompt = variableFrom(normalMatrix(p.promptLength, model.hidden, initializerRange(model.config), rng), true);
    this.head = new VerbalizerHead(model, labelWordIds(labelWords, tok));
    this.groups = [
      ...decayGroups("prompt", [this.prompt], p.lr, p.weightDecay),
      ...decayGroups(
        "backbone",
        trainable([...model.encoderVariables(), ...model.lmHeadVariables()]),
        p.lr,
        p.weightDecay,
      ),
    ];
  }

  encode(e: Example, lang: string): Row {
    const r = renderTemplate(this.template, this.tok, e, this.maxLength, this.p.promptLength);
    return { ...r, label: e.label, lang, length: r.ids.length };
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    const { embeds, mask } = embedWithPrompts(this.model, batch, this.tok.padId, [
      this.prompt as unknown as tf.Tensor2D,
    ], batch.map(() => 0));
    const h = this.model.encode(embeds, mask, drop);
    return this.head.logits(h, batch.map((e) => e.maskAt));
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    return crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
  }

  cacheForInference(): void {}

  dispose(): void {
    this.prompt.dispose();
  }
}

export const softPrompt = defineMethod({
  id: "soft-prompt",
  title: "Soft Prompt: artificial template tokens with English label words through the MLM head; every weight trained",
  citation:
    "Huang et al. 2022, Zero-shot Cross-lingual Transfer of Prompt-based Tuning with a Unified Multilingual Prompt (EMNLP), Table 2's Soft Prompt baseline",
  params,
  architectures: ENCODERS,
  checkShapes: (p, _backbone, _extras, room) => roomWithinTokens("promptLength", p.promptLength, room),
  build: (c) =>
    new SoftTemplate({
      model: asEncoder(c.backbone, "soft-prompt"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      rng: c.rng,
    }),
});
