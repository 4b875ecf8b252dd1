import { describe, expect, test } from "bun:test";
import {
  pairedTTest,
  pairedTTestFromSummary,
  studentTTest,
  studentTTestFromSummaries,
  welchTTest,
  welchTTestFromSummaries,
} from "../../../analysis/stats/ttest.ts";
import { StatsInputError } from "../../../analysis/stats/errors.ts";
import { SLEEP_GROUP1 as G1, SLEEP_GROUP2 as G2 } from "./sleep.ts";

// Reference values are R's output for the examples in ?t.test / ?sleep:
//   t.test(extra ~ group, data = sleep)                  (Welch)
//   t.test(extra ~ group, data = sleep, var.equal = TRUE) (Student)
//   t.test(G1, G2, paired = TRUE)                         (paired)
// with the extra digits and the one-sided variants from scipy.stats.ttest_ind /
// ttest_rel / ttest_1samp 1.17 (which agree with R's printed digits).

describe("Welch t-test", () => {
  test("matches R on the sleep data: t = -1.8608, df = 17.776, p = 0.07939", () => {
    const r = welchTTest(G1, G2);
    expect(r.statistic).toBeCloseTo(-1.8608134674868526, 12);
    expect(r.df).toBeCloseTo(17.776473516178488, 10);
    expect(r.pValue).toBeCloseTo(0.0793941401873583, 12);
  });

  test("95% interval matches R: [-3.3654832, 0.2054832]", () => {
    const [lo, hi] = welchTTest(G1, G2).confidenceInterval;
    expect(lo).toBeCloseTo(-3.3654832307117104, 10);
    expect(hi).toBeCloseTo(0.20548323071171137, 10);
  });

  test("alternative less: half the two-sided p and an interval open below", () => {
    const r = welchTTest(G1, G2, { alternative: "less" });
    expect(r.pValue).toBeCloseTo(0.03969707009367915, 12);
    expect(r.confidenceInterval[0]).toBe(-Infinity);
    expect(r.confidenceInterval[1]).toBeCloseTo(-0.10661850266839323, 10);
  });

  test("alternative greater: the complementary tail, interval open above", () => {
    const r = welchTTest(G1, G2, { alternative: "greater" });
    expect(r.pValue).toBeCloseTo(0.9603029299063208, 12);
    expect(r.confidenceInterval[0]).toBeCloseTo(-3.053381497331606, 10);
    expect(r.confidenceInterval[1]).toBe(Infinity);
  });

  test("from summaries gives the same test as from samples", () => {
    // sleep group means 0.75 and 2.33, sds 1.7890096577591623 and 2.002248735796829 (numpy, ddof = 1)
    const r = welchTTestFromSummaries({ mean: 0.75, std: 1.7890096577591623, n: 10 }, {
      mean: 2.33,
      std: 2.002248735796829,
      n: 10,
    });
    expect(r.statistic).toBeCloseTo(-1.8608134674868526, 12);
    expect(r.pValue).toBeCloseTo(0.0793941401873583, 12);
  });
});

describe("Student t-test", () => {
  test("matches R (var.equal = TRUE): t = -1.8608, df = 18, p = 0.07919", () => {
    const r = studentTTest(G1, G2);
    expect(r.test).toBe("student");
    expect(r.statistic).toBeCloseTo(-1.8608134674868524, 12);
    expect(r.df).toBe(18);
    expect(r.pValue).toBeCloseTo(0.07918671421593822, 12);
  });

  test("95% interval matches R: [-3.363874, 0.203874]", () => {
    const [lo, hi] = studentTTest(G1, G2).confidenceInterval;
    expect(lo).toBeCloseTo(-3.3638740322875984, 10);
    expect(hi).toBeCloseTo(0.20387403228759915, 10);
  });

  test("from summaries gives the same test as from samples", () => {
    const r = studentTTestFromSummaries({ mean: 0.75, std: 1.7890096577591623, n: 10 }, {
      mean: 2.33,
      std: 2.002248735796829,
      n: 10,
    });
    expect(r.pValue).toBeCloseTo(0.07918671421593822, 12);
  });
});

describe("paired t-test", () => {
  test("matches R: t = -4.0621, df = 9, p = 0.002833", () => {
    const r = pairedTTest(G1, G2);
    expect(r.statistic).toBeCloseTo(-4.062127683382037, 12);
    expect(r.df).toBe(9);
    expect(r.pValue).toBeCloseTo(0.002832890197384273, 14);
  });

  test("95% interval matches R: [-2.4598858, -0.7001142]", () => {
    const [lo, hi] = pairedTTest(G1, G2).confidenceInterval;
    expect(lo).toBeCloseTo(-2.459885763276983, 10);
    expect(hi).toBeCloseTo(-0.7001142367230175, 10);
  });

  test("from the summary of the differences gives the same test", () => {
    // differences G1 - G2: mean -1.58, sd 1.2299954832798732 (numpy, ddof = 1)
    const r = pairedTTestFromSummary({ mean: -1.58, std: 1.2299954832798732, n: 10 });
    expect(r.pValue).toBeCloseTo(0.002832890197384273, 14);
  });

  test("mu shifts the null: t.test(G1, G2, paired = TRUE, mu = -1)", () => {
    const r = pairedTTest(G1, G2, { mu: -1 });
    expect(r.statistic).toBeCloseTo(-1.4911607951655577, 12);
    expect(r.pValue).toBeCloseTo(0.1701117708974229, 12);
    expect(r.meanDifference).toBeCloseTo(-1.58, 14);
  });
});

describe("t-test input errors", () => {
  test("a sample of one value is rejected naming it", () => {
    expect(() => welchTTest([1], G2)).toThrow(/^a: needs at least 2 values, got 1$/);
  });

  test("a non-finite value is rejected naming the sample and position", () => {
    expect(() => studentTTest(G1, [1, NaN, 3])).toThrow(/^b: value 1 is not a finite number/);
  });

  test("paired samples of different lengths are rejected naming b", () => {
    expect(() => pairedTTest(G1, G2.slice(1))).toThrow(/^b: has 9 values but a has 10/);
  });

  test("a summary with a fractional n is rejected naming the field", () => {
    expect(() => welchTTestFromSummaries({ mean: 0, std: 1, n: 2.5 }, { mean: 0, std: 1, n: 5 })).toThrow(/^a\.n: /);
  });

  test("constant data (zero standard error) is rejected", () => {
    expect(() => studentTTest([1, 1, 1], [2, 2, 2])).toThrow(StatsInputError);
  });

  test("a confidence outside (0, 1) is rejected naming it", () => {
    expect(() => welchTTest(G1, G2, { confidence: 95 })).toThrow(/^confidence: /);
  });
});
