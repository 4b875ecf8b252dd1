// bench compare's logic: two results folders of the SPT Table 4 fixture's smoke profile (test/fixtures/specs/)
// (synthetic records in the real format, a synthetic language table), compared
// cell by cell.
import { describe, expect, test } from "bun:test";
import { collectRun, type ResultsRun } from "../../analysis/collect.ts";
import { compareRuns } from "../../analysis/compare-runs.ts";
import { type CellComparison, compareCell } from "../../analysis/compare-cell.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";
import { tQuantile } from "../../analysis/stats/index.ts";

import { comparePage, differenceChart, renderComparePage } from "../../reports/compare-page.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { noise, writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const plan = (seeds: number[]) => planSpec(spec, langs, { profile: "smoke", seeds });
// no mirror: the fixture is no correlation spec, so collecting it needs no typology
const collect = (dir: string, label?: string) =>
  collectRun(dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } }, label);

/** Accuracy of a cell in a language: per method and language a base, plus seed noise of ±0.5 points. */
const base = (cell: Cell, lang: string, salt = 0) =>
  (cell.row.method === "spt-mf" ? 0.6 : 0.45) + (lang.charCodeAt(0) % 7) / 100 +
  0.005 * noise(cell.config.seed, lang.charCodeAt(1) + salt);

async function runs(
  seedsA: number[],
  seedsB: number[],
  accB: (cell: Cell, lang: string) => number,
  o: { backendB?: string } = {},
): Promise<[ResultsRun, ResultsRun]> {
  const a = writeRun(tempDir(), plan(seedsA), (c, l) => base(c, l), { quantize: false });
  const b = writeRun(tempDir(), plan(seedsB), accB, { quantize: false, backend: o.backendB });
  return [await collect(a, "main"), await collect(b, "branch")];
}

const cell = (c: { tables: { rows: CellComparison[] }[] }, method: string) =>
  c.tables[0].rows.find((r) => r.method === method && r.key === "all")!;

describe("bench compare: two results folders, cell by cell", () => {
  test("identical runs: every cell is identical on every seed, untested and out of the Holm family, and nothing is worse", async () => {
    const [a, b] = await runs([1, 2], [1, 2], (c, l) => base(c, l));
    expect(a.tables.map((t) => [t.spec.id, t.profile, t.analysis.correlations])).toEqual([[
      spec.id,
      "smoke",
      undefined,
    ]]);
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(c.tables).toHaveLength(1);
    expect(c.tables[0].family).toBe(0);
    expect(c.tables[0].rows.map((r) => [r.methodLabel, r.key, r.test, r.difference, r.pWorse, r.pWorseHolm, r.verdict]))
      .toEqual([
        ["w/ MF", "all", "paired", 0, null, null, "identical"],
        ["w/o MF", "all", "paired", 0, null, null, "identical"],
      ]);
    expect(cell(c, "spt-mf").notes.join()).toContain("identical on every seed");
    expect(cell(c, "spt-mf").ci).toBeNull();
    expect(c.tables[0].languages).toHaveLength(spec.methods.length * spec.profiles.smoke.languages!.length);
    expect(c.tables[0].languages.every((l) => l.difference === 0)).toBe(true);
    expect(c.counts).toMatchObject({
      tables: 1,
      tested: 0,
      worse: 0,
      better: 0,
      unchanged: 0,
      identical: 2,
      notTested: 0,
    });
    expect(c.worse).toEqual([]);
    expect(c.warnings).toEqual([]);
  });

  test("a cell the change does not reach stays out of the Holm family of the cells it does reach", async () => {
    const [a, b] = await runs(
      [1, 2, 3],
      [1, 2, 3],
      (c, l) => base(c, l) - (c.row.method === "spt-mf" ? 0.1 + 0.01 * c.config.seed : 0),
    );
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(c.tables[0].family).toBe(1);
    expect(cell(c, "spt-nomf").verdict).toBe("identical");
    // alone in its family, the Holm-adjusted p is the raw one
    expect(cell(c, "spt-mf").pWorseHolm).toBe(cell(c, "spt-mf").pWorse);
  });

  test("one method row made 10 points worse (3 seeds, small noise): that cell, and only it, is worse", async () => {
    const [a, b] = await runs([1, 2, 3], [1, 2, 3], (c, l) => base(c, l, 17) - (c.row.method === "spt-mf" ? 0.1 : 0));
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    const mf = cell(c, "spt-mf"), nomf = cell(c, "spt-nomf");
    expect(mf.verdict).toBe("worse");
    expect(mf.difference!).toBeCloseTo(-10, 0);
    expect(mf.pWorseHolm!).toBeLessThan(0.01);
    expect(mf.ci![1]).toBeLessThan(-1);
    expect(mf.effect!.kind).toBe("d_z");
    expect(mf.effect!.value).toBeLessThan(-3);
    expect(nomf.verdict).toBe("no significant change");
    expect(c.worse.map((w) => [w.spec, w.profile, w.methodLabel, w.key])).toEqual([[
      spec.id,
      "smoke",
      "w/ MF",
      "all",
    ]]);
    // per-language rows are described, not tested
    expect(c.tables[0].languages.filter((l) => l.method === "spt-mf").every((l) => l.difference! < -8)).toBe(true);
    expect(c.tables[0].rows.every((r) => r.key === "all")).toBe(true);
  });

  test("a change smaller than the margin is not worse; with margin 0 the same change is", async () => {
    const [a, b] = await runs([1, 2, 3], [1, 2, 3], (c, l) => base(c, l, 17) - (c.row.method === "spt-mf" ? 0.005 : 0));
    const at1 = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(cell(at1, "spt-mf").difference!).toBeCloseTo(-0.5, 0);
    expect(cell(at1, "spt-mf").verdict).toBe("no significant change");
    expect(cell(at1, "spt-mf").pWorse!).toBeGreaterThan(0.5);
    expect(at1.worse).toEqual([]);
    const at0 = compareRuns(a, b, { margin: 0, alpha: 0.05 });
    expect(cell(at0, "spt-mf").verdict).toBe("worse");
  });

  test("seeds that do not match: Welch, and the note says so", async () => {
    const [a, b] = await runs([1, 2], [3, 4], (c, l) => base(c, l));
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    const mf = cell(c, "spt-mf");
    expect(mf.test).toBe("welch");
    expect(mf.notes).toContain("seeds do not match (A: 1,2; B: 3,4): Welch");
    expect([mf.a.seeds, mf.b.seeds]).toEqual([[1, 2], [3, 4]]);
    expect(mf.effect?.kind).toBe("g");
    expect(mf.verdict).toBe("no significant change");
  });

  test("paired over the common seeds, naming the seeds only one side ran", async () => {
    const [a, b] = await runs([1, 2, 3], [1, 2], (c, l) => base(c, l, 5));
    const mf = cell(compareRuns(a, b, { margin: 1, alpha: 0.05 }), "spt-mf");
    expect([mf.test, mf.n, mf.nA, mf.nB]).toEqual(["paired", 2, 3, 2]);
    expect(mf.notes[0]).toBe("paired over the 2 common seeds (1,2); only A ran 3 (not in the test)");
  });

  test("fewer than 2 seeds: not tested, with the reason, and a warning that nothing was checked", async () => {
    const [a, b] = await runs([1], [1], (c, l) => base(c, l) - 0.2);
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(c.tables[0].rows.map((r) => r.verdict)).toEqual(["not tested", "not tested"]);
    expect(cell(c, "spt-mf").notes[0]).toStartWith("fewer than 2 seeds to compare (A: 1; B: 1): no test");
    expect(cell(c, "spt-mf").difference!).toBeCloseTo(-20, 6);
    expect(c.counts).toMatchObject({ tested: 0, worse: 0, notTested: 2 });
    expect(c.warnings.join()).toContain("no cell could be tested");
  });

  test("runs on different backends are compared, with a warning", async () => {
    const [a, b] = await runs([1, 2], [1, 2], (c, l) => base(c, l), { backendB: "webgpu" });
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(c.warnings[0]).toStartWith("A ran on wasm, B on webgpu");
    expect([c.a.label, c.b.label, c.a.backends, c.b.backends]).toEqual(["main", "branch", ["wasm"], ["webgpu"]]);
  });
});

describe("bench compare with a partial run: compared on what both ran", () => {
  const narrowed = (seeds: number[], keep: string[]) => planSpec(spec, langs, { profile: "smoke", seeds, langs: keep });
  const keep = ["deu_Latn", "eng_Latn"];
  const twoRuns = async (b: ReturnType<typeof plan>) =>
    [
      await collect(writeRun(tempDir(), plan([1, 2, 3]), (c, l) => base(c, l), { quantize: false }), "main"),
      await collect(writeRun(tempDir(), b, (c, l) => base(c, l) - 0.1, { quantize: false }), "langs"),
    ] as const;

  test("a group row B averages over fewer languages (a --langs run) is not tested, the note naming the difference", async () => {
    const [a, b] = await twoRuns(narrowed([1, 2, 3], keep));
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    const all = spec.profiles.smoke.languages!.length;
    expect(c.tables[0].rows.map((r) => [r.key, r.verdict, r.pWorse, r.difference])).toEqual([
      ["all", "not tested", null, null],
      ["all", "not tested", null, null],
    ]);
    expect(cell(c, "spt-mf").notes).toEqual([
      `B averages 2 of the group's ${all} languages (a --langs run): not tested, its averages are over different languages; the per-language rows compare what both ran`,
    ]);
    expect([c.tables[0].family, c.counts.worse]).toEqual([0, 0]);
  });

  test("a --langs run's per-language rows are compared with the same languages of the full run", async () => {
    const [a, b] = await twoRuns(narrowed([1, 2, 3], keep));
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    const both = c.tables[0].languages.filter((l) => l.difference !== null);
    expect(both.map((l) => l.key).sort()).toEqual([...keep, ...keep].sort());
    for (const l of both) expect(l.difference!).toBeCloseTo(-10, 6);
  });

  test("two runs narrowed to the same languages test their group rows", async () => {
    const a = await collect(writeRun(tempDir(), narrowed([1, 2, 3], keep), (c, l) => base(c, l)), "a");
    const b = await collect(writeRun(tempDir(), narrowed([1, 2, 3], keep), (c, l) => base(c, l) - 0.1), "b");
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05 });
    expect(c.tables[0].rows.map((r) => r.verdict)).toEqual(["worse", "worse"]);
  });

  test("the table says which side is partial and what it lacks", async () => {
    const [a, b] = await twoRuns(narrowed([1, 2, 3], keep));
    const t = compareRuns(a, b, { margin: 1, alpha: 0.05 }).tables[0];
    expect(t.partial.a).toBeNull();
    expect(t.partial.b).toMatchObject({ narrowed: ["--seeds", "--langs"], languages: { ran: keep } });
  });

  test("with several target groups, each group row says how B's languages differ; one B has none of is named so", async () => {
    const xpe = fixtureSpec("fixture-xpe-full");
    const full = planSpec(xpe, langs, { profile: "smoke" });
    const groups = full.backbones[0].groups;
    const lang = full.backbones[0].targets[0];
    // the fixture has a group without it and one with others beside it, so both notes show
    expect(Object.values(groups).some((m) => !m.includes(lang))).toBe(true);
    expect(Object.values(groups).some((m) => m.includes(lang) && m.length > 1)).toBe(true);
    const collectXpe = (dir: string) => collectRun(dir, [xpe], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
    const a = await collectXpe(writeRun(tempDir(), full, () => 0.5));
    const b = await collectXpe(
      writeRun(tempDir(), planSpec(xpe, langs, { profile: "smoke", langs: [lang] }), () => 0.5),
    );
    const notes = Object.fromEntries(
      compareRuns(a, b, { margin: 1, alpha: 0.05 }).tables[0].rows.map((r) => [r.key, r.notes[0]]),
    );
    for (const [group, members] of Object.entries(groups)) {
      expect(notes[group]).toStartWith(
        members.includes(lang)
          ? `B averages 1 of the group's ${members.length} languages (a --langs run): not tested`
          : `B evaluates none of the group's ${members.length} languages (a --langs run): not tested`,
      );
    }
  });

  test("records that fill no table are a warning with their reasons", async () => {
    const [a] = await twoRuns(plan([1, 2]));
    const dir = writeRun(tempDir(), plan([1, 2]), (c, l) => base(c, l));
    writeRun(dir, planSpec(spec, langs, { profile: "smoke", seeds: [1], evalSplit: "dev" }), () => 0.5);
    const c = compareRuns(a, await collect(dir), { margin: 1, alpha: 0.05 });
    expect(c.warnings).toContain(
      `B holds ${spec.methods.length} record(s) that fill no table, not compared: ${spec.methods.length} evaluated on the dev split (--eval-split dev)`,
    );
  });
});

describe("one cell's test against hand-computed numbers", () => {
  const row = { backbone: "b", method: "m", methodLabel: "M", setting: "", k: null, x: null, key: "all" };

  test("paired: differences −1, −2, 0 give t = −√3 on 2 df, d_z = −1, CI −1 ± t(0.975, 2)·(1/√3)", () => {
    const r = compareCell(
      row,
      { seeds: [1, 2, 3], values: [70, 72, 74] },
      { seeds: [1, 2, 3], values: [69, 70, 74] },
      1,
    );
    expect(r.test).toBe("paired");
    expect(r.difference!).toBeCloseTo(-1, 12);
    expect(r.df).toBe(2);
    expect(r.t!).toBeCloseTo(-Math.sqrt(3), 10);
    // t distribution on 2 df: P(T > t) = (1 − t / √(t² + 2)) / 2
    expect(r.p!).toBeCloseTo(1 - Math.sqrt(3) / Math.sqrt(5), 10);
    expect(r.ci![0]).toBeCloseTo(-1 - 4.302652729911275 / Math.sqrt(3), 8);
    expect(r.ci![1]).toBeCloseTo(-1 + 4.302652729911275 / Math.sqrt(3), 8);
    expect(r.effect).toEqual({ kind: "d_z", value: -1 });
    // worse: H1 μ < −1; the estimate is exactly −1, so t = 0 and p = 0.5
    expect(r.pWorse!).toBeCloseTo(0.5, 12);
  });

  test("Welch: A 70, 72, 74 (seeds 1-3) and B 66, 68 (seeds 4, 5): se √(7/3), Satterthwaite df 49/17, Hedges' g −1.9917", () => {
    const r = compareCell(row, { seeds: [1, 2, 3], values: [70, 72, 74] }, { seeds: [4, 5], values: [66, 68] }, 1);
    expect(r.test).toBe("welch");
    expect(r.difference).toBe(-5);
    expect(r.df!).toBeCloseTo(49 / 17, 10);
    expect(r.t!).toBeCloseTo(-5 / Math.sqrt(7 / 3), 10);
    const half = tQuantile(0.975, 49 / 17) * Math.sqrt(7 / 3);
    expect(r.ci![0]).toBeCloseTo(-5 - half, 8);
    expect(r.ci![1]).toBeCloseTo(-5 + half, 8);
    // pooled sd √(10/3), d = −5 / √(10/3) = −2.7386, J = 1 − 3/11
    expect(r.effect!.kind).toBe("g");
    expect(r.effect!.value).toBeCloseTo((-5 / Math.sqrt(10 / 3)) * (8 / 11), 10);
    expect(r.effect!.value).toBeCloseTo(-1.9917, 4);
  });

  test("no variance on either side (Welch): not tested, whether the difference is beyond −margin or within it", () => {
    for (const b of [[68, 68], [69.5, 69.5], [0.69 * 100, 0.69 * 100]]) {
      const r = compareCell(row, { seeds: [1, 2], values: [70, 70] }, { seeds: [3, 4], values: b }, 1);
      expect([r.verdict, r.pWorse, r.p, r.effect, r.ci]).toEqual(["not tested", null, null, null, null]);
      expect(r.notes[1]).toEndWith(": no variance to test");
    }
  });

  test("a cell only one run has is listed, not tested", () => {
    const r = compareCell(row, { seeds: [1, 2], values: [70, 71] }, { seeds: [], values: [] }, 1);
    expect([r.verdict, r.meanB, r.difference, r.notes[0]]).toEqual([
      "not tested",
      null,
      null,
      "only in A (seeds 1,2): no test",
    ]);
  });
});

describe("the HTML page", () => {
  test("both runs, the method, the tested cells with verdicts, the chart with the −margin line, every label escaped", async () => {
    const [a, b] = await runs([1, 2, 3], [1, 2, 3], (c, l) => base(c, l, 17) - (c.row.method === "spt-mf" ? 0.1 : 0));
    a.label = "<main & co>";
    const c = compareRuns(a, b, { margin: 1.5, alpha: 0.05 });
    const chart = differenceChart(c.tables[0], 1.5) as unknown as {
      layer: { encoding: { x: { datum?: number } } }[];
      data: { values: { verdict: string }[] };
    };
    expect(chart.layer.map((l) => l.encoding.x.datum)).toContain(-1.5);
    expect(chart.data.values.map((v) => v.verdict)).toEqual(["worse", "no significant change"]);
    const html = await renderComparePage(c);
    expect(html).toContain("&lt;main &amp; co&gt;");
    expect(html).not.toContain("<main & co>");
    expect(html).toContain("<svg");
    expect(html).toContain('<span class="v-worse">worse</span>');
    expect(html).toContain("Per-language differences (16 rows; described, not tested)");
    expect(html).toContain("Holm");
    expect(html).not.toContain("<script");
    // without charts the page still renders
    expect(comparePage(c, [])).toContain("1 cell(s) significantly worse");
  });

  test("a partial side is marked on the page with what it lacks, and left-out records with their reasons", async () => {
    const a = await collect(writeRun(tempDir(), plan([1, 2]), (c, l) => base(c, l)), "main");
    const dir = writeRun(tempDir(), planSpec(spec, langs, { profile: "smoke", langs: ["eng_Latn"] }), () => 0.5);
    writeRun(dir, planSpec(spec, langs, { profile: "smoke", seeds: [1], evalSplit: "dev" }), () => 0.5);
    const html = comparePage(compareRuns(a, await collect(dir), { margin: 1, alpha: 0.05 }), []);
    expect(html).toContain('<div class="warn partial"><p>B partial: --langs: target languages 1 of ');
    expect(html).toContain(
      `<td>${spec.methods.length}: ${spec.methods.length} evaluated on the dev split (--eval-split dev)</td>`,
    );
  });
});
