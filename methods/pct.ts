// PCT, Prompt-learning from Cross-lingual Templates (Qi et al., 2022), MPT's
// Table I baseline. Every source example is read twice: with the source
// template (the original question) and with the template of another language
// drawn at random per example (the augmented question; the premise and
// hypothesis stay in the source language). Both answer through the source
// label words at <mask> via the MLM head. The loss is the cross-entropy of both
// questions plus `consistencyWeight` times the symmetric KL divergence between
// their answer distributions over the label words, which pulls the two readings
// together. Every weight trains. At test time a target language is read with
// its own template and the source label words (the cross-lingual templates are
// what the model learnt to read).
// The template words come from the dataset's translations file
// (datasets/translations/<dataset>.json); languages drawn are the file's.
import { tf } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import { deriveSeed, Rng } from "../datasets/rng.ts";
import type { Translations } from "../datasets/translations.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { encodeRows, trainable } from "./encoder.ts";
import { VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { crossEntropy, symmetricKl } from "./losses.ts";
import type { Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { parseTemplate, renderTemplate, type Field, type Template } from "./template.ts";

export interface PctParams {
  lr: number;
  weightDecay?: number;
  /** The source template; it must be the one the translations file translates. */
  template: string;
  /** Weight of the consistency loss (default 1). */
  consistencyWeight?: number;
}

interface Row extends Encoded {
  ids: number[];
  maskAt: number;
  /** The same example under a template of another language (training rows only). */
  augmented?: { ids: number[]; maskAt: number; lang: string };
}

export class Pct implements Method<Row> {
  readonly groups: ParamGroup[];
  private readonly head: VerbalizerHead;
  private readonly templates = new Map<string, Template>();
  private readonly source: Template;
  private readonly others: string[];
  private readonly augmentRng: Rng;

  constructor(
    private readonly model: XlmrModel,
    private readonly tok: TextTokenizer,
    private readonly maxLength: number,
    private readonly p: PctParams,
    labelWords: string[],
    private readonly translations: Translations,
    inputs: Field[],
    rng: Rng,
  ) {
    const e = translations.english;
    if (e.template !== p.template || e.labelWords.join("|") !== labelWords.join("|")) {
      throw new Error(`pct: the translations of ${translations.dataset} are of template ${JSON.stringify(e.template)} with label words ${e.labelWords.join(", ")}; the spec uses ${JSON.stringify(p.template)} with ${labelWords.join(", ")}`);
    }
    this.source = parseTemplate(p.template, "pct params.template", inputs);
    for (const [lang, t] of Object.entries(translations.languages)) this.templates.set(lang, parseTemplate(t.template, `${translations.dataset} translations, ${lang}`, inputs));
    this.others = [...this.templates.keys()].sort();
    this.head = new VerbalizerHead(model, labelWordIds(labelWords, tok));
    this.augmentRng = new Rng(deriveSeed("pct-augment", rng.int(2 ** 31)));
    this.groups = decayGroups("backbone", trainable([...model.encoderVariables(), ...model.lmHeadVariables()]), p.lr, p.weightDecay);
  }

  private templateFor(lang: string): Template {
    return this.templates.get(lang) ?? this.source;
  }

  encode(e: Example, lang: string): Row {
    const r = renderTemplate(this.templateFor(lang), this.tok, e, this.maxLength);
    return { ids: r.ids, maskAt: r.maskAt, label: e.label, lang, length: r.ids.length };
  }

  /** A training row: the source reading and its cross-lingual reading, the language drawn once per example. */
  encodeTrain(e: Example, lang: string): Row {
    const other = this.others[this.augmentRng.int(this.others.length)];
    const r = renderTemplate(this.templates.get(other)!, this.tok, e, this.maxLength);
    return { ...this.encode(e, lang), augmented: { ids: r.ids, maskAt: r.maskAt, lang: other } };
  }

  private scores(rows: { ids: number[]; maskAt: number }[], drop?: DropoutCtx): tf.Tensor2D {
    const { h } = encodeRows(this.model, rows.map((r) => r.ids), this.tok.padId, drop);
    return this.head.logits(h, rows.map((r) => r.maskAt));
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    return this.scores(batch, drop);
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    const missing = batch.find((r) => !r.augmented);
    if (missing) throw new Error("pct: a training row has no cross-lingual reading (training examples are encoded with encodeTrain)");
    const n = batch.length, labels = batch.map((r) => r.label);
    // both readings in one forward pass
    const all = this.scores([...batch, ...batch.map((r) => r.augmented!)], drop);
    const orig = tf.slice(all, [0, 0], [n, -1]) as tf.Tensor2D, aug = tf.slice(all, [n, 0], [n, -1]) as tf.Tensor2D;
    const ce = tf.add(crossEntropy(orig, labels), crossEntropy(aug, labels));
    const kl = symmetricKl(tf.logSoftmax(orig) as tf.Tensor2D, tf.logSoftmax(aug) as tf.Tensor2D);
    return tf.add(ce, tf.mul(kl, this.p.consistencyWeight ?? 1)) as tf.Scalar;
  }

  cacheForInference(): void {}

  dispose(): void {}
}
