import { describe, expect, test } from "bun:test";
import { tostPaired, tostPairedFromSummary, tostWelch } from "../../../analysis/stats/equivalence.ts";
import { SLEEP_GROUP1 as G1, SLEEP_GROUP2 as G2 } from "./sleep.ts";

// TOST (Schuirmann 1987) is exactly two one-sided t-tests, so the references are
// those tests as R runs them, e.g. for a margin of ±2 on the sleep data:
//   t.test(G1, G2, mu = -2, alternative = "greater")  and  t.test(G1, G2, mu = 2, alternative = "less")
// computed with scipy.stats.ttest_ind(G1 + 2, G2, equal_var=False, alternative="greater")
// and ttest_ind(G1 - 2, G2, equal_var=False, alternative="less") (scipy 1.17); the
// 90% interval is t.test(G1, G2, conf.level = 0.9)$conf.int.

describe("TOST, Welch", () => {
  test("margin ±2 on the sleep data: both one-sided tests match", () => {
    const r = tostWelch(G1, G2, 2);
    expect(r.lowerTest.statistic).toBeCloseTo(0.4946466179395436, 12);
    expect(r.lowerTest.pValue).toBeCloseTo(0.31345362597515697, 12);
    expect(r.upperTest.statistic).toBeCloseTo(-4.216273552913249, 12);
    expect(r.upperTest.pValue).toBeCloseTo(0.00026596733648000774, 15);
  });

  test("the TOST p-value is the larger one-sided p; not equivalent at alpha 0.05", () => {
    const r = tostWelch(G1, G2, 2);
    expect(r.pValue).toBe(r.lowerTest.pValue);
    expect(r.equivalent).toBe(false);
  });

  test("reports the 90% (1 - 2 alpha) interval", () => {
    const r = tostWelch(G1, G2, 2);
    expect(r.confidence).toBeCloseTo(0.9, 15);
    expect(r.confidenceInterval[0]).toBeCloseTo(-3.053381497331607, 10);
    expect(r.confidenceInterval[1]).toBeCloseTo(-0.10661850266839323, 10);
  });
});

describe("TOST, paired", () => {
  // margins [-2.5, -0.5]: scipy ttest_1samp(d + 2.5, 0, alternative="greater") and
  // ttest_1samp(d + 0.5, 0, alternative="less") with d = G1 - G2
  test("asymmetric margin: both p below 0.05, so equivalent", () => {
    const r = tostPaired(G1, G2, { lower: -2.5, upper: -0.5 });
    expect(r.lowerTest.pValue).toBeCloseTo(0.02111686024650077, 12);
    expect(r.upperTest.pValue).toBeCloseTo(0.010759243378387268, 12);
    expect(r.equivalent).toBe(true);
  });

  test("equivalent exactly when the 90% interval lies inside the margin", () => {
    const [lo, hi] = tostPaired(G1, G2, { lower: -2.5, upper: -0.5 }).confidenceInterval;
    expect(lo).toBeCloseTo(-2.293005267029284, 10);
    expect(hi).toBeCloseTo(-0.8669947329707163, 10);
  });

  test("from the summary of the differences gives the same result", () => {
    const r = tostPairedFromSummary({ mean: -1.58, std: 1.2299954832798732, n: 10 }, { lower: -2.5, upper: -0.5 });
    expect(r.pValue).toBeCloseTo(0.02111686024650077, 12);
  });
});

describe("TOST input errors", () => {
  test("a symmetric margin must be positive", () => {
    expect(() => tostWelch(G1, G2, -1)).toThrow(/^margin: /);
  });

  test("lower must be below upper", () => {
    expect(() => tostPaired(G1, G2, { lower: 1, upper: -1 })).toThrow(
      /^margin: lower \(1\) must be below upper \(-1\)/,
    );
  });

  test("alpha must be below 0.5", () => {
    expect(() => tostWelch(G1, G2, 2, { alpha: 0.5 })).toThrow(/^alpha: /);
  });
});
