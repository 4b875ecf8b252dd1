// Soft prompt tuning as a method: a prefix (encoders) or suffix (decoders) of
// prompt vectors on a backbone, read by a classifier head or a verbalizer
// (SPT, Lester et al. 2021 / Philippy et al. 2024; XPE, Mikaberidze et al.
// 2025, whose prompt is the output of an encoder over pseudo-prompt vectors).
// SPT, XPE and DUAL share everything but their prompt: the parameters'
// checker fields, and the method built around a prompt here.
import { bool, nonNeg, obj, oneOf, optional, posInt, posIntUpTo, positive, SpecError } from "../core/check.ts";
import { tf } from "../models/backend.ts";
import type { Backbone } from "../models/backbone.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import type { Example } from "../datasets/example.ts";
import { trainable } from "./encoder.ts";
import { ClassifierHead, type Head, VerbalizerHead, verbalizerIds } from "./heads.ts";
import type { BuildContext, Encoded, Method } from "./method.ts";
import type { ParamGroup } from "./optim.ts";
import { PromptModel } from "./prompt-model.ts";
import { EncodedPrompt, type PromptSource, sampledVocabInit } from "./prompts.ts";
import { crossEntropy } from "./losses.ts";
import { MAX_PROMPT_LENGTH, roomBesideTokens, type SequenceRoom, type ShapeConfig } from "./define.ts";

export interface TokenExample extends Encoded {
  ids: number[];
  /** Index in `ids` the head reads (a <mask> for an encoder's verbalizer, 0 for the classifier). */
  readAt: number;
}

/** Token ids of one example; an encoder's verbalizer reads a <mask> placed before </s>, a decoder reads after its suffix prompt. */
export function encodeForPrompt(
  tok: TextTokenizer,
  e: Example,
  lang: string,
  maxLength: number,
  maskSlot: boolean,
): TokenExample {
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

/** Parameters of soft prompt tuning (methods "spt", "xpe" and "dual"); the builder reads the widest of the three checkers' types (spt.ts, xpe.ts, dual.ts infer theirs). */
export interface PromptTuningParams {
  /** Number of soft prompt vectors (DUAL: both parts together). */
  promptLength: number;
  /** false: all backbone weights train too ("w/o MF"). */
  freezeBackbone: boolean;
  /** classifier: trainable head over the first position (XPE); verbalizer: MLM logits of label words (SPT). */
  head: "classifier" | "verbalizer";
  /**
   * Learning rate and weight decay per parameter group. `prompt`: SPT's vectors (and their
   * reparameterization MLP); for XPE its pseudo-prompt and encoder; for DUAL its standard part.
   * `encoder`: DUAL only (required there), its encoded part (pseudo-prompt and encoder).
   * head and backbone default to lr.prompt; every weight decay defaults to 0.
   */
  lr: { prompt: number; encoder?: number; head?: number; backbone?: number };
  weightDecay?: { prompt?: number; encoder?: number; head?: number; backbone?: number };
  /** XPE and DUAL: layers and hidden width of the prompt encoder MLP (layers default to 2, hidden to the model width). */
  encoderLayers?: number;
  encoderHidden?: number;
  /** DUAL: the share of promptLength given to the encoded part, in (0, 1): round(promptLength * xpeShare) XPE tokens (half up), the rest standard; both at least one. */
  xpeShare?: number;
  /** SPT: "residual" reparameterizes the prompt as P + LayerNorm(W_up ReLU(W_down P)) (Razdaibiedina et al. 2023; SPT Appendix C); absent or "none": plain SPT. */
  reparameterization?: "none" | "residual";
  /** SPT with residual reparameterization (required there, refused otherwise): the MLP's bottleneck size m. */
  bottleneck?: number;
}

/** The parameter fields SPT, XPE and DUAL share (each adds or narrows some). */
export const groupNumbers = { prompt: optional(nonNeg), head: optional(nonNeg), backbone: optional(nonNeg) };
export const promptTuningShape = {
  promptLength: posIntUpTo(MAX_PROMPT_LENGTH),
  freezeBackbone: bool,
  head: oneOf("classifier", "verbalizer"),
  lr: obj({ prompt: positive, head: optional(positive), backbone: optional(positive) }),
  weightDecay: optional(obj(groupNumbers)),
  encoderLayers: optional(posInt),
  encoderHidden: optional(posInt),
};

/** checkShapes of SPT, XPE and DUAL: the prompt's vectors come before (encoders) or after (decoders) the tokens. */
export const promptBesideTokens = (
  p: { promptLength: number },
  _backbone: ShapeConfig,
  _extras: Record<string, ShapeConfig>,
  room: SequenceRoom,
): string | null => roomBesideTokens("promptLength", p.promptLength, room);

/** Only DUAL has a separate encoder group; XPE's lr.prompt is its encoder's (pseudo-prompt and MLP), so say that rather than "unknown field". */
export const noEncoderGroup = (id: string) => (v: unknown, p: string, s: string): void => {
  for (const k of ["lr", "weightDecay"]) {
    const g = (v as Record<string, unknown> | null)?.[k];
    if (g && typeof g === "object" && "encoder" in g) {
      throw new SpecError(
        s,
        `${p}.${k}.encoder`,
        `only dual has a separate encoder group; ${
          id === "xpe" ? "xpe's prompt encoder (pseudo-prompt and MLP) trains with" : `${id} has no prompt encoder: use`
        } ${k}.prompt`,
      );
    }
  }
};

/**
 * A backbone with a soft prompt (from `prompt`) and a classifier or verbalizer head, as SPT, XPE and DUAL share it.
 * Groups: "prompt" (lr.prompt: SPT's vectors and their reparameterization MLP; XPE's pseudo-prompt and encoder),
 * "encoder" (DUAL only: lr.encoder for its encoded part), "head", "backbone" (unless frozen).
 */
export function promptTuning(
  c: BuildContext<PromptTuningParams>,
  prompt: PromptSource,
  encoderPart: tf.Variable[] = [],
): Method {
  const p = c.params;
  let head: Head;
  if (p.head === "classifier") head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
  else head = new VerbalizerHead(c.backbone, verbalizerIds(c.labelWords, (w) => c.tokenizer.tokenIds(w)));
  const wd = p.weightDecay ?? {};
  const own = prompt.trainable().filter((v) => !encoderPart.includes(v));
  const groups: ParamGroup[] = [{ name: "prompt", vars: own, lr: p.lr.prompt, weightDecay: wd.prompt ?? 0 }];
  if (encoderPart.length) {
    groups.push({ name: "encoder", vars: encoderPart, lr: p.lr.encoder ?? p.lr.prompt, weightDecay: wd.encoder ?? 0 });
  }
  if (head.trainable().length) {
    groups.push({ name: "head", vars: head.trainable(), lr: p.lr.head ?? p.lr.prompt, weightDecay: wd.head ?? 0 });
  }
  if (!p.freezeBackbone) {
    groups.push({
      name: "backbone",
      vars: trainable(c.backbone.variables()),
      lr: p.lr.backbone ?? p.lr.prompt,
      weightDecay: wd.backbone ?? 0,
    });
  }
  const pm = new PromptModel(c.backbone, prompt, head, c.tokenizer.padId, groups, p.head === "classifier");
  return new PromptTuning(pm, c.tokenizer, c.maxLength, PromptTuning.maskSlot(c.backbone, p.head));
}

/** XPE's encoded prompt of `length` tokens: its pseudo-prompt drawn from the vocabulary, then its MLP's layers, from the cell's rng in that order. */
export function encodedPrompt(c: BuildContext<PromptTuningParams>, length: number): EncodedPrompt {
  return new EncodedPrompt(
    sampledVocabInit(c.backbone.wordEmbeddings, length, c.rng),
    c.params.encoderLayers ?? 2,
    c.params.encoderHidden ?? c.backbone.hidden,
    c.rng,
  );
}
