// Records of a run narrowed by --langs (and --seeds, --k with it): their cell
// ids differ from the profile's plan because a cell's config holds the
// evaluated targets. They are the same training as planned cells, so they are
// found by the config without the targets, and the run's narrowing is inferred
// from them and re-planned, after which they match the plan's ids exactly.
import { canonicalJson } from "../core/canonical.ts";
import { type CellConfig, type ResultRecord, trainingConfig } from "../core/record.ts";
import type { Spec } from "../core/spec.ts";
import type { LanguageTable } from "../datasets/languages.ts";
import { kValues, type Plan, planSpec } from "../plan/plan.ts";

/**
 * A cell's training (core/record.ts trainingConfig: without its targets) and without its seed too (a --seeds run
 * may run other seeds); a second stage's first stage likewise. run/covering.ts keys the seed in: it reuses records.
 */
export function seedlessTrainingKey(c: CellConfig): string {
  const { seed: _seed, initSeed: _init, initFrom, ...rest } = trainingConfig(c) as CellConfig;
  return canonicalJson(initFrom ? { ...rest, initFrom: seedlessTrainingKey(initFrom.config) } : rest);
}

/** The training keys of a plan's cells of these method rows and of the first stages they start from. */
export function planKeys(plan: Plan, rows: Set<string>): Set<string> {
  // every seed plans the same trainings: one seed's cells have every key
  const first = plan.cells[0]?.config;
  const same = (c: CellConfig) => c.seed === first?.seed && c.initSeed === first?.initSeed;
  return new Set(
    [...plan.cells, ...plan.prerequisites].filter((c) => same(c.config) && rows.has(c.row.method)).map((c) =>
      seedlessTrainingKey(c.config)
    ),
  );
}

/** The targets of the run a record belongs to (a second stage evaluates one; its first stage, the run's). */
const runTargets = (r: ResultRecord) => r.config.initFrom?.config.targets ?? r.config.targets;

export interface NarrowedPlacement {
  plan: Plan;
  /** Ids of the candidates the plan places (its cells and first stages). */
  placed: Set<string>;
}

/**
 * The narrowed plan that places most of `candidates` (records whose training a profile plans, on fewer targets):
 * the languages they cover (all of them, or the targets of one run when a folder holds several), the seeds and k
 * values among them. Null when no plan places a cell record.
 */
export function placeNarrowed(
  spec: Spec,
  langs: LanguageTable,
  profile: string,
  candidates: ResultRecord[],
): NarrowedPlacement | null {
  const ids = new Set(candidates.map((r) => r.cellId));
  const sets = new Map<string, string[]>();
  const add = (xs: string[]) => sets.set(xs.join(","), xs);
  add([...new Set(candidates.flatMap(runTargets))].sort());
  for (const r of candidates) add([...runTargets(r)].sort());
  const { axis } = kValues(spec, spec.profiles[profile]);
  let best: (NarrowedPlacement & { cells: number }) | null = null;
  for (const set of sets.values()) {
    const these = candidates.filter((r) => runTargets(r).every((l) => set.includes(l)));
    const seeds = [...new Set(these.map((r) => r.config.seed))].sort((a, b) => a - b);
    const ks = [...new Set(these.map((r) => r.config.trainShots))];
    let plan: Plan;
    try {
      plan = planSpec(spec, langs, {
        profile,
        seeds,
        langs: set,
        ...(axis && ks.every((k) => typeof k === "number") ? { ks: (ks as number[]).sort((a, b) => a - b) } : {}),
      });
    } catch {
      // languages none of the profile's backbones evaluates: not a narrowing of this profile
      continue;
    }
    const cells = plan.cells.filter((c) => ids.has(c.id)).length;
    if (!cells || (best && cells <= best.cells)) continue;
    const placed = new Set([...plan.cells, ...plan.prerequisites].map((c) => c.id).filter((id) => ids.has(id)));
    best = { plan, placed, cells };
  }
  return best && { plan: best.plan, placed: best.placed };
}
