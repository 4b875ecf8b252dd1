// Tokenizers from tokenizer.json (Hugging Face layout) through
// @huggingface/tokenizers, the same code transformers.js uses.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";

export interface TextTokenizer {
  /** Ids with the model's special tokens (<s> ... </s>), truncated to maxLength keeping the final special token. */
  encode(text: string, maxLength?: number): number[];
  tokenIds(text: string): number[];
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
  else if (json.model?.vocab) for (const [p, i] of Object.entries(json.model.vocab as Record<string, number>)) vocab.set(p, i);
  for (const a of json.added_tokens ?? []) vocab.set(a.content, a.id);
  const byId = new Map([...vocab].map(([t, i]) => [i, t]));
  const padToken = cfg.pad_token ?? "<pad>";
  const padId = vocab.get(typeof padToken === "string" ? padToken : padToken.content);
  if (padId === undefined) throw new Error(`${path}: pad token "${padToken}" is not in the vocabulary`);
  const maskId = vocab.get(cfg.mask_token ?? "<mask>");
  const vocabSize = Math.max(...vocab.values()) + 1;
  const ids = (text: string, special: boolean) => tok.encode(text, { add_special_tokens: special }).ids.map(Number);
  return {
    vocabSize,
    padId,
    maskId,
    idOf: (t) => vocab.get(t),
    tokenOf: (id) => byId.get(id),
    tokenIds: (text) => ids(text, false),
    tokens: (text) => tok.encode(text, { add_special_tokens: false }).tokens,
    encode(text, maxLength) {
      const all = ids(text, true);
      if (maxLength === undefined || all.length <= maxLength) return all;
      return [...all.slice(0, maxLength - 1), all[all.length - 1]];
    },
  };
}
