// The CLI under Deno (deno.json, same node_modules). Skipped where no deno
// binary is on PATH or in DENO_BIN; `npm i deno` provides one.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../bench/config.ts";

const DENO = process.env.DENO_BIN ?? (spawnSync("deno", ["--version"]).status === 0 ? "deno" : null);

test.skipIf(!DENO)("bench list runs under Deno", () => {
  const r = spawnSync(DENO!, ["run", "-A", join(PROJECT_ROOT, "bench", "cli.ts"), "list", "--json"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" },
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).map((s: { id: string }) => s.id)).toEqual(["spt-table4", "xpe-table1"]);
});
