// Collecting a folder with off-diagonal records (analysis/collect.ts): `bench run --init-seeds` on a list-seeded
// profile crosses its seeds with other initialisations, and those cells (a config's initSeed) must be placed, on the
// SPT Table 4 fixture's smoke profile (seeds 1, 2) with synthetic records in the real format.
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { compareRuns } from "../../analysis/compare-runs.ts";
import { partialText } from "../../analysis/partial.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";
import { seedUnit } from "../../core/seed.ts";

import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const collect = (dir: string, label?: string) =>
  collectRun(dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } }, label);
const list = () => planSpec(spec, langs, { profile: "smoke" });
const crossed = (initSeeds = [1, 2]) => planSpec(spec, langs, { profile: "smoke", initSeeds });
const units = (
  rows: { seed: number; initSeed?: number }[],
) => [...new Set(rows.map((r) => seedUnit(r.seed, r.initSeed)))];
/** Accuracy of a cell: apart per (draw, init) pair, so that a pairing by the draw seed alone would show. */
const acc = (c: Cell) => 0.4 + 0.05 * c.config.seed + 0.02 * (c.config.initSeed ?? c.config.seed);

/** A list run of the profile, then `bench run --init-seeds` on it in the same folder. */
function folder(initSeeds = [1, 2], shift = 0): string {
  const dir = writeRun(tempDir(), list(), (c) => acc(c) + shift, { quantize: false });
  return writeRun(dir, crossed(initSeeds), (c) => acc(c) + shift, { quantize: false });
}

describe("collecting a folder with a crossed run (--init-seeds) of a list profile", () => {
  test("its off-diagonal cells are placed with the list's, the table's seed units naming draw/init", async () => {
    const run = await collect(folder());
    const t = run.tables[0];
    expect([run.unplaced, t.records.length]).toEqual([0, crossed().cells.length]);
    expect(t.plan.cells.map((c) => c.id).sort()).toEqual(crossed().cells.map((c) => c.id).sort());
    expect(units(t.seeds.group)).toEqual([1, "1/2", "2/1", 2]);
    expect(t.plan.narrowed).toEqual(["--init-seeds"]);
    expect(t.partial).toBeNull();
  });

  test("compare pairs the off-diagonal cells by (draw, init)", async () => {
    const a = await collect(folder(), "main");
    const b = await collect(folder([1, 2], 0.01), "branch");
    const row = compareRuns(a, b, { margin: 1, alpha: 0.05 }).tables[0].rows[0];
    expect(row.a.seeds).toEqual([1, "1/2", "2/1", 2]);
    expect(row.b.seeds).toEqual(row.a.seeds);
    expect([row.test, row.n]).toEqual(["paired", 4]);
    // every pair differs by exactly the shift: one paired difference, whatever the seeds' spread
    expect(row.difference).toBeCloseTo(1, 6);
  });

  test("a crossed run alone on other init seeds is placed, partial by the profile's init seeds it lacks", async () => {
    const only = crossed([3]);
    const run = await collect(writeRun(tempDir(), only, acc, { quantize: false }));
    const t = run.tables[0];
    expect([run.unplaced, t.records.length, t.plan.cells.length]).toEqual([0, only.cells.length, only.cells.length]);
    expect(units(t.seeds.group)).toEqual(["1/3", "2/3"]);
    expect(partialText(t.partial!)).toBe("--init-seeds: init seeds 3 (the profile's: 1, 2)");
  });

  test("an interrupted crossed run is partial by its missing off-diagonal cells", async () => {
    const plan = crossed();
    const off = plan.cells.find((c) => c.config.initSeed !== undefined)!;
    const dir = writeRun(tempDir(), list(), acc);
    const run = await collect(writeRun(dir, plan, acc, { only: (c) => c !== off }));
    const t = run.tables[0];
    expect([run.unplaced, t.records.length, t.plan.cells.length]).toEqual([
      0,
      plan.cells.length - 1,
      plan.cells.length,
    ]);
    expect(t.partial).toMatchObject({ narrowed: ["--init-seeds"], cells: { planned: plan.cells.length, missing: 1 } });
  });

  test("off-diagonal records of some rows only (another spec's crossed run of shared rows) leave the list's table", async () => {
    const dir = writeRun(tempDir(), list(), acc);
    const row = spec.methods[0].id;
    writeRun(dir, crossed(), acc, { only: (c) => c.row.method === row && c.config.initSeed !== undefined });
    const run = await collect(dir);
    expect(run.tables[0].plan.cells.map((c) => c.id)).toEqual(list().cells.map((c) => c.id));
    expect(run.unplaced).toBe(run.records - list().cells.length);
  });

  test("a folder without off-diagonal records keeps the list profile's plan", async () => {
    const run = await collect(writeRun(tempDir(), list(), acc));
    expect(run.tables[0].plan.cells.map((c) => c.id)).toEqual(list().cells.map((c) => c.id));
    expect(units(run.tables[0].seeds.group)).toEqual([1, 2]);
    expect(run.tables[0].plan.narrowed).toEqual([]);
  });
});
