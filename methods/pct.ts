// PCT, Prompt-learning from Cross-lingual Templates (Qi et al., 2022), MPT's
// Table I baseline, as the authors' XNLI code (qikunxun/PCT: train_xnli.py,
// predict_xnli.py) does it. Every source example is read twice: with the
// source template (the original question) and with the template of one of the
// other languages, drawn uniformly per example (the augmented question; premise
// and hypothesis stay in the source language). The loss is the cross-entropy of
// the gold label word over the whole vocabulary at <mask> for both questions,
// plus KL(P||Q) + KL(Q||P) between their full-vocabulary answer distributions
// (weight `consistencyWeight`, 1 in the authors' code). Every weight trains. At
// test time a language is read with its own template (predict_xnli.py; a
// language the translations lack, and the source, with the source template),
// scored on the label words. A label word of several
// pieces scores the mean of its pieces (the authors' words are single tokens).
// The template words come from the dataset's translations file
// (datasets/translations/<dataset>.json), hand translations made for xlt-bench.
import { tf } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import type { Translations } from "../datasets/translations.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { asEncoder, encodeRows, inputFields, trainable } from "./encoder.ts";
import { rowsAt, VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { symmetricKl } from "./losses.ts";
import type { Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { type Field, parseTemplate, renderTemplate, type Template } from "./template.ts";
import { ENCODERS } from "../core/architectures.ts";
import { describe, type Infer, nonNeg, obj, optional, positive, str } from "../core/check.ts";
import { defineMethod } from "./define.ts";

const params = obj({
  lr: positive,
  weightDecay: optional(nonNeg),
  template: describe(str, "The source template; it must be the one the translations file translates."),
  consistencyWeight: optional(describe(nonNeg, "Weight of the consistency loss (default 1).")),
});
export type PctParams = Infer<typeof params>;

interface Row extends Encoded {
  ids: number[];
  maskAt: number;
  /** The same example under a template of another language (training rows only). */
  augmented?: { ids: number[]; maskAt: number; lang: string };
}

/** What Pct is built from: one options object (the cell's context and the method's own choices). */
export interface PctOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  maxLength: number;
  params: PctParams;
  labelWords: string[];
  translations: Translations;
  inputs: Field[];
  rng: Rng;
}

export class Pct implements Method<Row> {
  readonly groups: ParamGroup[];
  private readonly head: VerbalizerHead;
  private readonly templates = new Map<string, Template>();
  private readonly source: Template;
  private readonly others: string[];
  private readonly augmentRng: Rng;
  private readonly pieces: number[][];

  private readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  private readonly maxLength: number;
  private readonly p: PctParams;
  private readonly translations: Translations;

  constructor(o: PctOptions) {
    const { model, tokenizer: tok, maxLength, params: p, labelWords, translations, inputs, rng } = o;
    this.model = model;
    this.tok = tok;
    this.maxLength = maxLength;
    this.p = p;
    this.translations = translations;
    const e = translations.english;
    if (e.template !== p.template || e.labelWords.join("|") !== labelWords.join("|")) {
      throw new Error(
        `pct: the translations of ${translations.dataset} are of template ${
          JSON.stringify(e.template)
        } with label words ${e.labelWords.join(", ")}; the spec uses ${JSON.stringify(p.template)} with ${
          labelWords.join(", ")
        }`,
      );
    }
    this.source = parseTemplate(p.template, "pct params.template", inputs);
    for (const [lang, t] of Object.entries(translations.languages)) {
      this.templates.set(lang, parseTemplate(t.template, `${translations.dataset} translations, ${lang}`, inputs));
    }
    this.others = [...this.templates.keys()].sort();
    this.pieces = labelWordIds(labelWords, tok);
    this.head = new VerbalizerHead(model, this.pieces);
    this.augmentRng = new Rng(deriveSeed("pct-augment", rng.int(2 ** 31)));
    this.groups = decayGroups(
      "backbone",
      trainable([...model.encoderVariables(), ...model.lmHeadVariables()]),
      p.lr,
      p.weightDecay,
    );
  }

  /** A language is read with its own template, the source with the source template. */
  encode(e: Example, lang: string): Row {
    const r = renderTemplate(this.templates.get(lang) ?? this.source, this.tok, e, this.maxLength);
    return { ids: r.ids, maskAt: r.maskAt, label: e.label, lang, length: r.ids.length };
  }

  /** A training row: the source reading and its cross-lingual reading, the language drawn once per example. */
  encodeTrain(e: Example, lang: string): Row {
    const other = this.others[this.augmentRng.int(this.others.length)];
    const r = renderTemplate(this.templates.get(other)!, this.tok, e, this.maxLength);
    return { ...this.encode(e, lang), augmented: { ids: r.ids, maskAt: r.maskAt, lang: other } };
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    const { h } = encodeRows(this.model, batch.map((r) => r.ids), this.tok.padId, drop);
    return this.head.logits(h, batch.map((r) => r.maskAt));
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    const missing = batch.find((r) => !r.augmented);
    if (missing) {
      throw new Error(
        "pct: a training row has no cross-lingual reading (training examples are encoded with encodeTrain)",
      );
    }
    const n = batch.length;
    // both readings in one forward pass; log-probabilities over the whole vocabulary at <mask>
    const rows = [...batch, ...batch.map((r) => r.augmented!)];
    const { h } = encodeRows(this.model, rows.map((r) => r.ids), this.tok.padId, drop);
    const logp = tf.logSoftmax(this.model.lmLogits(rowsAt(h, rows.map((r) => r.maskAt)))) as tf.Tensor2D;
    const V = logp.shape[1];
    // the gold label word's log-probability in each reading (mean over its pieces), averaged per reading and summed
    const at: number[] = [], weight: number[] = [];
    rows.forEach((_, j) => {
      const ids = this.pieces[batch[j % n].label];
      for (const id of ids) {
        at.push(j * V + id);
        weight.push(1 / (n * ids.length));
      }
    });
    const ce = tf.neg(tf.sum(tf.mul(tf.gather(tf.reshape(logp, [-1]), tf.tensor1d(at, "int32")), tf.tensor1d(weight))));
    const kl = symmetricKl(
      tf.slice(logp, [0, 0], [n, -1]) as tf.Tensor2D,
      tf.slice(logp, [n, 0], [n, -1]) as tf.Tensor2D,
    );
    return tf.add(ce, tf.mul(kl, this.p.consistencyWeight ?? 1)) as tf.Scalar;
  }

  cacheForInference(): void {}

  dispose(): void {}
}

export const pct = defineMethod({
  id: "pct",
  title:
    "PCT (Qi et al., 2022): a discrete cloze template, each training example also read with the template of another language, full-vocabulary CE on both plus a symmetric KL between their answer distributions; tested with the target language's template; every weight trained",
  citation:
    "Qi et al. 2022, Enhancing Cross-lingual Natural Language Inference by Prompt-learning from Cross-lingual Templates (ACL)",
  params,
  architectures: ENCODERS,
  build: (c) => {
    if (!c.translations) {
      throw new Error(
        "pct: the cell's dataset has no translations file (datasets/translations/<dataset>.json) to take the cross-lingual templates from",
      );
    }
    return new Pct({
      model: asEncoder(c.backbone, "pct"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      translations: c.translations,
      inputs: inputFields(c),
      rng: c.rng,
    });
  },
});
