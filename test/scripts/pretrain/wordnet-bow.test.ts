import { describe, expect, test } from "bun:test";
import { glossBowTargets, parseSynsetLine, type Synset } from "../../../scripts/pretrain/wordnet-bow.ts";

describe("parseSynsetLine", () => {
  test("reads words, hypernym pointers and the gloss", () => {
    const line =
      "00002137 03 n 02 abstraction 0 abstract_entity 0 002 @ 00001740 n 0000 ~ 00023100 n 0000 | a general concept  ";
    expect(parseSynsetLine(line, "n")).toEqual({
      key: "n00002137",
      words: ["abstraction", "abstract entity"],
      hypernyms: ["n00001740"],
      gloss: "a general concept",
    });
  });
  test("skips the licence header", () => {
    expect(parseSynsetLine("  1 This software and database is being provided", "n")).toBeNull();
  });
});

describe("glossBowTargets", () => {
  // one piece id per word: enough to follow the weights
  const vocab = new Map<string, number>();
  const pieces = (w: string) => w.split(" ").map((x) => vocab.get(x) ?? vocab.set(x, vocab.size + 10).get(x)!);
  const s = (key: string, words: string[], hypernyms: string[] = []): Synset => ({
    key,
    words,
    hypernyms,
    gloss: `gloss of ${words[0]}`,
  });
  const synsets = [
    s("n1", ["entity"]),
    s("n2", ["sport"], ["n1"]),
    s("n3", ["football"], ["n2"]),
  ];
  test("weights a synset's words 1, its hypernyms' 1/2 and theirs 1/4, normalised", () => {
    const rows = glossBowTargets(synsets, pieces, { maxDocFrequency: 1, exclude: [] });
    const football = rows.find((r) => r.gloss === "gloss of football")!;
    const id = (w: string) => vocab.get(w)!;
    expect(football.targets).toEqual([[id("entity"), 0.25 / 1.75], [id("sport"), 0.5 / 1.75], [
      id("football"),
      1 / 1.75,
    ]]);
  });
  test("drops pieces in too many synsets and synsets left with none", () => {
    const rows = glossBowTargets([...synsets, s("n4", ["entity"])], pieces, { maxDocFrequency: 0.4, exclude: [] });
    expect(rows.map((r) => r.gloss)).toEqual(["gloss of sport", "gloss of football"]);
    expect(rows[0].targets).toEqual([[vocab.get("sport")!, 1]]);
  });
});
