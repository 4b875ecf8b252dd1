// Builds a Unigram tokenizer.json (the model type XLM-R's SentencePiece
// tokenizer uses) from raw text: every character seen at least twice, then the
// most frequent whole words and word-internal substrings, scored by log
// relative frequency. Viterbi segmentation then prefers whole words and falls
// back to substrings and characters; unseen characters map to <unk>.
export interface TrainTokenizerOptions {
  vocabSize: number;
  minCharCount?: number;
  maxPieceLength?: number;
  /** Words seen fewer times contribute characters but no substrings. */
  minSubstringWordCount?: number;
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
  if (budget < 0) throw new Error(`vocabSize ${opts.vocabSize} is smaller than the ${charPieces.length} characters seen`);
  // Whole words and substrings compete for the budget on frequency; a substring's
  // count includes its occurrences inside every word.
  const multi = [...[...words].filter(([w]) => [...w].length > 1), ...subs].sort(byCount).slice(0, budget);
  const pieces = [...charPieces, ...multi];
  const total = pieces.reduce((s, [, n]) => s + n, 0);
  const vocab: [string, number][] = [
    ...XLMR_SPECIALS.map((s) => [s, 0] as [string, number]),
    ...pieces.map(([p, n]) => [p, Math.log(n / total)] as [string, number]),
    ["<mask>", 0],
  ];
  const minScore = Math.min(...vocab.map(([, s]) => s));
  const special = (content: string, id: number) => ({ id, content, single_word: false, lstrip: content === "<mask>", rstrip: false, normalized: false, special: true });
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
      pair: [tok("<s>"), { Sequence: { id: "A", type_id: 0 } }, tok("</s>"), tok("</s>"), { Sequence: { id: "B", type_id: 0 } }, tok("</s>")],
      special_tokens: Object.fromEntries(["<s>", "</s>"].map((t) => [t, { id: t, ids: [vocab.findIndex(([p]) => p === t)], tokens: [t] }])),
    },
    decoder: metaspace,
    model: { type: "Unigram", unk_id: 3, vocab: vocab.map(([p, s]) => [p, p === "<unk>" ? minScore - 10 : s]), byte_fallback: false },
  };
}

export const XLMR_TOKENIZER_CONFIG = {
  tokenizer_class: "XLMRobertaTokenizer",
  bos_token: "<s>",
  eos_token: "</s>",
  unk_token: "<unk>",
  sep_token: "</s>",
  cls_token: "<s>",
  pad_token: "<pad>",
  mask_token: "<mask>",
  model_max_length: 512,
};
