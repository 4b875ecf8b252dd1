// The pretraining text (UDHR, SIB-200 train, never dev or test; WordNet glosses
// for the English and v5 recipes; Debian's translation catalogues for v5) and
// the Unigram tokenizer trained on it once per working folder.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Settings } from "../../core/settings.ts";
import { sib200TrainByLanguage, udhrTexts } from "../../models/corpus.ts";
import {
  type TrainTokenizerOptions,
  trainUnigramTokenizer,
  XLMR_TOKENIZER_CONFIG,
} from "../../models/tokenizer-trainer.ts";
import { type CataloguePair, cataloguePairs } from "./debian-catalogues.ts";
import { log } from "./log.ts";
import type { Recipe } from "./options.ts";
import { type Synset, wordnetSynsets } from "./wordnet-bow.ts";

export interface Sources {
  udhr: { lang: string; texts: string[] }[];
  sib: { lang: string; texts: { id: string; text: string }[] }[];
  glosses: string[];
  /** WordNet's synsets, for stage 2's gloss rows (v5); empty otherwise. */
  synsets: Synset[];
  /** Every catalogue pair in a SIB-200 language (v5); empty otherwise. */
  catalogues: CataloguePair[];
  /** SIB-200 train sentences over all kept languages. */
  sibSentences: number;
}

/** The text of a recipe: every language, or (english) English only. */
export async function loadSources(
  recipe: Pick<Recipe, "english" | "glosses" | "catalogues">,
  settings: Pick<Settings, "dataMirrors" | "cacheDir">,
): Promise<Sources> {
  const { english } = recipe;
  const udhr = udhrTexts().filter((d) => !english || d.lang === "en");
  const sib = (await sib200TrainByLanguage({ mirrors: settings.dataMirrors, cacheDir: settings.cacheDir })).filter((
    l,
  ) => !english || l.lang === "eng_Latn");
  // WordNet is read once: its glosses are English text, its synsets (multilingual recipes) stage 2's gloss rows
  const wordnet = recipe.glosses ? wordnetSynsets() : [];
  const glosses = wordnet.map((s) => s.gloss);
  const synsets = english ? [] : wordnet;
  const catalogues = recipe.catalogues ? await cataloguePairs(settings.cacheDir, log) : [];
  return { udhr, sib, glosses, synsets, catalogues, sibSentences: sib.reduce((n, l) => n + l.texts.length, 0) };
}

export function describeSources({ udhr, sib, glosses, catalogues, sibSentences }: Sources): string {
  const paragraphs = udhr.reduce((n, d) => n + d.texts.length, 0);
  return `corpus: ${udhr.length} UDHR translations (${paragraphs} paragraphs) + ${sibSentences} SIB-200 train sentences in ${sib.length} languages${
    glosses.length ? ` + ${glosses.length} WordNet glosses` : ""
  }${
    catalogues.length
      ? ` + ${catalogues.length} catalogue pairs in ${new Set(catalogues.map((c) => c.lang)).size} languages`
      : ""
  }`;
}

/** Trains tokenizer.json (and writes tokenizer_config.json) into `work` unless it is there; returns its path. */
export function ensureTokenizer(
  work: string,
  sources: Sources,
  english: boolean,
  options: TrainTokenizerOptions,
): string {
  const tokPath = join(work, "tokenizer.json");
  if (!existsSync(tokPath)) {
    const tt = performance.now();
    // multilingual: the budget goes to the languages the harness evaluates; english: all of its English text
    const { udhr, sib, glosses } = sources;
    const text = english
      ? [...sib.flatMap((l) => l.texts.map((t) => t.text)), ...udhr.flatMap((d) => d.texts), ...glosses]
      : sib.flatMap((l) => l.texts.map((t) => t.text));
    writeFileSync(tokPath, JSON.stringify(trainUnigramTokenizer(text, options)));
    writeFileSync(join(work, "tokenizer_config.json"), JSON.stringify(XLMR_TOKENIZER_CONFIG));
    log(`tokenizer trained in ${((performance.now() - tt) / 1000).toFixed(0)} s`);
  }
  return tokPath;
}
