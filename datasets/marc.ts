// MARC, the Multilingual Amazon Reviews Corpus (Keung et al., 2020): predict a
// review's star rating (1-5) in en, de, es, fr, ja, zh. Loaded as UniPrompt's
// authors published their k-shot splits (mojave-pku/UniPrompt, pinned commit):
// data/k-shot/amazon-review-<lang>/<K>-<SEED>/{train,dev}.csv with k reviews
// per star for training and as many for development, and one 5,000-review test
// set per language. Upstream every <K>-<SEED>/test.csv of a language is the same
// file, so each language's test set is pinned once, at 16-13/test.csv.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { type FetchOptions, fetchText } from "./fetch.ts";
import type { PinnedFile } from "./sources.ts";
import type { Example } from "./example.ts";
import { defineDataset } from "./define.ts";
import { UNIPROMPT_REPO } from "./sources.ts";
import type { Loaded } from "./define.ts";

/** Class i is i+1 stars. */
export const MARC_LABELS = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"] as const;
export const MARC_LANGUAGES = ["de", "en", "es", "fr", "ja", "zh"] as const;
/** The published k-shot splits: k reviews per star, five seeds each. */
export const MARC_SHOTS = { k: [4, 8, 16, 32, 64, 128, 256], seeds: [13, 21, 42, 87, 100] } as const;
/** Paper Table 1: 5,000 test reviews per language (1,000 per star). */
export const MARC_TEST_ROWS = 5000;

const PINS: Record<string, PinnedFile> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./pins/marc.json", import.meta.url)), "utf8"),
);

export function marcShotsKey(lang: string, k: number, seed: number, split: "train" | "dev"): string {
  return `${lang}/${k}-${seed}/${split}`;
}

function checkLanguage(lang: string): void {
  if (!(MARC_LANGUAGES as readonly string[]).includes(lang)) {
    throw new Error(`MARC has no language "${lang}" (languages: ${MARC_LANGUAGES.join(", ")})`);
  }
}

export function marcShotsPin(lang: string, k: number, seed: number, split: "train" | "dev"): PinnedFile {
  checkLanguage(lang);
  const pin = PINS[marcShotsKey(lang, k, seed, split)];
  if (!pin) {
    throw new Error(
      `MARC has no published ${k}-shot split with seed ${seed} (k: ${MARC_SHOTS.k.join(", ")}; seeds: ${
        MARC_SHOTS.seeds.join(", ")
      })`,
    );
  }
  return pin;
}

export function marcTestPin(lang: string): PinnedFile {
  checkLanguage(lang);
  return PINS[`${lang}/test`];
}

/**
 * Parse a headerless `id,text,stars` CSV (RFC 4180 quoting). A row with another
 * number of fields, an empty id or a rating outside 1..5 is an error naming the
 * file and line.
 */
export function parseMarcCsv(csv: string, source: string): Example[] {
  let rows: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    rows = parse(csv, {
      relax_column_count: true,
      info: true,
      raw: true,
      bom: true,
      skip_empty_lines: true,
    }) as unknown as typeof rows;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new Error(`${source}${err.lines ? `:${err.lines}` : ""}: not valid CSV (${err.message})`);
  }
  return rows.map(({ record, info, raw }) => {
    // info.lines is the record's last line; a quoted review may span several
    const inner = (raw.match(/\n/g)?.length ?? 0) - (raw.endsWith("\n") ? 1 : 0);
    const at = `${source}:${info.lines - inner}`;
    if (record.length !== 3) throw new Error(`${at}: ${record.length} fields, expected 3 (id,text,stars)`);
    const [id, text, stars] = record;
    if (!id) throw new Error(`${at}: empty id`);
    if (!/^[1-5]$/.test(stars.trim())) throw new Error(`${at}: star rating ${JSON.stringify(stars)} is outside 1..5`);
    return { id, text, label: Number(stars) - 1 };
  });
}

function checkBalanced(examples: Example[], perClass: number, source: string, what: string): void {
  const counts = new Array<number>(MARC_LABELS.length).fill(0);
  for (const e of examples) counts[e.label]++;
  if (counts.some((c) => c !== perClass)) {
    throw new Error(`${source}: ${examples.length} reviews with ${counts.join("/")} per star (1-5), expected ${what}`);
  }
}

/** The authors' k-shot train or dev split of one language: k reviews per star (paper Table 1: k x 5). */
export async function loadMarcShots(
  lang: string,
  k: number,
  seed: number,
  split: "train" | "dev",
  opts: FetchOptions,
): Promise<Example[]> {
  const pin = marcShotsPin(lang, k, seed, split);
  const examples = parseMarcCsv(await fetchText(pin, opts), pin.path);
  checkBalanced(examples, k, pin.path, `k x 5 = ${k * 5} with ${k} per star (paper Table 1)`);
  return examples;
}

/** A language's test set: 5,000 reviews, 1,000 per star (paper Table 1). */
export async function loadMarcTest(lang: string, opts: FetchOptions): Promise<Example[]> {
  const pin = marcTestPin(lang);
  const examples = parseMarcCsv(await fetchText(pin, opts), pin.path);
  checkBalanced(
    examples,
    MARC_TEST_ROWS / MARC_LABELS.length,
    pin.path,
    `${MARC_TEST_ROWS} with ${MARC_TEST_ROWS / MARC_LABELS.length} per star (paper Table 1)`,
  );
  return examples;
}

export const marc = defineDataset({
  id: "marc",
  name: "MARC",
  title: "MARC, Multilingual Amazon Reviews Corpus (Keung et al., 2020): 1-5 star rating, UniPrompt's k-shot splits",
  citation: "Keung et al. 2020, The Multilingual Amazon Reviews Corpus; splits from Huang et al. 2022 (UniPrompt)",
  source: { repo: UNIPROMPT_REPO.repo, commit: UNIPROMPT_REPO.commit, license: UNIPROMPT_REPO.license },
  task: "single-text",
  labels: MARC_LABELS,
  languages: MARC_LANGUAGES,
  splits: "given",
  givenShots: MARC_SHOTS,
  classSizes: { test: MARC_TEST_ROWS / MARC_LABELS.length },
  evalSplits: ["test"],
  async sourceSplits(req, fetch) {
    const { lang, seed, trainShots: k } = req;
    if (k === "all") {
      throw new Error(
        `MARC is loaded as UniPrompt's k-shot splits: trainShots must be one of ${MARC_SHOTS.k.join(", ")}, not "all"`,
      );
    }
    if (req.devShots !== "given") {
      throw new Error(
        `MARC's dev split is published with each k-shot split: devShots must be "given", not ${
          JSON.stringify(req.devShots)
        }`,
      );
    }
    const load = async (split: "train" | "dev"): Promise<Loaded> => ({
      examples: await loadMarcShots(lang, k, seed, split, fetch),
      files: { [marcShotsKey(lang, k, seed, split)]: marcShotsPin(lang, k, seed, split).sha256 },
    });
    return { train: await load("train"), dev: await load("dev") };
  },
  async evalSet(lang, split, fetch) {
    if (split !== "test") {
      throw new Error(
        `MARC has no ${split} split per target language (UniPrompt's dev files are the source's k-shot dev sets); evaluate on test`,
      );
    }
    return { examples: await loadMarcTest(lang, fetch), files: { [`${lang}/test`]: marcTestPin(lang).sha256 } };
  },
});
