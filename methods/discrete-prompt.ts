// Discrete prompts with every weight trained: a template with a <mask> read
// through the MLM head at the label words' vocabulary entries.
// - English Prompt (Lin et al., 2021): the English template and label words
//   for training and for every target language.
// - Translation Prompt (Zhao and Schütze, 2021): trained like the English
//   prompt; at test time the template and label words are those translated into
//   the target language (the dataset's translations file; a language it lacks
//   is an error naming it).
// UniPrompt's code (LM-BFF) renders MARC's template as "<s> It's <mask> . text
// </s>" and reads one label token per class; a label word that the tokenizer
// splits into several pieces scores the mean of its pieces' logits (as the
// SPT verbalizer does), which is the same for words kept whole.
import type { tf } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import { translationFor, type Translations } from "../datasets/translations.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { asEncoder, encodeRows, sourceLanguages, trainable } from "./encoder.ts";
import { VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { crossEntropy } from "./losses.ts";
import type { Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { parseTemplate, renderTemplate, type Template } from "./template.ts";
import { ENCODERS } from "../core/architectures.ts";
import { describe, type Infer, nonNeg, obj, optional, positive, str } from "../core/check.ts";
import { defineMethod } from "./define.ts";

const params = obj({
  lr: positive,
  weightDecay: optional(nonNeg),
  template: describe(str, 'The English template with <mask> and {text}, e.g. "It\'s <mask>. {text}".'),
});
export type DiscretePromptParams = Infer<typeof params>;

export interface PromptRow extends Encoded {
  ids: number[];
  maskAt: number;
}

interface Reading {
  template: Template;
  head: VerbalizerHead;
  words: string[];
}

/** What DiscretePrompt is built from: one options object (the cell's context and the method's own choices). */
export interface DiscretePromptOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  maxLength: number;
  params: DiscretePromptParams;
  labelWords: string[];
  /** Languages read with the English prompt (the sources); others use translations when given. */
  sources: string[];
  translations: Translations | null;
  name: string;
}

export class DiscretePrompt implements Method<PromptRow> {
  readonly groups: ParamGroup[];
  private readonly readings = new Map<string, Reading>();
  private readonly english: Reading;

  private readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  private readonly maxLength: number;
  private readonly sources: string[];
  private readonly translations: Translations | null;
  private readonly name: string;

  constructor(o: DiscretePromptOptions) {
    const { model, tokenizer: tok, maxLength, params: p, labelWords, sources, translations, name } = o;
    this.model = model;
    this.tok = tok;
    this.maxLength = maxLength;
    this.sources = sources;
    this.translations = translations;
    this.name = name;
    this.english = this.reading(p.template, labelWords, `${name} params.template`);
    if (translations) {
      const e = translations.english;
      if (e.template !== p.template || e.labelWords.join("|") !== labelWords.join("|")) {
        throw new Error(
          `${name}: the translations of ${translations.dataset} are of template ${
            JSON.stringify(e.template)
          } with label words ${e.labelWords.join(", ")}; the spec uses ${JSON.stringify(p.template)} with ${
            labelWords.join(", ")
          }`,
        );
      }
    }
    this.groups = decayGroups(
      "backbone",
      trainable([...model.encoderVariables(), ...model.lmHeadVariables()]),
      p.lr,
      p.weightDecay,
    );
  }

  private reading(template: string, words: string[], where: string): Reading {
    return {
      template: parseTemplate(template, where),
      head: new VerbalizerHead(this.model, labelWordIds(words, this.tok)),
      words,
    };
  }

  /** The template and label words this method reads `lang` with. */
  readingFor(lang: string): Reading {
    if (!this.translations || this.sources.includes(lang)) return this.english;
    let r = this.readings.get(lang);
    if (!r) {
      const t = translationFor(this.translations, lang);
      r = this.reading(t.template, t.labelWords, `${this.translations.dataset} translations, ${lang}`);
      this.readings.set(lang, r);
    }
    return r;
  }

  encode(e: Example, lang: string): PromptRow {
    const { ids, maskAt } = renderTemplate(this.readingFor(lang).template, this.tok, e, this.maxLength);
    return { ids, maskAt, label: e.label, lang, length: ids.length };
  }

  logits(batch: PromptRow[], drop?: DropoutCtx): tf.Tensor2D {
    // a batch is scored on one set of label words: languages read alike (the sources, or every language of the English prompt) may mix
    const { head } = this.readingFor(batch[0].lang);
    const other = batch.find((e) => this.readingFor(e.lang) !== this.readingFor(batch[0].lang));
    if (other) {
      throw new Error(
        `${this.name}: a batch mixes ${
          batch[0].lang
        } and ${other.lang}, which it reads with different templates and label words`,
      );
    }
    const { h } = encodeRows(this.model, batch.map((e) => e.ids), this.tok.padId, drop);
    return head.logits(h, batch.map((e) => e.maskAt));
  }

  loss(batch: PromptRow[], drop?: DropoutCtx): tf.Scalar {
    return crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
  }

  cacheForInference(): void {}

  dispose(): void {}
}

export const englishPrompt = defineMethod({
  id: "english-prompt",
  title:
    "English Prompt (Lin et al., 2021): the English template and label words through the MLM head, for training and every target language; every weight trained",
  citation:
    "Lin et al. 2021, Few-shot Learning with Multilingual Language Models (arXiv:2112.10668), as UniPrompt's baseline (Huang et al. 2022)",
  params,
  architectures: ENCODERS,
  build: (c) =>
    new DiscretePrompt({
      model: asEncoder(c.backbone, "english-prompt"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      sources: sourceLanguages(c),
      translations: null,
      name: "english-prompt",
    }),
});

export const translationPrompt = defineMethod({
  id: "translation-prompt",
  title:
    "Translation Prompt (Zhao and Schütze, 2021): trained with the English template and label words, tested with both translated into the target language; every weight trained",
  citation: "Zhao and Schütze 2021, Discrete and Soft Prompting for Multilingual Models (EMNLP)",
  params,
  architectures: ENCODERS,
  build: (c) => {
    if (!c.translations) {
      throw new Error(
        "translation-prompt: the cell's dataset has no translations file (datasets/translations/<dataset>.json)",
      );
    }
    return new DiscretePrompt({
      model: asEncoder(c.backbone, "translation-prompt"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      sources: sourceLanguages(c),
      translations: c.translations,
      name: "translation-prompt",
    });
  },
});
