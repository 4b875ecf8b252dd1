import { describe, expect, test } from "bun:test";
import { pearson, spearman } from "../../../analysis/stats/correlation.ts";
import { expectRelative } from "./relative.ts";

// R's ?cor.test example (Hollander & Wolfe 1973, p. 187f.): cor.test(x, y) prints
// t = 1.8411, df = 7, p-value = 0.1082, 95% CI [-0.1497426, 0.8955795], cor 0.5711816;
// more digits from scipy.stats.pearsonr 1.17, which agrees.
const X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1];
const Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8];

// R's mtcars mpg and disp; cor.test(mtcars$mpg, mtcars$disp) prints t = -8.7472,
// df = 30, p-value = 9.38e-10, 95% CI [-0.9233594, -0.7081376], cor -0.8475514
// (e.g. https://rstudio-pubs-static.s3.amazonaws.com/1343880_96c1df19b14045c48442c69a9122d3a6.html).
const MPG = [
  21.0,
  21.0,
  22.8,
  21.4,
  18.7,
  18.1,
  14.3,
  24.4,
  22.8,
  19.2,
  17.8,
  16.4,
  17.3,
  15.2,
  10.4,
  10.4,
  14.7,
  32.4,
  30.4,
  33.9,
  21.5,
  15.5,
  15.2,
  13.3,
  19.2,
  27.3,
  26.0,
  30.4,
  15.8,
  19.7,
  15.0,
  21.4,
];
const DISP = [
  160,
  160,
  108,
  258,
  360,
  225,
  360,
  146.7,
  140.8,
  167.6,
  167.6,
  275.8,
  275.8,
  275.8,
  472,
  460,
  440,
  78.7,
  75.7,
  71.1,
  120.1,
  318,
  304,
  350,
  400,
  79,
  120.3,
  95.1,
  351,
  145,
  301,
  121,
];

describe("Pearson", () => {
  test("r, t, df and p match R's cor.test example", () => {
    const r = pearson(X, Y);
    expect(r.r).toBeCloseTo(0.5711816, 7);
    expect(r.statistic).toBeCloseTo(1.8411, 4);
    expect(r.df).toBe(7);
    expect(r.pValue).toBeCloseTo(0.10817305434949381, 12);
  });

  test("Fisher-z interval matches R: [-0.1497426, 0.8955795]", () => {
    const [lo, hi] = pearson(X, Y).confidenceInterval!;
    expect(lo).toBeCloseTo(-0.14974263303675717, 10);
    expect(hi).toBeCloseTo(0.8955794618387394, 10);
  });

  test("one-sided greater: p and an interval ending at 1", () => {
    const r = pearson(X, Y, { alternative: "greater" });
    expect(r.pValue).toBeCloseTo(0.05408652717474691, 12);
    expect(r.confidenceInterval![0]).toBeCloseTo(-0.022230227504511754, 10);
    expect(r.confidenceInterval![1]).toBe(1);
  });

  test("small p-value (mtcars mpg ~ disp) to 4 significant digits: 9.380e-10", () => {
    const r = pearson(MPG, DISP);
    expect(r.r).toBeCloseTo(-0.8475514, 7);
    expect(r.statistic).toBeCloseTo(-8.7472, 4);
    expectRelative(r.pValue, 9.380326537381393e-10, 1e-9);
  });

  test("mtcars interval matches R: [-0.9233594, -0.7081376]", () => {
    const [lo, hi] = pearson(MPG, DISP).confidenceInterval!;
    expect(lo).toBeCloseTo(-0.9233594, 7);
    expect(hi).toBeCloseTo(-0.7081376, 7);
  });

  test("r = 1 exactly gives t = Infinity and p = 0, not NaN", () => {
    const r = pearson([1, 2, 3, 4], [2, 4, 6, 8]); // r rounds to exactly 1 here
    expect(r.r).toBe(1);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });

  test("no interval below n = 4 (as R)", () => {
    expect(pearson([1, 2, 3], [1, 3, 2]).confidenceInterval).toBeNull();
  });

  test("mismatched lengths are rejected naming y", () => {
    expect(() => pearson(X, Y.slice(1))).toThrow(/^y: has 8 values but x has 9/);
  });

  test("a constant variable is rejected naming it", () => {
    expect(() => pearson([1, 1, 1, 1], [1, 2, 3, 4])).toThrow(/^x: all values are equal/);
  });
});

describe("Spearman", () => {
  test("rho = 0.6 on R's cor.test example; p by the t approximation", () => {
    // R's cor.test(x, y, method = "spearman", alternative = "greater") prints rho 0.6
    // (S = 48) with an exact p-value of 0.0484 (confirmed by enumerating all 9!
    // permutations); the t-approximation p here is scipy.stats.spearmanr's, which
    // uses the same t on n - 2 df.
    const r = spearman(X, Y);
    expect(r.rho).toBeCloseTo(0.6, 12);
    expect(r.pValue).toBeCloseTo(0.08762282904140249, 12);
    expect(r.pValueMethod).toBe("t-approximation");
  });

  test("ties get average ranks", () => {
    // scipy.stats.spearmanr([1,2,2,3,4,5,5,5,6,7], [2,1,4,3,6,5,8,7,9,9])
    const r = spearman([1, 2, 2, 3, 4, 5, 5, 5, 6, 7], [2, 1, 4, 3, 6, 5, 8, 7, 9, 9]);
    expect(r.rho).toBeCloseTo(0.9198231868799304, 12);
    expect(r.pValue).toBeCloseTo(0.00016396978464388082, 15);
  });

  test("fewer than 3 pairs are rejected naming x", () => {
    expect(() => spearman([1, 2], [2, 1])).toThrow(/^x: needs at least 3 values/);
  });
});
