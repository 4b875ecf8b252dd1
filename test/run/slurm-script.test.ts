// The Slurm job array a submission writes (run/slurm.ts), without Slurm:
// the script's directives, the task count per chunk, the job files.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { slurmOptions } from "../../cli/slurm.ts";
import { UsageError } from "../../core/errors.ts";
import { checkTime, sbatchScript, type SlurmOptions, writeArray } from "../../run/slurm.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureCell } from "../helpers/specs.ts";

const cell = (id: string) => fixtureCell(id);
const BASE = { fetch: { mirrors: ["m"], cacheDir: "/c" }, cacheDir: "/c" };

describe("sbatchScript", () => {
  test("an array over the tasks with the given partition, gres, time, parallelism and dependency", () => {
    const s = sbatchScript("/r/slurm/x", 7, {
      jobName: "xlt-spt-table4",
      partition: "gpu",
      gres: "gpu:1",
      time: "2:00:00",
      arrayParallel: 3,
      cellsPerTask: 2,
      afterOk: "41",
    }, ["/opt/bun"]);
    expect(s).toStartWith("#!/bin/bash\n");
    for (
      const l of [
        '#SBATCH --job-name="xlt-spt-table4"',
        '#SBATCH --array="0-6%3"',
        '#SBATCH --partition="gpu"',
        '#SBATCH --gres="gpu:1"',
        '#SBATCH --time="2:00:00"',
        '#SBATCH --dependency="afterok:41"',
        '#SBATCH --output="/r/slurm/x/logs/%A_%a.out"',
      ]
    ) expect(s).toContain(l);
    expect(s).toMatch(/^exec '\/opt\/bun' '.*\/run\/slurm-task\.ts' '\/r\/slurm\/x' "\$SLURM_ARRAY_TASK_ID"$/m);
  });

  test("without options: no partition, gres, time or limit on parallel tasks", () => {
    const s = sbatchScript("/r", 1, { jobName: "j", cellsPerTask: 1 }, ["/opt/bun"]);
    expect(s).toContain('#SBATCH --array="0-0"\n');
    expect(s).not.toMatch(/--partition|--gres|--time|--dependency/);
  });

  test("a path with a quote stays one shell word", () => {
    expect(sbatchScript("/r/it's", 1, { jobName: "j", cellsPerTask: 1 }, ["/opt/bun"])).toContain(`'/r/it'"'"'s'`);
  });

  test("a results path with a blank, a # or quotes is one argument of its directive, as sbatch reads it", () => {
    const dir = `/r/my "runs" #2\\x/it's`;
    const s = sbatchScript(dir, 1, { jobName: "j", cellsPerTask: 1 }, ["/opt/bun"]);
    expect(sbatchArgs(s)).toContain(`--output=${dir}/logs/%A_%a.out`);
    expect(sbatchArgs(s)).toEqual(["--job-name=j", "--array=0-0", `--output=${dir}/logs/%A_%a.out`, "--ntasks=1"]);
  });

  test("a line break or a shell metacharacter in a Slurm option is refused: nothing reaches the script as a command", () => {
    const o = { jobName: "j", cellsPerTask: 1 };
    const bad: [Partial<SlurmOptions>, string][] = [
      [{ gres: "gpu:1\ntouch pwned" }, "--gres"],
      [{ gres: "gpu:1 --wrap=id" }, "--gres"],
      [{ partition: "gpu;touch pwned" }, "--partition"],
      [{ partition: "$(touch pwned)" }, "--partition"],
      [{ jobName: "xlt\ntouch pwned" }, "--job-name"],
      [{ time: "1:00:00\ntouch pwned" }, "--time"],
    ];
    for (const [x, flag] of bad) expect(() => sbatchScript("/r", 1, { ...o, ...x }, ["/opt/bun"]), flag).toThrow(flag);
    expect(() => sbatchScript("/r\ntouch pwned", 1, o, ["/opt/bun"])).toThrow("line break");
    // what Slurm takes stays taken
    const s = sbatchScript("/r", 1, { ...o, partition: "gpu,gpu-long", gres: "gpu:a100:2,shard:1" }, ["/opt/bun"]);
    expect(sbatchArgs(s)).toContain("--gres=gpu:a100:2,shard:1");
    expect(sbatchArgs(s)).toContain("--partition=gpu,gpu-long");
  });

  test("every line of the script is a directive, a comment, the exec line or blank", () => {
    const s = sbatchScript("/r", 3, { jobName: "j", cellsPerTask: 1, gres: "gpu:1", afterOk: "41" }, ["/opt/bun"]);
    for (const l of s.split("\n")) expect(l, l).toMatch(/^(#!\/bin\/bash|#SBATCH --[a-z-]+=".*"|# .*|exec .*|)$/);
  });
});

test("the --slurm flags are checked before anything is written (a usage error naming the flag)", () => {
  expect(() => slurmOptions({ gres: "gpu:1\ntouch pwned" }, "xlt-t")).toThrow(UsageError);
  expect(() => slurmOptions({ gres: "gpu:1\ntouch pwned" }, "xlt-t")).toThrow('--gres: "gpu:1\\ntouch pwned" is not');
  expect(() => slurmOptions({ partition: "a b" }, "xlt-t")).toThrow("--partition");
  expect(slurmOptions({ partition: "gpu", gres: "gpu:1" }, "xlt-t")).toMatchObject({ partition: "gpu", gres: "gpu:1" });
});

/** The arguments sbatch takes from a script's #SBATCH lines, split as its parser splits them (src/sbatch/opt.c: blanks end an argument outside quotes, a backslash escapes, an unquoted # starts a comment). */
function sbatchArgs(script: string): string[] {
  const args: string[] = [];
  for (const line of script.split("\n")) {
    if (!line.startsWith("#SBATCH")) continue;
    let arg = "", quote = "", escaped = false, started = false;
    for (const ch of line.slice("#SBATCH".length)) {
      if (escaped) [arg, escaped, started] = [arg + ch, false, true];
      else if (ch === "\\") escaped = started = true;
      else if (quote) ch === quote ? (quote = "") : (arg += ch);
      else if (ch === '"' || ch === "'") [quote, started] = [ch, true];
      else if (ch === "#") break;
      else if (/\s/.test(ch)) {
        if (started) args.push(arg);
        [arg, started] = ["", false];
      } else [arg, started] = [arg + ch, true];
    }
    if (started) args.push(arg);
  }
  return args;
}

test("checkTime takes Slurm's formats and names a bad value", () => {
  for (const t of ["30", "30:00", "4:00:00", "1-12", "1-12:00", "1-12:00:00"]) expect(checkTime(t)).toBe(t);
  for (const t of ["1h", "4:0", "", "-5"]) expect(() => checkTime(t)).toThrow(`--time: "${t}"`);
});

describe("writeArray", () => {
  test("one job file per cell, tasks of cellsPerTask cells, the script beside them", () => {
    const results = tempDir();
    const a = writeArray(["a", "b", "c", "d", "e"].map(cell), { ...BASE, resultsDir: results }, {
      jobName: "xlt-t",
      cellsPerTask: 2,
    });
    expect(a.tasks).toBe(3);
    expect(a.dir.startsWith(join(results, "slurm"))).toBe(true);
    expect(readdirSync(join(a.dir, "jobs")).sort()).toEqual(["0.json", "1.json", "2.json", "3.json", "4.json"]);
    const job = JSON.parse(readFileSync(join(a.dir, "jobs", "3.json"), "utf8"));
    expect(job.cell.id).toBe("d");
    expect(job.resultsDir).toBe(results);
    expect(JSON.parse(readFileSync(join(a.dir, "array.json"), "utf8"))).toEqual({
      cells: 5,
      cellsPerTask: 2,
      ids: ["a", "b", "c", "d", "e"],
    });
    expect(readFileSync(a.scriptPath, "utf8")).toContain('#SBATCH --array="0-2"\n');
  });

  test("a job name that would climb out of <results>/slurm is refused", () => {
    const results = tempDir();
    expect(() =>
      writeArray([cell("a")], { ...BASE, resultsDir: results }, { jobName: "xlt-../../../x", cellsPerTask: 1 })
    )
      .toThrow("--job-name");
    expect(readdirSync(results)).toEqual([]);
  });

  test("--dry-run writes nothing", () => {
    const results = tempDir();
    writeArray([cell("a")], { ...BASE, resultsDir: results }, { jobName: "xlt-t", cellsPerTask: 1 }, false);
    expect(readdirSync(results)).toEqual([]);
  });
});
