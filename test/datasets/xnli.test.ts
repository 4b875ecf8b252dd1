import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classCounts } from "../../datasets/example.ts";
import { corpusOf, PAWSX_LANGUAGES } from "../../datasets/parallel.ts";
import { datasetOf } from "../../datasets/registry.ts";
import {
  alignTestLabels,
  loadXnliTest,
  parseLabelledPairs,
  parsePairs,
  XNLI_LANGUAGES,
  xnliPin,
} from "../../datasets/xnli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

describe("XNLI parsing", () => {
  test("the registry says what XNLI is: a text pair, 3 classes in XNLI's order, 15 languages, sampled splits, language families", () => {
    const d = datasetOf("xnli");
    expect([d.task, d.splits, d.labels.join(), d.languages.length]).toEqual([
      "text-pair",
      "sampled",
      "entailment,neutral,contradiction",
      15,
    ]);
    expect(new Set(Object.values(d.families!)).size).toBe(11); // the paper's Figure 3: 15 languages in 11 families
  });

  test("reads premise, hypothesis and label in XNLI's label order", () => {
    expect(parseLabelledPairs("A man.\tA person.\tentailment\nA dog.\tA cat.\tcontradiction\n", "dev.tsv", "dev"))
      .toEqual([
        { id: "dev-0", text: "A man.", text2: "A person.", label: 0 },
        { id: "dev-1", text: "A dog.", text2: "A cat.", label: 2 },
      ]);
  });

  test("a row with the wrong number of fields, or an unknown label, names the file and line", () => {
    expect(() => parseLabelledPairs("a\tb\tneutral\nonly one field\n", "dev-en.tsv", "dev")).toThrow(
      "dev-en.tsv:2: 1 fields, expected 3 (premise, hypothesis, label)",
    );
    expect(() => parseLabelledPairs("a\tb\tneutral\na\tb\tmaybe\n", "dev-en.tsv", "dev")).toThrow(
      'dev-en.tsv:2: label "maybe" is not one of entailment, neutral, contradiction',
    );
    expect(() => parsePairs("a\tb\tc\n", "test-de.tsv")).toThrow("test-de.tsv:1: 3 fields, expected 2");
  });
});

describe("XNLI test labels from the German labelled file", () => {
  const german = [
    { text: "P1", text2: "H1" },
    { text: "P1", text2: "H2" },
    { text: "P2", text2: "H3" },
    { text: "P3", text2: "H4" },
  ];
  const labelled = german.map((p, i) => ({ id: String(i), ...p, label: i % 3 }));

  test("row i of a language takes the label of the German row i", () => {
    const zh = [{ text: "Q1", text2: "a" }, { text: "Q1", text2: "b" }, { text: "Q2", text2: "c" }, {
      text: "Q3",
      text2: "d",
    }];
    expect(alignTestLabels(zh, "test-zh.tsv", german, "test-de.tsv", labelled, "test.txt").map((e) => e.label)).toEqual(
      [0, 1, 2, 0],
    );
  });

  test("a file shifted by one row is refused, naming the file and row", () => {
    const shifted = [{ text: "Q0", text2: "z" }, { text: "Q1", text2: "a" }, { text: "Q1", text2: "b" }, {
      text: "Q2",
      text2: "c",
    }];
    expect(() => alignTestLabels(shifted, "test-zh.tsv", german, "test-de.tsv", labelled, "test.txt")).toThrow(
      "test-zh.tsv: row 2 does not repeat the premise of row 1",
    );
  });

  test("a label file that is not the German pairs row by row is refused", () => {
    const other = [labelled[1], labelled[0], ...labelled.slice(2)];
    expect(() => alignTestLabels(german, "test-de.tsv", german, "test-de.tsv", other, "test.txt")).toThrow(
      "test.txt: row 1 is not the pair of test-de.tsv row 1",
    );
  });
});

describe.skipIf(!HAS_MIRROR)("XNLI from the pinned files (uses the shared mirror)", () => {
  const fetch = () => ({ mirrors: [MIRROR], cacheDir: tempDir("xlt-xnli-") });

  test("every language's test labels equal the German labelled file's, row by row", async () => {
    const f = fetch();
    const labels = readFileSync(join(MIRROR, xnliPin("labels/test-de").path), "utf8").trim().split("\n").map((l) =>
      l.split("\t")[2]
    );
    for (const lang of ["de", "zh", "sw"]) {
      const test = await loadXnliTest(lang, f);
      expect(test.length).toBe(5010);
      expect(test.map((e) => ["entailment", "neutral", "contradiction"][e.label])).toEqual(labels);
    }
  });

  test("the pinned files cover the 15 languages", () => {
    for (const lang of XNLI_LANGUAGES) {
      for (const split of ["dev", "test"]) expect(xnliPin(`${lang}/${split}`).sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test("k training and k dev pairs per class are drawn from the English dev set, disjoint and the same for the same seed", async () => {
    const xnli = datasetOf("xnli");
    const f = fetch();
    const a = await xnli.sourceSplits({ lang: "en", seed: 3, trainShots: 8, devShots: 8 }, f);
    const b = await xnli.sourceSplits({ lang: "en", seed: 3, trainShots: 8, devShots: 8 }, f);
    expect(classCounts(a.train.examples, 3)).toEqual([8, 8, 8]);
    expect(classCounts(a.dev.examples, 3)).toEqual([8, 8, 8]);
    const trainIds = new Set(a.train.examples.map((e) => e.id));
    expect(a.dev.examples.some((e) => trainIds.has(e.id))).toBe(false);
    expect(b.train.examples.map((e) => e.id)).toEqual(a.train.examples.map((e) => e.id));
    const other = await xnli.sourceSplits({ lang: "en", seed: 4, trainShots: 8, devShots: 8 }, f);
    expect(other.train.examples.map((e) => e.id)).not.toEqual(a.train.examples.map((e) => e.id));
    // 256 per class for training and dev still fit in 830
    const big = await xnli.sourceSplits({ lang: "en", seed: 1, trainShots: 256, devShots: 256 }, f);
    expect(big.train.examples.length + big.dev.examples.length).toBe(1536);
  });

  test("the PAWS-X stand-in pairs 500 English pairs with their translation into one of six languages, the same every time", async () => {
    const f = fetch();
    const { pairs, files } = await corpusOf("paws-x").load({ size: 500, seed: 0 }, f);
    expect(pairs.length).toBe(500);
    expect(new Set(pairs.map((p) => p.source.id)).size).toBe(500);
    expect(new Set(pairs.map((p) => p.lang))).toEqual(new Set(PAWSX_LANGUAGES));
    for (const p of pairs) expect(p.target.id).toBe(p.source.id); // the same row of the parallel dev files
    expect(Object.keys(files)).toContain("pawsx/en/dev");
    const again = await corpusOf("paws-x").load({ size: 500, seed: 0 }, f);
    expect(again.pairs.map((p) => `${p.source.id}:${p.lang}`)).toEqual(pairs.map((p) => `${p.source.id}:${p.lang}`));
  });

  test("the unlabelled XNLI corpus never holds the cell's own pairs", async () => {
    const f = fetch();
    const own = await datasetOf("xnli").sourceSplits({ lang: "en", seed: 1, trainShots: 64, devShots: 64 }, f);
    const exclude = new Set([...own.train.examples, ...own.dev.examples].map((e) => e.id));
    const { pairs } = await corpusOf("xnli").load({ size: 500, seed: 0, exclude }, f);
    expect(pairs.length).toBe(500);
    expect(pairs.some((p) => exclude.has(p.source.id))).toBe(false);
    expect(pairs.some((p) => p.lang === "en")).toBe(false);
  });

  test("a corpus asked for more pairs than it has says so", async () => {
    await expect(corpusOf("paws-x").load({ size: 2001, seed: 0 }, fetch())).rejects.toThrow(
      "paws-x: corpus size 2001 is more than the 2000 pairs it has",
    );
  });
});
