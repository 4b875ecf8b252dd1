// Which compute backend a process uses, decided in one place: the workers
// (models/backend.ts, which initialises it) and the command line (run/preflight.ts,
// bench backends, which predict it without loading tfjs) both ask here.
import { createRequire } from "node:module";
import { type Env, requestedBackend, tfjsNodePackage } from "../core/settings.ts";

/** XLT_BACKEND's backend; on auto, tensorflow when tfjs-node loads, else wasm (a GPU is never picked by auto). */
export function chooseBackend(requested: string, tfjsNodeLoads: boolean): string {
  if (requested !== "auto") return requested;
  return tfjsNodeLoads ? "tensorflow" : "wasm";
}

/** The backend a worker will initialise, without initialising it (tfjs-node counts as loading when it resolves). */
export function expectedBackend(env: Env = process.env): string {
  const want = requestedBackend(env);
  if (want !== "auto") return chooseBackend(want, false);
  try {
    createRequire(import.meta.url).resolve(tfjsNodePackage(env));
    return chooseBackend(want, true);
  } catch {
    return chooseBackend(want, false);
  }
}
