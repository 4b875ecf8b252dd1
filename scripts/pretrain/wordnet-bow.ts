// Stage-2 rows from WordNet 3.0: a synset's gloss followed by <mask>, whose
// target is the bag of pieces of the synset's own words (weight 1) and of its
// hypernyms' words, one and two levels up (weights 1/2 and 1/4). So the <mask>
// slot that the harness's verbalizer reads learns to name what a text is about
// ("a game played with a ball" -> football, field game, sport) from an openly
// licensed dictionary, with no benchmark labels or text.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Synset {
  key: string;
  words: string[];
  hypernyms: string[];
  gloss: string;
}

const POS_FILES = { n: "noun", v: "verb", a: "adj", r: "adv" } as const;

/** One line of a WordNet data.<pos> file, or null for the licence header and blank lines. */
export function parseSynsetLine(line: string, pos: string): Synset | null {
  if (!line || line.startsWith("  ")) return null;
  const bar = line.indexOf(" | ");
  if (bar < 0) return null;
  const f = line.slice(0, bar).trim().split(" ");
  const wordCount = parseInt(f[3], 16);
  const words = Array.from({ length: wordCount }, (_, i) => f[4 + 2 * i].replace(/\(.*\)$/, "").replace(/_/g, " "));
  let at = 4 + 2 * wordCount;
  const pointerCount = Number(f[at++]);
  const hypernyms: string[] = [];
  for (let i = 0; i < pointerCount; i++, at += 4) {
    if (f[at] === "@" || f[at] === "@i") hypernyms.push(`${f[at + 2]}${f[at + 1]}`);
  }
  return { key: `${pos}${f[0]}`, words, hypernyms, gloss: line.slice(bar + 3).trim() };
}

/** Every synset of a WordNet database folder (Debian's wordnet-base: /usr/share/wordnet). */
export function wordnetSynsets(dir = "/usr/share/wordnet"): Synset[] {
  const out: Synset[] = [];
  for (const [pos, name] of Object.entries(POS_FILES)) {
    const path = join(dir, `data.${name}`);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new Error(`${path}: not found; WordNet's database comes with Debian's wordnet-base`);
    }
    for (const line of text.split("\n")) {
      const s = parseSynsetLine(line, pos === "a" ? "s" : pos);
      if (s) out.push(pos === "a" ? { ...s, key: `a${s.key.slice(1)}` } : s);
    }
  }
  return out;
}

export interface GlossBowOptions {
  /** Pieces in more than this share of the synsets' word sets are not targets. */
  maxDocFrequency: number;
  /** Ids never used as targets (special tokens). */
  exclude: number[];
}

/**
 * Per synset with at least one content piece: its gloss and the sparse target distribution
 * ([piece id, probability], summing to 1) over the pieces of its words and its hypernyms' words.
 */
export function glossBowTargets(
  synsets: Synset[],
  pieces: (text: string) => number[],
  o: GlossBowOptions,
): { gloss: string; targets: [number, number][] }[] {
  const byKey = new Map(synsets.map((s) => [s.key, s]));
  const wordPieces = new Map(synsets.map((s) => [s.key, new Set(s.words.flatMap((w) => pieces(w)))]));
  const df = new Map<number, number>();
  for (const set of wordPieces.values()) for (const p of set) df.set(p, (df.get(p) ?? 0) + 1);
  const excluded = new Set(o.exclude);
  const content = (p: number) => !excluded.has(p) && df.get(p)! <= o.maxDocFrequency * synsets.length;
  const resolve = (key: string) => byKey.get(key) ?? byKey.get(`a${key.slice(1)}`);
  const out = [];
  for (const s of synsets) {
    const w = new Map<number, number>();
    const add = (key: string, weight: number) => {
      for (const p of wordPieces.get(key) ?? []) if (content(p)) w.set(p, Math.max(w.get(p) ?? 0, weight));
    };
    add(s.key, 1);
    for (const h1 of s.hypernyms.map(resolve).filter((x) => x !== undefined)) {
      add(h1.key, 0.5);
      for (const h2 of h1.hypernyms.map(resolve).filter((x) => x !== undefined)) add(h2.key, 0.25);
    }
    const total = [...w.values()].reduce((a, b) => a + b, 0);
    if (total > 0) {
      out.push({
        gloss: s.gloss,
        targets: [...w].sort((a, b) => a[0] - b[0]).map(([p, x]) => [p, x / total]) as [number, number][],
      });
    }
  }
  return out;
}
