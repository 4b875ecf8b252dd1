// The project's tokenizers (tokenizer.json through @huggingface/tokenizers)
// against Hugging Face's own, on the three families' tokenizer.json files in
// test/fixtures/reference/ (made by scripts/make-reference-fixtures.py with
// transformers' converters and the tokenizers library): XLM-R's and XGLM's
// SentencePiece Unigram (precompiled NFKC charsmap, Metaspace), BLOOM's
// byte-level BPE. Ids must match exactly, with and without special tokens and
// under truncation, on texts in many scripts and with awkward whitespace.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";

const ROOT = join(PROJECT_ROOT, "test", "fixtures", "reference");

interface Expectation {
  text: string;
  ids: number[];
  tokens: string[];
  truncated: number[];
}

describe.each(["xlm-roberta", "xglm", "bloom"])("%s tokenizer against transformers", (arch) => {
  const dir = join(ROOT, arch);
  const doc = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  const cases = doc.tokenizer as Expectation[];
  const tok = loadTokenizer(dir);

  test("the fixture covers empty, whitespace-only runs, non-Latin scripts and NFKC cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.text === "")).toBe(true);
    expect(cases.some((c) => /\s{2,}/.test(c.text))).toBe(true);
    expect(cases.some((c) => /[\u4e00-\u9fff]/.test(c.text))).toBe(true);
  });

  test.each(cases.map((c, i) => [i, c.text.slice(0, 40)] as const))("text %i (%s): ids with special tokens", (i) => {
    expect(tok.encode(cases[i].text)).toEqual(cases[i].ids);
  });

  test("tokens without special tokens", () => {
    for (const c of cases) expect(tok.tokens(c.text)).toEqual(c.tokens);
  });

  test(`truncated to ${doc.maxLength} tokens as transformers truncates (special tokens kept)`, () => {
    for (const c of cases) expect(tok.encode(c.text, doc.maxLength)).toEqual(c.truncated);
  });
});
