// docs/plugins.md's recipe, done as the page says: its method module and its
// spec extending xpe-table1 written to a folder outside the tree, then its
// commands run one by one (the paper's rows, the extension beside them,
// compare, leaderboard). The two paths the page cannot know are the only
// substitutions: its `../my-work` (a temporary folder here) and the plug-in's
// import of this checkout's methods/api.ts. Then the same plug-in under Deno and
// in a Slurm array task, whose records must equal the Bun run's. Needs the data
// mirror; the Slurm test needs a running Slurm (XLT_REQUIRE_SLURM=1 fails without).
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";
import { CLI, readRecords, runCli } from "../helpers/cli.ts";
import { DENO, DENO_ENV } from "../helpers/deno.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { docBlocks } from "../helpers/recipes.ts";

const DOC = join(PROJECT_ROOT, "docs", "plugins.md");
const WORK = tempDir("xlt-my-work-");
const API = join(PROJECT_ROOT, "methods", "api.ts");
const ENV = { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: tempDir("xlt-plugins-cache-") };
const PLUGIN = join(WORK, "mean-probe.ts");
const GLOBAL = ["--plugin", PLUGIN, "--specs", join(WORK, "specs")];

/** The page's one placeholder in `code`, which must be there exactly once. */
function substitute(code: string, from: string, to: string): string {
  expect(code.split(from).length - 1, `docs/plugins.md: ${from}`).toBe(1);
  return code.replace(from, to);
}

const started = (out: string) => out.split("\n").filter((l) => / \| started \(/.test(l));
const byMethod = (dir: string, method: string): ResultRecord[] =>
  [...readRecords(dir).values()].filter((r) => r.config.method.method === method);
const outputs: { command: string; code: number | null; out: string }[] = [];

describe.skipIf(!HAS_MIRROR)("docs/plugins.md, done as it says", () => {
  test("the method and the spec, written outside the tree", () => {
    const files = docBlocks(DOC).filter((b) => b.kind === "file");
    expect(files.map((b) => b.path)).toEqual(["my-work/mean-probe.ts", "my-work/specs/my-xpe.json"]);
    for (const b of files) {
      const path = join(WORK, b.path!.slice("my-work/".length));
      mkdirSync(dirname(path), { recursive: true });
      const code = b.path!.endsWith(".ts")
        ? substitute(b.code, `"../xlt-bench/methods/api.ts"`, JSON.stringify(API))
        : b.code;
      writeFileSync(path, code);
    }
    const r = runCli(["list", "--methods", ...GLOBAL], ENV, 60_000);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`mean-probe +${PLUGIN} \\(sha256 [0-9a-f]{12}\\)`));
  });

  test("its commands: the paper's rows, then the extension training only its own row, compare, leaderboard", () => {
    const [block] = docBlocks(DOC).filter((b) => b.kind === "commands");
    for (const line of block.code.trim().split("\n")) {
      const command = line.replaceAll("../my-work", WORK);
      const [head, ...args] = command.split(/ +/);
      if (head === "cp" && args[0] === "-r") {
        cpSync(args[1], args[2], { recursive: true });
        outputs.push({ command, code: 0, out: "" });
      } else if (command.startsWith("bun run bench ")) {
        const r = runCli(args.slice(2), ENV);
        outputs.push({ command, ...r });
        // one seed: compare can test nothing, and says so with exit 3 (inconclusive)
        expect(r.code, `${command}\n${r.out}`).toBe(args[2] === "compare" ? 3 : 0);
      } else throw new Error(`docs/plugins.md: a command the test does not know: ${line}`);
    }
    const [paper, , mine, compare] = outputs;
    // the paper's rows: every cell of the plan trained
    const planned = Number(/== xpe-table1 \(smoke\): (\d+) cells/.exec(paper.out)?.[1]);
    expect(started(paper.out)).toHaveLength(planned);
    // the extension: the shared rows' records reused, only the added row trained
    const total = Number(/== my-xpe \(smoke\): (\d+) cells/.exec(mine.out)?.[1]);
    expect(mine.out).toContain(`resume: ${planned} of ${total} cells already have records; skipping them`);
    expect(started(mine.out)).toHaveLength(total - planned);
    expect(started(mine.out).every((l) => l.includes("Mean-pooled probe (ours)"))).toBe(true);
    expect(mine.out).toContain(
      "not in the paper (no value in golden/smoke/xpe-table1.json, not judged): Mean-pooled probe (ours)",
    );
    // compare: the paper's table identical, the new row in the second run only
    expect(compare.out).toContain("== xpe-table1 (smoke)");
    expect(compare.out).toContain("compare: inconclusive: ");
    expect(compare.out).toMatch(/== my-xpe \(smoke\)[^]*Mean-pooled probe \(ours\)/);
    // the leaderboard: the extension's page has the new row beside the paper's
    const page = readFileSync(join(WORK, "site", "tables", "my-xpe.html"), "utf8");
    expect(page).toContain("Mean-pooled probe (ours)");
    expect(page).toContain("XPE");
    const [rec] = byMethod(join(WORK, "runs", "mine"), "mean-probe");
    expect(rec.provenance.plugin).toEqual({ method: "mean-probe", file: PLUGIN, sha256: rec.config.method.plugin! });
  }, 900_000);

  /** One target of the Bun run's plug-in cell, whose accuracy the other runtimes must repeat bit for bit. */
  const oneTarget = () => {
    const [rec] = byMethod(join(WORK, "runs", "mine"), "mean-probe");
    const lang = rec.config.targets[0];
    return { rec, lang, args: ["my-xpe", "--methods", "mean-probe", "--seeds", "1", "--langs", lang, ...GLOBAL] };
  };

  test.skipIf(!DENO)("the same plug-in under Deno: its worker loads it and gives the Bun run's numbers", () => {
    const { rec, lang, args } = oneTarget();
    const dir = join(WORK, "runs", "deno");
    const r = spawnSync(DENO!, ["run", "-A", CLI, ...args, "--results", dir], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: { ...ENV, ...DENO_ENV },
      timeout: 600_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(started(r.stdout)).toHaveLength(1);
    const [deno] = byMethod(dir, "mean-probe");
    expect(deno.provenance.runtime).toMatch(/^deno /);
    expect(deno.provenance.plugin?.sha256).toBe(rec.config.method.plugin!);
    expect(deno.metrics[lang]).toEqual(rec.metrics[lang]);
  }, 600_000);

  const slurm = spawnSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8" });
  const slurmUp = slurm.status === 0 && /idle|mix|alloc/.test(slurm.stdout);
  test.skipIf(!slurmUp && process.env.XLT_REQUIRE_SLURM !== "1")(
    "the same plug-in in a Slurm array task: the task's worker loads it and gives the Bun run's numbers",
    async () => {
      expect(slurmUp, "XLT_REQUIRE_SLURM=1 but Slurm is not running").toBe(true);
      const { rec, lang, args } = oneTarget();
      const dir = join(WORK, "runs", "slurm");
      const sub = runCli([...args, "--results", dir, "--slurm", "--time", "30:00"], ENV);
      expect(sub.code, sub.out).toBe(0);
      const id = /submitted cells: job (\d+), 1 cells in 1 array tasks/.exec(sub.out)?.[1];
      expect(id, sub.out).toBeDefined();
      expect(sub.out).toContain(`--plugin ${PLUGIN}`); // the follow-up command loads the plug-in too
      for (let waited = 0; spawnSync("squeue", ["-h", "-j", id!], { encoding: "utf8" }).stdout.trim(); waited += 2) {
        expect(waited, "the array did not finish in 10 minutes").toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 2000));
      }
      const [task] = byMethod(dir, "mean-probe");
      expect(task, `no record in ${dir}`).toBeDefined();
      expect(task.provenance.plugin?.file).toBe(PLUGIN);
      expect(task.metrics[lang]).toEqual(rec.metrics[lang]);
      expect(existsSync(join(dir, "slurm"))).toBe(true);
    },
    900_000,
  );

  test("a changed plug-in gives new cells: its row's records are not reused", () => {
    const mine = join(WORK, "runs", "mine");
    const dry = () => runCli(["my-xpe", "--seeds", "1", "--results", mine, ...GLOBAL, "--slurm", "--dry-run"], ENV);
    const before = dry();
    expect(before.code, before.out).toBe(0);
    const [, had, total] = /== my-xpe: (\d+) of (\d+) cells have records/.exec(before.out)!;
    expect(had).toBe(total);
    writeFileSync(PLUGIN, readFileSync(PLUGIN, "utf8") + "// a changed line\n");
    const after = dry();
    expect(after.code, after.out).toBe(0);
    expect(after.out).toContain(`== my-xpe: ${Number(total) - 1} of ${total} cells have records`);
    expect(after.out).toMatch(/Mean-pooled probe \(ours\).*\([0-9a-f]{16}\)/);
  }, 300_000);
});
