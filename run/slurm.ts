// Cells as a Slurm job array. The plan's cells without a record become job
// files in <results>/slurm/<submission>/jobs/; one sbatch script runs them as
// an array (a chunk of cells a task), each task running the same worker the
// local runner uses (run/slurm-task.ts), writing records into the shared
// results folder under the same cell leases. Slurm's own commands do the rest
// (sbatch here; squeue, sacct, scancel for the user). Rerunning the same
// command submits only the cells still without records.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { $ } from "zx";
import type { Cell } from "../core/record.ts";
import { within } from "../core/safe-path.ts";
import { runtimeCommand } from "./runtime.ts";
import { type WorkerJob, workerJob } from "./worker-job.ts";

export interface SlurmOptions {
  jobName: string;
  partition?: string;
  /** Generic resources per task, e.g. gpu:1. */
  gres?: string;
  /** Time limit per task, in Slurm's format (minutes, HH:MM:SS, D-HH:MM:SS). */
  time?: string;
  /** At most this many tasks at once (the array's %N). */
  arrayParallel?: number;
  cellsPerTask: number;
  /** Run only after this job (array) succeeds: a full-supervision plan's first stage. */
  afterOk?: string;
}

export interface ArrayFiles {
  dir: string;
  script: string;
  scriptPath: string;
  tasks: number;
  cells: number;
}

const TASK = fileURLToPath(new URL("./slurm-task.ts", import.meta.url));

/** Slurm's time formats: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
export function checkTime(t: string): string {
  if (!/^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+(:\d{2}(:\d{2})?)?)$/.test(t)) {
    throw new Error(`--time: "${t}" is not a Slurm time limit (minutes, HH:MM:SS or D-HH:MM:SS)`);
  }
  return t;
}

/** Slurm partition names (a list: a,b), generic resources (gpu:1, gpu:a100:2, a list) and job names: no blank, quote, `#`, `$` or line break. */
const FORMATS = {
  partition: [/^[\w.-]+(,[\w.-]+)*$/, "a partition name or a comma-separated list of them"],
  gres: [/^[\w.:-]+(,[\w.:-]+)*$/, "generic resources such as gpu:1 or gpu:a100:2 (a comma-separated list)"],
  "job-name": [/^[\w.-]+$/, "letters, digits, '.', '_' and '-'"],
} as const;

/** A Slurm option's value as given (an error naming the flag when it is not of its form: it would reach the script). */
export function checkSlurmValue(flag: keyof typeof FORMATS, v: string): string {
  const [re, want] = FORMATS[flag];
  if (!re.test(v)) throw new Error(`--${flag}: ${JSON.stringify(v)} is not ${want}`);
  return v;
}

const quote = (s: string) => `'${s.replaceAll("'", `'"'"'`)}'`;

/**
 * One #SBATCH line. sbatch splits a directive's arguments at blanks and ends them at a `#`, but reads double quotes
 * and backslashes, so the value is double-quoted; a line break would end the comment and start a shell command.
 */
function directive(option: string, value: string): string {
  if ([...value].some((c) => c < " " || c === "\x7f")) {
    throw new Error(`#SBATCH --${option}: ${JSON.stringify(value)} holds a line break or another control character`);
  }
  return `#SBATCH --${option}="${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The sbatch script of an array of `tasks` tasks over the job files in `dir` (nothing written). */
export function sbatchScript(
  dir: string,
  tasks: number,
  o: SlurmOptions,
  runtime: string[] = runtimeCommand(),
): string {
  const lines = [
    "#!/bin/bash",
    directive("job-name", checkSlurmValue("job-name", o.jobName)),
    directive("array", `0-${tasks - 1}${o.arrayParallel ? `%${o.arrayParallel}` : ""}`),
    directive("output", join(dir, "logs", "%A_%a.out")),
    directive("ntasks", "1"),
  ];
  if (o.partition) lines.push(directive("partition", checkSlurmValue("partition", o.partition)));
  if (o.gres) lines.push(directive("gres", checkSlurmValue("gres", o.gres)));
  if (o.time) lines.push(directive("time", checkTime(o.time)));
  // a failed first stage cancels the second rather than leaving it pending for ever
  if (o.afterOk) lines.push(directive("dependency", `afterok:${o.afterOk}`), directive("kill-on-invalid-dep", "yes"));
  // at the time limit Slurm sends SIGTERM, then SIGKILL after KillWait: the worker leaves no record and frees its lease
  lines.push(
    "",
    "# one task: its chunk of cells, each in a worker process, as `bun run bench` runs them locally",
    `exec ${[...runtime, TASK].map(quote).join(" ")} ${quote(dir)} "$SLURM_ARRAY_TASK_ID"`,
    "",
  );
  return lines.join("\n");
}

/** Write the job files and the script of an array over these cells; `write: false` only plans it (--dry-run). */
export function writeArray(cells: Cell[], base: Omit<WorkerJob, "cell">, o: SlurmOptions, write = true): ArrayFiles {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dir = within(resolve(base.resultsDir, "slurm"), `${stamp}-${checkSlurmValue("job-name", o.jobName)}`);
  const tasks = Math.ceil(cells.length / o.cellsPerTask);
  const script = sbatchScript(dir, tasks, o);
  const scriptPath = join(dir, "array.sbatch");
  if (write) {
    mkdirSync(join(dir, "jobs"), { recursive: true });
    mkdirSync(join(dir, "logs"), { recursive: true });
    cells.forEach((cell, i) => writeFileSync(join(dir, "jobs", `${i}.json`), JSON.stringify(workerJob(cell, base))));
    writeFileSync(
      join(dir, "array.json"),
      JSON.stringify({ cells: cells.length, cellsPerTask: o.cellsPerTask, ids: cells.map((c) => c.id) }),
    );
    writeFileSync(scriptPath, script);
  }
  return { dir, script, scriptPath, tasks, cells: cells.length };
}

/** Submit with sbatch; the job id. */
export async function submit(scriptPath: string): Promise<string> {
  const out = await $({ quiet: true, nothrow: true })`sbatch --parsable ${scriptPath}`;
  if (out.exitCode !== 0) {
    throw new Error(`sbatch ${scriptPath} failed (exit ${out.exitCode}): ${out.stderr.trim() || out.stdout.trim()}`);
  }
  // --parsable prints "jobid" or "jobid;cluster"
  return out.stdout.trim().split(";")[0];
}
