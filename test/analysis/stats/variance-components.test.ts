import { describe, expect, test } from "bun:test";
import { crossedComponents } from "../../../analysis/stats/variance-components.ts";
import { StatsInputError } from "../../../analysis/stats/errors.ts";
import { expectRelative } from "./relative.ts";

// References printed once by scripts/variance_references.py (SciPy 1.17.1,
// statsmodels 0.15.0): mean squares from statsmodels anova_lm of the additive
// two-way OLS y ~ C(draw) + C(init); components as (MS_factor − MS_res) / n;
// REML (statsmodels MixedLM, crossed variance components) agrees where both
// components are positive (3x4: 24.52766, 1.57248, 0.112223; 2x2: 3.00002,
// 4.37493, 0.250002, to its optimiser's ~1e-5). Intervals: residual
// SS/chi2.ppf; draw and init the MLS interval with scipy's F quantiles.
// Tolerance 1e-9 relative (1e-12 absolute for the exact zeros).
const GRID_3X4 = [[61.2, 63.0, 60.1, 62.4], [55.3, 58.1, 54.9, 57.0], [66.0, 67.2, 64.8, 66.9]];
const GRID_2X2 = [[50.0, 52.5], [47.0, 50.5]];
const NEGATIVE = [[70.0, 60.0, 65.0], [69.0, 61.5, 64.0], [71.0, 60.5, 64.5]];

const close = (x: number, want: number) => (want === 0 ? expect(x).toBeCloseTo(0, 12) : expectRelative(x, want, 1e-9));

describe("crossed variance components", () => {
  test("3 draws x 4 inits: mean squares match statsmodels anova_lm", () => {
    const r = crossedComponents(GRID_3X4);
    close(r.mean, 61.40833333333333);
    close(r.ms.rows, 98.22333333333343);
    close(r.ms.columns, 4.829722222222224);
    close(r.ms.residual, 0.11222222222222238);
    expect(r.df).toEqual({ rows: 2, columns: 3, residual: 6 });
  });

  test("3 draws x 4 inits: components and their intervals", () => {
    const r = crossedComponents(GRID_3X4);
    close(r.rows.estimate, 24.5277777777778);
    close(r.columns.estimate, 1.5725000000000007);
    close(r.residual.estimate, 0.11222222222222238);
    [6.637970645739138, 969.8705344795212].forEach((w, i) => close(r.rows.interval[i], w));
    [0.4845770712457471, 22.33851864363473].forEach((w, i) => close(r.columns.interval[i], w));
    [0.046599476980951536, 0.5441762352099359].forEach((w, i) => close(r.residual.interval[i], w));
  });

  test("shares are of the sum of the components", () => {
    const r = crossedComponents(GRID_3X4);
    close(r.total, 24.5277777777778 + 1.5725000000000007 + 0.11222222222222238);
    close(r.rows.share + r.columns.share + r.residual.share, 1);
  });

  test("2 draws x 2 inits: estimates, and lower bounds truncated at 0", () => {
    const r = crossedComponents(GRID_2X2);
    close(r.rows.estimate, 2.9999999999999822);
    close(r.columns.estimate, 4.375000000000021);
    close(r.residual.estimate, 0.25);
    expect(r.rows.interval[0]).toBe(0);
    close(r.rows.interval[1], 3181.8480907986623);
    close(r.columns.interval[1], 4581.953211520633);
    [0.04976227380135322, 254.56456742991762].forEach((w, i) => close(r.residual.interval[i], w));
  });

  test("a negative moment estimate is truncated at 0 and flagged", () => {
    const r = crossedComponents(NEGATIVE);
    close(r.rows.raw, -0.20833333333333512);
    expect(r.rows.estimate).toBe(0);
    expect(r.rows.truncated).toBe(true);
    expect(r.columns.truncated).toBe(false);
    close(r.rows.interval[1], 2.233525759489334);
    [5.921042537251653, 868.9872263124535].forEach((w, i) => close(r.columns.interval[i], w));
    close(r.total, 21.736111111111054 + 0.8194444444444444);
  });

  test("fewer than 2 levels of a factor, or a ragged grid, is refused", () => {
    expect(() => crossedComponents([[1, 2]])).toThrow(StatsInputError);
    expect(() => crossedComponents([[1, 2], [3]])).toThrow("row 1 has 1 values");
  });
});
