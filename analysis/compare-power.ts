// The power of each tested cell of `bench compare`, from the seeds the test
// used: the minimum detectable difference of its two-sided test (paired over
// the common seeds, or Welch), at the unadjusted alpha of its 95% interval and
// power 0.8, at the observed spread; and, under --equivalence, for a cell not
// shown equivalent whose difference lies inside the margin, the number of
// seeds at which TOST would show it at Holm's worst-case level (alpha / the
// run's family size), the observed difference and spread taken as true.
import { sampleStandardDeviation as sd } from "simple-statistics";
import type { CellComparison } from "./compare-cell.ts";
import { CI_LEVEL } from "./compare-cell.ts";
import {
  minimumDetectableDifference,
  pairedDesign,
  smallestN,
  type TDesign,
  tostPower,
  welchDesign,
} from "./stats/index.ts";

/** The power at which a test is said to detect (or show) a difference, as in `check` (analysis/verdicts.ts). */
const TARGET_POWER = 0.8;
/** Seeds are searched up to this many; past it the answer is null ("more than"). */
export const COMPARE_SEEDS_CAP = 100;

/** The cell's design at n seeds per side (pairs), the spreads as observed; null when there is no spread to use. */
function designAt(c: CellComparison): ((n: number) => TDesign) | null {
  if (c.test === "paired") {
    const common = c.a.seeds.filter((s) => c.b.seeds.includes(s));
    const diffs = common.map((s) => c.b.values[c.b.seeds.indexOf(s)] - c.a.values[c.a.seeds.indexOf(s)]);
    const spread = sd(diffs);
    return spread > 0 ? (n) => pairedDesign(spread, n) : null;
  }
  if (c.test === "welch") {
    const sa = sd(c.a.values), sb = sd(c.b.values);
    if (sa === 0 && sb === 0) return null;
    return (n) => welchDesign({ std: sa, n }, { std: sb, n });
  }
  return null;
}

/** The cell's minimum detectable difference at the seeds it ran (null: not tested, or no spread). */
export function cellMdd(c: CellComparison): number | null {
  if (c.p === null) return null;
  const at = designAt(c);
  if (!at) return null;
  // the design at the seeds the test used: paired n pairs; Welch each side's own n
  const design = c.test === "paired"
    ? at(c.n)
    : welchDesign({ std: sd(c.a.values), n: c.a.values.length }, { std: sd(c.b.values), n: c.b.values.length });
  return minimumDetectableDifference(design, { alpha: 1 - CI_LEVEL, power: TARGET_POWER });
}

/**
 * Seeds (per side) at which TOST would show the cell within ±margin with power
 * 0.8 at alpha / family, the observed difference and spread taken as true;
 * null when more than COMPARE_SEEDS_CAP would; undefined when it does not
 * apply (not tested, shown equivalent, or the difference is not inside the margin).
 */
export function seedsToShowEquivalent(c: CellComparison, alpha: number, family: number): number | null | undefined {
  const eq = c.equivalence;
  if (!eq || eq.verdict === "equivalent" || c.p === null || c.difference === null) return undefined;
  if (!(Math.abs(c.difference) < eq.margin)) return undefined;
  const at = designAt(c);
  if (!at) return undefined;
  const level = alpha / Math.max(1, family);
  return smallestN((n) => tostPower(c.difference!, eq.margin, at(n), { alpha: level }), TARGET_POWER, {
    min: 2,
    max: COMPARE_SEEDS_CAP,
  });
}
