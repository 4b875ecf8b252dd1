// The results store checks every record it reads (run/store.ts): a file that
// holds no whole record of its cell (null, a stub, a wrong type, a missing
// target, another cell's record under this cell's name) is named and set aside,
// so the cell runs again; the records the harness writes, of every kind and of
// older versions, read back.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { contentId } from "../../core/canonical.ts";
import type { Cell } from "../../core/record.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import { planSpec } from "../../plan/plan.ts";
import { readRecords } from "../../run/prepare.ts";
import { type RecordError, ResultsStore } from "../../run/store.ts";
import { BAD_RECORDS, fakeRecord } from "../helpers/records.ts";
import { fixtureCell, fixtureSpec, syntheticLanguages } from "../helpers/specs.ts";
import { tempDir } from "../helpers/mirror.ts";

const acc = () => 0.5;
/** A folder with the records of the fixture cell and of the same cell with another seed. */
function twoCells(): { store: ResultsStore; cell: Cell; other: Cell } {
  const store = new ResultsStore(tempDir("xlt-store-"));
  const cell = fixtureCell();
  const config = { ...cell.config, seed: 99 };
  const other = { ...cell, id: contentId(config), config };
  store.write(fakeRecord(cell, acc));
  store.write(fakeRecord(other, acc));
  return { store, cell, other };
}

describe("a record file that holds no whole record of its cell", () => {
  for (const bad of BAD_RECORDS) {
    test(`${bad.name}: reading it is an error that names the file and what is wrong`, () => {
      const { store, cell, other } = twoCells();
      bad.plant(store, cell, other);
      expect(() => store.read(cell.id)).toThrow(`${store.path(cell.id)}: ${bad.says(cell, other)}`);
    });

    test(`${bad.name}: a run sets it aside, named, and the cell has no record (so it runs again)`, () => {
      const { store, cell, other } = twoCells();
      bad.plant(store, cell, other);
      const planted = readFileSync(store.path(cell.id), "utf8");
      const message = store.setAsideIfUnreadable(cell.id);
      expect(message).toStartWith(`${store.path(cell.id)}: ${bad.says(cell, other)}`);
      expect(message).toContain("set aside as");
      expect(store.has(cell.id)).toBe(false);
      const [aside] = readdirSync(join(store.dir, "cells")).filter((f) => f.startsWith(`${cell.id}.json.unreadable-`));
      expect(readFileSync(join(store.dir, "cells", aside), "utf8")).toBe(planted);
      expect(store.setAsideIfUnreadable(other.id)).toBeNull();
    });

    test(`${bad.name}: report and check leave it out, name the file, and read the other records`, () => {
      const plan = planSpec(fixtureSpec("fixture-spt"), new LanguageTable([]), { profile: "smoke" });
      const [cell, other] = plan.cells;
      const store = new ResultsStore(tempDir("xlt-store-"));
      for (const c of plan.cells) store.write(fakeRecord(c, acc));
      bad.plant(store, cell, other);
      const named: RecordError[] = [];
      const records = readRecords(plan, store.dir, (e) => named.push(e));
      expect(records.map((r) => r.cellId)).toEqual(plan.cells.slice(1).map((c) => c.id));
      expect(named.map((e) => [e.file, e.message.includes(bad.says(cell, other))])).toEqual([[
        store.path(cell.id),
        true,
      ]]);
      expect(existsSync(store.path(cell.id))).toBe(true); // reading commands move nothing
    });
  }
});

describe("the records the harness writes read back", () => {
  test("a record of an older version, without the optional fields added since (classCounts)", () => {
    const store = new ResultsStore(tempDir("xlt-store-"));
    const cell = fixtureCell();
    const rec = fakeRecord(cell, acc);
    for (const m of Object.values(rec.metrics)) delete m.classCounts;
    store.write(rec);
    expect(store.read(cell.id)).toEqual(rec);
  });

  test("a record with a field only a newer version knows keeps it, as written", () => {
    const store = new ResultsStore(tempDir("xlt-store-"));
    const cell = fixtureCell();
    const rec = { ...fakeRecord(cell, acc), energyJoules: 12 };
    store.write(rec);
    expect(store.read(cell.id)).toEqual(rec);
  });

  test("a second-stage (full supervision) record, whose config holds its first stage's", () => {
    const plan = planSpec(fixtureSpec("fixture-xpe-full"), syntheticLanguages(), { profile: "smoke" });
    const cell = plan.cells.find((c) => c.config.initFrom)!;
    const store = new ResultsStore(tempDir("xlt-store-"));
    store.write(fakeRecord(cell, acc));
    store.write(fakeRecord(plan.prerequisites[0], acc));
    expect(store.read(cell.id).config.initFrom!.id).toBe(plan.prerequisites[0].id);
    expect(store.read(plan.prerequisites[0].id).cellId).toBe(plan.prerequisites[0].id);
  });

  test("a plug-in cell's record, the plug-in's sha256 in its config", () => {
    const base = fixtureCell(), sha256 = "ab".repeat(32);
    const config = { ...base.config, method: { ...base.config.method, plugin: sha256 } };
    const cell = { ...base, id: contentId(config), config };
    const rec = fakeRecord(cell, acc);
    rec.provenance.plugin = { method: config.method.method, file: "/plugins/mine.ts", sha256 };
    const store = new ResultsStore(tempDir("xlt-store-"));
    store.write(rec);
    expect(store.read(cell.id)).toEqual(rec);
  });
});
