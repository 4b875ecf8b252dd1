// Builds a Unigram tokenizer.json (the model type XLM-R's SentencePiece
// tokenizer uses) from raw text: every character seen at least twice, then the
// most frequent whole words and word-internal substrings, scored by log
// relative frequency. Viterbi segmentation then prefers whole words and falls
// back to substrings and characters; unseen characters map to <unk>.
// With `emIterations`, the candidate set starts `seedFactor` times larger,
// seeded by frequency x length as SentencePiece seeds it, and is re-estimated
// by hard (Viterbi) EM where SentencePiece runs full EM: segment every word
// with the current scores, rescore each piece by how often the segmentation
// uses it, and prune the multi-character pieces whose removal costs the corpus
// the least likelihood until the vocabulary fits.
export interface TrainTokenizerOptions {
  vocabSize: number;
  minCharCount?: number;
  maxPieceLength?: number;
  /** Words seen fewer times contribute characters but no substrings. */
  minSubstringWordCount?: number;
  /** Rounds of Viterbi re-estimation and pruning (0: frequency scores only). */
  emIterations?: number;
  /** Candidate multi-character pieces before pruning, as a multiple of the budget. */
  seedFactor?: number;
  /** Whole words longer than this (in characters) are not candidates. */
  maxWordPieceLength?: number;
}

export const XLMR_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"] as const;
const SP = "\u2581";

export function trainUnigramTokenizer(texts: Iterable<string>, opts: TrainTokenizerOptions): object {
  const words = new Map<string, number>();
  for (const text of texts) {
    for (const w of text.normalize("NFKC").split(/\s+/)) if (w) words.set(SP + w, (words.get(SP + w) ?? 0) + 1);
  }
  const chars = new Map<string, number>();
  const subs = new Map<string, number>();
  const maxLen = opts.maxPieceLength ?? 6;
  for (const [w, n] of words) {
    const cs = [...w];
    for (const ch of cs) chars.set(ch, (chars.get(ch) ?? 0) + n);
    // substrings of rare words barely move the ranking but dominate the cost
    if (n < (opts.minSubstringWordCount ?? 3)) continue;
    for (let i = 0; i < cs.length; i++) {
      for (let l = 2; l <= maxLen && i + l <= cs.length; l++) {
        if (i === 0 && l === cs.length) continue; // whole words are counted separately
        const s = cs.slice(i, i + l).join("");
        subs.set(s, (subs.get(s) ?? 0) + n);
      }
    }
  }
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const charPieces = [...chars].filter(([, n]) => n >= (opts.minCharCount ?? 2)).sort(byCount);
  const budget = opts.vocabSize - XLMR_SPECIALS.length - 1 - charPieces.length;
  if (budget < 0) {
    throw new Error(`vocabSize ${opts.vocabSize} is smaller than the ${charPieces.length} characters seen`);
  }
  // Whole words and substrings compete for the budget on frequency; a substring's
  // count includes its occurrences inside every word. One count per piece: a
  // whole word ("▁na") is also a prefix of longer words ("▁nako").
  const em = opts.emIterations ?? 0;
  const maxWord = opts.maxWordPieceLength ?? Infinity;
  const counts = new Map(subs);
  for (const [w, n] of words) {
    const len = [...w].length;
    if (len > 1 && len <= maxWord) counts.set(w, (counts.get(w) ?? 0) + n);
  }
  // a piece with a character below minCharCount could never be re-segmented (nor be needed)
  const known = new Set(charPieces.map(([c]) => c));
  const candidates = [...counts].filter(([p]) => [...p].every((c) => known.has(c))).sort(byCount);
  let multi = candidates.slice(0, em > 0 ? Math.ceil(budget * (opts.seedFactor ?? 3)) : budget);
  // Seed scores as SentencePiece's: frequency x length, so that a frequent
  // word ("▁on") starts ahead of a frequent character ("▁") plus a substring.
  let pieces = [...charPieces, ...(em > 0 ? multi.map(([p, n]) => [p, n * [...p].length] as [string, number]) : multi)];
  for (let round = 0; round < em; round++) {
    // E-step (hard): usage under the current scores; M-step: usage becomes the score.
    const usage = viterbiUsage(words, pieces);
    multi = multi.map(([p]) => [p, usage.get(p) ?? 0] as [string, number]).filter(([, n]) => n > 0);
    pieces = [...charPieces.map(([p]) => [p, Math.max(1, usage.get(p) ?? 0)] as [string, number]), ...multi];
    // Prune as SentencePiece does: drop the pieces whose removal costs the
    // corpus the least likelihood (usage x the score lost by re-segmenting the
    // piece without itself), not the least used ones; characters always stay.
    // The last round cuts down to the budget.
    const keep = round === em - 1 ? budget : Math.max(budget, Math.ceil(multi.length * 0.75));
    const loss = removalLoss(pieces, multi);
    multi = multi.map(([p, n], i) => [p, n, loss[i]] as const).sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1))
      .slice(0, keep)
      .map(([p, n]) => [p, n] as [string, number]).sort(byCount);
    pieces = [...pieces.slice(0, charPieces.length), ...multi];
  }
  if (em > 0) {
    // final scores: usage under the pruned vocabulary
    const usage = viterbiUsage(words, pieces);
    pieces = pieces.map(([p]) => [p, Math.max(1, usage.get(p) ?? 0)] as [string, number]);
  }
  const total = pieces.reduce((s, [, n]) => s + n, 0);
  const vocab: [string, number][] = [
    ...XLMR_SPECIALS.map((s) => [s, 0] as [string, number]),
    ...pieces.map(([p, n]) => [p, Math.log(n / total)] as [string, number]),
    ["<mask>", 0],
  ];
  const minScore = Math.min(...vocab.map(([, s]) => s));
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: content === "<mask>",
    rstrip: false,
    normalized: false,
    special: true,
  });
  const metaspace = { type: "Metaspace", replacement: SP, prepend_scheme: "always", split: true };
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [...XLMR_SPECIALS.map((s, i) => special(s, i)), special("<mask>", vocab.length - 1)],
    normalizer: { type: "NFKC" },
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "WhitespaceSplit" }, metaspace] },
    post_processor: {
      type: "TemplateProcessing",
      single: [tok("<s>"), { Sequence: { id: "A", type_id: 0 } }, tok("</s>")],
      pair: [tok("<s>"), { Sequence: { id: "A", type_id: 0 } }, tok("</s>"), tok("</s>"), {
        Sequence: { id: "B", type_id: 0 },
      }, tok("</s>")],
      special_tokens: Object.fromEntries(
        ["<s>", "</s>"].map((t) => [t, { id: t, ids: [vocab.findIndex(([p]) => p === t)], tokens: [t] }]),
      ),
    },
    decoder: metaspace,
    model: {
      type: "Unigram",
      unk_id: 3,
      vocab: vocab.map(([p, s]) => [p, p === "<unk>" ? minScore - 10 : s]),
      byte_fallback: false,
    },
  };
}

/** Log relative frequency of each piece: the Unigram model's scores. */
function logProbs(pieces: [string, number][]): Map<string, number> {
  const total = pieces.reduce((s, [, n]) => s + n, 0);
  return new Map(pieces.map(([p, n]) => [p, Math.log(n / total)]));
}

/**
 * The best (Viterbi) segmentation of `w` under `score`: its log-probability and
 * its pieces; null where a character is not in the vocabulary. `notWhole`
 * leaves `w` itself out as a single piece.
 */
function viterbi(
  w: string,
  score: Map<string, number>,
  maxLen: number,
  notWhole = false,
): { logp: number; pieces: string[] } | null {
  const cs = [...w];
  const off = new Int32Array(cs.length + 1); // code-unit offset of each character
  for (let i = 0; i < cs.length; i++) off[i + 1] = off[i] + cs[i].length;
  const best = new Float64Array(cs.length + 1).fill(-Infinity);
  const from = new Int32Array(cs.length + 1);
  best[0] = 0;
  for (let end = 1; end <= cs.length; end++) {
    for (let len = 1; len <= Math.min(maxLen, end); len++) {
      if (notWhole && len === cs.length) continue;
      const s = score.get(w.slice(off[end - len], off[end]));
      if (s !== undefined && best[end - len] + s > best[end]) {
        best[end] = best[end - len] + s;
        from[end] = end - len;
      }
    }
  }
  if (best[cs.length] === -Infinity) return null;
  const pieces: string[] = [];
  for (let end = cs.length; end > 0; end = from[end]) pieces.push(w.slice(off[from[end]], off[end]));
  return { logp: best[cs.length], pieces };
}

const maxPieceLength = (pieces: [string, number][]) => Math.max(...pieces.map(([p]) => [...p].length));

/**
 * For each of `multi`, how much log-likelihood the corpus loses without it:
 * its usage times (its log-probability minus that of the best segmentation of
 * its own string into other pieces), SentencePiece's pruning criterion.
 */
function removalLoss(pieces: [string, number][], multi: [string, number][]): number[] {
  const score = logProbs(pieces);
  const maxLen = maxPieceLength(pieces);
  return multi.map(([p, n]) => n * (score.get(p)! - (viterbi(p, score, maxLen, true)?.logp ?? -Infinity)));
}

/** How often the best (Viterbi) segmentation of each word, weighted by its count, uses each piece. */
function viterbiUsage(words: Map<string, number>, pieces: [string, number][]): Map<string, number> {
  const score = logProbs(pieces);
  const maxLen = maxPieceLength(pieces);
  const usage = new Map<string, number>();
  for (const [w, count] of words) {
    // null: a character below minCharCount, which becomes <unk>
    for (const p of viterbi(w, score, maxLen)?.pieces ?? []) usage.set(p, (usage.get(p) ?? 0) + count);
  }
  return usage;
}

// The generic fast tokenizer class: transformers 5 rebuilds an XLMRobertaTokenizer's
// pipeline from the class's defaults and drops tokenizer.json's NFKC normalizer
// (full-width punctuation then becomes <unk>); the generic class uses the file as it is.
export const XLMR_TOKENIZER_CONFIG = {
  tokenizer_class: "PreTrainedTokenizerFast",
  bos_token: "<s>",
  eos_token: "</s>",
  unk_token: "<unk>",
  sep_token: "</s>",
  cls_token: "<s>",
  pad_token: "<pad>",
  mask_token: "<mask>",
  model_max_length: 512,
};
