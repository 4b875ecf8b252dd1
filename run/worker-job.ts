// What a worker process is given to run one cell (run/worker.ts reads it from a
// file; the local runner and Slurm tasks write it): the cell, where its record
// goes, where data comes from, and the plug-in modules its method needs, which
// the worker loads before anything else (a plug-in registers in the process
// that imports it, and a worker is a process of its own).
import type { Cell } from "../core/record.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { methodOrigin } from "../methods/registry.ts";

export interface WorkerJob {
  cell: Cell;
  resultsDir: string;
  fetch: FetchOptions;
  cacheDir: string;
  /** Keep the cell's trained state (other cells start from it). */
  keepState?: boolean;
  /** Plug-in modules to load first: the one defining the cell's method (and its first stage's). */
  plugins?: string[];
}

/** The job of a cell: `base` and the plug-ins its method (and a full-supervision first stage's) comes from. */
export function workerJob(cell: Cell, base: Omit<WorkerJob, "cell" | "plugins">): WorkerJob {
  const methods = [cell.config.method.method, cell.config.initFrom?.config.method.method];
  const plugins = [...new Set(methods.map((m) => (m ? methodOrigin(m)?.file : undefined)).filter((f) => !!f))];
  return { ...base, cell, ...(plugins.length ? { plugins: plugins as string[] } : {}) };
}
