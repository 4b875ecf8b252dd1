import { describe, expect, test } from "bun:test";
import { tCdf, tQuantile, welchHalfWidth } from "../../../analysis/stats/index.ts";

describe("Student's t", () => {
  // critical values from standard t tables (two-sided 95%: t_{0.975, df})
  test.each([
    [1, 12.706],
    [3, 3.182],
    [10, 2.228],
    [30, 2.042],
    [1000, 1.962],
  ])("t_0.975 with df=%d is %d", (df, t) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  test("CDF is symmetric and exact at 0", () => {
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(tCdf(2, 7) + tCdf(-2, 7)).toBeCloseTo(1, 12);
    // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/pi
    expect(tCdf(1.7, 1)).toBeCloseTo(0.5 + Math.atan(1.7) / Math.PI, 10);
  });

  test("Welch interval: equal summaries give df = 2(n-1)", () => {
    const s = { mean: 50, std: 2, n: 4 };
    const { df, halfWidth } = welchHalfWidth(s, s);
    expect(df).toBeCloseTo(6, 10);
    expect(halfWidth).toBeCloseTo(tQuantile(0.975, 6) * Math.sqrt(2), 10);
    expect(Number.isNaN(welchHalfWidth({ mean: 1, std: 0, n: 1 }, s).halfWidth)).toBe(true);
  });
});
