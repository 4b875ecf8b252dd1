// The Slurm job array a submission writes (run/slurm.ts), without Slurm:
// the script's directives, the task count per chunk, the job files.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkTime, sbatchScript, writeArray } from "../../run/slurm.ts";
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
        "#SBATCH --job-name=xlt-spt-table4",
        "#SBATCH --array=0-6%3",
        "#SBATCH --partition=gpu",
        "#SBATCH --gres=gpu:1",
        "#SBATCH --time=2:00:00",
        "#SBATCH --dependency=afterok:41",
        "#SBATCH --output=/r/slurm/x/logs/%A_%a.out",
      ]
    ) expect(s).toContain(l);
    expect(s).toMatch(/^exec '\/opt\/bun' '.*\/run\/slurm-task\.ts' '\/r\/slurm\/x' "\$SLURM_ARRAY_TASK_ID"$/m);
  });

  test("without options: no partition, gres, time or limit on parallel tasks", () => {
    const s = sbatchScript("/r", 1, { jobName: "j", cellsPerTask: 1 }, ["/opt/bun"]);
    expect(s).toContain("#SBATCH --array=0-0\n");
    expect(s).not.toMatch(/--partition|--gres|--time|--dependency/);
  });

  test("a path with a quote stays one shell word", () => {
    expect(sbatchScript("/r/it's", 1, { jobName: "j", cellsPerTask: 1 }, ["/opt/bun"])).toContain(`'/r/it'"'"'s'`);
  });
});

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
    expect(readFileSync(a.scriptPath, "utf8")).toContain("#SBATCH --array=0-2\n");
  });

  test("--dry-run writes nothing", () => {
    const results = tempDir();
    writeArray([cell("a")], { ...BASE, resultsDir: results }, { jobName: "xlt-t", cellsPerTask: 1 }, false);
    expect(readdirSync(results)).toEqual([]);
  });
});
