// One task of a Slurm job array (run/slurm.ts): runs its chunk of the
// submission's cells one after another, each in the worker process the local
// runner uses, its output going to the task's log. The task holds each cell's
// lease while its worker computes; a cell another runner holds is waited for
// until its record appears (or the lease goes stale, and it runs here), so a
// task that succeeds leaves its cells recorded: what a second stage's afterok
// relies on. SIGTERM (the time limit, scancel) is passed to the running
// worker, which leaves no record.
//   bun run/slurm-task.ts <submission dir> <task index>
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cellFinished } from "./cell-state.ts";
import { type Lease, LeaseDir } from "./lease.ts";
import { runtimeCommand } from "./runtime.ts";
import { ResultsStore } from "./store.ts";
import type { WorkerJob } from "./worker-job.ts";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const [dir, taskArg] = process.argv.slice(2);
const task = Number(taskArg ?? process.env.SLURM_ARRAY_TASK_ID);
if (!dir || !Number.isInteger(task) || task < 0) {
  console.error("usage: slurm-task.ts <submission dir> <task index> (or SLURM_ARRAY_TASK_ID)");
  process.exit(2);
}
const array = JSON.parse(readFileSync(join(dir, "array.json"), "utf8")) as {
  cells: number;
  cellsPerTask: number;
  ids: string[];
};
const first = task * array.cellsPerTask, last = Math.min(array.cells, first + array.cellsPerTask);
const by = `slurm ${process.env.SLURM_ARRAY_JOB_ID ?? process.env.SLURM_JOB_ID ?? "?"}_${task}`;

function logLine(line: string): string {
  try {
    const m = JSON.parse(line) as Record<string, unknown>;
    if (m.event === "progress") {
      return `step ${m.step}/${m.totalSteps} loss ${Number(m.loss).toFixed(4)}${
        m.devAccuracy === undefined ? "" : ` dev ${(100 * Number(m.devAccuracy)).toFixed(1)}%`
      }`;
    }
    if (m.event === "log") return String(m.message);
    if (m.event === "error") return `error: ${m.message}${m.step === undefined ? "" : ` (step ${m.step})`}`;
    if (m.event === "done") return `record ${m.path}`;
  } catch {
    // not a JSON line: as it is
  }
  return line;
}

let child: ReturnType<typeof spawn> | null = null;
let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    stopping = true;
    child?.kill("SIGTERM");
  });
}

/** The cell's lease, once no other runner holds it; null when its record appeared meanwhile (or the task is stopping). */
async function leaseOf(job: WorkerJob): Promise<Lease | null> {
  const leases = new LeaseDir(job.resultsDir, undefined, by), store = new ResultsStore(job.resultsDir);
  const done = () => cellFinished(store, job.cell.id, job.keepState);
  for (let said = false; !stopping; said = true) {
    if (done()) return null;
    const lease = leases.acquire(job.cell.id);
    if (lease) {
      if (!done()) return lease;
      lease.release();
      return null;
    }
    if (!said) console.log(`[${by}] cell ${job.cell.id} is held by another runner; waiting for its record`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  return null;
}

let failed = 0;
for (let i = first; i < last && !stopping; i++) {
  const [cmd, ...args] = runtimeCommand();
  const jobFile = join(dir, "jobs", `${i}.json`);
  const lease = await leaseOf(JSON.parse(readFileSync(jobFile, "utf8")) as WorkerJob);
  if (!lease) {
    if (!stopping) console.log(`[${by}] cell ${array.ids[i]} has its record (done by another runner)`);
    continue;
  }
  const started = Date.now();
  console.log(`[${by}] cell ${array.ids[i]} (${i + 1}/${array.cells}) started`);
  const code = await new Promise<number>((done) => {
    child = spawn(cmd, [...args, WORKER, jobFile], { stdio: ["ignore", "pipe", "inherit"] });
    // the worker's JSON lines as the task log's readable lines
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        console.log(`[${by}] ${logLine(buf.slice(0, nl))}`);
        buf = buf.slice(nl + 1);
      }
    });
    child.on("close", (c, signal) => done(c ?? (signal ? 128 : 1)));
  });
  child = null;
  lease.release();
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0) console.log(`[${by}] cell ${array.ids[i]} done in ${took}s`);
  else {
    failed++;
    console.log(`[${by}] cell ${array.ids[i]} FAILED (exit ${code}) after ${took}s`);
  }
}
process.exit(stopping ? 143 : failed ? 1 : 0);
