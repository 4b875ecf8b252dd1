// Label-word pieces for the prompt methods of UniPrompt's tables. LM-BFF (whose
// code the UniPrompt authors extend) reads one vocabulary entry per label word:
// the word's token, or the last of two when the tokenizer splits off a bare
// word-boundary piece ("▁"). Here a word keeps all its pieces but that bare
// boundary piece, and scores the mean of their logits (as the SPT verbalizer),
// which is LM-BFF's rule for every word the tokenizer keeps whole.
import type { TextTokenizer } from "../models/tokenizer.ts";
import { verbalizerIds } from "./heads.ts";

export function labelWordIds(words: string[], tok: TextTokenizer): number[][] {
  return verbalizerIds(words, (w) => {
    const ids = tok.tokenIds(w);
    return ids.length > 1 && tok.tokenOf(ids[0]) === "▁" ? ids.slice(1) : ids;
  });
}
