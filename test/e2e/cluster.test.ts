// What clusters do to jobs, injected and survived, through the command line
// (real data from the shared mirror; skipped without it): runs killed at
// random points, two runners on one results folder, a Slurm job array on a
// one-node cluster (skipped where Slurm is not running, unless
// XLT_REQUIRE_SLURM=1), a NaN loss in one cell. Every record must equal an
// uninterrupted local run's, bit for bit, and no cell may run twice.
import { beforeAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";
import { Rng } from "../../core/rng.ts";
import { CLI, readRecords, runCli } from "../helpers/cli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const CACHE = tempDir("xlt-cluster-cache-");
// SPT Table 4's smoke profile cut to 28 steps (the faults, not the training, are under test): two cells, each seconds
const SPECS = tempDir("xlt-cluster-specs-");
const FAST = JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
FAST.profiles.smoke.training = { ...FAST.profiles.smoke.training, epochs: undefined, maxSteps: 28 };
writeFileSync(join(SPECS, "spt-table4.json"), JSON.stringify(FAST));
const ENV = { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE, XLT_SPECS_DIR: SPECS };
const RUN = ["spt-table4", "--langs", "eng_Latn", "--seeds", "1"];
// one cell per row and backbone of the smoke profile (one seed, one target language), whatever rows the shipped spec has
const CELLS: number = (FAST.profiles.smoke.rows ?? FAST.methods).length * FAST.profiles.smoke.backbones.length;

const bench = (args: string[], env: Record<string, string | undefined> = ENV) => runCli(args, env);
const records = readRecords;

const numbers = (r: ResultRecord) => ({
  config: r.config,
  metrics: r.metrics,
  training: r.training,
  trainable: r.trainableParameters,
});

/** A run in its own process group, killed with `signal` after `ms`; its output and exit. */
async function killedRun(
  dir: string,
  signal: NodeJS.Signals,
  ms: number,
): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, [CLI, ...RUN, "--results", dir, "--jobs", "1"], {
    env: ENV,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const closed = new Promise<number | null>((r) => child.on("close", (c) => r(c)));
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, signal); // the runner and its workers, as a scheduler kills a job
    } catch {
      // already finished
    }
  }, ms);
  const code = await closed;
  clearTimeout(timer);
  return { out, code };
}

const started = (out: string) => [...out.matchAll(/\| started \(([0-9a-f]+)\)/g)].map((m) => m[1]);
const trained = (out: string) => [...out.matchAll(/\[cell \d+\/\d+\] (.*) \| done in/g)].map((m) => m[1]);

describe.skipIf(!HAS_MIRROR)("faults a cluster injects (uses the shared mirror)", () => {
  const ref = tempDir("xlt-cluster-ref-");
  let reference: Map<string, ResultRecord>;
  beforeAll(() => {
    const r = bench([...RUN, "--results", ref, "--jobs", "2"]);
    expect(r.code, r.out).toBe(0);
    reference = records(ref);
    expect(reference.size).toBe(CELLS);
  }, 900_000);

  const sameAsReference = (dir: string) => {
    const got = records(dir);
    for (const [id, rec] of got) expect(numbers(rec), id).toEqual(numbers(reference.get(id)!));
    return got;
  };

  test(
    "killed at random points (SIGKILL, SIGTERM), then run again: every record whole, no finished cell run again, the numbers of an uninterrupted run",
    async () => {
      const dir = tempDir("xlt-cluster-kill-");
      const rng = new Rng(2026);
      const faults: NodeJS.Signals[] = ["SIGKILL", "SIGTERM", "SIGKILL", "SIGTERM"];
      for (const signal of faults) {
        const before = new Set(records(dir).keys());
        const { out, code } = await killedRun(dir, signal, 1000 + rng.int(9000));
        // a record is whole or absent, and what had a record is never started again
        sameAsReference(dir);
        for (const id of started(out)) expect(before.has(id), `${signal}: ${id} started again`).toBe(false);
        if (code !== 0 && signal === "SIGTERM") expect(out).toContain("interrupted:");
      }
      const last = bench([...RUN, "--results", dir]);
      expect(last.code, last.out).toBe(0);
      expect([...sameAsReference(dir).keys()].sort()).toEqual([...reference.keys()].sort());
      expect(readdirSync(join(dir, "leases"))).toEqual([]);
    },
    900_000,
  );

  test("two runners on one results folder at once: each cell trained once, both end with every record", async () => {
    const dir = tempDir("xlt-cluster-two-");
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, [CLI, ...RUN, "--results", dir, "--jobs", "1"], {
          env: ENV,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        c.stdout!.on("data", (d: Buffer) => (out += d.toString()));
        c.stderr!.on("data", (d: Buffer) => (out += d.toString()));
        c.on("close", (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const all = [...trained(a.out), ...trained(b.out)].sort();
    expect(all).toHaveLength(reference.size);
    expect(new Set(all).size).toBe(reference.size);
    expect(a.out + b.out).toContain("done by another runner");
    expect(sameAsReference(dir).size).toBe(reference.size);
  }, 900_000);

  test(
    "a NaN loss fails that cell loudly with its step; the other cells finish; the run exits non-zero naming it",
    () => {
      const specs = tempDir("xlt-cluster-specs-");
      const spec = structuredClone(FAST);
      // w/o MF with an absurd learning rate: the weights overflow within a few steps
      spec.profiles.smoke.methodParams = { ...spec.profiles.smoke.methodParams, "spt-nomf": { lr: { prompt: 1e38 } } };
      writeFileSync(join(specs, "spt-table4.json"), JSON.stringify(spec));
      const dir = tempDir("xlt-cluster-nan-");
      const r = bench([...RUN, "--results", dir], { ...ENV, XLT_SPECS_DIR: specs });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/1 cell\(s\) failed:\n\s+spt-table4 w\/o MF .*: loss is (NaN|-?Infinity) at step \d+/);
      const got = sameAsReference(dir);
      // every row but w/o MF has its record
      expect(got.size).toBe(CELLS - 1);
      expect([...got.values()].map((x) => x.config.method.id)).not.toContain("spt-nomf");
      expect([...got.values()].map((x) => x.config.method.id)).toContain("spt-mf");
    },
    900_000,
  );

  test("a corrupted record is set aside, named, and its cell run again", () => {
    const dir = tempDir("xlt-cluster-corrupt-");
    mkdirSync(join(dir, "cells"));
    for (const id of reference.keys()) copyFileSync(join(ref, "cells", `${id}.json`), join(dir, "cells", `${id}.json`));
    const [victim] = [...reference.keys()];
    const path = join(dir, "cells", `${victim}.json`);
    writeFileSync(path, readFileSync(path, "utf8").slice(0, 200)); // truncated
    const r = bench([...RUN, "--results", dir]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`${path}: unreadable result record`);
    expect(r.out).toContain("set aside as");
    expect(trained(r.out)).toHaveLength(1);
    expect(sameAsReference(dir).size).toBe(CELLS);
  }, 900_000);

  const slurm = spawnSync("sinfo", ["-h", "-o", "%T"], { encoding: "utf8" });
  const slurmUp = slurm.status === 0 && /idle|mix|alloc/.test(slurm.stdout);
  if (!slurmUp) {
    console.warn(
      `[tests] no running Slurm (sinfo: ${
        (slurm.error?.message ?? slurm.stderr ?? "").trim() || slurm.stdout.trim() || "no node"
      }): the job-array test is skipped; start one with \`bun scripts/slurm-one-node.ts\` (root)`,
    );
  }
  test.skipIf(!slurmUp && process.env.XLT_REQUIRE_SLURM !== "1")(
    "--slurm: a job array on the one-node cluster writes the records of a local run, bit for bit; the same command again submits nothing",
    async () => {
      expect(slurmUp, "XLT_REQUIRE_SLURM=1 but Slurm is not running").toBe(true);
      const dir = tempDir("xlt-cluster-slurm-");
      const sub = bench([...RUN, "--results", dir, "--slurm", "--time", "30:00"]);
      expect(sub.code, sub.out).toBe(0);
      const id = sub.out.match(new RegExp(`submitted cells: job (\\d+), ${CELLS} cells in ${CELLS} array tasks`))?.[1];
      expect(id, sub.out).toBeDefined();
      expect(sub.out).toContain(`squeue -j ${id}`);
      for (let waited = 0; spawnSync("squeue", ["-h", "-j", id!], { encoding: "utf8" }).stdout.trim(); waited += 2) {
        expect(waited, "the array did not finish in 10 minutes").toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 2000));
      }
      const got = sameAsReference(dir);
      expect([...got.keys()].sort()).toEqual([...reference.keys()].sort());
      const logs = readdirSync(join(dir, "slurm")).flatMap((s) =>
        readdirSync(join(dir, "slurm", s, "logs")).map((f) => readFileSync(join(dir, "slurm", s, "logs", f), "utf8"))
      );
      expect(logs.join("\n")).toMatch(/\[slurm \d+_[01]\] cell [0-9a-f]+ done in/);
      const again = bench([...RUN, "--results", dir, "--slurm"]);
      expect(again.code).toBe(0);
      expect(again.out).toContain(`${CELLS} of ${CELLS} cells have records`);
      expect(again.out).not.toContain("submitted");
      expect(bench([...RUN, "--results", dir]).out).toContain(
        `resume: ${CELLS} of ${CELLS} cells already have records`,
      );
    },
    900_000,
  );
});
