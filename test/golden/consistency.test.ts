// The papers' numbers as data: every golden file loads, and whatever a table
// lets us re-derive (averages from their rows, rows that one table repeats from
// another, which cell is bold) is re-derived, so that a typo in a golden file
// cannot hide. A documented inconsistency of the paper itself carries a note.
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadGolden } from "../../analysis/golden.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import { type GoldenCell, type GoldenFile } from "../../core/golden.ts";

const dir = join(PROJECT_ROOT, "golden");
const papers = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const load = (f: string): GoldenFile => loadGolden(join(dir, f))!;

const TABLES = [
  "uniprompt-table2",
  "uniprompt-table3",
  "uniprompt-table5",
  "mpt-tableI",
  "mpt-tableII",
  "spt-table1",
  "spt-table4",
  "xpe-table1",
  "xpe-table2",
  "xpe-table3",
];

/** Cells that share everything but the key (same row of a table). */
const rowOf = (c: GoldenCell) => [c.backbone, c.method, c.k ?? "", c.setting ?? "", c.measure ?? ""].join("|");
const half = (d: number | undefined) => (d === undefined ? 0 : 0.5 * 10 ** -d);

describe("golden files", () => {
  test("every results table of the four papers has a golden file, and every golden file is a shipped spec's", () => {
    // a table added later (a spec and its golden file) changes no list here; a stray golden file still fails
    const ids = papers.map((f) => f.replace(/\.json$/, ""));
    expect(ids).toEqual(expect.arrayContaining(TABLES));
    const specs = loadSpecDir(join(PROJECT_ROOT, "specs")).map((s) => s.id);
    expect(ids.filter((id) => !specs.includes(id))).toEqual([]);
  });

  test.each(papers)("%s loads and names its paper, table and caption", (f) => {
    const g = load(f);
    expect(g.profile).toBe("paper");
    expect(`${g.paper}-${g.table}`).toBe(f.replace(/\.json$/, ""));
    expect(g.caption!.length).toBeGreaterThan(10);
    expect(g.cells.length).toBeGreaterThan(0);
  });

  test.each(papers)("%s: language cells carry an ISO 639-3 code; cited cells say where from", (f) => {
    for (const c of load(f).cells) {
      if (c.kind === "language") expect(c.iso639_3 ?? `missing for ${c.key}`).toMatch(/^[a-z]{3}$/);
      if (c.cited) expect(c.citedFrom ?? `missing for ${rowOf(c)}`).not.toMatch(/^missing/);
    }
  });

  test.each(papers)("%s: every printed average re-derives from its row within rounding", (f) => {
    const g = load(f);
    const byRow = new Map<string, Map<string, GoldenCell>>();
    for (const c of g.cells) (byRow.get(rowOf(c)) ?? byRow.set(rowOf(c), new Map()).get(rowOf(c))!).set(c.key, c);
    const bad: string[] = [];
    for (const c of g.cells.filter((x) => x.averageOf && x.mean !== null)) {
      const members = c.averageOf!.map((k) => byRow.get(rowOf(c))?.get(k));
      expect(members.every(Boolean)).toBe(true);
      const values = members.map((m) => m!.mean!);
      const mean = values.reduce((s, x) => s + x, 0) / values.length;
      const tol = half(c.decimals) + Math.max(...members.map((m) => half(m!.decimals))) + 1e-9;
      if (Math.abs(mean - c.mean!) > tol && !/average/i.test(c.note ?? "")) {
        bad.push(`${rowOf(c)} ${c.key}: printed ${c.mean}, row gives ${mean.toFixed(4)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("tables against their own structure", () => {
  test("MPT Table I: 9 shot counts x 4 methods x (15 languages + Avg.)", () => {
    const g = load("mpt-tableI.json");
    expect(new Set(g.cells.map((c) => c.k))).toEqual(new Set([1, 2, 4, 8, 16, 32, 64, 128, 256]));
    expect(g.cells.length).toBe(9 * 4 * 16);
  });

  test("MPT Table II repeats Table I's 64-shot MPT and SP rows", () => {
    const t1 = load("mpt-tableI.json").cells.filter((c) => c.k === 64);
    const t2 = load("mpt-tableII.json").cells.filter((c) => c.measure === undefined);
    for (const [ablation, original] of [["mpt", "mpt"], ["mpt-wo-mpt-framework", "sp"]]) {
      const row = (cells: GoldenCell[], m: string) =>
        Object.fromEntries(cells.filter((c) => c.method === m).map((c) => [c.key, c.mean]));
      expect(row(t2, ablation)).toEqual(row(t1, original));
    }
  });

  test("MPT Table II: a p-value for every ablation row, none for the original", () => {
    const p = load("mpt-tableII.json").cells.filter((c) => c.measure === "p-value");
    expect(p.filter((c) => c.mean !== null).map((c) => c.method).sort()).toEqual([
      "mpt-wo-consistency-loss",
      "mpt-wo-external-data",
      "mpt-wo-mpt-framework",
      "mpt-wo-prompt-translator",
    ]);
    for (const c of p) if (c.mean !== null) expect(c.mean).toBeLessThan(0.01);
  });

  test("UniPrompt: the full model's 16-shot row is the same in Tables 2, 3 and 5", () => {
    const row = (f: string, pick: (c: GoldenCell) => boolean) =>
      Object.fromEntries(load(f).cells.filter(pick).map((c) => [c.key, c.mean]));
    const t2 = row("uniprompt-table2.json", (c) => c.method === "uniprompt" && c.k === 16);
    expect(Object.keys(t2).length).toBe(6);
    expect(row("uniprompt-table3.json", (c) => c.setting === "init:xlm-roberta-base")).toEqual(t2);
    expect(row("uniprompt-table5.json", (c) => c.setting === "labels:soft-our-init")).toEqual(t2);
  });

  test("SPT Table 4: 38 BLOOM and 30 XGLM languages per column, 4 seeds, with std", () => {
    const s = load("spt-table4.json");
    const count = (bb: string) => s.cells.filter((c) => c.backbone.startsWith(bb) && c.method === "spt-mf").length;
    expect([
      count("bigscience/bloom-560m"),
      count("bigscience/bloom-1b1"),
      count("facebook/xglm-564M"),
      count("facebook/xglm-1.7B"),
    ]).toEqual([38, 38, 30, 30]);
    expect(s.cells.every((c) => c.n === 4 && c.std != null)).toBe(true);
    const en = s.cells.find((c) =>
      c.backbone.startsWith("bigscience/bloom-560m") && c.method === "spt-nomf" && c.key === "eng_Latn"
    )!;
    expect([en.mean, en.std, en.bold]).toEqual([75.0, 5.87, true]);
  });

  test("SPT Table 1: 4 backbones x 2 settings x 7 correlates, each within [-1, 1]", () => {
    const g = load("spt-table1.json");
    expect(g.cells.length).toBe(56);
    expect(new Set(g.cells.map((c) => c.key))).toEqual(new Set(["data", "syn", "geo", "inv", "gen", "phon", "fea"]));
    for (const c of g.cells) expect(Math.abs(c.mean!)).toBeLessThanOrEqual(1);
  });

  test("bold marks the best of each column where the paper says so, or the cell says why not", () => {
    // MPT Table I bolds the best method per (shots, language); SPT Table 4 the better of w/ and w/o MF.
    for (const f of ["mpt-tableI.json", "spt-table4.json"]) {
      const groups = new Map<string, GoldenCell[]>();
      for (const c of load(f).cells) {
        const k = [c.backbone, c.k ?? "", c.key].join("|");
        (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
      }
      const bad: string[] = [];
      for (const [k, cells] of groups) {
        const best = Math.max(...cells.map((c) => c.mean!));
        for (const c of cells) {
          const ok = c.bold
            ? c.mean === best
            : c.mean !== best || cells.some((o) => o.bold && o.mean === best) || cells.every((o) => !o.bold);
          if (!ok && !/bold/i.test(c.note ?? "")) {
            bad.push(`${f} ${k} ${c.method}: ${c.mean} bold=${c.bold} (best ${best})`);
          }
        }
      }
      expect(bad).toEqual([]);
    }
  });

  test("XPE: the spec's slice of Table 1 is the EnArZho rows", () => {
    const g = load("xpe-table1.json");
    expect(g.spec).toBe("xpe-table1");
    const legible = g.cells.filter((c) => c.setting === "source:EnArZho" && c.mean !== null);
    expect(legible.map((c) => `${c.method}:${c.key}:${c.mean}`).sort()).toEqual(
      [
        "spt:low-performing:35.2",
        "spt:unseen:54.8",
        "xpe:all-wo-j5:66.2",
        "xpe:low-performing:35.3",
        "xpe:seen-wo-j5:82.6",
        "xpe:unseen:53.7",
      ],
    );
  });
});
