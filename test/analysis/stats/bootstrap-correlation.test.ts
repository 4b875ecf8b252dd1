// The two-stage bootstrap of r and rho (analysis/stats/bootstrap-correlation.ts):
// its percentile against numpy's, its determinism, its coverage on a synthetic
// case, and that its second stage carries the seed noise.
import { describe, expect, test } from "bun:test";
import { Rng } from "../../../core/rng.ts";
import {
  bootstrapCorrelation,
  type BootstrapUnit,
  midranksInto,
  percentile,
  plainPearson,
} from "../../../analysis/stats/bootstrap-correlation.ts";
import { pearson, spearman } from "../../../analysis/stats/correlation.ts";

// scripts/typology_correlation_references.py (NumPy, SciPy 1.17.1): np.percentile(SAMPLE, [2.5, 50, 97.5])
const SAMPLE = [0.3, -0.2, 0.9, 0.1, 0.5, 0.45, -0.7, 0.05, 0.2, 0.8, 0.33];
const NUMPY_PERCENTILES = [-0.575, 0.3, 0.875];

/** n languages whose true accuracy is a + b·value + N(0, sdLanguage), each with seeds adding N(0, sdSeed). */
function synthetic(rng: Rng, n: number, seeds: number, sdLanguage: number, sdSeed: number): BootstrapUnit[] {
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());
  return Array.from({ length: n }, () => {
    const value = normal();
    const truth = 50 + 2 * value + sdLanguage * normal();
    return { value, replicates: Array.from({ length: seeds }, () => truth + sdSeed * normal()) };
  });
}

describe("two-stage bootstrap of correlations", () => {
  test("percentiles are numpy's linear ones (to 1e-12)", () => {
    const sorted = Float64Array.from(SAMPLE).sort();
    [0.025, 0.5, 0.975].forEach((q, i) => expect(percentile(sorted, q)).toBeCloseTo(NUMPY_PERCENTILES[i], 12));
  });

  test("its r and rho on one replicate are pearson's and spearman's (to 1e-12)", () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6], y = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(plainPearson(x, y)).toBeCloseTo(pearson(x, y).r, 12);
    const rx = new Float64Array(8), ry = new Float64Array(8);
    midranksInto(Float64Array.from(x), rx, new Float64Array(8));
    midranksInto(Float64Array.from(y), ry, new Float64Array(8));
    expect(plainPearson(rx, ry)).toBeCloseTo(spearman(x, y).rho, 12);
  });

  test("the same units and seed give the same intervals; another seed other ones", () => {
    const units = synthetic(new Rng(1), 20, 3, 1, 1);
    const a = bootstrapCorrelation(units, { seed: 7, resamples: 500 });
    expect(bootstrapCorrelation(units, { seed: 7, resamples: 500 })).toEqual(a);
    expect(bootstrapCorrelation(units, { seed: 8, resamples: 500 }).pearson).not.toEqual(a.pearson);
  });

  test("the interval holds the r of the whole sample", () => {
    const units = synthetic(new Rng(2), 30, 3, 1, 0.5);
    const means = units.map((u) => u.replicates.reduce((s, x) => s + x, 0) / u.replicates.length);
    const r = pearson(means, units.map((u) => u.value)).r;
    const b = bootstrapCorrelation(units, { seed: 1, resamples: 1000 });
    expect(b.pearson![0]).toBeLessThan(r);
    expect(b.pearson![1]).toBeGreaterThan(r);
    expect(b.spearman![0]).toBeLessThan(b.spearman![1]);
  });

  test("95% intervals cover the population r in about 95% of samples", () => {
    // value ~ N(0,1), accuracy = 2·value + N(0, 2²) at the language level: population r = 2/√8; seeds add little
    const truth = 2 / Math.sqrt(8);
    const rng = new Rng(3);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const b = bootstrapCorrelation(synthetic(rng, 40, 2, 2, 0.01), { seed: t, resamples: 400 });
      if (b.pearson![0] <= truth && truth <= b.pearson![1]) covered++;
    }
    // the percentile bootstrap of r undercovers slightly at n = 40; far outside [0.85, 0.99] would be a bug
    expect(covered / trials).toBeGreaterThan(0.85);
    expect(covered / trials).toBeLessThan(0.99);
  });

  test("seed noise alone widens the interval: the same seed means, with and without their spread", () => {
    const base = synthetic(new Rng(4), 15, 1, 1, 0).map((u) => ({ value: u.value, mean: u.replicates[0] }));
    const flat = base.map((u) => ({ value: u.value, replicates: [u.mean, u.mean, u.mean, u.mean] }));
    const noisy = base.map((u) => ({ value: u.value, replicates: [u.mean - 3, u.mean + 3, u.mean - 1, u.mean + 1] }));
    const width = (x: [number, number] | null) => x![1] - x![0];
    const f = bootstrapCorrelation(flat, { seed: 5 }), n = bootstrapCorrelation(noisy, { seed: 5 });
    expect(width(n.pearson)).toBeGreaterThan(1.2 * width(f.pearson));
    expect(width(n.spearman)).toBeGreaterThan(width(f.spearman));
  });

  test("replicates without an r are left out and counted", () => {
    const units = [{ value: 1, replicates: [50] }, { value: 1, replicates: [50] }, { value: 2, replicates: [60] }];
    const b = bootstrapCorrelation(units, { seed: 1, resamples: 300 });
    // a replicate drawing only the two equal languages (or the third thrice) has constant data
    expect(b.undefinedResamples).toBeGreaterThan(0);
    expect(b.undefinedResamples).toBeLessThan(300);
    expect(b.pearson).toEqual([1, 1]);
  });

  test("bad input names the argument", () => {
    const units = synthetic(new Rng(6), 5, 2, 1, 1);
    expect(() => bootstrapCorrelation(units.slice(0, 2), { seed: 1 })).toThrow(/^units: needs at least 3 units/);
    expect(() => bootstrapCorrelation(units, { seed: 1, resamples: 0 })).toThrow(/^resamples: must be a positive/);
    expect(() => bootstrapCorrelation([...units, { value: 1, replicates: [] }], { seed: 1 })).toThrow(/^units\[5\]/);
  });
});
