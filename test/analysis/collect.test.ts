// A results folder as a labelled run (analysis/collect.ts): which spec profiles
// its records fill, and what each plans, on the SPT Table 4 fixture's smoke profile (test/fixtures/specs/) with a
// synthetic language table and synthetic records in the real format.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { collectRun } from "../../analysis/collect.ts";
import { planSpec } from "../../plan/plan.ts";
import { UsageError } from "../../core/errors.ts";
import { LanguageTable, parseMetaCsv } from "../../datasets/languages.ts";
import { SIB200_LANGUAGES } from "../../datasets/sib200.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec } from "../helpers/specs.ts";
import { writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = new LanguageTable(
  parseMetaCsv(
    "code,name,class,family,region,xlmr\n" + SIB200_LANGUAGES.map((c) => `${c},${c},1,F,R,1`).join("\n"),
    "meta",
  ),
);
const collect = (dir: string, label?: string) =>
  collectRun(dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } }, label);

describe("collecting a results folder", () => {
  test("a run with the profile's seeds is measured against the profile's plan, and a missing cell shows", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke" });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5, { only: (c) => c !== plan.cells[0] }));
    expect(run.tables.map((t) => [t.spec.id, t.profile, t.records.length, t.plan.cells.length])).toEqual([[
      spec.id,
      "smoke",
      plan.cells.length - 1,
      plan.cells.length,
    ]]);
    expect(run.label).toBe("0123456 wasm");
  });

  test("a --seeds run with other seeds than the profile's is measured against what it ran, not the profile", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke", seeds: [5, 6, 7] });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5), "other seeds");
    expect(run.seeds).toEqual([5, 6, 7]);
    expect(run.tables[0].records.length).toBe(plan.cells.length);
    expect(run.tables[0].plan.cells.length).toBe(plan.cells.length);
    expect(run.label).toBe("other seeds");
  });

  test("records that fill no spec profile are counted, not placed", async () => {
    const narrowed = planSpec(spec, langs, { profile: "smoke", langs: ["eng_Latn"] });
    const full = planSpec(spec, langs, { profile: "smoke" });
    const dir = writeRun(tempDir(), full, () => 0.5);
    writeRun(dir, narrowed, () => 0.5);
    const run = await collect(dir);
    expect([run.records, run.unplaced]).toEqual([full.cells.length + narrowed.cells.length, narrowed.cells.length]);
  });

  test("a missing folder and a folder without records are usage errors naming the folder", async () => {
    const missing = join(tempDir(), "nope");
    await expect(collect(missing)).rejects.toThrow(new UsageError(`${missing}: no such results folder`));
    const empty = tempDir();
    await expect(collect(empty)).rejects.toThrow(`${empty}: no result records`);
  });
});
