import { describe, expect, test } from "bun:test";
import { pearson, spearman } from "../../../analysis/stats/correlation.ts";
import {
  pairedTTest,
  studentTTest,
  welchHalfWidth,
  welchTTest,
  welchTTestFromSummaries,
} from "../../../analysis/stats/ttest.ts";
import { StatsInputError } from "../../../analysis/stats/errors.ts";
import { expectRelative } from "./relative.ts";

// References: scripts/stats_edge_references.py, run once with SciPy 1.17.1 (its
// docstring says where SciPy's own answer on the edge case is rounded or
// overflows, and which equivalent input gives the reference instead).

describe("exactly collinear data", () => {
  test("Pearson: r = 1 and p = 0 (SciPy pearsonr), not 0.9999999999999999 and 1e-24", () => {
    const r = pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(r.r).toBe(1);
    expect(r.pValue).toBe(0);
    expect(r.statistic).toBe(Infinity);
  });

  test("Pearson: a line with an intercept, and a falling one, are exactly ±1", () => {
    expect(pearson([1, 2, 3, 4, 5, 6], [3, 5, 7, 9, 11, 13]).r).toBe(1);
    const down = pearson([1, 2, 3], [-1, -2, -3]);
    expect(down.r).toBe(-1);
    expect(down.pValue).toBe(0);
  });

  test("Spearman: identical ranks give rho = 1 and p = 0 (SciPy pearsonr on the midranks)", () => {
    const r = spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]);
    expect(r.rho).toBe(1);
    expect(r.pValue).toBe(0);
  });
});

// SciPy 1.17.1 on the unscaled samples; every t-test is invariant to scaling both
const A = [1.1, 2.3, 2.9, 4.2];
const B = [2.0, 3.1, 4.4, 5.6];
const WELCH = { t: -1.135197053727553, df: 5.790920949573082, p: 0.3010831112280231 };
const STUDENT = { t: -1.135197053727553, df: 6, p: 0.29959680376964076 };
const PAIRED = { t: -6.549190170692244, df: 3, p: 0.007237804979901855 };

describe("t-tests at extreme magnitudes", () => {
  for (const scale of [1e150, 1e-150, 1e-200, 1e160]) {
    const a = A.map((x) => x * scale), b = B.map((x) => x * scale);
    test(`Welch at ${scale}: SciPy's t, df and p (no NaN df, not "constant data")`, () => {
      const r = welchTTest(a, b);
      expectRelative(r.statistic, WELCH.t, 1e-12);
      expectRelative(r.df, WELCH.df, 1e-12);
      expectRelative(r.pValue, WELCH.p, 1e-12);
      // the golden check's band: the same interval in units of the scale
      expectRelative(
        welchHalfWidth({ mean: scale, std: 2 * scale, n: 4 }, { mean: 0, std: scale, n: 5 }).halfWidth / scale,
        welchHalfWidth({ mean: 1, std: 2, n: 4 }, { mean: 0, std: 1, n: 5 }).halfWidth,
        1e-12,
      );
    });
    test(`Student and paired at ${scale}: SciPy's t and p`, () => {
      const s = studentTTest(a, b);
      expectRelative(s.statistic, STUDENT.t, 1e-12);
      expect(s.df).toBe(STUDENT.df);
      expectRelative(s.pValue, STUDENT.p, 1e-12);
      const p = pairedTTest(a, b);
      expectRelative(p.statistic, PAIRED.t, 1e-12);
      expectRelative(p.pValue, PAIRED.p, 1e-11);
    });
  }

  test("Welch from summaries near 1e150: the squared variances no longer overflow", () => {
    const r = welchTTestFromSummaries({ mean: 1e150, std: 2e150, n: 4 }, { mean: 0, std: 1e150, n: 5 });
    const plain = welchTTestFromSummaries({ mean: 1, std: 2, n: 4 }, { mean: 0, std: 1, n: 5 });
    expectRelative(r.df, plain.df, 1e-14);
    expectRelative(r.pValue, plain.pValue, 1e-14);
  });

  test("constant data are judged against their magnitude (R's t.test: essentially constant)", () => {
    // one ulp of spread around 1 and 2: a standard error of ~1e-16 is rounding, not variance
    const a = [1, 1 + 2 ** -52, 1], b = [2, 2, 2 + 2 ** -51];
    expect(() => welchTTest(a, b)).toThrow(StatsInputError);
    expect(() => studentTTest(a, b)).toThrow(/constant data/);
    expect(welchHalfWidth({ mean: 1, std: 1e-17, n: 3 }, { mean: 2, std: 1e-17, n: 3 }).halfWidth).toBeNaN();
  });
});
