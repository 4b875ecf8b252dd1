// What the commands over results folders (leaderboard, compare) share: the
// settings, where data comes from, the specs, and the step that turns folders into runs.
import { isAbsolute, resolve } from "node:path";
import { type FetchOptions, fetchOptions } from "../datasets/fetch.ts";
import { loadLanguages } from "../datasets/languages.ts";
import { collectRun, type ResultsRun } from "../analysis/collect.ts";
import { reading } from "../core/errors.ts";
import { loadSettings, type Settings } from "../core/settings.ts";
import type { Spec } from "../core/spec.ts";
import type { IO } from "./io.ts";
import { loadSpecs } from "./specs.ts";

export interface CommandContext {
  settings: Settings;
  fetch: FetchOptions;
  /** The specs to place records in (default: the settings' specs folder). */
  specs?: Spec[];
}

/** The context from the environment; data-fetching progress goes to stderr. */
export function commandContext(io: IO): CommandContext {
  const settings = loadSettings(io.env);
  return { settings, fetch: fetchOptions(settings, io.error) };
}

/** The specs the commands place records in: the context's, else the settings' specs folder (XLT_SPECS_DIR). */
export function specsOf(ctx: CommandContext): Spec[] {
  return ctx.specs ?? loadSpecs(ctx.settings);
}

/** The specs and each folder as a labelled run; a missing or empty folder is a usage error naming it. */
export async function loadRuns(
  dirs: string[],
  labels: (string | undefined)[],
  ctx: CommandContext,
): Promise<{ specs: Spec[]; runs: ResultsRun[] }> {
  const specs = specsOf(ctx);
  const langs = await loadLanguages(ctx.fetch);
  const runs: ResultsRun[] = [];
  for (const [i, d] of dirs.entries()) {
    const dir = isAbsolute(d) ? d : resolve(d);
    runs.push(await reading(dir, () => collectRun(dir, specs, langs, ctx, labels[i])));
  }
  return { specs, runs };
}
