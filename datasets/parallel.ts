// Parallel corpora for cross-lingual alignment (MPT's auxiliary task): pairs of
// the same input in the source language and in one target language, labels not
// used. A plain registry, id -> loader, so a method's parameters name a corpus.
//
// - "paws-x": the stand-in for the MPT paper's PAWS-15 (500 English PAWS-X
//   training pairs machine-translated into 14 languages, never released). Built
//   from the PAWS-X dev sets, whose pairs are human translations of the same
//   English pairs into de, es, fr, ja, ko and zh: `size` English pairs drawn
//   with the corpus seed, each with its counterpart in one of the six languages,
//   drawn per pair with the same seed ("500 in English and 500 in
//   mixed-language"). Six target languages instead of fourteen.
// - "xnli": Table II's "w/o external data" row ("replaced by XNLI data without
//   annotations"): English XNLI dev pairs, none of the cell's own train or dev
//   draws, each with its counterpart in one of the 14 other XNLI languages (the
//   dev set is one set of pairs translated into all 15, checked by premise
//   grouping as for the test labels).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Example } from "./example.ts";
import { type FetchOptions, fetchText } from "./fetch.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import type { PinnedFile } from "./sources.ts";
import { loadXnliDev, XNLI_LANGUAGES, xnliPin } from "./xnli.ts";
import { parseTsv } from "./xnli.ts";

export interface ParallelPair {
  /** The input in the source language (English). */
  source: Example;
  /** The same input in `lang`. */
  target: Example;
  lang: string;
}

export interface CorpusRequest {
  size: number;
  /** Draws the pairs and their languages; the same seed gives the same corpus. */
  seed: number;
  /** Ids of source-language examples that must not appear (the cell's own train and dev draws). */
  exclude?: ReadonlySet<string>;
}

export interface CorpusDef {
  title: string;
  /** The most pairs the corpus can give. */
  maxSize: number;
  load(req: CorpusRequest, fetch: FetchOptions): Promise<{ pairs: ParallelPair[]; files: Record<string, string> }>;
}

export const PAWSX_LANGUAGES = ["de", "es", "fr", "ja", "ko", "zh"] as const;
export const PAWSX_DEV_ROWS = 2000;

const PAWSX_PINS: Record<string, PinnedFile> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./pins/pawsx.json", import.meta.url)), "utf8"),
);

export function pawsxPin(lang: string): PinnedFile {
  const pin = PAWSX_PINS[`${lang}/dev`];
  if (!pin) {
    throw new Error(`PAWS-X has no pinned dev file for "${lang}" (languages: en, ${PAWSX_LANGUAGES.join(", ")})`);
  }
  return pin;
}

/** A PAWS-X dev file: 2,000 `sentence1<TAB>sentence2<TAB>label` rows. */
export async function loadPawsxDev(lang: string, fetch: FetchOptions): Promise<Example[]> {
  const pin = pawsxPin(lang);
  const rows = parseTsv(await fetchText(pin, fetch), pin.path, 3, "sentence1, sentence2, label");
  if (rows.length !== PAWSX_DEV_ROWS) {
    throw new Error(`${pin.path}: ${rows.length} rows, expected ${PAWSX_DEV_ROWS} (PAWS-X dev)`);
  }
  return rows.map(({ line, fields: [text, text2, label] }, i) => {
    if (label !== "0" && label !== "1") {
      throw new Error(`${pin.path}:${line}: label ${JSON.stringify(label)} is not 0 or 1`);
    }
    return { id: `pawsx-dev-${i}`, text, text2, label: Number(label) };
  });
}

/** `size` rows of the English pool (in a seeded shuffle's order) with their row index, each with a target language drawn from `langs`. */
function draw(
  pool: readonly Example[],
  langs: readonly string[],
  req: CorpusRequest,
  name: string,
): { row: Example; at: number; lang: string }[] {
  const free = pool.map((row, at) => ({ row, at })).filter((x) => !req.exclude?.has(x.row.id));
  if (req.size > free.length) {
    throw new Error(`${name}: corpus size ${req.size} is more than the ${free.length} pairs it has`);
  }
  const rng = new Rng(deriveSeed("parallel", name, req.seed));
  return rng.shuffle(free).slice(0, req.size).map((x) => ({ ...x, lang: langs[rng.int(langs.length)] }));
}

const pawsx: CorpusDef = {
  title: "PAWS-15 stand-in: PAWS-X dev pairs in English with their human translations into de, es, fr, ja, ko, zh",
  maxSize: PAWSX_DEV_ROWS,
  async load(req, fetch) {
    const en = await loadPawsxDev("en", fetch);
    const chosen = draw(en, PAWSX_LANGUAGES, req, "paws-x");
    const byLang = new Map<string, Example[]>();
    for (const lang of new Set(chosen.map((c) => c.lang))) byLang.set(lang, await loadPawsxDev(lang, fetch));
    const pairs = chosen.map(({ row, at, lang }) => ({ source: row, target: byLang.get(lang)![at], lang }));
    const files = Object.fromEntries(["en", ...byLang.keys()].map((l) => [`pawsx/${l}/dev`, pawsxPin(l).sha256]));
    return { pairs, files };
  },
};

const xnli: CorpusDef = {
  title: "XNLI dev pairs without labels: English with their translations into the 14 other XNLI languages",
  maxSize: 2490,
  async load(req, fetch) {
    const en = await loadXnliDev("en", fetch);
    const targets = XNLI_LANGUAGES.filter((l) => l !== "en");
    const chosen = draw(en, targets, req, "xnli");
    const byLang = new Map<string, Example[]>();
    for (const lang of new Set(chosen.map((c) => c.lang))) {
      const rows = await loadXnliDev(lang, fetch);
      for (let i = 1; i < rows.length; i++) {
        if ((rows[i].text === rows[i - 1].text) !== (en[i].text === en[i - 1].text)) {
          throw new Error(
            `${xnliPin(`${lang}/dev`).path}: row ${
              i + 1
            } does not group by premise as the English dev file: not parallel`,
          );
        }
      }
      byLang.set(lang, rows);
    }
    // labels are not part of the alignment task
    const pairs = chosen.map(({ row, at, lang }) => ({ source: row, target: byLang.get(lang)![at], lang }));
    const files = Object.fromEntries(
      ["en", ...byLang.keys()].map((l) => [`xnli/${l}/dev`, xnliPin(`${l}/dev`).sha256]),
    );
    return { pairs, files };
  },
};

export const CORPORA: Record<string, CorpusDef> = { "paws-x": pawsx, xnli };

export function corpusOf(id: string): CorpusDef {
  const c = CORPORA[id];
  if (!c) throw new Error(`unknown parallel corpus "${id}" (known: ${Object.keys(CORPORA).join(", ")})`);
  return c;
}
