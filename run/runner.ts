// Runs cells in parallel worker processes (one cell per process, `jobs` at a
// time), skipping cells whose record exists, so an interrupted run resumes.
// Another runner on the same results folder (a second user, Slurm array
// tasks) may hold some cells' leases: those wait until their record appears
// (run elsewhere) or their lease goes stale (then they run here).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FetchOptions } from "../datasets/fetch.ts";
import { type CellProgress, progressLine } from "./progress.ts";
import type { Cell } from "../core/record.ts";
import { ResultsStore } from "./store.ts";
import { cellFinished } from "./cell-state.ts";
import { runtimeCommand } from "./runtime.ts";
import { type Lease, LeaseDir } from "./lease.ts";
import { type WorkerJob, workerJob } from "./worker-job.ts";

export interface RunnerOptions {
  jobs: number;
  resultsDir: string;
  fetch: FetchOptions;
  cacheDir: string;
  print: (line: string) => void;
  /** These cells keep their trained state; one with a record but no state runs again (deterministic: the same record). */
  keepState?: boolean;
}

export interface RunSummary {
  ran: string[];
  skipped: string[];
  failed: { id: string; label: string; message: string }[];
  /** Cells another runner held and finished while this one waited. */
  elsewhere: string[];
  interrupted: boolean;
}

/** How often deferred cells (held by another runner) are looked at again. */
const POLL_MS = 1000;

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));

function workerCommand(jobFile: string): [string, string[]] {
  const [cmd, ...args] = runtimeCommand();
  return [cmd, [...args, WORKER, jobFile]];
}

export async function runCells(cells: { cell: Cell; label: string }[], opts: RunnerOptions): Promise<RunSummary> {
  const store = new ResultsStore(opts.resultsDir);
  const summary: RunSummary = { ran: [], skipped: [], failed: [], elsewhere: [], interrupted: false };
  const leases = new LeaseDir(opts.resultsDir);
  const done = (id: string) => cellFinished(store, id, opts.keepState);
  // unreadable records were set aside by the caller (cli/run-job.ts, before covering records are cut)
  const pending = cells.filter(({ cell }) => {
    if (done(cell.id)) summary.skipped.push(cell.id);
    return !done(cell.id);
  });
  const total = cells.length;
  if (summary.skipped.length) {
    opts.print(`resume: ${summary.skipped.length} of ${total} cells already have records; skipping them`);
  }
  if (!pending.length) return summary;

  const queueDir = join(opts.resultsDir, ".jobs");
  mkdirSync(queueDir, { recursive: true });
  const running = new Map<ChildProcess, CellProgress & { label: string }>();
  const durations: number[] = [];
  const queue = [...pending];
  // cells another runner holds: looked at again every POLL_MS
  const deferred = new Map<string, (typeof pending)[number]>();
  let index = summary.skipped.length;

  const runEta = (now: number) => {
    const avg = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : NaN;
    let remaining = 0;
    for (const p of running.values()) {
      const el = (now - p.startedAt) / 1000;
      const est = Number.isFinite(avg) ? avg : p.step ? (el / p.step) * p.totalSteps * 1.15 : NaN;
      remaining += Math.max(0, est - el);
    }
    const perCell = Number.isFinite(avg) ? avg : [...running.values()].map((
      p,
    ) => (p.step ? ((now - p.startedAt) / 1000 / p.step) * p.totalSteps * 1.15 : NaN))[0];
    return (remaining + (queue.length + deferred.size) * perCell) / Math.max(1, Math.min(opts.jobs, running.size || 1));
  };

  let stop = false;
  const onSignal = () => {
    stop = true;
    summary.interrupted = true;
    for (const c of running.keys()) c.kill("SIGTERM");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let poll: ReturnType<typeof setInterval> | null = null;
  await new Promise<void>((resolveAll) => {
    const finished = () => running.size === 0 && (stop || (queue.length === 0 && deferred.size === 0));
    const defer = (item: (typeof pending)[number]) => {
      const h = leases.holder(item.cell.id);
      opts.print(
        `[cell -/${total}] ${item.label} | held by another runner${
          h ? ` (${h.by}, ${h.host} pid ${h.pid})` : ""
        }; waiting for its record`,
      );
      deferred.set(item.cell.id, item);
    };
    poll = setInterval(() => {
      for (const [id, item] of deferred) {
        if (done(id)) {
          deferred.delete(id);
          summary.elsewhere.push(id);
          opts.print(`[cell -/${total}] ${item.label} | done by another runner`);
        } else if (!leases.holder(id)) {
          // its holder finished without a record, or died: run it here
          deferred.delete(id);
          queue.push(item);
        }
      }
      if (finished()) resolveAll();
      else launch();
    }, POLL_MS);
    const launch = () => {
      while (!stop && running.size < opts.jobs && queue.length) {
        const item = queue.shift()!;
        const { cell, label } = item;
        if (done(cell.id)) {
          summary.elsewhere.push(cell.id);
          continue;
        }
        // this process holds the lease while its worker computes (its timers stay free to renew it)
        let lease: Lease | null;
        try {
          lease = leases.acquire(cell.id);
        } catch (e) {
          summary.failed.push({ id: cell.id, label, message: (e as Error).message });
          opts.print(`[cell -/${total}] ${label} | FAILED: ${(e as Error).message}`);
          continue;
        }
        if (!lease) {
          defer(item);
          continue;
        }
        if (done(cell.id)) {
          // finished by another runner between the look above and the lease
          lease.release();
          summary.elsewhere.push(cell.id);
          continue;
        }
        const job: WorkerJob = workerJob(cell, {
          resultsDir: opts.resultsDir,
          fetch: { mirrors: opts.fetch.mirrors, cacheDir: opts.fetch.cacheDir },
          cacheDir: opts.cacheDir,
          ...(opts.keepState ? { keepState: true } : {}),
        });
        // per runner: another runner on this folder writes its own
        const jobFile = join(queueDir, `${cell.id}.${process.pid}.json`);
        writeFileSync(jobFile, JSON.stringify(job));
        const [cmd, args] = workerCommand(jobFile);
        const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
        const state = { index: ++index, step: 0, totalSteps: 0, loss: NaN, startedAt: Date.now(), label };
        running.set(child, state);
        opts.print(`[cell ${state.index}/${total}] ${label} | started (${cell.id})`);
        let errText = "";
        let reported: string | null = null;
        let buf = "";
        child.stdout!.on("data", (d: Buffer) => {
          buf += d.toString();
          let nl: number;
          while ((nl = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            let msg: Record<string, unknown>;
            try {
              msg = JSON.parse(line);
            } catch {
              continue;
            }
            if (msg.event === "progress") {
              Object.assign(state, {
                step: msg.step,
                totalSteps: msg.totalSteps,
                loss: msg.loss,
                devAccuracy: msg.devAccuracy,
              });
              opts.print(progressLine(state, total, label, Date.now(), runEta(Date.now())));
            } else if (msg.event === "log") opts.print(`[cell ${state.index}/${total}] ${msg.message}`);
            else if (msg.event === "error") reported = String(msg.message);
          }
        });
        child.stderr!.on("data", (d: Buffer) => (errText += d.toString()));
        child.on("close", (code) => {
          running.delete(child);
          lease.release();
          rmSync(jobFile, { force: true });
          if (code === 0) {
            durations.push((Date.now() - state.startedAt) / 1000);
            summary.ran.push(cell.id);
            opts.print(
              `[cell ${state.index}/${total}] ${label} | done in ${
                ((Date.now() - state.startedAt) / 1000).toFixed(1)
              }s`,
            );
          } else if (!stop) {
            const message = reported ??
              (errText.trim().split("\n").slice(-5).join("\n") || `worker exited with code ${code}`);
            summary.failed.push({ id: cell.id, label, message });
            opts.print(`[cell ${state.index}/${total}] ${label} | FAILED: ${message}`);
          }
          if (finished()) resolveAll();
          else launch();
        });
      }
    };
    launch();
  });
  if (poll) clearInterval(poll);
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return summary;
}
