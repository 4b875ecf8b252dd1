// The exit-code contract through the command line (README: Exit codes;
// cli/exit.ts): bad input exits 2 with one line naming what is wrong, before
// anything is read or trained, and a bad spec is bad input in every command.
// --ids keeps its repeats. (How an error's class decides its code: exit.test.ts.)
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { COMMANDS } from "../../cli/commands/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/mirror.ts";

// no data anywhere: a command that got past its flags would fail on fetching, not pass by chance
const results = tempDir("xlt-exit-results-");
const ENV = {
  ...process.env,
  XLT_DATA_MIRRORS: join(tempDir("xlt-exit-mirror-"), "none"),
  XLT_CACHE_DIR: tempDir("xlt-exit-cache-"),
  XLT_RESULTS_DIR: results,
};
const cli = (args: string[]) => runCli(args, ENV, 60_000);
// each call is a process (about a second, more on a busy machine)
const T = 60_000;
// nothing read or written: no results folder content, no fetch, no stack
const untouched = (out: string) => {
  expect(readdirSync(results)).toEqual([]);
  expect(out).not.toContain("fetch");
  expect(out).not.toMatch(/\n\s+at /);
};

describe("flags are checked per command before any work", () => {
  test("--from-golden on a run is refused naming the flag, the run and spt-table1, before anything loads", () => {
    const r = cli(["uniprompt-table2", "--from-golden"]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(
      "error: run uniprompt-table2: --from-golden is not a flag of run uniprompt-table2; it is a flag of spt-table1",
    );
    untouched(r.out);
  }, T);

  test("a Slurm flag without --slurm, and --jobs with it, are refused before the run starts", () => {
    const dry = cli(["uniprompt-table2", "--dry-run"]);
    expect(dry.code, dry.out).toBe(2);
    expect(dry.out).toContain("run uniprompt-table2: --dry-run applies only with --slurm");
    untouched(dry.out);
    const jobs = cli(["uniprompt-table2", "--slurm", "--jobs", "2"]);
    expect(jobs.code, jobs.out).toBe(2);
    expect(jobs.out).toContain("run uniprompt-table2: --jobs applies to cells run here, not with --slurm");
    untouched(jobs.out);
  }, T);

  test("spt-table1 --from-golden takes no selector and none of a run's flags; a run takes one selector", () => {
    const stray = cli(["spt-table1", "uniprompt-table2", "--from-golden"]);
    expect(stray.code, stray.out).toBe(2);
    expect(stray.out).toContain('spt-table1 --from-golden: unexpected argument "uniprompt-table2"');
    const seeds = cli(["spt-table1", "--from-golden", "--seeds", "1"]);
    expect(seeds.code, seeds.out).toBe(2);
    expect(seeds.out).toContain("spt-table1 --from-golden: --seeds is not a flag of spt-table1 --from-golden");
    const two = cli(["xpe-table1", "spt-table4"]);
    expect(two.code, two.out).toBe(2);
    expect(two.out).toContain('run: unexpected argument "spt-table4" (run takes one selector');
    for (const r of [stray, seeds, two]) untouched(r.out);
  }, T);

  test("every command refuses an unknown flag with exit 2, naming the flag and the command", () => {
    // stats checks its own per subcommand (test/cli/stats-command.test.ts); a first word that is no command is a run's selector
    const names = Object.keys(COMMANDS).filter((n) => n !== "stats" && n !== "run");
    for (const name of [...names, ""]) {
      const r = cli(name ? [name, "--bogus"] : ["--bogus"]);
      expect([name, r.code]).toEqual([name, 2]);
      const as = name === "spt-table1" ? "run spt-table1" : name || "run";
      expect(r.out).toContain(`error: ${as}: --bogus is not a flag of ${as}`);
      untouched(r.out);
    }
  }, 10 * T);
});

describe("a bad spec is bad input in every command that reads specs", () => {
  const specs = tempDir("xlt-exit-specs-");
  writeFileSync(join(specs, "broken.json"), '{ "id": "broken", ');
  const out = join(tempDir("xlt-exit-site-"), "site");
  for (
    const args of [
      ["list"],
      ["check", "xpe-table1"],
      ["xpe-table1"],
      ["compare", results, results],
      ["leaderboard", "--out", out],
    ]
  ) {
    test(`${args[0]}: exit 2, the file named, no stack`, () => {
      const r = cli([...args, "--specs", specs]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(`error: ${join(specs, "broken.json")}: (root): not valid JSON`);
      untouched(r.out);
      expect(existsSync(out)).toBe(false);
    }, T);
  }
});

describe("lists of flag values", () => {
  test("bench model --ids with a repeated id runs the sequence as given", () => {
    const dir = join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4");
    const r = runCli(["model", dir, "--ids", "0,20,112,60,20,2", "--json"], ENV, 120_000);
    expect(r.code, r.out).toBe(0);
    const j = JSON.parse(r.out.slice(r.out.indexOf("{"), r.out.lastIndexOf("}") + 1));
    expect(j.ids).toEqual([0, 20, 112, 60, 20, 2]);
    expect(j.tokens[1]).toBe(j.tokens[4]);
  }, 2 * T);

  test("bench --seeds with a repeat is still refused, before anything is read", () => {
    const r = cli(["xpe-table1", "--seeds", "1,2,1"]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('error: --seeds: "1" is listed twice');
    untouched(r.out);
  }, T);

  test("bench --k names a k twice after normalising (4,04): refused before anything is read", () => {
    const r = cli(["uniprompt-table2", "--k", "4,04"]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('error: --k: "04" is listed twice');
    untouched(r.out);
  }, T);

  test("bench --backbone .. is refused: a backbone id cannot climb out of models/embedded/", () => {
    const r = cli(["uniprompt-table2", "--backbone", ".."]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(
      '--backbone: expected an embedded backbone id (a folder name in models/embedded/), got ".."',
    );
    untouched(r.out);
  }, T);
});
