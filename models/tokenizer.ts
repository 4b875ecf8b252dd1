// Tokenizers from tokenizer.json (Hugging Face layout) through
// @huggingface/tokenizers, the same code transformers.js uses.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";

export interface TextTokenizer {
  /**
   * Ids with the special tokens the tokenizer's post-processor adds (XLM-R `<s> … </s>`,
   * XGLM `</s> …`, BLOOM none), at most maxLength of them: as transformers truncates,
   * the text's own tokens are cut from the end and the special tokens are kept.
   */
  encode(text: string, maxLength?: number): number[];
  /**
   * Ids of a text pair as the post-processor joins them (XLM-R `<s> a </s></s> b </s>`),
   * at most maxLength: the longer text loses its last token until it fits
   * (transformers' "longest_first"), the special tokens are kept.
   */
  encodePair(text: string, text2: string, maxLength?: number): number[];
  tokenIds(text: string): number[];
  /** The special ids the post-processor puts before and after a text's own ids (XLM-R: [<s>], [</s>]). */
  specials(): { prefix: number[]; suffix: number[] };
  tokens(text: string): string[];
  idOf(token: string): number | undefined;
  tokenOf(id: number): string | undefined;
  readonly vocabSize: number;
  readonly padId: number;
  readonly maskId: number | undefined;
}

export function loadTokenizer(dir: string): TextTokenizer {
  const path = join(dir, "tokenizer.json");
  if (!existsSync(path)) throw new Error(`${dir}: no tokenizer.json`);
  const json = JSON.parse(readFileSync(path, "utf8"));
  const cfgPath = join(dir, "tokenizer_config.json");
  const cfg = existsSync(cfgPath) ? JSON.parse(readFileSync(cfgPath, "utf8")) : {};
  const tok = new Tokenizer(json, cfg);
  const vocab = new Map<string, number>();
  if (json.model?.type === "Unigram") (json.model.vocab as [string, number][]).forEach(([p], i) => vocab.set(p, i));
  else if (json.model?.vocab) {
    for (const [p, i] of Object.entries(json.model.vocab as Record<string, number>)) vocab.set(p, i);
  }
  for (const a of json.added_tokens ?? []) vocab.set(a.content, a.id);
  const byId = new Map([...vocab].map(([t, i]) => [i, t]));
  const padToken = cfg.pad_token ?? "<pad>";
  const padId = vocab.get(typeof padToken === "string" ? padToken : padToken.content);
  if (padId === undefined) throw new Error(`${path}: pad token "${padToken}" is not in the vocabulary`);
  const maskId = vocab.get(cfg.mask_token ?? "<mask>");
  const vocabSize = Math.max(...vocab.values()) + 1;
  let template: { prefix: number; suffix: number } | undefined;
  const ids = (text: string, special: boolean) => tok.encode(text, { add_special_tokens: special }).ids.map(Number);
  return {
    vocabSize,
    padId,
    maskId,
    idOf: (t) => vocab.get(t),
    tokenOf: (id) => byId.get(id),
    tokenIds: (text) => ids(text, false),
    specials() {
      const probe = "a";
      const all = ids(probe, true);
      const t = template ?? templateOf(all, ids(probe, false));
      template = t;
      return { prefix: all.slice(0, t.prefix), suffix: all.slice(all.length - t.suffix) };
    },
    tokens: (text) => tok.encode(text, { add_special_tokens: false }).tokens,
    encodePair(a, b, maxLength) {
      const A = ids(a, false), B = ids(b, false);
      const all = tok.encode(a, { text_pair: b, add_special_tokens: true }).ids.map(Number);
      const aAt = seqAt(all, A, 0), bAt = seqAt(all, B, aAt + A.length);
      if (aAt < 0 || bAt < 0) {
        throw new Error(
          "the tokenizer's post-processor changes a pair's own ids; cannot truncate around its special tokens",
        );
      }
      const [pre, mid, post] = [all.slice(0, aAt), all.slice(aAt + A.length, bAt), all.slice(bAt + B.length)];
      let na = A.length, nb = B.length;
      const room = (maxLength ?? Infinity) - pre.length - mid.length - post.length;
      if (room < 0) {
        throw new Error(
          `maxLength ${maxLength} leaves no room for the ${all.length - A.length - B.length} special tokens of a pair`,
        );
      }
      while (na + nb > room) na > nb ? na-- : nb--;
      return [...pre, ...A.slice(0, na), ...mid, ...B.slice(0, nb), ...post];
    },
    encode(text, maxLength) {
      const all = ids(text, true);
      if (maxLength === undefined || all.length <= maxLength) return all;
      // the post-processor's template wraps the text's ids the same way for every text: learn it once
      const t = template ?? templateOf(all, ids(text, false));
      if (all.length > t.prefix + t.suffix) template = t; // an empty text cannot show where the template puts its ids
      const { prefix, suffix } = t;
      const keep = maxLength - prefix - suffix;
      if (keep < 0) throw new Error(`maxLength ${maxLength} leaves no room for the ${prefix + suffix} special tokens`);
      return [...all.slice(0, prefix + keep), ...all.slice(all.length - suffix)];
    },
  };
}

/** Where `seq` starts in `all` at or after `from` (-1: nowhere). */
function seqAt(all: number[], seq: number[], from: number): number {
  for (let i = from; i + seq.length <= all.length; i++) if (seq.every((id, j) => all[i + j] === id)) return i;
  return -1;
}

/** How many special ids the template puts before and after the text's own ids (`content`, non-empty). */
function templateOf(all: number[], content: number[]): { prefix: number; suffix: number } {
  const extra = all.length - content.length;
  for (let prefix = 0; prefix <= extra; prefix++) {
    if (content.every((id, i) => all[prefix + i] === id)) return { prefix, suffix: extra - prefix };
  }
  throw new Error(
    "the tokenizer's post-processor changes the text's own ids; cannot truncate around its special tokens",
  );
}
