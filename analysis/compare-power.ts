// The power of each tested cell of `bench compare`, from the seeds the test
// used: the minimum detectable difference of its two-sided test (paired over
// the common seeds, or Welch), at the unadjusted alpha of its 95% interval and
// power 0.8, at the observed spread; and, under --equivalence, for a cell not
// shown equivalent whose difference lies inside the margin, the number of
// seeds at which TOST would show it at Holm's worst-case level (alpha / the
// run's family size), the observed difference and spread taken as true.
// Power and the seeds cap are check's (analysis/verdicts.ts), so both commands say the same.
import { sampleStandardDeviation as sd } from "simple-statistics";
import type { CellComparison } from "./compare-cell.ts";
import { CI_LEVEL } from "./compare-cell.ts";
import { SEEDS_CAP, TARGET_POWER } from "./verdicts.ts";
import {
  minimumDetectableDifference,
  pairedDesign,
  smallestN,
  type TDesign,
  tostPower,
  welchDesign,
} from "./stats/index.ts";

/** The cell's design as tested (`ran`) and at n seeds per side (pairs), the spreads as observed; null without a test or a spread. */
function designs(c: CellComparison): { ran: TDesign; at: (n: number) => TDesign } | null {
  if (c.p === null) return null;
  if (c.test === "paired") {
    const common = c.a.seeds.filter((s) => c.b.seeds.includes(s));
    const spread = sd(common.map((s) => c.b.values[c.b.seeds.indexOf(s)] - c.a.values[c.a.seeds.indexOf(s)]));
    return spread > 0 ? { ran: pairedDesign(spread, c.n), at: (n) => pairedDesign(spread, n) } : null;
  }
  if (c.test === "welch") {
    const sa = sd(c.a.values), sb = sd(c.b.values);
    if (sa === 0 && sb === 0) return null;
    return {
      ran: welchDesign({ std: sa, n: c.a.values.length }, { std: sb, n: c.b.values.length }),
      at: (n) => welchDesign({ std: sa, n }, { std: sb, n }),
    };
  }
  return null;
}

export interface CellPower {
  /** Smallest true |B − A| the cell's test detects with power 0.8 at 1 − CI_LEVEL; null: not tested, or no spread. */
  mdd: number | null;
  /**
   * Seeds (per side) at which TOST would show the cell within ±margin with power
   * 0.8 at alpha / family; null: more than SEEDS_CAP; undefined: it does not apply
   * (no --equivalence, shown equivalent, or the difference is not inside the margin).
   */
  seedsToShowEquivalent?: number | null;
}

/** A tested cell's power (after its equivalence verdict is set), its spreads worked out once. */
export function cellPower(c: CellComparison, alpha: number, family: number): CellPower {
  const d = designs(c);
  if (!d) return { mdd: null };
  const mdd = minimumDetectableDifference(d.ran, { alpha: 1 - CI_LEVEL, power: TARGET_POWER });
  const eq = c.equivalence;
  if (!eq || eq.verdict === "equivalent" || c.difference === null || !(Math.abs(c.difference) < eq.margin)) {
    return { mdd };
  }
  const level = alpha / Math.max(1, family);
  const seeds = smallestN((n) => tostPower(c.difference!, eq.margin, d.at(n), { alpha: level }), TARGET_POWER, {
    min: 2,
    max: SEEDS_CAP,
  });
  return { mdd, seedsToShowEquivalent: seeds };
}
