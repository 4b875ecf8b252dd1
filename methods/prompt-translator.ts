// MPT, the Multilingual Prompt Translator (Qiu et al. 2024), and the soft
// prompting it builds on (SP, its Table I baseline and Table II's "w/o MPT
// framework" row), as one method with parts switched off:
// - the prompt: m trainable pseudo-token embeddings fed through a
//   bidirectional 2-layer LSTM and an MLP (P-tuning, Liu et al. 2021, the
//   paper's [9]: LSTM hidden d/2 per direction, MLP d -> d -> d with ReLU; the
//   embeddings start N(0, 1) as torch.nn.Embedding does) give p^S [m, d];
// - the template (its Eq. 1 and 9): premise, hypothesis, the prompt's slots
//   and <mask>, e.g. "{text} . {text2} ? <prompt> <mask> ." (suffix, default);
// - the translator (translator.ts) maps p^S to p^T; "none" uses p^S for every
//   language (Table II "w/o prompt translator");
// - the loss (Eq. 8): alpha * CE over the label words at <mask> for a source
//   batch read with p^S, plus (1 - alpha) * (KL(P^S||P^T) + KL(P^T||P^S)) between
//   the full-vocabulary distributions at <mask> of a parallel batch, the source
//   side read with p^S and the target side with p^T (Eq. 5-7). With alpha = 1
//   the parallel batch is not even run, so the translator gets no gradient;
// - inference: the source languages are read with p^S, every other language
//   with p^T (§III.C), cached once after training.
// The paper's setup (XLM-R base, AdamW at 4e-5, 50 epochs, batch 24) is that
// of full fine-tuning and its soft prompting baseline follows Zhao and Schütze
// (2021), who update the model too, so the backbone trains unless
// `freezeBackbone` says otherwise (the paper does not state it).
import { tf, variableFrom } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import type { ParallelPair } from "../datasets/parallel.ts";
import { deriveSeed, normals, Rng } from "../core/rng.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { asEncoder, inputFields, sourceLanguages, trainable } from "./encoder.ts";
import { rowsAt, VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { crossEntropy, symmetricKl } from "./losses.ts";
import { Lstm } from "./lstm.ts";
import type { Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { embedWithPrompts } from "./prompt-slots.ts";
import { linearInit } from "./prompts.ts";
import { type Field, parseTemplate, renderTemplate, type Template } from "./template.ts";
import { buildTranslator, type Translator, TRANSLATOR_KINDS } from "./translator.ts";
import { mm } from "../models/linalg.ts";
import { ENCODERS } from "../core/architectures.ts";
import {
  bool,
  describe,
  type Infer,
  nonNeg,
  obj,
  oneOf,
  optional,
  posInt,
  posIntUpTo,
  positive,
  SpecError,
  str,
  withSchema,
} from "../core/check.ts";
import { defineMethod, MAX_PROMPT_LENGTH, roomWithinTokens, type SequenceRoom, type ShapeConfig } from "./define.ts";

const unit = withSchema<number>((v, p, s) => {
  if (typeof v === "number" && v >= 0 && v <= 1) return v;
  throw new SpecError(s, p, `expected a number in [0, 1], got ${JSON.stringify(v)}`);
}, { type: "number", minimum: 0, maximum: 1 });

const softPromptShape = {
  lr: positive,
  weightDecay: optional(nonNeg),
  template: describe(str, "Template with {text} (and {text2} for a pair), <prompt> and <mask>."),
  promptLength: describe(posIntUpTo(MAX_PROMPT_LENGTH), "m, the number of prompt vectors."),
  freezeBackbone: optional(
    describe(bool, "Keep the backbone's weights fixed (only the prompt, its encoder and the translator train)."),
  ),
};
const spParams = obj(softPromptShape);
// alpha = 1 is Table II's "w/o consistency loss": the translator stays as initialised (no loss reaches it)
const mptParams = obj({
  ...softPromptShape,
  translator: oneOf(...TRANSLATOR_KINDS, "none"),
  alpha: describe(unit, "Weight of the task loss; 1 - alpha weighs the alignment loss."),
  corpus: describe(
    obj({ id: oneOf("paws-x", "xnli"), size: posInt }),
    "The parallel corpus of the alignment task (datasets/parallel.ts) and how many pairs of it.",
  ),
});
export type SoftPromptParams = Infer<typeof spParams>;
export type MptParams = Infer<typeof mptParams>;

interface Row extends Encoded {
  ids: number[];
  maskAt: number;
  promptAt: number;
}

/** P-tuning's prompt encoder: pseudo-token embeddings -> biLSTM -> MLP. */
class LstmMlpPrompt {
  readonly pseudo: tf.Variable;
  private readonly lstm: Lstm;
  private readonly mlp: { w: tf.Variable; b: tf.Variable }[];
  constructor(m: number, d: number, rng: Rng) {
    if (d % 2) throw new Error(`the prompt encoder's bidirectional LSTM needs an even hidden size, got ${d}`);
    this.pseudo = variableFrom(tf.tensor2d(normals(m * d, 1, rng), [m, d]), true);
    this.lstm = new Lstm(d, d / 2, 2, true, rng);
    this.mlp = [linearInit(d, d, rng), linearInit(d, d, rng)];
  }
  value(): tf.Tensor2D {
    const x = this.lstm.apply(this.pseudo as unknown as tf.Tensor2D);
    const [a, b] = this.mlp;
    return tf.add(
      mm(tf.relu(tf.add(mm(x, a.w as unknown as tf.Tensor2D), a.b)) as tf.Tensor2D, b.w as unknown as tf.Tensor2D),
      b.b,
    ) as tf.Tensor2D;
  }
  variables(): tf.Variable[] {
    return [this.pseudo, ...this.lstm.variables(), ...this.mlp.flatMap((l) => [l.w, l.b])];
  }
  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

/** What PromptTranslator is built from: one options object (the cell's context and the method's own choices). */
export interface PromptTranslatorOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  maxLength: number;
  params: SoftPromptParams & Partial<Pick<MptParams, "translator" | "alpha">>;
  labelWords: string[];
  /** Languages read with p^S; every other language is read with p^T. */
  sources: string[];
  inputs: Field[];
  parallel: ParallelPair[];
  rng: Rng;
  name: string;
}

export class PromptTranslator implements Method<Row> {
  readonly groups: ParamGroup[];
  private readonly template: Template;
  private readonly head: VerbalizerHead;
  private readonly prompt: LstmMlpPrompt;
  readonly translator: Translator | null;
  private readonly alpha: number;
  private readonly pairs: { source: Row; target: Row }[];
  private readonly pairRng: Rng;
  private pairOrder: number[] = [];
  private cached: { source: tf.Tensor2D; target: tf.Tensor2D } | null = null;

  private readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  private readonly maxLength: number;
  private readonly p: SoftPromptParams & Partial<Pick<MptParams, "translator" | "alpha">>;
  private readonly sources: string[];

  constructor(o: PromptTranslatorOptions) {
    const { model, tokenizer: tok, maxLength, params: p, labelWords, sources, inputs, parallel, rng, name } = o;
    this.model = model;
    this.tok = tok;
    this.maxLength = maxLength;
    this.p = p;
    this.sources = sources;
    this.template = parseTemplate(p.template, `${name} params.template`, inputs);
    if (!this.template.pieces.some((x) => x.kind === "prompt")) {
      throw new Error(
        `${name} params.template ${JSON.stringify(p.template)} has no <prompt> slot for the prompt vectors`,
      );
    }
    this.head = new VerbalizerHead(model, labelWordIds(labelWords, tok));
    this.prompt = new LstmMlpPrompt(p.promptLength, model.hidden, rng);
    this.translator = p.translator && p.translator !== "none" ? buildTranslator(p.translator, model, rng) : null;
    this.alpha = p.alpha ?? 1;
    if (this.alpha < 1 && parallel.length === 0) {
      throw new Error(`${name}: alpha ${this.alpha} weighs an alignment loss, which needs a parallel corpus`);
    }
    this.pairs = this.alpha < 1
      ? parallel.map((x) => ({ source: this.encode(x.source, sources[0]), target: this.encode(x.target, x.lang) }))
      : [];
    this.pairRng = new Rng(deriveSeed("parallel-batches", rng.int(2 ** 31)));
    const own = [...this.prompt.variables(), ...(this.translator?.variables() ?? [])];
    this.groups = decayGroups("prompt", own, p.lr, p.weightDecay);
    if (!p.freezeBackbone) {
      this.groups.push(
        ...decayGroups(
          "backbone",
          trainable([...model.encoderVariables(), ...model.lmHeadVariables()]),
          p.lr,
          p.weightDecay,
        ),
      );
    }
  }

  encode(e: Example, lang: string): Row {
    const r = renderTemplate(this.template, this.tok, e, this.maxLength, this.p.promptLength);
    return { ...r, label: e.label, lang, length: r.ids.length };
  }

  /** p^S and p^T (p^T is p^S without a translator): cached after training, else computed in the caller's scope. */
  prompts(): { source: tf.Tensor2D; target: tf.Tensor2D } {
    if (this.cached) return this.cached;
    const source = this.prompt.value();
    return { source, target: this.translator ? this.translator.apply(source) : source };
  }

  /** Final hidden states of rows, each read with its language's prompt (p^S for the sources, p^T otherwise). */
  private hidden(rows: Row[], drop?: DropoutCtx): tf.Tensor3D {
    const { source, target } = this.prompts();
    const { embeds, mask } = embedWithPrompts(
      this.model,
      rows,
      this.tok.padId,
      [source, target],
      rows.map((r) => (this.sources.includes(r.lang) ? 0 : 1)),
    );
    return this.model.encode(embeds, mask, drop);
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    return this.head.logits(this.hidden(batch, drop), batch.map((r) => r.maskAt));
  }

  /** The next `n` parallel pairs: seeded passes over the corpus, reshuffled each pass. */
  private nextPairs(n: number): { source: Row; target: Row }[] {
    const out: { source: Row; target: Row }[] = [];
    while (out.length < n) {
      if (!this.pairOrder.length) this.pairOrder = this.pairRng.shuffle(this.pairs.map((_, i) => i));
      out.push(this.pairs[this.pairOrder.shift()!]);
    }
    return out;
  }

  /** The alignment loss (Eq. 7) of a parallel batch: both sides in one forward pass. */
  alignmentLoss(pairs: { source: Row; target: Row }[], drop?: DropoutCtx): tf.Scalar {
    const n = pairs.length;
    const rows = [...pairs.map((x) => x.source), ...pairs.map((x) => x.target)];
    const logp = tf.logSoftmax(this.model.lmLogits(rowsAt(this.hidden(rows, drop), rows.map((r) => r.maskAt))));
    return symmetricKl(tf.slice(logp, [0, 0], [n, -1]), tf.slice(logp, [n, 0], [n, -1]));
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    const ce = crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
    if (this.alpha >= 1) return ce;
    const kl = this.alignmentLoss(this.nextPairs(batch.length), drop);
    return tf.add(tf.mul(ce, this.alpha), tf.mul(kl, 1 - this.alpha)) as tf.Scalar;
  }

  cacheForInference(): void {
    this.dropCache();
    const { source, target } = tf.tidy(() => {
      const p = this.prompts();
      return { source: p.source, target: p.target === p.source ? tf.clone(p.source) : p.target };
    });
    this.cached = { source: tf.keep(source), target: tf.keep(target) };
  }

  private dropCache(): void {
    if (this.cached) tf.dispose([this.cached.source, this.cached.target]);
    this.cached = null;
  }

  dispose(): void {
    this.dropCache();
    this.prompt.dispose();
    this.translator?.dispose();
  }
}

// the prompt's slots are part of the rendered template, which maxLength bounds
const promptWithinTokens = (
  p: { promptLength: number },
  _backbone: ShapeConfig,
  _extras: Record<string, ShapeConfig>,
  room: SequenceRoom,
) => roomWithinTokens("promptLength", p.promptLength, room);

export const sp = defineMethod({
  id: "sp",
  title:
    "Soft prompting (Zhao and Schütze, 2021, as MPT's baseline): a cloze template with m prompt vectors from an LSTM+MLP encoder (P-tuning), label words through the MLM head; the backbone trains unless frozen",
  citation:
    "Zhao and Schütze 2021, Discrete and Soft Prompting for Multilingual Models (EMNLP); the prompt encoder of Liu et al. 2021, GPT Understands, Too",
  params: spParams,
  trainsBackbone: (p) => !p.freezeBackbone,
  architectures: ENCODERS,
  checkShapes: promptWithinTokens,
  build: (c) =>
    new PromptTranslator({
      model: asEncoder(c.backbone, "sp"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      sources: sourceLanguages(c),
      inputs: inputFields(c),
      parallel: [],
      rng: c.rng,
      name: "sp",
    }),
});

export const mpt = defineMethod({
  id: "mpt",
  title:
    "MPT (Qiu et al., 2024): soft prompting whose prompt a translator maps to the target languages, trained with alpha * CE + (1 - alpha) * symmetric KL between the answer distributions of a parallel pair",
  citation:
    "Qiu et al. 2024, Cross-Lingual Transfer for Natural Language Inference via Multilingual Prompt Translator (ICME)",
  params: mptParams,
  trainsBackbone: (p) => !p.freezeBackbone,
  architectures: ENCODERS,
  checkShapes: promptWithinTokens,
  parallelCorpus: (p) => (p.alpha < 1 ? p.corpus : null),
  build: (c) =>
    new PromptTranslator({
      model: asEncoder(c.backbone, "mpt"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      sources: sourceLanguages(c),
      inputs: inputFields(c),
      parallel: c.parallel,
      rng: c.rng,
      name: "mpt",
    }),
});
