import { describe, expect, test } from "bun:test";
import { kShotTrainDev, sampleKShot } from "../../datasets/kshot.ts";
import type { Example } from "../../datasets/sib200.ts";

const pool: Example[] = Array.from({ length: 140 }, (_, i) => ({ id: String(i), label: i % 7, text: `t${i}` }));
const key = { dataset: "sib200", lang: "eng_Latn", split: "train", k: 8, seed: 1 };

describe("k-shot sampling", () => {
  test("exactly k examples of every class", () => {
    const s = sampleKShot(pool, 7, key);
    expect(s).toHaveLength(56);
    for (let c = 0; c < 7; c++) expect(s.filter((e) => e.label === c)).toHaveLength(8);
    expect(new Set(s.map((e) => e.id)).size).toBe(56);
  });

  test("deterministic for the same key", () => {
    expect(sampleKShot(pool, 7, key).map((e) => e.id)).toEqual(sampleKShot(pool, 7, key).map((e) => e.id));
  });

  test("another seed draws another split", () => {
    expect(sampleKShot(pool, 7, { ...key, seed: 2 }).map((e) => e.id)).not.toEqual(
      sampleKShot(pool, 7, key).map((e) => e.id),
    );
  });

  test("too few examples of a class is an error naming the class", () => {
    expect(() => sampleKShot(pool.slice(0, 20), 7, key)).toThrow("class 0");
  });

  test("the SPT validation split takes k/4 per class from dev", () => {
    const s = kShotTrainDev(pool, pool, 7, { dataset: "sib200", lang: "eng_Latn", seed: 3 }, 8, 2);
    expect(s.train).toHaveLength(56);
    expect(s.dev).toHaveLength(14);
  });
});
