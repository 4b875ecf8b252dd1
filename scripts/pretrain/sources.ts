// The pretraining text (UDHR, SIB-200 train, never dev or test; WordNet glosses
// for the English recipe) and the Unigram tokenizer trained on it once per
// working folder.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Settings } from "../../core/settings.ts";
import { sib200TrainByLanguage, udhrTexts, wordnetGlosses } from "../../models/corpus.ts";
import {
  type TrainTokenizerOptions,
  trainUnigramTokenizer,
  XLMR_TOKENIZER_CONFIG,
} from "../../models/tokenizer-trainer.ts";
import { log } from "./log.ts";

export interface Sources {
  udhr: { lang: string; texts: string[] }[];
  sib: { lang: string; texts: { id: string; text: string }[] }[];
  glosses: string[];
  /** SIB-200 train sentences over all kept languages. */
  sibSentences: number;
}

/** The text of a recipe: every language, or (english) English only. */
export async function loadSources(
  english: boolean,
  settings: Pick<Settings, "dataMirrors" | "cacheDir">,
): Promise<Sources> {
  const udhr = udhrTexts().filter((d) => !english || d.lang === "en");
  const sib = (await sib200TrainByLanguage({ mirrors: settings.dataMirrors, cacheDir: settings.cacheDir })).filter((
    l,
  ) => !english || l.lang === "eng_Latn");
  const glosses = english ? wordnetGlosses() : [];
  return { udhr, sib, glosses, sibSentences: sib.reduce((n, l) => n + l.texts.length, 0) };
}

export function describeSources({ udhr, sib, glosses, sibSentences }: Sources): string {
  const paragraphs = udhr.reduce((n, d) => n + d.texts.length, 0);
  return `corpus: ${udhr.length} UDHR translations (${paragraphs} paragraphs) + ${sibSentences} SIB-200 train sentences in ${sib.length} languages${
    glosses.length ? ` + ${glosses.length} WordNet glosses` : ""
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
