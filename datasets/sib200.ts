// SIB-200 (Adelani et al., 2024): topic classification, 7 labels, the same
// FLORES-200 sentences in 205 language varieties. Pinned to one commit.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type FetchOptions, fetchText } from "./fetch.ts";
import { type PinnedFile, SIB200 } from "./sources.ts";
import type { Example, Split } from "./example.ts";
import { defineDataset } from "./define.ts";
import { kShotTrainDev, sampleKShot } from "./kshot.ts";
import { deriveSeed, Rng } from "../core/rng.ts";

/** Label order of the SIB-200 repository's own training code; index = class id. */
export const SIB200_LABELS = [
  "science/technology",
  "travel",
  "politics",
  "sports",
  "health",
  "entertainment",
  "geography",
] as const;

export type { Example, Split } from "./example.ts";

const PINS: Record<string, PinnedFile> = JSON.parse(
  readFileSync(fileURLToPath(new URL("./pins/sib200.json", import.meta.url)), "utf8"),
);

export const SIB200_LANGUAGES: readonly string[] = [
  ...new Set(Object.keys(PINS).map((k) => k.split("/")[0])),
].sort();

export function sib200Pin(lang: string, split: Split): PinnedFile {
  const pin = PINS[`${lang}/${split}`];
  if (!pin) {
    throw new Error(
      `SIB-200 has no language "${lang}" (expected a code like eng_Latn; ${SIB200_LANGUAGES.length} are pinned)`,
    );
  }
  return pin;
}

/** Parse a SIB-200 TSV (header `index_id<TAB>category<TAB>text`). */
export function parseSib200Tsv(tsv: string, source: string): Example[] {
  const lines = tsv.split(/\r?\n/);
  const header = lines[0]?.split("\t") ?? [];
  if (header[0] !== "index_id" || header[1] !== "category" || header[2] !== "text") {
    throw new Error(`${source}: header is "${lines[0]}", expected "index_id\\tcategory\\ttext"`);
  }
  const out: Example[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const [id, category, ...rest] = line.split("\t");
    const label = (SIB200_LABELS as readonly string[]).indexOf(category);
    if (label < 0) throw new Error(`${source}:${i + 1}: unknown category "${category}"`);
    if (rest.length === 0) throw new Error(`${source}:${i + 1}: no text field`);
    out.push({ id, label, text: rest.join("\t") });
  }
  return out;
}

export async function loadSib200(lang: string, split: Split, opts: FetchOptions): Promise<Example[]> {
  const pin = sib200Pin(lang, split);
  return parseSib200Tsv(await fetchText(pin, opts), pin.path);
}

export const sib200 = defineDataset({
  id: "sib200",
  name: "SIB-200",
  title: "SIB-200 topic classification (Adelani et al., 2024)",
  citation:
    "Adelani et al. 2024, SIB-200: A Simple, Inclusive, and Big Evaluation Dataset for Topic Classification in 200+ Languages and Dialects",
  source: { repo: SIB200.repo, commit: SIB200.commit, license: SIB200.license },
  task: "single-text",
  labels: SIB200_LABELS,
  languages: SIB200_LANGUAGES,
  splits: "sampled",
  // every pinned language's splits are the same FLORES sentences: 701 train, 99 dev, 204 test
  classSizes: { train: 58, dev: 8, test: 17 },
  evalSplits: ["test", "dev"],
  async sourceSplits(req, fetch) {
    const { lang, seed } = req;
    const files = {
      [`${lang}/train`]: sib200Pin(lang, "train").sha256,
      [`${lang}/dev`]: sib200Pin(lang, "dev").sha256,
    };
    if (req.devShots === "given") {
      throw new Error(`SIB-200 publishes no k-shot splits: devShots "given" does not apply (use a number or "all")`);
    }
    const base = { dataset: "sib200", lang, seed };
    const tr = await loadSib200(lang, "train", fetch);
    const dv = await loadSib200(lang, "dev", fetch);
    const C = SIB200_LABELS.length;
    let train: Example[], dev: Example[];
    if (req.trainShots === "all") {
      train = new Rng(deriveSeed("subset", lang, seed)).shuffle(tr).slice(0, req.maxTrainPerLanguage ?? tr.length);
      dev = req.devShots === "all" ? dv : sampleKShot(dv, C, { ...base, split: "dev", k: req.devShots });
    } else if (req.devShots === "all") {
      train = sampleKShot(tr, C, { ...base, split: "train", k: req.trainShots });
      dev = dv;
    } else ({ train, dev } = kShotTrainDev(tr, dv, C, base, req.trainShots, req.devShots));
    return { train: { examples: train, files }, dev: { examples: dev, files: {} } };
  },
  async evalSet(lang, split, fetch) {
    return {
      examples: await loadSib200(lang, split, fetch),
      files: { [`${lang}/${split}`]: sib200Pin(lang, split).sha256 },
    };
  },
});
