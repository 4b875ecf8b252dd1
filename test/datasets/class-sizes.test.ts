// A dataset's classSizes (what a spec's k, dev shots and testPerClass are held
// to when it loads) are the pinned files' own: the fewest examples of one
// class in any language's split.
import { describe, expect, test } from "bun:test";
import { classCounts } from "../../datasets/example.ts";
import type { DatasetDef } from "../../datasets/define.ts";
import { marc } from "../../datasets/marc.ts";
import { loadSib200, sib200 } from "../../datasets/sib200.ts";
import { xnli } from "../../datasets/xnli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const fetch = { mirrors: [MIRROR], cacheDir: tempDir("xlt-class-sizes-") };
const smallest = async (ds: DatasetDef, split: "test" | "dev") => {
  let least = Infinity;
  for (const lang of ds.languages) {
    const { examples } = await ds.evalSet(lang, split, fetch);
    least = Math.min(least, ...classCounts(examples, ds.labels.length));
  }
  return least;
};

describe.skipIf(!HAS_MIRROR)("classSizes against the pinned files (uses the shared mirror)", () => {
  test("SIB-200: train, dev and test of every language", async () => {
    let train = Infinity;
    for (const lang of sib200.languages) {
      train = Math.min(train, ...classCounts(await loadSib200(lang, "train", fetch), sib200.labels.length));
    }
    expect({ train, dev: await smallest(sib200, "dev"), test: await smallest(sib200, "test") }).toEqual({
      train: sib200.classSizes!.train!,
      dev: sib200.classSizes!.dev!,
      test: sib200.classSizes!.test!,
    });
  }, 120_000);

  test("XNLI's dev and test, MARC's test", async () => {
    expect(await smallest(xnli, "dev")).toBe(xnli.classSizes!.dev!);
    expect(await smallest(xnli, "test")).toBe(xnli.classSizes!.test!);
    expect(await smallest(marc, "test")).toBe(marc.classSizes!.test!);
  }, 120_000);
});
