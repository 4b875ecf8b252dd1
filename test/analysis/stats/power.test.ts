import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  minimumDetectableDifference,
  nctCdf,
  pairedDesign,
  seedsToDetect,
  smallestN,
  studentDesign,
  tCdf,
  tostPower,
  tTestPower,
  welchDesign,
} from "../../../analysis/stats/index.ts";
import { expectRelative } from "./relative.ts";

// References: scripts/power_references.py (SciPy 1.17.1, statsmodels 0.15.0),
// stored in test/fixtures/power-references.json. Tolerances: 1e-11 absolute on
// the noncentral t CDF, 1e-9 relative on power and the minimum detectable
// difference, exact integers for sample sizes, 1e-8 absolute on TOST power
// (SciPy's quad of the same integral; Monte Carlo agrees within 2e-3).
const REF = JSON.parse(readFileSync(join(import.meta.dir, "../../fixtures/power-references.json"), "utf8"));

describe("noncentral t CDF", () => {
  test("matches scipy.stats.nct.cdf over a grid of t, df and nc up to 40", () => {
    for (const { t, df, nc, cdf } of REF.nct.filter((r: { cdf: number | null }) => r.cdf !== null)) {
      const ours = nctCdf(t, df, nc);
      if (Math.abs(ours - cdf) > 1e-11) throw new Error(`nct(${t}, ${df}, ${nc}): ${ours} vs scipy ${cdf}`);
    }
    expect(REF.nct.filter((r: { cdf: number | null }) => r.cdf !== null).length).toBeGreaterThan(320);
  });

  test("far lower tails where SciPy gives NaN (t = -5, nc >= 8): below 1e-12", () => {
    const gaps = REF.nct.filter((r: { cdf: number | null }) => r.cdf === null);
    for (const { t, df, nc } of gaps) expect(nctCdf(t, df, nc)).toBeLessThan(1e-12);
    expect(gaps.length).toBeGreaterThan(0);
  });

  test("nc = 0 is Student's t", () => {
    expect(nctCdf(1.3, 7, 0)).toBe(tCdf(1.3, 7));
  });

  test("df = Infinity is the normal shifted by nc", () => {
    expect(nctCdf(2, Infinity, 1.5)).toBeCloseTo(0.6914624612740131, 14);
  });

  test("a bad df is refused, naming it", () => {
    expect(() => nctCdf(1, 0, 1)).toThrow(/df/);
  });
});

describe("t-test power", () => {
  test("paired / one-sample: statsmodels TTestPower", () => {
    for (const r of REF.paired) expectRelative(tTestPower(r.difference, pairedDesign(r.sd, r.n)), r.power, 1e-9);
  });

  test("two-sample Student: statsmodels TTestIndPower", () => {
    for (const r of REF.student) {
      expectRelative(tTestPower(r.difference, studentDesign(r.sd, r.n1, r.n2)), r.power, 1e-9);
    }
  });

  test("Welch: scipy nct at the Satterthwaite df", () => {
    for (const r of REF.welch) {
      const d = welchDesign({ std: r.a[0], n: r.a[1] }, { std: r.b[0], n: r.b[1] });
      expectRelative(d.df, r.df, 1e-12);
      expectRelative(tTestPower(r.difference, d), r.power, 1e-9);
    }
  });

  test("power at no difference is alpha", () => {
    expect(tTestPower(0, pairedDesign(1, 5), { alpha: 0.1 })).toBeCloseTo(0.1, 12);
  });
});

describe("minimum detectable difference", () => {
  test("paired: the difference with power 0.8 at alpha 0.05 (brentq on statsmodels' power)", () => {
    for (const r of REF.paired) expectRelative(minimumDetectableDifference(pairedDesign(r.sd, r.n)), r.mdd, 1e-9);
  });

  test("two-sample Student", () => {
    for (const r of REF.student) {
      expectRelative(minimumDetectableDifference(studentDesign(r.sd, r.n1, r.n2)), r.mdd, 1e-9);
    }
  });

  test("the power at the MDD is the target", () => {
    const d = pairedDesign(1.7, 4);
    expect(tTestPower(minimumDetectableDifference(d, { power: 0.9 }), d)).toBeCloseTo(0.9, 10);
  });
});

describe("seeds needed", () => {
  test("paired: the smallest n with power >= 0.8 (a scan of statsmodels' power), null past 100", () => {
    for (const r of REF.seeds) {
      expect(seedsToDetect(r.difference, (n) => pairedDesign(r.sd, n))).toBe(r.n);
    }
  });

  test("smallestN finds the first n reaching the target, null when max does not", () => {
    expect(smallestN((n) => (n >= 7 ? 0.9 : 0.1))).toBe(7);
    expect(smallestN(() => 0.1, 0.8, { max: 10 })).toBeNull();
  });
});

describe("TOST power", () => {
  test("the integral over the standard error's distribution: scipy quad", () => {
    for (const r of REF.tost) {
      const ours = tostPower(r.difference, r.margin, { standardError: r.standardError, df: r.df });
      expect(Math.abs(ours - r.power)).toBeLessThan(1e-8);
    }
  });

  test("zero when the margin is out of reach of the critical value", () => {
    // c·ŝ < margin is needed; with se 10 and margin 0.1 the probability is tiny
    expect(tostPower(0, 0.1, { standardError: 10, df: 3 })).toBeLessThan(1e-3);
  });

  test("a margin of 0 is refused", () => {
    expect(() => tostPower(0, 0, pairedDesign(1, 3))).toThrow(/margin/);
  });
});
