// Worker process entry: runs one cell and writes its record. Talks to the
// parent in JSON lines on stdout (progress, done, error); one cell per process
// keeps cells independent (fresh weights, fresh tfjs state). The process that
// spawned it holds the cell's lease (run/lease.ts) and renews it while this
// one computes. Killed (Ctrl-C, a Slurm time limit), it leaves no record: the
// store writes a temporary file, then renames it.
import { readFileSync } from "node:fs";
import { loadPlugins } from "../methods/plugins.ts";
import { runCell } from "./cell.ts";
import { ResultsStore } from "./store.ts";
import type { WorkerJob } from "./worker-job.ts";

const send = (msg: object) => process.stdout.write(JSON.stringify(msg) + "\n");

const job: WorkerJob = JSON.parse(readFileSync(process.argv[2], "utf8"));
const store = new ResultsStore(job.resultsDir);
try {
  await loadPlugins(job.plugins ?? []);
  let last = 0;
  const rec = await runCell(job.cell, {
    fetch: job.fetch,
    cacheDir: job.cacheDir,
    resultsDir: job.resultsDir,
    keepState: job.keepState,
    log: (m) => send({ event: "log", message: m }),
  }, (e) => {
    const now = Date.now();
    if (e.devAccuracy !== undefined || now - last > 4000 || e.step === e.totalSteps) {
      last = now;
      send({ event: "progress", ...e });
    }
  });
  const path = store.write(rec);
  send({ event: "done", path, seconds: rec.timings.totalSeconds });
  process.exit(0);
} catch (e) {
  const err = e as Error & { step?: number };
  send({ event: "error", message: err.message, step: err.step });
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
}
