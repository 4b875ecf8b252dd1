// Record files that hold no whole record of their cell (test/helpers/records.ts
// BAD_RECORDS: null, a stub, a wrong type, a missing target, another cell's
// record under this cell's name), planted in a real run's results folder,
// through the command line (real tiny trainings on the shared mirror's data;
// skipped without it): a run names each, sets it aside and runs its cell again
// to the same numbers; report and check leave it out with a warning naming the
// file; compare and leaderboard refuse the folder as bad input naming the file.
// The spec is the SPT Table 4 fixture cut to one row, two seeds, one language
// and 14 steps: two cells.
import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cell, ResultRecord } from "../../core/record.ts";
import { ResultsStore } from "../../run/store.ts";
import { readRecords, runCli } from "../helpers/cli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { BAD_RECORDS } from "../helpers/records.ts";
import { FIXTURE_SPECS_DIR } from "../helpers/specs.ts";

const SPEC = JSON.parse(readFileSync(join(FIXTURE_SPECS_DIR, "fixture-spt.json"), "utf8"));
const smoke = SPEC.profiles.smoke;
SPEC.profiles.smoke = {
  ...smoke,
  seeds: [1, 2],
  languages: smoke.languages.slice(0, 1),
  rows: [SPEC.methods[0].id],
  testPerClass: 2,
  training: { ...smoke.training, epochs: undefined, maxSteps: 14, evalEvery: 7 },
};
const SPECS = tempDir("xlt-bad-records-specs-");
writeFileSync(join(SPECS, `${SPEC.id}.json`), JSON.stringify(SPEC));
const ENV = {
  ...process.env,
  XLT_DATA_MIRRORS: MIRROR,
  XLT_CACHE_DIR: tempDir("xlt-bad-records-cache-"),
  XLT_SPECS_DIR: SPECS,
};
const bench = (args: string[]) => runCli(args, ENV, 600_000);
const trained = (out: string) => [...out.matchAll(/\| done in/g)].length;
const T = 120_000;

describe.skipIf(!HAS_MIRROR)("bad records in a real run's folder (uses the shared mirror)", () => {
  const ref = tempDir("xlt-bad-records-ref-");
  let reference: Map<string, ResultRecord>;
  let cell: Cell, other: Cell;
  /** A copy of the reference run with `bad` planted over the first cell's record; its store. */
  const planted = (bad: (typeof BAD_RECORDS)[number]) => {
    const store = new ResultsStore(tempDir("xlt-bad-records-"));
    cpSync(join(ref, "cells"), join(store.dir, "cells"), { recursive: true });
    bad.plant(store, cell, other);
    return store;
  };
  beforeAll(() => {
    const r = bench([SPEC.id, "--results", ref, "--jobs", "1"]);
    expect(r.code, r.out).toBe(0);
    reference = readRecords(ref);
    // (plant reads a cell's id and targets; its row is not part of a record)
    [cell, other] = [...reference.values()].map((r) => ({ id: r.cellId, config: r.config }) as Cell);
  }, 600_000);

  for (const bad of BAD_RECORDS) {
    test(`${bad.name}: a run names the file, sets it aside and runs the cell again, to the same numbers`, () => {
      const store = planted(bad);
      const r = bench([SPEC.id, "--results", store.dir, "--jobs", "1"]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain(`${store.path(cell.id)}: ${bad.says(cell, other)}`);
      expect(r.out).toContain(`set aside as ${store.path(cell.id)}.unreadable-`);
      expect(trained(r.out), r.out).toBe(1);
      const { finishedAt: _, timings: __, ...again } = store.read(cell.id);
      const { finishedAt: ___, timings: ____, ...before } = reference.get(cell.id)!;
      expect(again).toEqual(before);
    }, T);
  }

  test("report leaves each out with a warning naming the file, and reports the rest", () => {
    for (const bad of BAD_RECORDS) {
      const store = planted(bad);
      const r = bench(["report", SPEC.id, "--results", store.dir]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain(`warning: ${store.path(cell.id)}: ${bad.says(cell, other)}`);
      expect(r.out).toContain("report: ");
    }
  }, T);

  test("check leaves each out with a warning naming the file, and checks the rest", () => {
    for (const bad of BAD_RECORDS) {
      const store = planted(bad);
      const r = bench(["check", SPEC.id, "--results", store.dir]);
      expect(r.out).toContain(`warning: ${store.path(cell.id)}: ${bad.says(cell, other)}`);
      expect(r.out).toContain(`== ${SPEC.id} (smoke): 1/2 cells recorded`);
      // (the fixture has no golden file: nothing is judged, exit 3, inconclusive, whatever the records)
      expect([r.code, r.out]).toEqual([3, expect.stringContaining("nothing was judged")]);
    }
  }, T);

  test("compare refuses each folder as bad input (exit 2) naming the file", () => {
    for (const bad of BAD_RECORDS) {
      const store = planted(bad);
      const r = bench(["compare", ref, store.dir, "--html", join(tempDir(), "c.html")]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(`error: ${store.path(cell.id)}: ${bad.says(cell, other)}`);
    }
  }, T);

  test("leaderboard refuses each folder as bad input (exit 2) naming the file", () => {
    for (const bad of BAD_RECORDS) {
      const store = planted(bad);
      const r = bench(["leaderboard", "--results", store.dir, "--out", tempDir()]);
      expect(r.code, r.out).toBe(2);
      expect(r.out).toContain(`error: ${store.path(cell.id)}: ${bad.says(cell, other)}`);
    }
  }, T);
});
