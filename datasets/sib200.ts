// SIB-200 (Adelani et al., 2024): topic classification, 7 labels, the same
// FLORES-200 sentences in 205 language varieties. Pinned to one commit.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fetchText, type FetchOptions } from "./fetch.ts";
import type { PinnedFile } from "./sources.ts";
import type { Example, Split } from "./example.ts";

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
    throw new Error(`SIB-200 has no language "${lang}" (expected a code like eng_Latn; ${SIB200_LANGUAGES.length} are pinned)`);
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
