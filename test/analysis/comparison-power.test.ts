import { describe, expect, test } from "bun:test";
import { paperGaps } from "../../analysis/comparison-power.ts";
import { pairedComparisons, type SeedAccuracy } from "../../analysis/row-comparisons.ts";
import { minimumDetectableDifference, pairedDesign, tTestPower } from "../../analysis/stats/index.ts";
import type { Aggregate } from "../../core/aggregate.ts";
import type { GoldenFile } from "../../core/golden.ts";

const seed = (method: string, key: string, s: number, acc: number): SeedAccuracy => ({
  backbone: "b",
  method,
  methodLabel: method.toUpperCase(),
  k: 16,
  x: null,
  key,
  seed: s,
  acc,
});
// uni - ft per seed: 10, 11, 3 (sd 4.36)
const seeds = [[1, 50, 40], [2, 52, 41], [3, 47, 44]].flatMap(([s, u, f]) => [
  seed("uni", "de", s, u),
  seed("ft", "de", s, f),
]);
const agg = (method: string, mean: number): Aggregate => ({
  backbone: "b",
  method,
  methodLabel: method,
  goldenMethod: method,
  k: 16,
  kind: "language",
  key: "de",
  mean,
  std: 1,
  n: 3,
});
const golden = (cells: [string, number][]): GoldenFile => ({
  profile: "paper",
  source: "t",
  metric: "accuracy",
  policy: { type: "welch", confidence: 0.95, equivalenceMargin: 2 },
  cells: cells.map(([method, mean]) => ({ backbone: "b", method, kind: "language", key: "de", k: 16, mean })),
});
const rows = [agg("uni", 49.67), agg("ft", 41.67)];

describe("the power of a row comparison", () => {
  test("each tested comparison's mdd: the paired test's at alpha 0.05 and power 0.8, at the sd of the differences", () => {
    const c = pairedComparisons("uni", seeds).rows[0];
    expect(c.sdDifference).toBeCloseTo(Math.sqrt(((10 - 8) ** 2 + (11 - 8) ** 2 + (3 - 8) ** 2) / 2), 12);
    expect(c.mdd!).toBeCloseTo(minimumDetectableDifference(pairedDesign(c.sdDifference!, 3)), 12);
  });

  test("the seeds to detect the paper's gap: the smallest n whose paired test has power 0.8 against it", () => {
    const table = pairedComparisons("uni", seeds);
    const gap = paperGaps(table, rows, golden([["uni", 45], ["ft", 43]]))(table.rows[0])!;
    expect(gap.gap).toBeCloseTo(2, 12);
    const sd = table.rows[0].sdDifference!;
    expect(tTestPower(2, pairedDesign(sd, gap.seedsNeeded!))).toBeGreaterThanOrEqual(0.8);
    expect(tTestPower(2, pairedDesign(sd, gap.seedsNeeded! - 1))).toBeLessThan(0.8);
  });

  test("no gap where the golden file lacks either row's published mean", () => {
    const table = pairedComparisons("uni", seeds);
    expect(paperGaps(table, rows, golden([["uni", 45]]))(table.rows[0])).toBeUndefined();
    expect(paperGaps(table, rows, null)(table.rows[0])).toBeUndefined();
  });

  test("a gap the seeds could not detect within 100 is null", () => {
    const table = pairedComparisons("uni", seeds);
    expect(paperGaps(table, rows, golden([["uni", 45], ["ft", 44.9]]))(table.rows[0])!.seedsNeeded).toBeNull();
  });
});
