// The power of a compare cell (analysis/compare-power.ts): its minimum detectable
// difference, and the seeds at which TOST would show it inside the margin.
// Reference: statsmodels 0.15.0 TTestPower().solve_power(nobs=4, alpha=0.05,
// power=0.8, two-sided) times the sd of the differences [0.5, 0.2, 0.9, 0.1]
// (0.35939764421413045): 0.7647799809502526; tolerance 1e-9 relative.
import { describe, expect, test } from "bun:test";
import { type CellComparison, compareCell } from "../../analysis/compare-cell.ts";
import { cellPower } from "../../analysis/compare-power.ts";

const cellMdd = (c: CellComparison) => cellPower(c, 0.05, 1).mdd;
const seedsToShowEquivalent = (c: CellComparison, alpha: number, family: number) =>
  cellPower(c, alpha, family).seedsToShowEquivalent;
import { pairedDesign, tostPower } from "../../analysis/stats/index.ts";

const row = { backbone: "b", method: "m", methodLabel: "M", setting: "", k: null, x: null, key: "all" };
const seeds = [1, 2, 3, 4];
const A = { seeds, values: [40, 41, 42, 43] };
const B = { seeds, values: [40.5, 41.2, 42.9, 43.1] };

/** A tested cell as compare-runs leaves it before Holm: the equivalence verdict still open. */
const cell = (a = A, b = B, margin = 1): CellComparison => compareCell(row, a, b, 0.5, { margin, alpha: 0.05 });

describe("a compare cell's power", () => {
  test("paired: the mdd is statsmodels' detectable effect times the sd of the differences", () => {
    const mdd = cellMdd(cell())!;
    expect(Math.abs(mdd / 0.7647799809502526 - 1)).toBeLessThan(1e-9);
  });

  test("a cell that was not tested (one seed a side) has no mdd", () => {
    const one = cell({ seeds: [1], values: [40] }, { seeds: [1], values: [41] });
    expect(one.p).toBeNull();
    expect(cellMdd(one)).toBeNull();
  });

  test("seeds to show: the smallest n at which TOST has power 0.8 at alpha / family, the difference taken as true", () => {
    const c = cell();
    const n = seedsToShowEquivalent(c, 0.05, 3)!;
    const sd = 0.35939764421413045;
    const power = (k: number) => tostPower(c.difference!, 1, pairedDesign(sd, k), { alpha: 0.05 / 3 });
    expect(power(n)).toBeGreaterThanOrEqual(0.8);
    expect(power(n - 1)).toBeLessThan(0.8);
  });

  test("seeds to show does not apply to a difference outside the margin", () => {
    expect(seedsToShowEquivalent(cell(A, B, 0.3), 0.05, 1)).toBeUndefined();
  });
});
