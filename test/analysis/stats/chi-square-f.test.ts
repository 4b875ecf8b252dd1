import { describe, expect, test } from "bun:test";
import {
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSurvival,
  fCdf,
  fQuantile,
} from "../../../analysis/stats/chi-square-f.ts";
import { StatsInputError } from "../../../analysis/stats/errors.ts";
import { expectRelative } from "./relative.ts";

// scipy.stats.chi2.ppf and scipy.stats.f.ppf (SciPy 1.17.1), printed once by
// scripts/variance_references.py. Tolerance: 1e-9 relative.
const CHI2: [number, number, number][] = [
  [0.025, 1, 0.0009820691171752555],
  [0.975, 1, 5.023886187314888],
  [0.025, 2, 0.05063561596857975],
  [0.975, 2, 7.377758908227871],
  [0.5, 3.5, 2.86058940306655],
  [0.001, 10, 1.4787434638356647],
  [0.999, 10, 29.58829844507442],
  [0.05, 100, 77.92946516501726],
];
const F: [number, number, number, number][] = [
  [0.025, 1, 1, 0.001543712508674131],
  [0.975, 1, 1, 647.7890114778442],
  [0.025, 1, 2, 0.0012507817385866166],
  [0.975, 1, 2, 38.50632911392401],
  [0.975, 3, 6, 6.598798521956471],
  [0.025, 3, 6, 0.06786692300241533],
  [0.5, 2.5, 7, 0.8281830429977997],
  [0.99, 10, 40, 2.800545107132693],
];

describe("chi-square", () => {
  test("quantiles match scipy.stats.chi2.ppf to 1e-9 relative", () => {
    for (const [p, df, want] of CHI2) expectRelative(chiSquareQuantile(p, df), want, 1e-9);
  });

  test("the cdf at a quantile gives its probability back", () => {
    for (const [p, df, x] of CHI2) expect(chiSquareCdf(x, df)).toBeCloseTo(p, 12);
  });

  test("2 degrees of freedom: the survival is exp(-x/2)", () => {
    for (const x of [0.1, 1, 5, 40]) expectRelative(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-12);
  });

  test("a probability outside (0, 1) or df <= 0 is refused", () => {
    expect(() => chiSquareQuantile(1, 2)).toThrow(StatsInputError);
    expect(() => chiSquareQuantile(0.5, 0)).toThrow("degrees of freedom");
  });
});

describe("F", () => {
  test("quantiles match scipy.stats.f.ppf to 1e-9 relative", () => {
    for (const [p, d1, d2, want] of F) expectRelative(fQuantile(p, d1, d2), want, 1e-9);
  });

  test("the cdf at a quantile gives its probability back", () => {
    for (const [p, d1, d2, x] of F) expect(fCdf(x, d1, d2)).toBeCloseTo(p, 12);
  });

  test("infinite denominator degrees of freedom give chi-square / df", () => {
    expectRelative(fQuantile(0.975, 2, Infinity), 7.377758908227871 / 2, 1e-9);
  });

  test("F(1, d2) is t(d2) squared: its 0.95 quantile is the t's 0.975 squared", () => {
    // scipy.stats.t.ppf(0.975, 2) = 4.302652729749464
    expectRelative(fQuantile(0.95, 1, 2), 4.302652729749464 ** 2, 1e-9);
  });
});
