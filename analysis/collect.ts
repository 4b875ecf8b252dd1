// A results folder as one labelled run: the records it holds and the spec
// tables they fill (every spec and profile with at least one record there),
// each analysed and checked as `bench report` would on that run, a run
// narrowed by --langs/--seeds/--k included (analysis/narrowed.ts), a crossed
// --init-seeds run of a list profile read as that crossed design, and marked
// partial; and why each record that fills no table is left out
// (analysis/left-out.ts). What the leaderboard and `bench compare` read; they
// never look at numbers that do not come from here.
import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { LanguageTable } from "../datasets/languages.ts";
import { type Analysis, seedRows } from "./analyze.ts";
import { type SeedRow } from "../core/aggregate.ts";
import { analyzeRecords, type CheckOutcome, runCheck } from "./check.ts";
import type { Env } from "../run/prepare.ts";
import { type Plan, planSpec } from "../plan/plan.ts";
import type { Cell, ResultRecord } from "../core/record.ts";
import type { Spec } from "../core/spec.ts";
import { RecordError, ResultsStore } from "../run/store.ts";
import { UsageError } from "../core/errors.ts";
import { type LeftOut, leftOutReasons, type ProfilePlan } from "./left-out.ts";
import { placeNarrowed, planKeys, seedlessTrainingKey } from "./narrowed.ts";
import { describePartial, type PartialRun } from "./partial.ts";
import { drawSeeds, initSeeds, isCrossed } from "../core/seed.ts";

/** One spec's profile as this run filled it. */
export interface TableRun {
  spec: Spec;
  profile: string;
  plan: Plan;
  /** The plan's records found in the folder (in plan order). */
  records: ResultRecord[];
  /** Records of the first-stage cells the records start from (full supervision), found in the folder. */
  prerequisites: ResultRecord[];
  analysis: Analysis;
  /** Per-seed accuracies behind the analysis's means. */
  seeds: { language: SeedRow[]; group: SeedRow[] };
  check: CheckOutcome;
  /** When its newest record was written (ISO time). */
  lastRun: string;
  /** What the run lacks of the profile's own plan (narrowed, or interrupted); null when it is complete. */
  partial: PartialRun | null;
}

export interface ResultsRun {
  dir: string;
  /** --label, or "<commit> <backend>" from the records' provenance. */
  label: string;
  commits: string[];
  backends: string[];
  seeds: number[];
  records: number;
  /** Records in the folder that fill no table. */
  unplaced: number;
  /** Those records by reason, most first (their counts add up to unplaced). */
  leftOut: LeftOut[];
  tables: TableRun[];
}

/** The label a run gets without --label: its records' short commit (+dirty) and backend, or each of them when they differ. */
export function defaultLabel(records: ResultRecord[], dir: string): string {
  if (!records.length) return basename(dir);
  const commits = [
    ...new Set(
      records.map((
        r,
      ) => (r.provenance.gitCommit
        ? r.provenance.gitCommit.slice(0, 7) + (r.provenance.gitDirty ? "+dirty" : "")
        : "no-git")
      ),
    ),
  ].sort();
  const backends = [...new Set(records.map((r) => r.provenance.backend))].sort();
  return `${commits.join("/")} ${backends.join("/")}`;
}

/**
 * A record of the folder, or a usage error naming its file: a folder with a bad record is bad input
 * to a comparison or a leaderboard, as one with an unreadable record always was.
 */
function readChecked(store: ResultsStore, id: string): ResultRecord {
  try {
    return store.read(id);
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    throw new UsageError(
      `${e.message}; move it out of the folder (a run of its spec there sets it aside and runs the cell again)`,
    );
  }
}

/** The seeds of both lists, each once, in order. */
const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);

/**
 * The plan of a crossed run (off-diagonal records: --init-seeds) among the cells `found`, as the list logic chooses
 * draw seeds. A profile whose own cells are all recorded is crossed with the run's init seeds only when every method
 * row has an off-diagonal record: cells it shares with another spec may be that spec's crossed run, no run of this
 * table (null: the list logic places what it can). Otherwise the draws and inits it ran. A missing cell marks it partial.
 */
function crossedPlan(
  spec: Spec,
  langs: LanguageTable,
  profile: string,
  base: Plan,
  found: Cell[],
  recorded: (p: Plan) => boolean,
): Plan | null {
  const draws = drawSeeds(base.profile.seeds);
  const ran = union([], found.map((c) => c.config.seed));
  const ranInits = union([], found.map((c) => c.config.initSeed ?? c.config.seed));
  if (recorded(base)) {
    const plan = planSpec(spec, langs, {
      profile,
      seeds: union(draws, ran),
      initSeeds: union(initSeeds(base.profile.seeds), ranInits),
    });
    const rows = new Set(found.filter((c) => c.config.initSeed !== undefined).map((c) => c.row.method));
    return plan.cells.every((c) => rows.has(c.row.method)) ? plan : null;
  }
  return planSpec(spec, langs, {
    profile,
    seeds: ran.every((s) => draws.includes(s)) ? draws : ran,
    initSeeds: ranInits,
  });
}

/** Read a results folder's records and place them in every spec profile they fill. */
export async function collectRun(
  dir: string,
  specs: Spec[],
  langs: LanguageTable,
  env: Pick<Env, "fetch">,
  label?: string,
): Promise<ResultsRun> {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such results folder`);
  const store = new ResultsStore(dir);
  const ids = store.list();
  if (!ids.length) throw new UsageError(`${dir}: no result records (expected ${store.path("<cell id>")})`);
  const byId = new Map(ids.map((id) => [id, readChecked(store, id)]));
  const all = [...byId.values()];
  const folderSeeds = union([], all.map((r) => r.config.seed));
  // init seeds only where some record's differs from its draw seed (a crossed run)
  const folderInits = all.some((r) => r.config.initSeed !== undefined)
    ? union([], all.map((r) => r.config.initSeed ?? r.config.seed))
    : null;
  const keys = new Map<string, string>();
  const keyOf = (r: ResultRecord) =>
    keys.get(r.cellId) ?? keys.set(r.cellId, seedlessTrainingKey(r.config)).get(r.cellId)!;
  const placed = new Set<string>();
  // narrowed records a table of the folder does not take: cell id -> why
  const shadowed = new Map<string, string>();
  const bases: ProfilePlan[] = [];
  const tables: TableRun[] = [];
  for (const spec of specs) {
    for (const profile of Object.keys(spec.profiles)) {
      const base = planSpec(spec, langs, { profile });
      bases.push({ spec, profile, plan: base });
      const table = `${spec.id} (${profile})`;
      const profileSeeds = [...new Set(base.cells.map((c) => c.config.seed))];
      const profileInits = initSeeds(base.profile.seeds);
      // find the cells with every seed of the folder: a run with --seeds ran others than the profile's, and one
      // with --init-seeds (off-diagonal records) other initialisations, crossed with the draws
      const wide = folderInits
        ? planSpec(spec, langs, {
          profile,
          seeds: union(profileSeeds, folderSeeds),
          initSeeds: union(profileInits, folderInits),
        })
        : folderSeeds.every((s) => profileSeeds.includes(s))
        ? base
        : planSpec(spec, langs, { profile, seeds: union(profileSeeds, folderSeeds) });
      const found = wide.cells.filter((c) => byId.has(c.id));
      // records of the same trainings on fewer targets (a --langs run)
      const exact = new Set([...wide.cells, ...wide.prerequisites].map((c) => c.id));
      const rows = new Set(
        all.filter((r) => !exact.has(r.cellId) && r.config.dataset.name === spec.dataset).map((r) =>
          r.config.method.id
        ),
      );
      // (hashing only the rows some record could be of: most records of a folder are other specs')
      const trainings = rows.size ? planKeys(base, rows) : new Set<string>();
      const narrowed = all.filter((r) => !exact.has(r.cellId) && trainings.has(keyOf(r)));
      let plan: Plan;
      if (found.length) {
        // then plan what this run set out to do: the profile's seeds, or the seeds it ran when those are others (--seeds)
        const ran = [...new Set(found.map((c) => c.config.seed))].sort((a, b) => a - b);
        // a profile whose own cells are all here takes only the other seeds it has whole: cells it shares with
        // another spec may have that spec's seeds, which are no run of this table
        const recorded = (p: Plan) => p.cells.every((c) => byId.has(c.id));
        // off-diagonal cells no plan of the profile's own init seeds has: a crossed run (--init-seeds); a list
        // profile's --seeds run has other seeds, but on the diagonal
        const crossing = isCrossed(base.profile.seeds)
          ? found.some((c) => !profileInits.includes(c.config.initSeed ?? c.config.seed))
          : found.some((c) => c.config.initSeed !== undefined);
        const crossed = crossing ? crossedPlan(spec, langs, profile, base, found, recorded) : null;
        if (crossed) plan = crossed;
        else if (recorded(base)) {
          const whole = ran.filter((s) =>
            !profileSeeds.includes(s) && recorded(planSpec(spec, langs, { profile, seeds: [s] }))
          );
          plan = whole.length ? planSpec(spec, langs, { profile, seeds: [...profileSeeds, ...whole] }) : base;
        } else {plan = ran.every((s) => profileSeeds.includes(s))
            ? base
            : planSpec(spec, langs, { profile, seeds: ran });}
        for (const r of narrowed) {
          shadowed.set(
            r.cellId,
            `narrowed (--langs) records of ${table}, whose run on the profile's own targets this folder also holds (that one is placed)`,
          );
        }
      } else {
        const n = narrowed.length ? placeNarrowed(spec, langs, profile, narrowed) : null;
        if (!n) continue;
        plan = n.plan;
        for (const r of narrowed.filter((x) => !n.placed.has(x.cellId))) {
          shadowed.set(
            r.cellId,
            `narrowed (--langs) records of ${table} on other languages than the narrowed run of that table placed from this folder`,
          );
        }
      }
      const records = plan.cells.filter((c) => byId.has(c.id)).map((c) => byId.get(c.id)!);
      const prerequisites = plan.prerequisites.filter((c) => byId.has(c.id)).map((c) => byId.get(c.id)!);
      for (const r of [...records, ...prerequisites]) placed.add(r.cellId);
      const perSeed = seedRows(plan, records);
      const analysis = await analyzeRecords(plan, records, env, perSeed);
      tables.push({
        spec,
        profile,
        plan,
        records,
        prerequisites,
        analysis,
        seeds: { language: perSeed.language, group: perSeed.group },
        check: runCheck(plan, analysis),
        lastRun: records.map((r) => r.finishedAt).sort().at(-1)!,
        partial: describePartial(base, plan, records, prerequisites),
      });
    }
  }
  const provenance = (f: (r: ResultRecord) => string | null) =>
    [...new Set(all.map(f).filter((x): x is string => !!x))].sort();
  return {
    dir,
    label: label ?? defaultLabel(all, dir),
    commits: provenance((r) => r.provenance.gitCommit),
    backends: provenance((r) => r.provenance.backend),
    seeds: folderSeeds,
    records: all.length,
    unplaced: all.length - placed.size,
    leftOut: leftOutReasons(all.filter((r) => !placed.has(r.cellId)), bases, shadowed),
    tables,
  };
}
