// What a run does before any cell starts (preflight, data prefetch), and the
// records a plan already has: the run side of `bench <selector>`, `check`,
// `report` and `record-golden`.
import type { FetchOptions } from "../datasets/fetch.ts";
import type { ResultRecord } from "../core/record.ts";
import type { Plan } from "../plan/plan.ts";
import { evalData, sourceData } from "./cell-data.ts";
import { preflightProblems } from "./preflight.ts";
import { RecordError, ResultsStore } from "./store.ts";

export interface Env {
  fetch: FetchOptions;
  cacheDir: string;
  resultsDir: string;
  print: (line: string) => void;
}

/** Everything that would stop a run, found before any cell starts (run/preflight.ts). */
export async function preflight(plan: Plan, env: Env): Promise<void> {
  const problems = await preflightProblems(plan, env.cacheDir, env.fetch, env.print);
  if (problems.length) {
    throw new Error(`${plan.spec.id} --profile ${plan.profileName} cannot run here:\n  - ${problems.join("\n  - ")}`);
  }
}

/** Fetch (and verify) every data file the plan needs, once, before workers start: a bad file stops the run before any training. */
export async function prefetch(plan: Plan, env: Env): Promise<void> {
  const seen = new Set<string>();
  for (const cell of [...plan.prerequisites, ...plan.cells]) {
    const c = cell.config;
    const sources = JSON.stringify([c.sources, c.seed, c.trainShots, c.devShots]);
    if (!seen.has(sources)) {
      seen.add(sources);
      await sourceData(cell, env);
    }
    for (const lang of c.targets) {
      if (seen.has(`eval:${lang}`)) continue;
      seen.add(`eval:${lang}`);
      await evalData(cell, lang, env);
    }
  }
}

/** The plan's records in the folder; each file that holds no whole record of its cell goes to `bad`, not to the list. */
export function readRecords(plan: Plan, resultsDir: string, bad: (e: RecordError) => void): ResultRecord[] {
  const store = new ResultsStore(resultsDir);
  const out: ResultRecord[] = [];
  for (const c of plan.cells.filter((c) => store.has(c.id))) {
    try {
      out.push(store.read(c.id));
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      bad(e);
    }
  }
  return out;
}

/** What a command that reads records without running cells says of a bad one it leaves out. */
export function leftOutNote(e: RecordError): string {
  return `warning: ${e.message}; left out (a run of its spec sets it aside and runs the cell again)`;
}
