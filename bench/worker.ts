// Worker process entry: runs one cell and writes its record. Talks to the
// parent in JSON lines on stdout (progress, done, error); one cell per process
// keeps cells independent (fresh weights, fresh tfjs state). It holds the
// cell's lease (bench/lease.ts) while it runs: a cell another runner holds
// exits with LEASED_ELSEWHERE, and a cell whose record appeared meanwhile is
// not run again. SIGTERM (Ctrl-C, a Slurm time limit) ends it without a record.
import { readFileSync } from "node:fs";
import { hasState } from "./cell-state.ts";
import { LEASED_ELSEWHERE, LeaseDir } from "./lease.ts";
import { runCell } from "./run-cell.ts";
import { ResultsStore } from "./store.ts";
import type { Cell } from "./record.ts";
import type { FetchOptions } from "../datasets/fetch.ts";

export interface WorkerJob {
  cell: Cell;
  resultsDir: string;
  fetch: FetchOptions;
  cacheDir: string;
  /** Keep the cell's trained state (other cells start from it). */
  keepState?: boolean;
  /** Who runs it, written into its lease ("local", or a Slurm job and task). */
  by?: string;
}


const send = (msg: object) => process.stdout.write(JSON.stringify(msg) + "\n");

const job: WorkerJob = JSON.parse(readFileSync(process.argv[2], "utf8"));
const store = new ResultsStore(job.resultsDir);
const lease = new LeaseDir(job.resultsDir, undefined, job.by ?? process.env.XLT_RUNNER ?? "local").acquire(job.cell.id);
if (!lease) {
  send({ event: "leased", holder: new LeaseDir(job.resultsDir).holder(job.cell.id) });
  process.exit(LEASED_ELSEWHERE);
}
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    lease.release();
    process.exit(sig === "SIGTERM" ? 143 : 130);
  });
}
if (store.has(job.cell.id) && (!job.keepState || hasState(job.resultsDir, job.cell.id))) {
  // finished by another runner between the caller's check and this lease
  lease.release();
  send({ event: "done", path: store.path(job.cell.id), seconds: 0, skipped: true });
  process.exit(0);
}
try {
  let last = 0;
  const rec = await runCell(job.cell, { fetch: job.fetch, cacheDir: job.cacheDir, resultsDir: job.resultsDir, keepState: job.keepState, log: (m) => send({ event: "log", message: m }) }, (e) => {
    const now = Date.now();
    if (e.devAccuracy !== undefined || now - last > 4000 || e.step === e.totalSteps) {
      last = now;
      send({ event: "progress", ...e });
    }
  });
  const path = store.write(rec);
  lease.release();
  send({ event: "done", path, seconds: rec.timings.totalSeconds });
  process.exit(0);
} catch (e) {
  lease.release();
  const err = e as Error & { step?: number };
  send({ event: "error", message: err.message, step: err.step });
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
}
