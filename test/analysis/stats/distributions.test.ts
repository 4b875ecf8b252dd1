import { describe, expect, test } from "bun:test";
import {
  normalCdf,
  normalQuantile,
  tCdf,
  tPValue,
  tQuantile,
  tSurvival,
} from "../../../analysis/stats/distributions.ts";
import { StatsInputError } from "../../../analysis/stats/errors.ts";
import { expectRelative } from "./relative.ts";

describe("t tails", () => {
  // Two-sided p-values from mpmath 1.3 at 50 digits: 2 * quad(t density, [t, inf]),
  // which agrees with betainc(df/2, 1/2, 0, df/(df+t^2), regularized=True) to 12 digits.
  test.each([
    [12, 10, 2.92140882477e-7],
    [20, 5, 5.77551637322e-6],
    [100, 4, 5.99600209899e-8],
    [6, 1000, 2.75536917338e-9],
    [5.5, 1e5, 3.80717719899e-8],
    [1.5, 1e6, 0.133614718237],
    [40, 30, 1.37260451944e-27],
    [8, 3, 0.00407657758779],
    [3, 7, 0.019942126132],
    [2.5, 2.5, 0.104569963078],
  ])("two-sided p for t = %d, df = %d is %d (to 1e-9 relative)", (t, df, p) => {
    expectRelative(tPValue(t, df), p, 1e-9);
  });

  test("one-sided tails are computed directly, not as 1 - cdf", () => {
    // mpmath: betainc(5, 1/2, 0, 10/154, regularized=True) / 2
    expectRelative(tSurvival(12, 10), 1.46070441238499e-7, 1e-9);
    expectRelative(tCdf(-12, 10), 1.46070441238499e-7, 1e-9);
  });

  test("df = 1 (Cauchy) tail matches atan(1/t)/pi far out", () => {
    expectRelative(tSurvival(1e9, 1), Math.atan(1e-9) / Math.PI, 1e-12);
  });

  test("df = 2 tail matches its closed form 1/(s(s + t)), s = sqrt(2 + t^2)", () => {
    const t = 1e5, s = Math.sqrt(2 + t * t);
    expectRelative(tSurvival(t, 2), 1 / (s * (s + t)), 1e-12);
  });

  test("alternatives: less is the lower tail, greater the upper one", () => {
    expectRelative(tPValue(-12, 10, "less"), 1.46070441238499e-7, 1e-9);
    expect(tPValue(-12, 10, "greater")).toBeCloseTo(1 - 1.46070441238499e-7, 15);
  });

  test("infinite |t| has p = 0 and t = 0 has p = 1", () => {
    expect(tPValue(Infinity, 5)).toBe(0);
    expect(tPValue(0, 5)).toBe(1);
  });

  test("df = Infinity is the standard normal", () => {
    expect(tCdf(-1.96, Infinity)).toBeCloseTo(normalCdf(-1.96), 15);
  });

  test("df must be positive", () => {
    expect(() => tCdf(1, 0)).toThrow(StatsInputError);
    expect(() => tCdf(1, 0)).toThrow(/^df: /);
  });
});

describe("t quantiles", () => {
  // Printed t tables, the 0.9995 (two-tailed 0.001) column, e.g. the table of
  // percentiles reprinted from JASA (1959) in Neter, Wasserman & Kutner, Table A.3.
  test.each([
    [1, 636.619],
    [5, 6.869],
    [10, 4.587],
    [30, 3.646],
  ])("t_0.9995 with df = %d is %d", (df, t) => {
    expect(tQuantile(0.9995, df)).toBeCloseTo(t, 3);
  });

  // mpmath: bisection of the 50-digit tail; df = 1 is tan(pi (p - 1/2)).
  test.each([
    [1e-10, 3, -2225.76928468309],
    [1e-6, 10, -9.75199549094058],
    [0.025, 4.5, -2.6589123472044],
    [1e-12, 1, -318309886183.791],
    [0.4, 7, -0.263166861352023],
  ])("quantile %d with df = %d is %d (to 1e-12 relative)", (p, df, q) => {
    expectRelative(tQuantile(p, df), q, 1e-12);
  });

  test("the quantile inverts the cdf deep in the tail", () => {
    expectRelative(tCdf(tQuantile(1e-15, 4), 4), 1e-15, 1e-12);
  });

  test("p outside (0, 1) is rejected naming p", () => {
    expect(() => tQuantile(1, 5)).toThrow(/^p: /);
  });
});

describe("standard normal", () => {
  // mpmath.ncdf at 50 digits
  test.each([
    [-1.96, 0.0249978951482204],
    [-5, 2.86651571879194e-7],
    [-10, 7.61985302416053e-24],
    [-30, 4.90671392714819e-198],
  ])("Phi(%d) = %d (to 1e-12 relative)", (z, p) => {
    expectRelative(normalCdf(z), p, 1e-12);
  });

  // mpmath: sqrt(2) * erfinv(2p - 1)
  test.each([
    [0.975, 1.95996398454005],
    [1e-10, -6.36134090240406],
    [0.3, -0.524400512708041],
  ])("quantile %d is %d", (p, z) => {
    expectRelative(normalQuantile(p), z, 1e-12);
  });
});
