import { beforeAll, describe, expect, test } from "bun:test";
import { loadTokenizer, type TextTokenizer } from "../../models/tokenizer.ts";
import { parseTemplate, renderTemplate, withoutInputs } from "../../methods/template.ts";
import { labelWordIds } from "../../methods/label-words.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";

let tok: TextTokenizer;
beforeAll(() => {
  tok = loadTokenizer(makeTinyModelDir());
});

describe("prompt templates", () => {
  test("a template needs exactly one <mask>", () => {
    expect(() => parseTemplate("It's great. {text}", "spec x")).toThrow(
      'spec x: template "It\'s great. {text}" must contain <mask> exactly once',
    );
    expect(() => parseTemplate("<mask> <mask> {text}", "x")).toThrow("exactly once");
    expect(() => parseTemplate("<mask> {text} {text}", "x")).toThrow("repeats an input");
    expect(() => parseTemplate("It's <mask>. {txt}", "spec y")).toThrow(
      'spec y: template "It\'s <mask>. {txt}" has no {text}: the input would not be read',
    );
  });

  test("literal parts and the input are tokenized on their own and wrapped in the tokenizer's specials", () => {
    const r = renderTemplate(parseTemplate("It's <mask>. {text}", "t"), tok, { text: "The match ended." }, 64);
    const { prefix, suffix } = tok.specials();
    const expected = [
      ...prefix,
      ...tok.tokenIds("It's"),
      tok.maskId!,
      ...tok.tokenIds("."),
      ...tok.tokenIds("The match ended."),
      ...suffix,
    ];
    expect(r.ids).toEqual(expected);
    expect(r.maskAt).toBe(prefix.length + tok.tokenIds("It's").length);
    expect(r.ids[r.maskAt]).toBe(tok.maskId!);
  });

  test("only the input is cut to fit; the template and the specials stay whole", () => {
    const pieces = parseTemplate("It's <mask>. {text}", "t");
    const full = renderTemplate(pieces, tok, { text: "The match ended in a draw after extra time." }, 256);
    const cut = renderTemplate(pieces, tok, { text: "The match ended in a draw after extra time." }, 12);
    expect(cut.ids).toHaveLength(12);
    expect(cut.ids.slice(0, cut.maskAt + 1)).toEqual(full.ids.slice(0, full.maskAt + 1));
    expect(cut.ids.at(-1)).toBe(full.ids.at(-1)!);
    expect(() => renderTemplate(pieces, tok, { text: "x" }, 3)).toThrow(
      `t: template "It's <mask>. {text}" and the special tokens take`,
    );
  });

  test("a text pair is cut longest first, keeping both sides", () => {
    const pieces = parseTemplate("{text} <mask> {text2}", "t");
    const long = "The match ended in a draw after extra time.", short = "Travel by train.";
    const r = renderTemplate(pieces, tok, { text: long, text2: short }, 16);
    const [a, b] = [tok.tokenIds(long).length, tok.tokenIds(short).length];
    expect(r.ids).toHaveLength(16);
    const kept = 16 - 3; // <s>, <mask>, </s>
    expect(r.maskAt - 1).toBe(Math.max(kept - b, Math.ceil(kept / 2))); // the longer side gives up tokens first
    expect(a).toBeGreaterThan(b);
  });

  test("soft prompt slots and the template without its input", () => {
    const pieces = parseTemplate("<prompt> <mask>. {text}", "t");
    const r = renderTemplate(pieces, tok, { text: "Hi." }, 32, 2);
    expect(r.promptAt).toBe(tok.specials().prefix.length);
    expect(r.ids.slice(r.promptAt, r.promptAt + 2)).toEqual([tok.padId, tok.padId]);
    expect(r.maskAt).toBe(r.promptAt + 2);
    expect(withoutInputs(parseTemplate("It's <mask>. {text}", "t")).pieces.map((p) => p.kind)).toEqual([
      "literal",
      "mask",
      "literal",
    ]);
  });
});

describe("label words of the prompt methods", () => {
  test("a bare word-boundary piece is dropped, as LM-BFF reads the word's own token", () => {
    // the tiny tokenizer keeps "match" whole ("▁match") and splits "bad" into "▁", "b", "a", "d"
    const [match, bad] = labelWordIds(["match", "bad"], tok);
    expect(match).toEqual(tok.tokenIds("match"));
    expect(bad.map((x) => tok.tokenOf(x))).toEqual(["b", "a", "d"]);
  });
});
