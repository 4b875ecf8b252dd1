// What the commands over results folders (leaderboard, compare) share: the
// settings, where data comes from, and the step that turns folders into runs.
import { isAbsolute, join, resolve } from "node:path";
import type { FetchOptions } from "../../datasets/fetch.ts";
import { loadLanguages } from "../../datasets/languages.ts";
import { collectRun, type ResultsRun } from "../../analysis/collect.ts";
import { PROJECT_ROOT, type Settings } from "../../core/settings.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import type { Spec } from "../../core/spec.ts";

export interface CommandContext {
  settings: Settings;
  fetch: FetchOptions;
  /** The specs to place records in (default: the project's specs). */
  specs?: Spec[];
}

/** The project's specs (or the context's) and each folder as a labelled run; a missing or empty folder is a usage error naming it. */
export async function loadRuns(dirs: string[], labels: (string | undefined)[], ctx: CommandContext): Promise<{ specs: Spec[]; runs: ResultsRun[] }> {
  const specs = ctx.specs ?? loadSpecDir(join(PROJECT_ROOT, "specs"));
  const langs = await loadLanguages(ctx.fetch);
  const runs: ResultsRun[] = [];
  for (const [i, d] of dirs.entries()) runs.push(await collectRun(isAbsolute(d) ? d : resolve(d), specs, langs, ctx, labels[i]));
  return { specs, runs };
}
