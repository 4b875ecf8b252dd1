// What a run of a spec profile left out against the profile's own plan: the
// options that narrowed it (--seeds, --init-seeds, --langs, --k), the target languages,
// (draw and init) seeds and k values it lacks, and planned cells without a record (an
// interrupted run). One type and one line of text, which `bench compare` and
// the leaderboard both print, so a partial table never passes for a whole one.
import { crossesSeeds, kValues, type Plan } from "../plan/plan.ts";
import type { ResultRecord } from "../core/record.ts";
import { drawSeeds, initSeeds, isCrossed } from "../core/seed.ts";

/** What one axis of the run covers of the profile's plan. */
export interface AxisCoverage<T> {
  ran: T[];
  planned: T[];
  /** Planned values the run has not (its extra values, e.g. other --seeds, are no loss). */
  missing: T[];
}

export interface PartialRun {
  /** The options the run's plan narrowed (plan.narrowed: --seeds, --langs, --k). */
  narrowed: string[];
  /** Target languages evaluated, against the profile's plan (every backbone's together). */
  languages: AxisCoverage<string>;
  /** Draw seeds (a list profile's seeds). */
  seeds: AxisCoverage<number>;
  /** Initialisation seeds, only where the profile or the run crosses them with the draws (--init-seeds). */
  inits?: AxisCoverage<number>;
  /** Null when the spec has no k axis. */
  ks: AxisCoverage<number | "all"> | null;
  /** Cells of the run's plan on the seeds and k it ran, and how many of them have no record. */
  cells: { planned: number; missing: number };
}

const targetsOf = (plan: Plan) => [...new Set(plan.backbones.flatMap((b) => b.targets))].sort();

function axis<T>(ran: T[], planned: T[]): AxisCoverage<T> {
  return { ran, planned, missing: planned.filter((x) => !ran.includes(x)) };
}

/**
 * The run's coverage of the profile's plan (`base`), or null when it lacks nothing. `plan` is the plan the records
 * were placed in (the profile's, or one re-planned with the run's seeds, languages and k).
 */
export function describePartial(
  base: Plan,
  plan: Plan,
  records: ResultRecord[],
  prerequisites: ResultRecord[],
): PartialRun | null {
  const all = [...records, ...prerequisites];
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const seeds = axis(sorted(all.map((r) => r.config.seed)), drawSeeds(base.profile.seeds));
  // (a list run's inits are its draws: counted once, as seeds)
  const crossed = isCrossed(base.profile.seeds) || crossesSeeds(plan);
  const inits = crossed
    ? axis(sorted(all.map((r) => r.config.initSeed ?? r.config.seed)), initSeeds(base.profile.seeds))
    : undefined;
  const k = kValues(base.spec, base.profile);
  const byK = (a: number | "all", b: number | "all") => (a === "all" ? 1 : b === "all" ? -1 : a - b);
  const ks = k.axis ? axis([...new Set(all.map((r) => r.config.trainShots))].sort(byK), k.ks) : null;
  const languages = axis(targetsOf(plan), targetsOf(base));
  // cells missing on the seeds and k the run has: an interrupted run, not a narrowed one
  const have = new Set(records.map((r) => r.cellId));
  const own = plan.cells.filter((c) =>
    seeds.ran.includes(c.config.seed) && (!inits || inits.ran.includes(c.config.initSeed ?? c.config.seed)) &&
    (!ks || ks.ran.includes(c.config.trainShots))
  );
  const cells = { planned: own.length, missing: own.filter((c) => !have.has(c.id)).length };
  if (
    !languages.missing.length && !seeds.missing.length && !inits?.missing.length && !ks?.missing.length &&
    !cells.missing
  ) return null;
  return { narrowed: plan.narrowed, languages, seeds, ...(inits ? { inits } : {}), ks, cells };
}

/** A list cut to its first few, naming how many more. */
function few(xs: unknown[], n = 5): string {
  return xs.length <= n ? xs.join(", ") : `${xs.slice(0, n).join(", ")} and ${xs.length - n} more`;
}

function coverageText<T>(what: string, a: AxisCoverage<T>): string | null {
  if (!a.missing.length) return null;
  // other values than the profile's (--seeds 5,6,7) are named, not counted as a share of the profile's
  if (a.ran.some((x) => !a.planned.includes(x))) return `${what} ${few(a.ran)} (the profile's: ${few(a.planned)})`;
  return `${what} ${a.planned.length - a.missing.length} of ${a.planned.length} (missing: ${few(a.missing)})`;
}

/** One line: "--langs: target languages 2 of 7 (missing: …); 3 of 12 planned cells without a record". */
export function partialText(p: PartialRun): string {
  const parts = [
    coverageText("target languages", p.languages),
    coverageText("seeds", p.seeds),
    p.inits && coverageText("init seeds", p.inits),
    p.ks && coverageText("k values", p.ks),
    p.cells.missing ? `${p.cells.missing} of ${p.cells.planned} planned cells without a record` : null,
  ].filter((x): x is string => !!x);
  return `${p.narrowed.length ? `${p.narrowed.join(", ")}: ` : ""}${parts.join("; ")}`;
}
