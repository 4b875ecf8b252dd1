// Label-word pieces for the prompt methods of UniPrompt's tables. LM-BFF (whose
// code the UniPrompt authors extend) reads one vocabulary entry per label word:
// the last piece of " " + word, and refuses a word of more than two pieces.
// Here a word keeps all its pieces but a leading bare word-boundary piece ("▁")
// and scores the mean of their logits (as the SPT verbalizer does): the same as
// LM-BFF for a word kept whole, or split as "▁" + word; for words split further
// (as translated words may be by a small vocabulary) LM-BFF has no rule.
import type { TextTokenizer } from "../models/tokenizer.ts";
import { verbalizerIds } from "./heads.ts";

export function labelWordIds(words: string[], tok: TextTokenizer): number[][] {
  return verbalizerIds(words, (w) => {
    const ids = tok.tokenIds(w);
    return ids.length > 1 && tok.tokenOf(ids[0]) === "▁" ? ids.slice(1) : ids;
  });
}
