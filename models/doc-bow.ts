// Targets for the document bag-of-words objective of the embedded backbone's
// pretraining: a <mask> placed after a sentence (in any language) learns to
// predict the content pieces of its English translation and of the English
// sentences around it in the same FLORES-200 article (ids a few apart). It is
// self-supervised (no topic labels; parallel text and document order only),
// and it is what gives the <mask> slot that the verbalizer reads a topic:
// plain MLM on single sentences left it with none (see the v4 model card).

export interface DocBowOptions {
  /** Sentences whose ids differ by at most this many are neighbours (same article, mostly). */
  window: number;
  /** Weight of a neighbour's pieces relative to the sentence's own. */
  neighbourWeight: number;
  /** Pieces in more than this share of the sentences are function words and punctuation: not targets. */
  maxDocFrequency: number;
  /** Ids never used as targets (special tokens). */
  exclude: number[];
}

/** Sparse target distribution per sentence id: [piece id, probability] pairs summing to 1; ids with no content piece are absent. */
export function docBowTargets(
  sentences: { id: number; pieces: number[] }[],
  o: DocBowOptions,
): Map<number, [number, number][]> {
  const df = new Map<number, number>();
  for (const s of sentences) for (const p of new Set(s.pieces)) df.set(p, (df.get(p) ?? 0) + 1);
  const excluded = new Set(o.exclude);
  const content = (p: number) => !excluded.has(p) && df.get(p)! <= o.maxDocFrequency * sentences.length;
  const sorted = [...sentences].sort((a, b) => a.id - b.id);
  const out = new Map<number, [number, number][]>();
  let lo = 0;
  for (const s of sorted) {
    while (sorted[lo].id < s.id - o.window) lo++;
    const w = new Map<number, number>();
    for (let j = lo; j < sorted.length && sorted[j].id <= s.id + o.window; j++) {
      const weight = sorted[j].id === s.id ? 1 : o.neighbourWeight;
      for (const p of new Set(sorted[j].pieces)) if (content(p)) w.set(p, (w.get(p) ?? 0) + weight);
    }
    const total = [...w.values()].reduce((x, y) => x + y, 0);
    if (total > 0) out.set(s.id, [...w].sort((a, b) => a[0] - b[0]).map(([p, x]) => [p, x / total]));
  }
  return out;
}
