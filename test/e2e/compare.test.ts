// `bench compare A B` as a user (or CI) runs it: two results folders of real
// spt-table4 smoke cells (the real language table's plan, so the real cell
// ids; records synthetic, in the real format), through the command line.
import { beforeAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { type Plan, planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import { type LanguageTable, loadLanguages } from "../../datasets/languages.ts";
import type { Spec } from "../../core/spec.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { noise, writeRun } from "../helpers/records.ts";
import { benchProcess } from "../helpers/cli.ts";

const CACHE = tempDir("xlt-compare-cache-");
// each call is a process that loads every spec and plans it for both folders (about a second; more on a busy machine)
const T = 30_000;

function bench(args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  return benchProcess(args, { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE });
}

// accuracy per method and language, with a little seed noise
const acc = (c: Cell, lang: string, salt = 0) =>
  (c.row.method === "spt-mf" ? 0.62 : 0.41) + (lang.charCodeAt(1) % 5) / 100 +
  0.006 * noise(c.config.seed, lang.charCodeAt(0) + salt);

describe.skipIf(!HAS_MIRROR)("bench compare (uses the shared mirror)", () => {
  let plan: Plan;
  // the tables that share the written cells (spt-table4 and the figures that plan some of them), and their rows that do
  let shared: { table: string; rows: number; nomf: boolean }[];
  let main: string, same: string, worse: string, other: string, oneSeed: string;
  let specs: Spec[], langs: LanguageTable;
  beforeAll(async () => {
    specs = loadSpecDir(join(PROJECT_ROOT, "specs"));
    langs = await loadLanguages({ mirrors: [MIRROR], cacheDir: CACHE });
    plan = planSpec(specs.find((s) => s.id === "spt-table4")!, langs, { profile: "smoke", seeds: [1, 2, 3] });
    const written = new Set(plan.cells.map((c) => c.id));
    // (a derived spec, a figure or correlations over another spec's cells, is compared there, not on its own)
    shared = specs.filter((s) => !s.derivedFrom).flatMap((s) => {
      const cells = planSpec(s, langs, { profile: "smoke" }).cells.filter((c) => written.has(c.id));
      const rows = new Set(cells.map((c) => [c.row.method, c.row.source, c.row.k, c.row.x].join("|")));
      const nomf = cells.some((c) => c.row.method === "spt-nomf");
      return cells.length ? [{ table: `${s.id} smoke`, rows: rows.size, nomf }] : [];
    });
    // one cell of another paper's table: no table in common with the others
    const uni = planSpec(specs.find((s) => s.id === "uniprompt-table2")!, langs, { profile: "smoke" });
    other = writeRun(tempDir(), uni, () => 0.5, { only: (c) => c === uni.cells[0] });
    main = writeRun(tempDir(), plan, (c, l) => acc(c, l));
    same = writeRun(tempDir(), plan, (c, l) => acc(c, l));
    // w/o MF lost about 10 points on every language; w/ MF only moved within its noise
    worse = writeRun(
      tempDir(),
      plan,
      (c, l) => acc(c, l, c.row.method === "spt-mf" ? 9 : 0) - (c.row.method === "spt-nomf" ? 0.1 : 0),
      { commit: "fedcba9876543210fedcba9876543210fedcba98" },
    );
    // B ran one seed, 10 points worse on every cell: too few seeds to test anything
    const seed1 = planSpec(plan.spec, langs, { profile: "smoke", seeds: [1] });
    oneSeed = writeRun(tempDir(), seed1, (c, l) => acc(c, l) - 0.1);
  });

  test("a cell made worse on purpose: exit 1, naming it, and the HTML page written into B", async () => {
    const r = await bench(["compare", main, worse]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("WORSE "));
    // w/o MF in spt-table4, and in any other table of specs/ that shares its cells
    expect(lines.map((l) => l.split(" ")[1])).toEqual(shared.filter((t) => t.nomf).map((t) => t.table.split(" ")[0]));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^WORSE spt-table4 smoke w\/o MF all: A \d+\.\d\d -> B \d+\.\d\d \(-\d+\.\d\d, p_worse Holm [\d.e-]+\)$/,
      ),
    );
    expect(r.stdout).toContain(
      "not compared: spt-table1 (smoke): correlations of spt-table4's accuracies: compared there",
    );
    const html = join(worse, "reports", "compare.html");
    expect(r.stdout).toContain(`wrote ${html}`);
    expect(readFileSync(html, "utf8")).toContain('<span class="v-worse">worse</span>');
  }, T);

  test("two identical runs: exit 0, nothing worse", async () => {
    const r = await bench(["compare", main, same, "--html", join(tempDir(), "page.html")]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("WORSE");
    // spt-table4's cells, and its w/ MF cells in the figures that share them (spt-fig3, -4, -5), counted from the specs
    expect(shared.map((t) => t.table)).toEqual(
      expect.arrayContaining(["spt-fig3 smoke", "spt-fig4 smoke", "spt-fig5 smoke", "spt-table4 smoke"]),
    );
    const identical = shared.reduce((n, t) => n + t.rows, 0);
    expect(r.stdout).toContain(
      `\n${shared.length} table(s), 0 cell(s) tested: 0 worse, 0 better, 0 no significant change; ${identical} identical on every seed (not tested); 0 not tested\n`,
    );
  }, T);

  test("--json parses: the runs, margin, alpha, tables with rows, the worse list and the exit code", async () => {
    const page = join(tempDir(), "c.html");
    const r = await bench([
      "compare",
      main,
      worse,
      "--json",
      "--margin",
      "2",
      "--label-a",
      "main",
      "--label-b",
      "branch",
      "--html",
      page,
    ]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect([j.runs.a.label, j.runs.b.label, j.margin, j.alpha, j.exitCode, j.html]).toEqual([
      "main",
      "branch",
      2,
      0.05,
      1,
      page,
    ]);
    expect(j.runs.b.commits).toEqual(["fedcba9876543210fedcba9876543210fedcba98"]);
    expect(j.tables.map((t: { spec: string; profile: string }) => `${t.spec} ${t.profile}`)).toEqual(
      shared.map((t) => t.table),
    );
    expect(
      j.tables.find((t: { spec: string }) => t.spec === "spt-table4").rows.filter((x: { methodLabel: string }) =>
        ["w/ MF", "w/o MF"].includes(x.methodLabel)
      ).map((
        x: { methodLabel: string; verdict: string; test: string; nA: number },
      ) => [x.methodLabel, x.test, x.nA, x.verdict]),
    ).toEqual([
      ["w/ MF", "paired", 3, "no significant change"],
      ["w/o MF", "paired", 3, "worse"],
    ]);
    expect(j.worse.map((w: { methodLabel: string; key: string }) => `${w.methodLabel} ${w.key}`)).toEqual(
      shared.filter((t) => t.nomf).map(() => "w/o MF all"),
    );
    expect(existsSync(page)).toBe(true);
  }, T);

  test("a missing folder or a wrong call: exit 2, naming the folder", async () => {
    const missing = join(tempDir(), "no-such-run");
    const [r, one, bad] = await Promise.all([
      bench(["compare", main, missing]),
      bench(["compare", main]),
      bench(["compare", main, same, "--margin", "x"]),
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(missing);
    expect(one.code).toBe(2);
    expect(one.out).toContain("expected two results folders");
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--margin");
  }, T);

  test("B of one seed, 10 points worse: exit 3 (inconclusive), naming each cell it could not test", async () => {
    const r = await bench(["compare", main, oneSeed, "--html", join(tempDir(), "c.html")]);
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain("compare: inconclusive: ");
    expect(r.out).toMatch(
      /\n {2}spt-table4 smoke w\/o MF all: A \d+\.\d\d -> B \d+\.\d\d \(-\d+\.\d\d\): fewer than 2 seeds to compare \(A: 1,2,3; B: 1\)/,
    );
    expect(r.out).not.toContain("WORSE");
    const j = await bench(["compare", main, oneSeed, "--json", "--html", join(tempDir(), "c.html")]);
    expect(j.code).toBe(3);
    const json = JSON.parse(j.stdout);
    expect(json.exitCode).toBe(3);
    expect(json.untested.map((u: { name: string }) => u.name)).toContain("spt-table4 smoke w/o MF all");
    expect(json.untested.every((u: { nA: number; nB: number }) => u.nA === 3 && u.nB === 1)).toBe(true);
  }, T);

  test("bad input (an unreadable record, --html a folder): exit 2, one line naming it, no stack", async () => {
    const broken = tempDir();
    cpSync(same, broken, { recursive: true });
    const [first] = readdirSync(join(broken, "cells"));
    writeFileSync(join(broken, "cells", first), '{"cellId": "');
    const [r, html] = await Promise.all([
      bench(["compare", main, broken]),
      bench(["compare", main, same, "--html", tempDir()]),
    ]);
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`error: ${join(broken, "cells", first)}: unreadable result record`);
    expect(html.code, html.out).toBe(2);
    expect(html.out).toContain("error: --html ");
    for (const x of [r, html]) expect(x.out).not.toMatch(/\n\s+at |compare failed/);
  }, T);

  test(
    "no table in common: exit 3, naming each run's tables, partial ones marked, and why records are left out",
    async () => {
      const uni = planSpec(specs.find((s) => s.id === "uniprompt-table2")!, langs, { profile: "smoke" });
      const kept = uni.backbones[0].targets[0];
      const narrowed = planSpec(uni.spec, langs, { profile: "smoke", langs: [kept] });
      const dir = writeRun(tempDir(), narrowed, () => 0.5);
      const dev = planSpec(plan.spec, langs, { profile: "smoke", seeds: [1], evalSplit: "dev" });
      writeRun(dir, dev, () => 0.5);
      const r = await bench(["compare", main, dir]);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/; B: [^;]*uniprompt-table2 \(smoke, partial\)/);
      expect(r.out).toContain("    uniprompt-table2 (smoke) partial: --langs: target languages 1 of ");
      expect(r.out).toContain(
        `    ${dev.cells.length} left out: ${dev.cells.length} evaluated on the dev split (--eval-split dev)`,
      );
    },
    T,
  );

  test("two runs with no table in common: exit 3 (inconclusive)", async () => {
    const r = await bench(["compare", main, other]);
    expect(r.code).toBe(3);
    expect(r.out).toContain("no table is in both runs (A: ");
  }, T);
});
