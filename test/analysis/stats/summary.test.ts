import { describe, expect, test } from "bun:test";
import { describeMean, standardError } from "../../../analysis/stats/summary.ts";
import { SLEEP_GROUP1 as G1 } from "./sleep.ts";

// R: t.test(sleep$extra[1:10]) gives mean 0.75 and 95% CI [-0.5297804, 2.0297804];
// sd 1.7890097 and standard error 0.5657345 from sd() / sqrt(10) (numpy/scipy agree).
describe("describeMean", () => {
  test("mean, sample sd and standard error of sleep group 1", () => {
    const s = describeMean(G1);
    expect(s.mean).toBeCloseTo(0.75, 14);
    expect(s.std).toBeCloseTo(1.7890096577591623, 14);
    expect(s.standardError).toBeCloseTo(0.5657345274557276, 14);
  });

  test("t interval for the mean matches R's one-sample t.test", () => {
    const [lo, hi] = describeMean(G1).confidenceInterval;
    expect(lo).toBeCloseTo(-0.5297804135262321, 10);
    expect(hi).toBeCloseTo(2.029780413526232, 10);
  });

  test("a single value is rejected naming the sample", () => {
    expect(() => describeMean([1])).toThrow(/^x: needs at least 2 values/);
  });

  test("an infinite value is rejected", () => {
    expect(() => standardError([1, Infinity])).toThrow(/^x: value 1 is not a finite number/);
  });
});
