// The Deno binary for tests that run the harness under Deno: DENO_BIN, the one
// `bun install` brings (devDependency `deno`), or one on PATH; null without any.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";

export const DENO: string | null =
  [process.env.DENO_BIN, join(PROJECT_ROOT, "node_modules", ".bin", "deno"), "deno"].find((d) =>
    d && spawnSync(d, ["--version"]).status === 0
  ) ?? null;
if (!DENO) console.warn("[tests] no deno binary (bun install brings one; or set DENO_BIN): the Deno tests are skipped");

/** Mesa complains on every start without a runtime directory. */
export const DENO_ENV = { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" };
