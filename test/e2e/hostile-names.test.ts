// Hostile values through the command line (the shared mirror's language table;
// skipped without it): a spec id that climbs out of the results folder, a
// golden file outside golden/, a Slurm option with a command in it. Each is an
// error before anything is read or written.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { runCli } from "../helpers/cli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { FIXTURE_SPECS_DIR } from "../helpers/specs.ts";

const T = 60_000;
const SPEC = JSON.parse(readFileSync(join(FIXTURE_SPECS_DIR, "fixture-spt.json"), "utf8"));

/** The CLI over a spec folder holding `specs` (the fixture spec if none), with the mirror's data and a fresh cache. */
function bench(args: string[], specs: Record<string, unknown>[] = [SPEC]) {
  const dir = tempDir("xlt-hostile-specs-");
  for (const [i, s] of specs.entries()) writeFileSync(join(dir, `spec-${i}.json`), JSON.stringify(s));
  const env = {
    ...process.env,
    XLT_DATA_MIRRORS: MIRROR,
    XLT_CACHE_DIR: tempDir("xlt-hostile-cache-"),
    XLT_SPECS_DIR: dir,
  };
  return runCli(args, env, T);
}

describe.skipIf(!HAS_MIRROR)("hostile names through the command line (uses the shared mirror)", () => {
  test("bench report: a spec whose id climbs out of the results folder is refused, and nothing is written", () => {
    const root = tempDir("xlt-hostile-report-");
    const results = join(root, "a", "b", "c", "results");
    const id = "../../../../outside/evil";
    const r = bench(["report", id, "--results", results], [{ ...SPEC, id }]);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain(`id: expected a name of letters, digits`);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(join(root, "a", "outside"))).toBe(false);
  }, T);

  test("bench check: a golden file outside golden/ is refused, and none of it is read back", () => {
    const secret = join(tempDir("xlt-hostile-secret-"), "secret.json");
    writeFileSync(
      secret,
      JSON.stringify({
        policy: { type: "welch" },
        cells: [{ backbone: "hunter2", method: "m", kind: "group", key: "k" }],
      }),
    );
    const golden = `golden/${relative(join(PROJECT_ROOT, "golden"), secret)}`;
    expect(golden).toContain("..");
    const r = bench(["check", SPEC.id, "--profile", "paper", "--results", tempDir()], [{ ...SPEC, golden }]);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain("golden: expected a golden file under golden/");
    expect(r.out).not.toContain("hunter2");
  }, T);

  test(
    "bench --slurm --dry-run: a --gres with a line break is a usage error, and no command reaches the script",
    () => {
      const r = bench([SPEC.id, "--slurm", "--dry-run", "--results", tempDir(), "--gres", "gpu:1\ntouch pwned"]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain('--gres: "gpu:1\\ntouch pwned" is not');
      expect(r.out.split("\n")).not.toContain("touch pwned");
      expect(r.out).not.toContain("#SBATCH");
    },
    T,
  );
});
