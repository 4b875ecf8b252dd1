// The CLI under Deno (deno.json, the same node_modules): every command runs,
// with the same output as under Bun. Skipped without a deno binary (see
// test/helpers/deno.ts); the smoke cell under Deno is in cli.test.ts, next to
// the Bun run it is compared with.
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { DENO, DENO_ENV } from "../helpers/deno.ts";

const CLI = join(PROJECT_ROOT, "cli", "main.ts");
const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(cmd, args, {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...DENO_ENV, XLT_BACKEND: "wasm", ...env },
    timeout: 120_000,
  });

test.skipIf(!DENO)("bench list under Deno lists the same specs as under Bun", () => {
  const deno = run(DENO!, ["run", "-A", CLI, "list", "--json"]);
  const bun = run(process.execPath, [CLI, "list", "--json"]);
  expect(deno.status).toBe(0);
  expect(JSON.parse(deno.stdout)).toEqual(JSON.parse(bun.stdout));
  expect(JSON.parse(deno.stdout).length).toBeGreaterThan(10);
});

test.skipIf(!DENO)(
  "bench model under Deno (tfjs-core's CommonJS build, the gradients registered) prints Bun's numbers bit for bit",
  () => {
    const args = [
      "model",
      join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4"),
      "--text",
      "The <mask> won the match.",
      "--top",
      "3",
      "--json",
    ];
    const deno = run(DENO!, ["run", "-A", CLI, ...args]);
    const bun = run(process.execPath, [CLI, ...args]);
    expect(deno.status).toBe(0);
    expect(deno.stdout).toBe(bun.stdout);
  },
);
