// The command line as a user runs it, for end-to-end tests: `bun cli/main.ts`
// in a child process, and the records a run leaves in its results folder.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";

export const CLI = join(PROJECT_ROOT, "cli", "main.ts");

/** Run the CLI to its end; its exit code and its output, stdout then stderr. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 900_000,
): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8", timeout: timeoutMs });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** Every record of a results folder by cell id; a record that does not parse fails the caller (a half-written record). */
export function readRecords(dir: string): Map<string, ResultRecord> {
  const d = join(dir, "cells");
  if (!existsSync(d)) return new Map();
  return new Map(
    readdirSync(d).filter((f) => f.endsWith(".json")).map((
      f,
    ) => [f.slice(0, -5), JSON.parse(readFileSync(join(d, f), "utf8")) as ResultRecord]),
  );
}

/** Run the CLI in a child process without blocking the test runner; its exit code, stdout then stderr, and stdout alone (for --json). */
export async function benchProcess(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; out: string; stdout: string }> {
  const p = Bun.spawn([process.execPath, CLI, ...args], { env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  return { code, out: stdout + stderr, stdout };
}
