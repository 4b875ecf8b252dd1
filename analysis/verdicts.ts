// Three-way verdicts of a paper golden's cells (policy "welch"), beside the band
// verdict (pass/fail), which stays what `check` exits on:
// - reproduced:   TOST shows |ours - published| < the equivalence margin (the
//                 policy's, plus the rounding half-unit), Holm-adjusted over the
//                 table's cells, at alpha = 1 - confidence;
// - differs:      Welch's test of "no difference" (after the rounding
//                 half-unit) rejects, Holm-adjusted over the table's cells;
// - inconclusive: neither, with the seeds that would decide it.
// A cell shown equivalent whose difference is also significant is reproduced:
// the band is the claim, a precise small offset inside it does not undo it.
// A golden file without an equivalence margin cannot show "reproduced".
// mdd is per cell at the unadjusted alpha; seedsNeeded at Holm's worst-case level (seedsToDecide).
import type { BandPolicy, CheckRow, Outcome } from "../core/golden.ts";
import {
  holmAdjust,
  minimumDetectableDifference,
  smallestN,
  type TDesign,
  tostPower,
  tTestPower,
  welchDesign,
} from "./stats/index.ts";

/** Seeds needed are searched up to this many; past it the answer is null ("more than"). */
export const SEEDS_CAP = 100;
/** The power at which a test is said to detect (or show) a difference. */
export const TARGET_POWER = 0.8;

/** One side of a judged cell: our aggregate, or the paper's number (its std and n, ours standing in where it prints none). */
export type Side = { mean: number; std: number; n: number };

/** Smallest true |ours - published| the cell's difference test detects with power 0.8, plus the rounding half-unit; null when both spreads are 0. */
export function cellMdd(ours: Side, theirs: Side, rounding: number, alpha: number): number | null {
  if (ours.std === 0 && theirs.std === 0) return null;
  return minimumDetectableDifference(welchDesign(ours, theirs), { alpha, power: TARGET_POWER }) + rounding;
}

/**
 * What would decide an inconclusive cell. Rule: take our observed mean and
 * std as the truth and keep the paper's std and n; the deciding test is TOST
 * when |ours - published| is inside the margin (which includes the rounding
 * half-unit), else the difference test (on |diff| less the half-unit); the
 * answer is the smallest number of our seeds (2..SEEDS_CAP) at which that test
 * has power 0.8 at level `alpha`, null when none has. checkAgainst passes
 * alpha / m (m: the table's judged cells), the level Holm asks of a cell at
 * worst, so the seeds decide the cell whatever the other cells do. `margin`
 * undefined: the file has none, so only the difference test can decide.
 */
export function seedsToDecide(
  ours: Side,
  theirs: Side,
  rounding: number,
  margin: number | undefined,
  alpha: number,
): { decidingTest: "equivalence" | "difference"; seedsNeeded: number | null } | null {
  if (ours.std === 0 && theirs.std === 0) return null;
  const at = (n: number): TDesign => welchDesign({ std: ours.std, n }, theirs);
  const diff = ours.mean - theirs.mean;
  const equivalence = margin !== undefined && Math.abs(diff) < margin;
  const power = equivalence
    ? (n: number) => tostPower(diff, margin!, at(n), { alpha })
    : (n: number) => tTestPower(Math.max(0, Math.abs(diff) - rounding), at(n), { alpha });
  return {
    decidingTest: equivalence ? "equivalence" : "difference",
    seedsNeeded: smallestN(power, TARGET_POWER, { min: 2, max: SEEDS_CAP }),
  };
}

/**
 * Gives each judged cell of a welch table its outcome: Holm over the table's
 * TOST p-values (into tost.pHolm) and, with the difference p-values' Holm
 * values already in pHolm, the three-way rule above. Rows are changed in place;
 * the caller adds seedsToDecide to the inconclusive ones.
 */
export function assignOutcomes(rows: CheckRow[], policy: BandPolicy): void {
  if (policy.type !== "welch") return;
  const alpha = 1 - policy.confidence;
  const withTost = rows.filter((r) => r.tost);
  if (withTost.length) holmAdjust(withTost.map((r) => r.tost!.p)).forEach((q, i) => (withTost[i].tost!.pHolm = q));
  for (const r of rows.filter((x) => x.pHolm !== undefined)) {
    const equivalent = r.tost?.pHolm !== undefined && r.tost.pHolm < alpha;
    const differs = r.pHolm! < alpha;
    r.outcome = equivalent ? "reproduced" : differs ? "differs" : "inconclusive";
    if (equivalent && differs) {
      r.outcomeWhy = `within ±${r.tost!.margin} though the difference test also rejects: a small, precise offset`;
    } else if (!r.tost && !differs) {
      r.outcomeWhy = "the golden file states no equivalence margin: reproduced cannot be shown";
    }
  }
}

/** A table's outcome: what can be said of all its judged cells at once, at level alpha. */
export interface TableOutcome {
  outcome: Outcome;
  judged: number;
  /** Cells whose own (unadjusted) TOST shows them within the margin. */
  equivalent: number;
  /** Cells whose Holm-adjusted difference test rejects. */
  differing: number;
}

/**
 * The table as a whole. "reproduced": every judged cell's TOST rejects at
 * alpha, unadjusted: by the intersection-union principle (Berger 1982) the
 * claim "all cells are within the margin" then holds at level alpha, since it
 * is false only if some cell is outside, and that cell's test errs with
 * probability at most alpha. (Per-cell outcomes make one claim per cell and
 * so adjust; the table makes one claim.) "differs": some cell's Holm-adjusted
 * difference test rejects (family-wise at alpha). Else "inconclusive". Null
 * for a table with no judged cell or another policy.
 */
export function tableOutcome(rows: CheckRow[], policy: BandPolicy): TableOutcome | null {
  if (policy.type !== "welch") return null;
  const alpha = 1 - policy.confidence;
  const judged = rows.filter((r) => r.pHolm !== undefined);
  if (!judged.length) return null;
  const equivalent = judged.filter((r) => r.tost !== undefined && r.tost.p < alpha).length;
  const differing = judged.filter((r) => r.pHolm! < alpha).length;
  const outcome = equivalent === judged.length ? "reproduced" : differing ? "differs" : "inconclusive";
  return { outcome, judged: judged.length, equivalent, differing };
}

/** How many judged cells have each outcome. */
export function outcomeCounts(rows: CheckRow[]): Record<Outcome, number> {
  const out: Record<Outcome, number> = { reproduced: 0, differs: 0, inconclusive: 0 };
  for (const r of rows) if (r.outcome) out[r.outcome]++;
  return out;
}

/** "12 seeds" / "more than 100 seeds", for a seedsNeeded value. */
export function seedsText(n: number | null | undefined): string {
  if (n === undefined) return "";
  return n === null ? `more than ${SEEDS_CAP} seeds` : `${n} seeds`;
}
