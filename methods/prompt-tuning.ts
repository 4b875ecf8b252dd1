// Soft prompt tuning as a method: a prefix (encoders) or suffix (decoders) of
// prompt vectors on a backbone, read by a classifier head or a verbalizer
// (SPT, Lester et al. 2021 / Philippy et al. 2024; XPE, Mikaberidze et al.
// 2025, whose prompt is the output of an encoder over pseudo-prompt vectors).
import { tf } from "../models/backend.ts";
import type { Backbone } from "../models/backbone.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import type { Example } from "../datasets/example.ts";
import type { Encoded, Method } from "./method.ts";
import type { PromptModel } from "./prompt-model.ts";
import { crossEntropy } from "./losses.ts";

export interface TokenExample extends Encoded {
  ids: number[];
  /** Index in `ids` the head reads (a <mask> for an encoder's verbalizer, 0 for the classifier). */
  readAt: number;
}

/** Token ids of one example; an encoder's verbalizer reads a <mask> placed before </s>, a decoder reads after its suffix prompt. */
export function encodeForPrompt(tok: TextTokenizer, e: Example, lang: string, maxLength: number, maskSlot: boolean): TokenExample {
  if (!maskSlot) {
    const ids = tok.encode(e.text, maxLength);
    return { ids, label: e.label, readAt: 0, lang, length: ids.length };
  }
  if (tok.maskId === undefined) throw new Error("the verbalizer head needs a tokenizer with a <mask> token");
  const enc = tok.encode(e.text, maxLength - 1);
  const at = enc.length - 1; // <s> text <mask> </s>
  const ids = [...enc.slice(0, at), tok.maskId, enc[at]];
  return { ids, label: e.label, readAt: at, lang, length: ids.length };
}

export class PromptTuning implements Method<TokenExample> {
  constructor(
    readonly pm: PromptModel,
    private readonly tok: TextTokenizer,
    private readonly maxLength: number,
    /** An encoder's verbalizer reads a <mask> slot. */
    private readonly maskSlot: boolean,
  ) {}

  static maskSlot(backbone: Backbone, head: "classifier" | "verbalizer"): boolean {
    return head === "verbalizer" && !backbone.causal;
  }

  get groups() {
    return this.pm.groups;
  }

  encode(e: Example, lang: string): TokenExample {
    return encodeForPrompt(this.tok, e, lang, this.maxLength, this.maskSlot);
  }

  logits(batch: TokenExample[], drop?: DropoutCtx): tf.Tensor2D {
    return this.pm.logits(batch, drop);
  }

  loss(batch: TokenExample[], drop?: DropoutCtx): tf.Scalar {
    return crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
  }

  cacheForInference(): void {
    this.pm.forInference();
  }

  dispose(): void {
    this.pm.dispose();
  }
}
