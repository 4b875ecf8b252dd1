// `bun run bench <selector> --slurm [--partition P] [--gres gpu:1] [--time T]
// [--array-parallel N] [--cells-per-task N] [--dry-run]`: the selection's cells
// without records as Slurm job arrays (run/slurm.ts), submitted with
// sbatch; a full-supervision plan's second stage waits on its first
// (afterok). Data is fetched and checked here first, into the cache the tasks
// read, so a task never fetches.
import type { FetchOptions } from "../datasets/fetch.ts";
import { coveredNote, recordCovered } from "../run/covering.ts";
import { cellFinished } from "../run/cell-state.ts";
import { cellLabel, type Plan } from "../plan/plan.ts";
import type { Cell } from "../core/record.ts";
import { checkSlurmValue, checkTime, type SlurmOptions, submit, writeArray } from "../run/slurm.ts";
import { ResultsStore } from "../run/store.ts";
import { UsageError } from "../core/errors.ts";
import type { Planned } from "./plan-from-flags.ts";

export interface SlurmFlags {
  partition?: string;
  gres?: string;
  time?: string;
  "array-parallel"?: string;
  "cells-per-task"?: string;
  "dry-run"?: boolean;
}

function positive(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: expected a positive integer, got "${v}"`);
  return n;
}

export function slurmOptions(flags: SlurmFlags, jobName: string): SlurmOptions {
  // each value reaches an #SBATCH line of the script: one of another form is refused here, before anything is written
  try {
    if (flags.time !== undefined) checkTime(flags.time);
    if (flags.partition !== undefined) checkSlurmValue("partition", flags.partition);
    if (flags.gres !== undefined) checkSlurmValue("gres", flags.gres);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    jobName,
    partition: flags.partition,
    gres: flags.gres,
    time: flags.time,
    arrayParallel: positive(flags["array-parallel"], "array-parallel"),
    cellsPerTask: positive(flags["cells-per-task"], "cells-per-task") ?? 1,
  };
}

interface Ctx {
  resultsDir: string;
  fetch: FetchOptions;
  cacheDir: string;
  print: (s: string) => void;
}

/** Submit a plan's missing cells; the job ids (none when every cell has a record). */
export async function submitPlan(plan: Plan, flags: SlurmFlags, ctx: Ctx): Promise<string[]> {
  const store = new ResultsStore(ctx.resultsDir);
  const dry = flags["dry-run"] === true;
  const base = {
    resultsDir: ctx.resultsDir,
    fetch: { mirrors: ctx.fetch.mirrors, cacheDir: ctx.fetch.cacheDir },
    cacheDir: ctx.cacheDir,
  };
  // a record that does not read back is set aside, so its cell is submitted again
  store.setAsideUnreadable([...plan.prerequisites, ...plan.cells].map((c) => c.id), ctx.print);
  if (!dry) {
    const covered = recordCovered(plan.cells, store);
    if (covered.length) ctx.print(coveredNote(covered.length, plan.cells.length));
  }
  const missing = plan.cells.filter((c) => !cellFinished(store, c.id));
  // the first stage trains only for targets still to run
  const firstMissing = missing.length ? plan.prerequisites.filter((c) => !cellFinished(store, c.id, true)) : [];
  const ids: string[] = [];
  const one = async (cells: Cell[], what: string, keepState: boolean, afterOk?: string) => {
    const o = { ...slurmOptions(flags, `xlt-${plan.spec.id}${keepState ? "-first" : ""}`), afterOk };
    const files = writeArray(cells, keepState ? { ...base, keepState: true } : base, o, !dry);
    if (dry) {
      ctx.print(
        `--dry-run: ${what}: ${files.cells} cells in ${files.tasks} array tasks; would write their job files to ${files.dir}/jobs and submit:\n${files.script}`,
      );
      for (const c of cells.slice(0, 5)) ctx.print(`  ${cellLabel(plan.spec, c)} (${c.id})`);
      if (cells.length > 5) ctx.print(`  ... and ${cells.length - 5} more`);
      return "DRY-RUN";
    }
    const id = await submit(files.scriptPath);
    ctx.print(`submitted ${what}: job ${id}, ${files.cells} cells in ${files.tasks} array tasks (${files.dir})`);
    ids.push(id);
    return id;
  };
  const done = plan.cells.length - missing.length;
  ctx.print(
    `== ${plan.spec.id}: ${done} of ${plan.cells.length} cells have records${
      plan.prerequisites.length
        ? `; first stage ${plan.prerequisites.length - firstMissing.length} of ${plan.prerequisites.length}`
        : ""
    }`,
  );
  const first = firstMissing.length ? await one(firstMissing, "first stage", true) : undefined;
  if (missing.length) {
    await one(
      missing,
      first ? "second stage (after the first)" : "cells",
      false,
      first === "DRY-RUN" ? "<first stage job id>" : first,
    );
  }
  return ids;
}

export function followHint(ids: string[], rerun: string): string {
  return [
    `follow: squeue -j ${ids.join(",")}    (sacct -j ${ids.join(",")} where accounting is on; scancel ${
      ids.join(" ")
    } to stop)`,
    `task logs: <results>/slurm/<submission>/logs/; then \`${rerun}\` submits what is still missing, or reports when every cell has its record`,
  ].join("\n");
}

/** `--slurm`: preflight and data here, then each plan's missing cells submitted; how to follow them. */
export async function submitPlans(p: Planned, flags: SlurmFlags, argv: string[]): Promise<number> {
  const { preflight, prefetch } = await import("../run/prepare.ts");
  const print = p.env.print;
  const ids: string[] = [];
  for (const plan of p.plans) {
    await preflight(plan, p.env);
    // the tasks read the data from the cache; a dry run fetches nothing
    if (!flags["dry-run"]) await prefetch(plan, p.env);
    ids.push(
      ...(await submitPlan(plan, flags, {
        resultsDir: p.resultsDir,
        fetch: p.fetch,
        cacheDir: p.settings.cacheDir,
        print,
      })),
    );
  }
  // the command that follows up: the same selection, without the submission's flags
  // with the plug-ins and spec folders it loaded (main took their flags off argv; repeating config entries does no harm)
  const global = [
    ...p.settings.plugins.map((f) => `--plugin ${f}`),
    ...p.settings.userSpecs.map((d) => `--specs ${d}`),
  ];
  const rerun = `bun run bench ${[...argv.filter((a) => a !== "--slurm" && a !== "--dry-run"), ...global].join(" ")}`
    .trim().replace(/ --(partition|gres|time|array-parallel|cells-per-task) \S+/g, "");
  if (ids.length) print(followHint(ids, rerun));
  else if (!flags["dry-run"]) print(`every cell has its record: \`${rerun}\` reports`);
  return 0;
}
