// Translations of a dataset's English template and label words into its target
// languages: data (datasets/translations/<dataset>.json, with their source),
// read by methods that evaluate in the target language (the translation prompt).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface PromptText {
  /** A template with one `<mask>` and the input's place (`{text}`, and `{text2}` for a text pair). */
  template: string;
  /** One label word per class, in the dataset's label order. */
  labelWords: string[];
}

export interface Translations {
  dataset: string;
  /** Where the translations come from (who translated, from what). */
  source: string;
  license: string;
  /** The English template and label words these translate. */
  english: PromptText;
  languages: Record<string, PromptText>;
}

export function translationsPath(dataset: string): string {
  return fileURLToPath(new URL(`./translations/${dataset}.json`, import.meta.url));
}

/** The translations file of a dataset, checked against its label count and inputs; null when the dataset has none. */
export function loadTranslations(
  dataset: string,
  numClasses: number,
  task: "single-text" | "text-pair" = "single-text",
): Translations | null {
  const path = translationsPath(dataset);
  if (!existsSync(path)) return null;
  let t: Translations;
  try {
    t = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (t.dataset !== dataset) {
    throw new Error(`${path}: field "dataset" is ${JSON.stringify(t.dataset)}, expected ${JSON.stringify(dataset)}`);
  }
  if (typeof t.languages !== "object" || t.languages === null) {
    throw new Error(`${path}: field "languages" must be an object of language -> {template, labelWords}`);
  }
  for (const [lang, p] of [["english", t.english], ...Object.entries(t.languages)] as [string, PromptText][]) {
    const fields = task === "text-pair" ? ["{text}", "{text2}"] : ["{text}"];
    if (
      typeof p?.template !== "string" || !p.template.includes("<mask>") || fields.some((f) => !p.template.includes(f))
    ) throw new Error(`${path}: ${lang}.template must be a string with <mask> and ${fields.join(" and ")}`);
    if (!Array.isArray(p.labelWords) || p.labelWords.length !== numClasses) {
      throw new Error(`${path}: ${lang}.labelWords must list ${numClasses} words, one per class`);
    }
  }
  return t;
}

/** The template and label words of one language; a language the file lacks is an error naming it. */
export function translationFor(t: Translations, lang: string, path = translationsPath(t.dataset)): PromptText {
  const p = t.languages[lang];
  if (!p) {
    throw new Error(`${path}: no translation into "${lang}" (translated: ${Object.keys(t.languages).join(", ")})`);
  }
  return p;
}
