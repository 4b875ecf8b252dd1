// XNLI (Conneau et al., 2018): natural language inference, 3 classes, one set of
// premise-hypothesis pairs translated into 15 languages. Loaded from the
// XTREME-layout copy in GautamGupta17/MESH (dev with labels, test without) and
// the German test file with labels in LSX-UniWue/SuperGLEBer (XGLUE layout,
// row-aligned with MESH test-de.tsv). Because row i of every test file is the
// same pair, its label is the German file's label i. Alignment is checked, never
// assumed: the German pairs must equal MESH test-de.tsv row by row, and every
// other language's rows must group by premise exactly as the German rows do (a
// file shifted by one row breaks the grouping), else loading fails naming the
// file and row.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FetchOptions, fetchText } from "./fetch.ts";
import type { PinnedFile } from "./sources.ts";
import type { Example } from "./example.ts";
import { defineDataset } from "./define.ts";
import { sampleKShot } from "./kshot.ts";
import { MESH_REPO } from "./sources.ts";

/** XNLI's label order (as the Hugging Face `xnli` dataset numbers them). */
export const XNLI_LABELS = ["entailment", "neutral", "contradiction"] as const;
export const XNLI_LANGUAGES = [
  "ar",
  "bg",
  "de",
  "el",
  "en",
  "es",
  "fr",
  "hi",
  "ru",
  "sw",
  "th",
  "tr",
  "ur",
  "vi",
  "zh",
] as const;
/** The 11 language families of the MPT paper's Figure 3 (EN and DE Germanic, ZH Chinese, ...). */
export const XNLI_FAMILIES: Record<string, string> = {
  ar: "Semitic",
  bg: "Slavic",
  de: "Germanic",
  el: "Hellenic",
  en: "Germanic",
  es: "Romance",
  fr: "Romance",
  hi: "Indo-Aryan",
  ru: "Slavic",
  sw: "Bantu",
  th: "Tai",
  tr: "Turkic",
  ur: "Indo-Aryan",
  vi: "Vietic",
  zh: "Chinese",
};
/** XNLI sizes (Conneau et al. 2018): 2,490 dev and 5,010 test pairs per language, a third of each class. */
export const XNLI_DEV_ROWS = 2490;
export const XNLI_TEST_ROWS = 5010;

const PINS: Record<string, PinnedFile> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./pins/xnli.json", import.meta.url)), "utf8"),
);

export function xnliPin(key: string): PinnedFile {
  const pin = PINS[key];
  if (!pin) {
    throw new Error(`XNLI has no pinned file "${key}" (languages: ${XNLI_LANGUAGES.join(", ")}; splits dev, test)`);
  }
  return pin;
}

export function checkXnliLanguage(lang: string): void {
  if (!(XNLI_LANGUAGES as readonly string[]).includes(lang)) {
    throw new Error(`XNLI has no language "${lang}" (languages: ${XNLI_LANGUAGES.join(", ")})`);
  }
}

interface Row {
  line: number;
  fields: string[];
}

/** Tab-separated rows without quoting (XTREME's files contain raw quotes); every row must have `width` fields. */
export function parseTsv(tsv: string, source: string, width: number, what: string): Row[] {
  const out: Row[] = [];
  tsv.split("\n").forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "") return;
    const fields = line.split("\t");
    if (fields.length !== width) {
      throw new Error(`${source}:${i + 1}: ${fields.length} fields, expected ${width} (${what})`);
    }
    out.push({ line: i + 1, fields });
  });
  return out;
}

function labelOf(name: string, at: string): number {
  const label = (XNLI_LABELS as readonly string[]).indexOf(name.trim());
  if (label < 0) throw new Error(`${at}: label ${JSON.stringify(name)} is not one of ${XNLI_LABELS.join(", ")}`);
  return label;
}

/** `premise<TAB>hypothesis<TAB>label` rows (MESH dev files, the German XGLUE test file). */
export function parseLabelledPairs(tsv: string, source: string, idPrefix: string): Example[] {
  return parseTsv(tsv, source, 3, "premise, hypothesis, label").map(({ line, fields: [text, text2, label] }, i) => ({
    id: `${idPrefix}-${i}`,
    text,
    text2,
    label: labelOf(label, `${source}:${line}`),
  }));
}

/** `premise<TAB>hypothesis` rows (MESH test files, labels stripped). */
export function parsePairs(tsv: string, source: string): { text: string; text2: string }[] {
  return parseTsv(tsv, source, 2, "premise, hypothesis").map(({ fields: [text, text2] }) => ({ text, text2 }));
}

function checkRows(n: number, expected: number, source: string): void {
  if (n !== expected) throw new Error(`${source}: ${n} rows, expected ${expected} (XNLI)`);
}

/**
 * Labels for a language's test pairs from the German labelled file: the German
 * pairs must be MESH's German pairs row by row, and the language's rows must
 * group by premise exactly as the German ones (XNLI gives each premise three
 * hypotheses in a row).
 */
export function alignTestLabels(
  pairs: { text: string; text2: string }[],
  source: string,
  german: { text: string; text2: string }[],
  germanSource: string,
  labelled: Example[],
  labelledSource: string,
): Example[] {
  if (labelled.length !== german.length) {
    throw new Error(
      `${labelledSource}: ${labelled.length} rows, ${germanSource} has ${german.length}: the label file is not row-aligned with the test pairs`,
    );
  }
  // the two copies differ only in stray leading spaces on 3 of 5,010 rows: compare with outer whitespace trimmed
  const same = (x: string, y: string) => x.trim() === y.trim();
  labelled.forEach((e, i) => {
    if (!same(e.text, german[i].text) || !same(e.text2 ?? "", german[i].text2)) {
      throw new Error(
        `${labelledSource}: row ${i + 1} is not the pair of ${germanSource} row ${i + 1} (premise ${
          JSON.stringify(e.text.slice(0, 60))
        } vs ${JSON.stringify(german[i].text.slice(0, 60))}): the label file is misaligned`,
      );
    }
  });
  if (pairs.length !== labelled.length) {
    throw new Error(`${source}: ${pairs.length} rows, the labels cover ${labelled.length}`);
  }
  for (let i = 1; i < pairs.length; i++) {
    const again = pairs[i].text === pairs[i - 1].text;
    const sameDe = german[i].text === german[i - 1].text;
    if (again !== sameDe) {
      throw new Error(
        `${source}: row ${i + 1} ${
          again ? "repeats" : "does not repeat"
        } the premise of row ${i}, while ${germanSource} row ${i + 1} ${
          sameDe ? "does" : "does not"
        }: the file is shifted against the labels`,
      );
    }
  }
  return pairs.map((p, i) => ({ id: `test-${i}`, text: p.text, text2: p.text2, label: labelled[i].label }));
}

/** A language's dev set: 2,490 labelled pairs. */
export async function loadXnliDev(lang: string, opts: FetchOptions): Promise<Example[]> {
  checkXnliLanguage(lang);
  const pin = xnliPin(`${lang}/dev`);
  const examples = parseLabelledPairs(await fetchText(pin, opts), pin.path, "dev");
  checkRows(examples.length, XNLI_DEV_ROWS, pin.path);
  return examples;
}

/** A language's test set: 5,010 pairs with the labels of the German labelled file (alignment checked). */
export async function loadXnliTest(lang: string, opts: FetchOptions): Promise<Example[]> {
  checkXnliLanguage(lang);
  const pin = xnliPin(`${lang}/test`), dePin = xnliPin("de/test"), labelsPin = xnliPin("labels/test-de");
  const pairs = parsePairs(await fetchText(pin, opts), pin.path);
  checkRows(pairs.length, XNLI_TEST_ROWS, pin.path);
  const { german, labelled } = await germanReference(opts);
  return alignTestLabels(pairs, pin.path, german, dePin.path, labelled, labelsPin.path);
}

/** The German test pairs and the labelled German file, read once per process and data location (every language's labels come from them). */
const references = new Map<string, Promise<{ german: { text: string; text2: string }[]; labelled: Example[] }>>();
function germanReference(opts: FetchOptions) {
  const key = JSON.stringify([opts.mirrors, opts.cacheDir]);
  let ref = references.get(key);
  if (!ref) {
    const dePin = xnliPin("de/test"), labelsPin = xnliPin("labels/test-de");
    ref = (async () => ({
      german: parsePairs(await fetchText(dePin, opts), dePin.path),
      labelled: parseLabelledPairs(await fetchText(labelsPin, opts), labelsPin.path, "test-de"),
    }))();
    // a failed read is not kept: the next call tries again
    ref.catch(() => references.delete(key));
    references.set(key, ref);
  }
  return ref;
}

/** The files (key -> sha256) a language's test set is read from. */
export function xnliTestFiles(lang: string): Record<string, string> {
  return {
    [`${lang}/test`]: xnliPin(`${lang}/test`).sha256,
    "de/test": xnliPin("de/test").sha256,
    "labels/test-de": xnliPin("labels/test-de").sha256,
  };
}

/**
 * XNLI as the MPT paper uses it, with its one substitution: the paper samples k
 * training and k dev pairs per class from English MultiNLI (XNLI's training
 * set), which is not available here, so both are drawn, disjoint and seeded,
 * from the English XNLI dev set (830 pairs per class; k up to 256 leaves room
 * for both). Test: every language's 5,010 test pairs with the German file's labels.
 */
export const xnli = defineDataset({
  id: "xnli",
  name: "XNLI",
  title: "XNLI, Cross-lingual Natural Language Inference (Conneau et al., 2018): entailment, neutral, contradiction",
  citation: "Conneau et al. 2018, XNLI: Evaluating Cross-lingual Sentence Representations",
  source: { repo: MESH_REPO.repo, commit: MESH_REPO.commit, license: MESH_REPO.license },
  task: "text-pair",
  labels: XNLI_LABELS,
  languages: XNLI_LANGUAGES,
  families: XNLI_FAMILIES,
  splits: "sampled",
  classSizes: { dev: 830, test: 1670, trainFrom: "dev" },
  evalSplits: ["test", "dev"],
  async sourceSplits(req, fetch) {
    const { lang, seed, trainShots: k, devShots } = req;
    if (k === "all" || typeof devShots !== "number") {
      throw new Error(
        `XNLI's source splits are drawn from its dev set: trainShots and devShots must be numbers of pairs per class, not ${
          JSON.stringify(k === "all" ? k : devShots)
        }`,
      );
    }
    const pool = await loadXnliDev(lang, fetch);
    const C = XNLI_LABELS.length;
    const train = sampleKShot(pool, C, { dataset: "xnli", lang, seed, split: "train-from-dev", k });
    const taken = new Set(train);
    const dev = sampleKShot(pool.filter((e) => !taken.has(e)), C, {
      dataset: "xnli",
      lang,
      seed,
      split: "dev-from-dev",
      k: devShots,
    });
    const files = { [`${lang}/dev`]: xnliPin(`${lang}/dev`).sha256 };
    return { train: { examples: train, files }, dev: { examples: dev, files: {} } };
  },
  async evalSet(lang, split, fetch) {
    if (split === "dev") {
      return { examples: await loadXnliDev(lang, fetch), files: { [`${lang}/dev`]: xnliPin(`${lang}/dev`).sha256 } };
    }
    return { examples: await loadXnliTest(lang, fetch), files: xnliTestFiles(lang) };
  },
});
