// Stage 2's data: document bag-of-words sequences (<s> text <mask> </s>, as the
// harness encodes them) and their English targets (models/doc-bow.ts), written
// once per working folder for the torch engine, which alone trains stage 2.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { docBowTargets } from "../../models/doc-bow.ts";
import type { TextTokenizer } from "../../models/tokenizer.ts";
import type { BowStage, BowTargets } from "./options.ts";
import { writeSequences } from "./sequences.ts";
import type { Sources } from "./sources.ts";
import { glossBowTargets, type Synset } from "./wordnet-bow.ts";

export interface DocBow {
  rows: number[][];
  doc: number[];
  targets: [number, number][][];
  /** How many of the rows are WordNet glosses (the last ones). */
  glossRows: number;
}
/** The engine reads the files; the script only needs the counts for the log and the model card. */
export interface DocBowCounts {
  sequences: number;
  documents: number;
  glossRows: number;
}
export interface DocBowOptions {
  bow: Pick<BowStage, "maxLength">;
  bowTargets: BowTargets;
  maskId: number;
}

/** SIB-200's rows (each sentence names its English article's pieces), then, given synsets, WordNet's gloss rows. */
/** <s>, <pad>, </s>, <unk> and <mask>: never targets. */
const specials = (maskId: number) => [0, 1, 2, 3, maskId];

export function buildDocBow(
  sib: Sources["sib"],
  synsets: Synset[],
  tok: TextTokenizer,
  o: DocBowOptions,
): DocBow {
  const english = sib.find((l) => l.lang === "eng_Latn");
  if (!english) throw new Error("SIB-200 train: eng_Latn is missing, and the bag-of-words targets are English");
  const byId = docBowTargets(english.texts.map((t) => ({ id: Number(t.id), pieces: tok.tokenIds(t.text) })), {
    ...o.bowTargets,
    exclude: specials(o.maskId),
  });
  const ids = [...byId.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const rows: number[][] = [], doc: number[] = [];
  for (const l of sib) {
    for (const t of l.texts) {
      const i = index.get(Number(t.id));
      if (i === undefined) continue;
      const enc = tok.encode(t.text, o.bow.maxLength - 1);
      rows.push([...enc.slice(0, -1), o.maskId, 2]);
      doc.push(i);
    }
  }
  const targets = ids.map((id) => byId.get(id)!);
  const glosses = glossBowTargets(synsets, (w) => tok.tokenIds(w), {
    maxDocFrequency: o.bowTargets.maxDocFrequency,
    exclude: specials(o.maskId),
  });
  for (const g of glosses) {
    const enc = tok.encode(g.gloss, o.bow.maxLength - 1);
    rows.push([...enc.slice(0, -1), o.maskId, 2]);
    doc.push(targets.length);
    targets.push(g.targets);
  }
  return { rows, doc, targets, glossRows: glosses.length };
}

/** The counts from `work`'s docbow.json, else the data built and written there. */
export function loadOrBuildDocBow(work: string, build: () => DocBow, bowTargets: BowTargets): DocBowCounts {
  const bowMeta = join(work, "docbow.json");
  if (existsSync(bowMeta)) return JSON.parse(readFileSync(bowMeta, "utf8"));
  const d = build();
  writeSequences(work, "docbow", d.rows);
  writeFileSync(join(work, "docbow-doc.i32"), new Int32Array(d.doc));
  writeSequences(work, "docbow-targets", d.targets.map((t) => t.map(([p]) => p)));
  writeFileSync(join(work, "docbow-targets.w.f32"), new Float32Array(d.targets.flatMap((t) => t.map(([, w]) => w))));
  const docBow = { sequences: d.rows.length, documents: d.targets.length, glossRows: d.glossRows };
  writeFileSync(bowMeta, JSON.stringify({ ...docBow, ...bowTargets }));
  return docBow;
}
