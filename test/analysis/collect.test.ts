// A results folder as a labelled run (analysis/collect.ts): which spec profiles
// its records fill, and what each plans, a run narrowed by --langs included, and what a partial run lacks, on the
// fixture specs' smoke profiles (test/fixtures/specs/) with a synthetic language table and synthetic records in the
// real format.
import { drawSeeds } from "../../core/seed.ts";
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { collectRun } from "../../analysis/collect.ts";
import { analyzeRecords } from "../../analysis/check.ts";
import { partialText } from "../../analysis/partial.ts";
import { kValues, planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";
import { ResultsStore } from "../../run/store.ts";
import { UsageError } from "../../core/errors.ts";

import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { fakeRecord, writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
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
    expect(partialText(run.tables[0].partial!)).toBe(
      `--seeds: seeds 5, 6, 7 (the profile's: ${drawSeeds(spec.profiles.smoke.seeds).join(", ")})`,
    );
  });

  test("a complete run is not partial", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke" });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5));
    expect(run.tables[0].partial).toBeNull();
  });

  test("an interrupted run is partial by the planned cells it lacks", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke" });
    const run = await collect(writeRun(tempDir(), plan, () => 0.5, { only: (c) => c !== plan.cells[0] }));
    expect(run.tables[0].partial).toMatchObject({ narrowed: [], cells: { planned: plan.cells.length, missing: 1 } });
  });

  test("a --langs run is placed in the plan of the languages it evaluated, its records matching the plan's ids", async () => {
    const narrowed = planSpec(spec, langs, { profile: "smoke", langs: ["deu_Latn", "eng_Latn"] });
    const run = await collect(writeRun(tempDir(), narrowed, () => 0.5));
    const t = run.tables[0];
    expect([run.unplaced, t.records.length]).toEqual([0, narrowed.cells.length]);
    expect(t.plan.cells.map((c) => c.id)).toEqual(narrowed.cells.map((c) => c.id));
    expect(t.plan.narrowed).toEqual(["--langs"]);
  });

  test("a --langs run is analysed as bench report analyses it", async () => {
    const narrowed = planSpec(spec, langs, { profile: "smoke", langs: ["deu_Latn", "eng_Latn"] });
    const acc = (c: Cell, l: string) => 0.3 + 0.1 * c.config.seed + (l === "eng_Latn" ? 0.2 : 0);
    const dir = writeRun(tempDir(), narrowed, acc);
    const run = await collect(dir);
    const records = narrowed.cells.map((c) => new ResultsStore(dir).read(c.id));
    const report = await analyzeRecords(narrowed, records, { fetch: { mirrors: [], cacheDir: tempDir() } });
    expect(run.tables[0].analysis.rows).toEqual(report.rows);
  });

  test("a --langs run's partial description names the target languages it lacks", async () => {
    const keep = ["deu_Latn", "eng_Latn"];
    const full = planSpec(spec, langs, { profile: "smoke" });
    const all = full.backbones[0].targets;
    const run = await collect(writeRun(tempDir(), planSpec(spec, langs, { profile: "smoke", langs: keep }), () => 0.5));
    const p = run.tables[0].partial!;
    expect(p.languages).toEqual({ ran: keep, planned: all, missing: all.filter((l) => !keep.includes(l)) });
    expect(partialText(p)).toStartWith(`--langs: target languages 2 of ${all.length} (missing: `);
  });

  test("a --langs run with one seed is re-planned with that seed, and lacks the profile's others", async () => {
    const narrowed = planSpec(spec, langs, { profile: "smoke", langs: ["eng_Latn"], seeds: [2] });
    const run = await collect(writeRun(tempDir(), narrowed, () => 0.5));
    const t = run.tables[0];
    expect(t.plan.cells.map((c) => c.id)).toEqual(narrowed.cells.map((c) => c.id));
    expect(t.partial!.narrowed).toEqual(["--seeds", "--langs"]);
    expect(t.partial!.seeds).toEqual({ ran: [2], planned: drawSeeds(spec.profiles.smoke.seeds), missing: [1] });
  });

  test("a --langs --k run of a spec with a k axis is re-planned with the k values it ran", async () => {
    const uni = fixtureSpec("fixture-uniprompt");
    const ks = kValues(uni, uni.profiles.smoke).ks;
    const narrowed = planSpec(uni, langs, { profile: "smoke", langs: ["de"], ks: [ks[0] as number] });
    const run = await collectRun(writeRun(tempDir(), narrowed, () => 0.5), [uni], langs, {
      fetch: { mirrors: [], cacheDir: tempDir() },
    });
    const t = run.tables[0];
    expect(t.plan.cells.map((c) => c.id)).toEqual(narrowed.cells.map((c) => c.id));
    expect(t.partial!.ks).toEqual({ ran: [ks[0]], planned: ks, missing: ks.slice(1) });
  });

  test("a --langs run of a full-supervision spec places its second stages and their first stage", async () => {
    const xpe = fixtureSpec("fixture-xpe-full");
    const full = planSpec(xpe, langs, { profile: "smoke" });
    const keep = full.backbones[0].targets.slice(0, 2);
    const narrowed = planSpec(xpe, langs, { profile: "smoke", langs: keep, seeds: [1] });
    const dir = writeRun(tempDir(), narrowed, () => 0.5);
    const store = new ResultsStore(dir);
    for (const c of narrowed.prerequisites) store.write(fakeRecord(c, () => 0.5));
    const run = await collectRun(dir, [xpe], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
    const t = run.tables[0];
    expect([run.unplaced, t.records.length, t.prerequisites.length]).toEqual([
      0,
      narrowed.cells.length,
      narrowed.prerequisites.length,
    ]);
    expect(t.partial!.languages.ran).toEqual(keep);
  });

  test("narrowed records beside a run on the profile's targets are left out, the full run placed", async () => {
    const narrowed = planSpec(spec, langs, { profile: "smoke", langs: ["eng_Latn"] });
    const full = planSpec(spec, langs, { profile: "smoke" });
    const dir = writeRun(tempDir(), full, () => 0.5);
    writeRun(dir, narrowed, () => 0.5);
    const run = await collect(dir);
    expect([run.records, run.unplaced]).toEqual([full.cells.length + narrowed.cells.length, narrowed.cells.length]);
    expect(run.tables[0].plan.cells.map((c) => c.id)).toEqual(full.cells.map((c) => c.id));
    expect(run.leftOut.map((l) => [l.reason, l.count])).toEqual([["shadowed", narrowed.cells.length]]);
    expect(run.leftOut[0].text).toContain(`${spec.id} (smoke)`);
  });

  test("of two narrowed runs on other languages, the larger is placed and the other left out", async () => {
    const two = planSpec(spec, langs, { profile: "smoke", langs: ["deu_Latn", "eng_Latn"] });
    const one = planSpec(spec, langs, { profile: "smoke", langs: ["fra_Latn"], seeds: [1] });
    const dir = writeRun(tempDir(), two, () => 0.5);
    writeRun(dir, one, () => 0.5);
    const run = await collect(dir);
    expect(run.tables[0].plan.cells.map((c) => c.id)).toEqual(two.cells.map((c) => c.id));
    expect(run.leftOut.map((l) => [l.reason, l.count])).toEqual([["shadowed", one.cells.length]]);
  });

  test("a missing folder and a folder without records are usage errors naming the folder", async () => {
    const missing = join(tempDir(), "nope");
    await expect(collect(missing)).rejects.toThrow(new UsageError(`${missing}: no such results folder`));
    const empty = tempDir();
    await expect(collect(empty)).rejects.toThrow(`${empty}: no result records`);
  });

  test("a table whose own cells are all recorded is complete, though a cell it shares has another spec's seeds too", async () => {
    // a one-seed table with one row more than fixture-spt, whose two-seed run fills the shared rows at both seeds
    const oneSeed = {
      ...spec,
      id: "fixture-one-seed",
      methods: [...spec.methods, { ...spec.methods[0], id: "extra", label: "Extra" }],
      profiles: { smoke: { ...spec.profiles.smoke, seeds: [1] } },
    };
    const dir = tempDir();
    writeRun(dir, planSpec(spec, langs, { profile: "smoke", seeds: [1, 2] }), () => 0.5);
    writeRun(dir, planSpec(oneSeed, langs, { profile: "smoke" }), () => 0.5);
    const run = await collectRun(dir, [oneSeed], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
    expect(run.tables[0].plan.cells.map((c) => c.config.seed)).toEqual(oneSeed.methods.map(() => 1));
    expect(run.tables[0].partial).toBeNull();
  });
});
