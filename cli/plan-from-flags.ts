// From a selector and the selection flags to plans: the specs chosen, the
// profile, seeds, languages, k values, split and backbone of run, check,
// report and record-golden.
import { isAbsolute, resolve } from "node:path";
import { loadSettings, type Settings } from "../core/settings.ts";
import { UsageError } from "../core/errors.ts";
import { isSafeName } from "../core/check.ts";
import { parseSeeds } from "../core/seed.ts";
import type { Spec } from "../core/spec.ts";
import { type FetchOptions, fetchOptions } from "../datasets/fetch.ts";
import { selectSpecs } from "../plan/select.ts";
import type { Plan } from "../plan/plan.ts";
import type { Env as PipelineEnv } from "../run/prepare.ts";
import { parseList } from "./flags.ts";
import type { IO } from "./io.ts";
import type { SELECT_FLAGS } from "./run-flags.ts";
import { loadSpecs } from "./specs.ts";

type SelectValues = {
  [K in keyof typeof SELECT_FLAGS]?: (typeof SELECT_FLAGS)[K]["type"] extends "boolean" ? boolean : string;
};

export interface Planned {
  plans: Plan[];
  profile: string;
  selector: string;
  settings: Settings;
  resultsDir: string;
  fetch: FetchOptions;
  /** What the pipeline steps (run/, analysis/, cli/report.ts) take. */
  env: PipelineEnv;
}

/** The selection flags' values, checked before anything is read: a bad one is a usage error naming its flag. */
function checkValues(values: SelectValues) {
  const evalSplit = values["eval-split"] ?? "test";
  if (evalSplit !== "test" && evalSplit !== "dev") {
    throw new UsageError(`--eval-split: expected test or dev, got "${evalSplit}"`);
  }
  // a folder name under models/embedded/: the spec checkers' safe name, so ".." cannot climb out
  if (values.backbone !== undefined && !isSafeName(values.backbone)) {
    throw new UsageError(
      `--backbone: expected an embedded backbone id (a folder name in models/embedded/), got "${values.backbone}"; Hub checkpoints are not supported here yet (name them in a spec profile)`,
    );
  }
  return {
    evalSplit: evalSplit as "test" | "dev",
    ks: parseList(values.k, "--k", { integers: true }) as number[] | undefined,
    rows: parseList(values.methods, "--methods") as string[] | undefined,
    // one definition of a seed (core/seed.ts): canonical positive integers, no repeats after normalising
    seeds: values.seeds === undefined ? undefined : parseSeeds(values.seeds),
    initSeeds: values["init-seeds"] === undefined ? undefined : parseSeeds(values["init-seeds"], "--init-seeds"),
    langs: parseList(values.langs, "--langs") as string[] | undefined,
  };
}

/**
 * The plans of `selector` under the flags. `afterSelect` runs once the specs are
 * chosen and before any data is read (run's --jobs); `announce` prints the order
 * of several specs (a run).
 */
export async function plansFromFlags(
  command: string,
  selector: string | undefined,
  values: SelectValues,
  io: IO,
  o: { afterSelect?: () => Promise<void>; announce?: boolean } = {},
): Promise<Planned> {
  const print = io.print;
  if (!selector) throw new UsageError(`${command} needs a selector (spec id, paper, table or all)`);
  const { evalSplit, ks, rows, seeds, initSeeds, langs: targets } = checkValues(values);
  const settings = loadSettings(io.env);
  const specs = loadSpecs(settings);
  let chosen: Spec[];
  try {
    chosen = selectSpecs(specs, selector);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const profile = values.profile ?? "smoke";
  const { planSpec, kValues } = await import("../plan/plan.ts");
  // --k over a selection of several specs narrows those with a k axis, keeps a fixed-k spec whose k it names, and leaves out the others
  const several = chosen.length > 1;
  const runs = (s: Spec) => (s.profiles[profile] ? kValues(s, s.profiles[profile]).ks : []);
  if (ks && several) {
    const off = (s: Spec) => !runs(s).some((k) => ks.includes(k as number));
    for (const s of chosen.filter(off)) {
      print(`--k ${ks.join(",")}: leaving out ${s.id}, whose ${profile} profile runs k = ${runs(s).join(", ")}`);
    }
    chosen = chosen.filter((s) => !off(s));
    if (!chosen.length) throw new UsageError(`--k ${ks.join(",")}: no spec of "${selector}" runs at that k`);
  }
  if (rows && several) {
    const off = (s: Spec) => !s.methods.some((m) => rows.includes(m.id));
    for (const s of chosen.filter(off)) {
      print(`--methods ${rows.join(",")}: leaving out ${s.id}, which has none of these rows`);
    }
    chosen = chosen.filter((s) => !off(s));
    if (!chosen.length) throw new UsageError(`--methods ${rows.join(",")}: no spec of "${selector}" has these rows`);
  }
  const lacking = chosen.find((spec) => !spec.profiles[profile]);
  if (lacking) {
    throw new UsageError(
      `spec ${lacking.id} has no profile "${profile}" (profiles: ${Object.keys(lacking.profiles).join(", ")})`,
    );
  }
  await o.afterSelect?.();
  const resultsDir = values.results
    ? (isAbsolute(values.results) ? values.results : resolve(values.results))
    : settings.resultsDir;
  const fetch = fetchOptions(settings, print);
  const env = { fetch, cacheDir: settings.cacheDir, resultsDir, print };
  const { loadLanguages } = await import("../datasets/languages.ts");
  const langs = await loadLanguages(fetch);
  const backbone = values.backbone === undefined
    ? undefined
    : { kind: "embedded" as const, id: values.backbone, label: values.backbone };
  if (chosen.length > 1 && o.announce) {
    print(`${selector}: ${chosen.length} specs, run in this order: ${chosen.map((s) => s.id).join(", ")}`);
  }
  const plans = chosen.map((spec) =>
    planSpec(spec, langs, {
      profile,
      seeds,
      initSeeds,
      langs: targets,
      ks: ks && several
        ? (Array.isArray(spec.task.trainShots) ? ks.filter((k) => runs(spec).includes(k)) : undefined)
        : ks,
      evalSplit,
      backbone,
      rows: rows && several ? rows.filter((r) => spec.methods.some((m) => m.id === r)) : rows,
    })
  );
  return { plans, profile, selector, settings, resultsDir, fetch, env };
}
