import { describe, expect, test } from "bun:test";
import { acrossLanguages, pairedComparisons, type SeedAccuracy } from "../../analysis/row-comparisons.ts";
import { holmAdjust, pairedTTest } from "../../analysis/stats/index.ts";

const row = (method: string, key: string, seed: number, acc: number, k: number | null = 16): SeedAccuracy => ({
  backbone: "b",
  method,
  methodLabel: method.toUpperCase(),
  k,
  x: null,
  key,
  seed,
  acc,
});

describe("paired comparisons of a reference row", () => {
  test("per language, a paired t-test over the seeds both rows ran, Holm-corrected across the table", () => {
    const rows = [
      ...[[1, 50, 40], [2, 52, 41], [3, 47, 44]].flatMap((
        [s, u, f],
      ) => [row("uni", "de", s, u), row("ft", "de", s, f)]),
      ...[[1, 30, 31], [2, 33, 30], [3, 29, 30], [4, 35, 20]].flatMap((
        [s, u, f],
      ) => [row("uni", "ja", s, u), ...(s < 4 ? [row("ft", "ja", s, f)] : [])]),
    ];
    const t = pairedComparisons("uni", rows);
    expect(t.referenceLabel).toBe("UNI");
    expect(t.rows.map((r) => [r.key, r.method, r.n])).toEqual([["de", "ft", 3], ["ja", "ft", 3]]);
    const de = pairedTTest([50, 52, 47], [40, 41, 44]), ja = pairedTTest([30, 33, 29], [31, 30, 30]);
    expect(t.rows[0].p).toBeCloseTo(de.pValue, 12);
    expect(t.rows[0].meanDifference).toBeCloseTo(8, 12);
    expect(t.rows.map((r) => r.pHolm)).toEqual(holmAdjust([de.pValue, ja.pValue]));
    expect(t.test).toContain("paired t-test");
    expect(t.correction).toBe("Holm over the 2 tested comparisons of the table");
  });

  test("rows at another k are another comparison; fewer than two seeds or a constant difference is not tested, and says why", () => {
    const rows = [
      row("uni", "de", 1, 50, 4),
      row("ft", "de", 1, 40, 4),
      row("uni", "de", 1, 26.000000000000004),
      row("uni", "de", 2, 30),
      row("ft", "de", 1, 22),
      row("ft", "de", 2, 26),
    ];
    const t = pairedComparisons("uni", rows);
    expect(t.rows.map((r) => [r.k, r.note])).toEqual([
      [4, "fewer than 2 seeds in common: no test"],
      [16, "the same difference for every seed: the t statistic is undefined"],
    ]);
    expect(t.rows.every((r) => r.pHolm === undefined)).toBe(true);
  });
});

describe("comparisons over the languages of an average (MPT Table II's one p-value per row)", () => {
  test("seed means per language, then a paired t-test over the languages: differences 2, 2, 0, 5 give t = 2.1828, df = 3", () => {
    // reference means 50, 52, 49, 55 and row means 48, 50, 49, 50, each from two seeds spread by ±1
    const means: [string, number, number][] = [["ar", 50, 48], ["de", 52, 50], ["sw", 49, 49], ["zh", 55, 50]];
    const rows = means.flatMap(([lang, m, a]) =>
      [1, 2].flatMap((
        s,
      ) => [row("mpt", lang, s, m + (s === 1 ? 1 : -1), null), row("sp", lang, s, a + (s === 1 ? -1 : 1), null)])
    );
    rows.push(row("sp", "en", 1, 90, null), row("mpt", "en", 1, 10, null)); // not in the average: left out
    const t = acrossLanguages("mpt", rows, "avg", ["ar", "de", "sw", "zh"]);
    expect(t.rows).toHaveLength(1);
    const r = t.rows[0];
    expect([r.key, r.method, r.n, r.df]).toEqual(["avg", "sp", 4, 3]);
    expect(r.meanDifference).toBeCloseTo(2.25, 12);
    expect(r.statistic).toBeCloseTo(2.25 / (Math.sqrt(4.25) / 2), 10);
    expect(r.p).toBeCloseTo(0.1171, 3); // two-sided tail of t = 2.1828 with 3 df
    expect(t.test).toContain("over the 4 target languages of the seed-averaged accuracies");
  });
});
