import { describe, expect, test } from "bun:test";
import {
  loadMarcShots,
  loadMarcTest,
  MARC_LANGUAGES,
  MARC_SHOTS,
  marcShotsPin,
  marcTestPin,
  parseMarcCsv,
} from "../../datasets/marc.ts";
import { testSubset } from "../../datasets/kshot.ts";
import { datasetIds, datasetOf } from "../../datasets/registry.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

describe("MARC parsing", () => {
  test("reads id, text and stars (class = stars - 1), with RFC 4180 quoting", () => {
    const rows = parseMarcCsv('7,"Great, really ""great"".",5\n12,Bad.,1\n', "x.csv");
    expect(rows).toEqual([
      { id: "7", text: 'Great, really "great".', label: 4 },
      { id: "12", text: "Bad.", label: 0 },
    ]);
  });

  test("a row with the wrong number of fields names the file and line", () => {
    expect(() => parseMarcCsv("1,ok,3\n2,no stars\n", "train.csv")).toThrow(
      "train.csv:2: 2 fields, expected 3 (id,text,stars)",
    );
    expect(() => parseMarcCsv('1,ok,3\n2,"a",b,4\n', "dev.csv")).toThrow("dev.csv:2: 4 fields");
  });

  test("a star rating outside 1..5 names the file, line and value", () => {
    expect(() => parseMarcCsv("1,ok,3\n2,fine,6\n", "t.csv")).toThrow('t.csv:2: star rating "6" is outside 1..5');
    expect(() => parseMarcCsv("1,ok,0\n", "t.csv")).toThrow('t.csv:1: star rating "0"');
    expect(() => parseMarcCsv("1,ok,four\n", "t.csv")).toThrow('t.csv:1: star rating "four"');
  });

  test("a review spanning lines is named by its first line", () => {
    expect(parseMarcCsv('1,ok,3\n2,"two\nlines",5\n', "m.csv")[1].text).toBe("two\nlines");
    expect(() => parseMarcCsv('1,ok,3\n2,"two\nlines",9\n', "m.csv")).toThrow('m.csv:2: star rating "9"');
  });

  test("a broken quote is an error naming the file", () => {
    expect(() => parseMarcCsv('1,"unclosed,3\n', "q.csv")).toThrow("q.csv");
  });

  test("every published split is pinned: 6 languages x 7 k x 5 seeds x train/dev, one test file per language", () => {
    for (const lang of MARC_LANGUAGES) {
      expect(marcTestPin(lang).path).toContain(`amazon-review-${lang}/16-13/test.csv`);
      for (const k of MARC_SHOTS.k) {
        for (const seed of MARC_SHOTS.seeds) {
          expect(marcShotsPin(lang, k, seed, "dev").sha256).toMatch(/^[0-9a-f]{64}$/);
        }
      }
    }
    expect(() => marcShotsPin("en", 5, 13, "train")).toThrow("no published 5-shot split with seed 13");
    expect(() => marcTestPin("ko")).toThrow('MARC has no language "ko"');
  });

  test("the registry says what MARC is: single text, 5 classes in star order, published splits", () => {
    const d = datasetOf("marc");
    expect([d.task, d.splits, d.labels.length, d.languages.join()]).toEqual([
      "single-text",
      "given",
      5,
      "de,en,es,fr,ja,zh",
    ]);
    expect(datasetOf("sib200").splits).toBe("sampled");
    expect(() => datasetOf("paws-x")).toThrow(`unknown dataset "paws-x" (known: ${datasetIds().join(", ")})`);
  });
});

describe.skipIf(!HAS_MIRROR)("MARC from the authors' files (uses the shared mirror)", () => {
  const fetch = { mirrors: [MIRROR], cacheDir: tempDir("xlt-marc-") };

  test("row counts are the paper's Table 1: k x 5 for train and dev, 5,000 per test set, balanced by star", async () => {
    for (const lang of MARC_LANGUAGES) {
      const test = await loadMarcTest(lang, fetch);
      expect(test).toHaveLength(5000);
      expect(test.filter((e) => e.label === 4)).toHaveLength(1000);
    }
    expect(await loadMarcShots("en", 4, 13, "train", fetch)).toHaveLength(20);
    expect(await loadMarcShots("en", 256, 100, "dev", fetch)).toHaveLength(1280);
  });

  test("a seed names the authors' split: the cell's source data is exactly their train.csv and dev.csv", async () => {
    const s = await datasetOf("marc").sourceSplits({ lang: "en", seed: 21, trainShots: 8, devShots: "given" }, fetch);
    expect(s.train.examples.map((e) => e.id)).toEqual(
      (await loadMarcShots("en", 8, 21, "train", fetch)).map((e) => e.id),
    );
    expect(s.dev.examples).toHaveLength(40);
    expect(Object.keys(s.train.files)).toEqual(["en/8-21/train"]);
    await expect(datasetOf("marc").sourceSplits({ lang: "en", seed: 21, trainShots: "all", devShots: "given" }, fetch))
      .rejects.toThrow('not "all"');
    await expect(datasetOf("marc").sourceSplits({ lang: "en", seed: 21, trainShots: 8, devShots: 2 }, fetch)).rejects
      .toThrow('devShots must be "given"');
  });

  test("a test subset is stratified, in file order, and the same every time", async () => {
    const test = await loadMarcTest("de", fetch);
    const a = testSubset(test, 5, 20, { dataset: "marc", lang: "de" });
    expect(a).toHaveLength(100);
    expect([0, 1, 2, 3, 4].map((c) => a.filter((e) => e.label === c).length)).toEqual([20, 20, 20, 20, 20]);
    expect(a.map((e) => test.indexOf(e))).toEqual([...a.map((e) => test.indexOf(e))].sort((x, y) => x - y));
    expect(testSubset(test, 5, 20, { dataset: "marc", lang: "de" })).toEqual(a);
  });
});
