// The masked-LM corpus: monolingual chunks of every text, and pairs of
// translations of one SIB-200 train sentence (translation language modelling,
// as XLM does), so that a masked word can be recovered from its translation;
// half of the pairs have English on one side. Built once per working folder and
// written as sequence files that the torch engine reads too.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deriveSeed, Rng } from "../../core/rng.ts";
import type { TextTokenizer } from "../../models/tokenizer.ts";
import type { PretrainOptions } from "./options.ts";
import { readSequences, writeSequences } from "./sequences.ts";
import type { Sources } from "./sources.ts";

export interface Corpus {
  train: number[][];
  heldOut: number[][];
  mono: number;
  /** Translation pairs, catalogue pairs included. */
  pairs: number;
  /** Of the pairs, those from the translation catalogues (0 without them). */
  cataloguePairs: number;
}
export type CorpusOptions = Pick<PretrainOptions, "monoLen" | "pairSide" | "englishRepeat" | "seed" | "catalogue">;

export function buildCorpus(sources: Sources, tok: TextTokenizer, o: CorpusOptions): Corpus {
  const { udhr, sib, glosses, catalogues } = sources;
  // SIB-200 sentences serve as monolingual text and in pairs: tokenized once
  const sibIds = sib.map((l) => l.texts.map((t) => tok.tokenIds(t.text)));
  const seqs: number[][] = [];
  const chunk = (ids: number[]) => {
    for (let i = 0; i < ids.length; i += o.monoLen - 2) seqs.push([0, ...ids.slice(i, i + o.monoLen - 2), 2]);
  };
  const copies = (english: boolean) => (english ? o.englishRepeat : 1);
  for (const d of udhr) {
    const ids = d.texts.map((t) => tok.tokenIds(t));
    for (let r = 0; r < copies(d.lang === "en"); r++) ids.forEach(chunk);
  }
  sib.forEach((l, li) => {
    for (let r = 0; r < copies(l.lang === "eng_Latn"); r++) sibIds[li].forEach(chunk);
  });
  for (const g of glosses) chunk(tok.tokenIds(g));
  const mono = seqs.length;
  // translation pairs: every non-English sentence with English or another language
  const byId = new Map<string, { lang: string; ids: number[] }[]>();
  sib.forEach((l, li) =>
    l.texts.forEach((t, ti) => {
      const list = byId.get(t.id) ?? byId.set(t.id, []).get(t.id)!;
      list.push({ lang: l.lang, ids: sibIds[li][ti].slice(0, o.pairSide) });
    })
  );
  const rng = new Rng(deriveSeed("pairs", o.seed));
  for (const list of byId.values()) {
    const eng = list.find((x) => x.lang === "eng_Latn");
    for (const x of list) {
      if (x.lang === "eng_Latn") continue;
      const others = list.filter((y) => y !== x);
      const partner = eng && rng.next() < 0.5 ? eng : others[rng.int(others.length)];
      const [p, q] = rng.next() < 0.5 ? [x, partner] : [partner, x];
      seqs.push([0, ...p.ids, 2, 2, ...q.ids, 2]);
    }
  }
  const beforeCatalogues = seqs.length;
  // catalogue pairs: a seeded sample per language of the messages of a few words or more
  const catRng = new Rng(deriveSeed("catalogues", o.seed));
  const byLang = new Map<string, typeof catalogues>();
  for (const c of catalogues) {
    if (c.en.split(" ").length < o.catalogue.minWords) continue;
    (byLang.get(c.lang) ?? byLang.set(c.lang, []).get(c.lang)!).push(c);
  }
  for (const list of byLang.values()) {
    for (const i of catRng.shuffle(list.map((_, i) => i)).slice(0, o.catalogue.perLanguage)) {
      const en = tok.tokenIds(list[i].en).slice(0, o.pairSide), tr = tok.tokenIds(list[i].text).slice(0, o.pairSide);
      const [p, q] = catRng.next() < 0.5 ? [en, tr] : [tr, en];
      seqs.push([0, ...p, 2, 2, ...q, 2]);
    }
  }
  const order = new Rng(deriveSeed("split", o.seed)).shuffle(seqs.map((_, i) => i));
  return {
    heldOut: order.slice(0, 1000).map((i) => seqs[i]),
    train: order.slice(1000).map((i) => seqs[i]),
    mono,
    pairs: seqs.length - mono,
    cataloguePairs: seqs.length - beforeCatalogues,
  };
}

/**
 * The corpus from `work` (corpus.json and its sequence files), else built and
 * written there, with the model's config.json beside it for the torch engine.
 */
export function loadOrBuildCorpus(
  work: string,
  build: () => Corpus,
  written: { maskId: number; config: object },
): Corpus {
  const metaPath = join(work, "corpus.json");
  if (existsSync(metaPath)) {
    const m = JSON.parse(readFileSync(metaPath, "utf8"));
    return {
      train: readSequences(work, "train"),
      heldOut: readSequences(work, "heldout"),
      mono: m.mono,
      pairs: m.pairs,
      cataloguePairs: m.cataloguePairs ?? 0,
    };
  }
  const corpus = build();
  writeSequences(work, "train", corpus.train);
  writeSequences(work, "heldout", corpus.heldOut);
  const meta = {
    maskId: written.maskId,
    mono: corpus.mono,
    pairs: corpus.pairs,
    cataloguePairs: corpus.cataloguePairs,
    train: corpus.train.length,
    heldOut: corpus.heldOut.length,
  };
  writeFileSync(metaPath, JSON.stringify(meta));
  writeFileSync(join(work, "config.json"), JSON.stringify(written.config, null, 1));
  return corpus;
}
