// `bench compare A B --equivalence MARGIN` as CI runs it: exit 0 when every cell is shown equivalent, 1 when one
// is worse, 3 when one could not be decided (a cell not shown equivalent; a constant difference), and 2 when a
// cell drew other examples in B (split manifests). Results folders of real spt-table4 smoke cells (the real
// language table's plan, so the real cell ids; records synthetic, in the real format), through the command line.
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { type Plan, planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import { loadLanguages } from "../../datasets/languages.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { noise, writeRun } from "../helpers/records.ts";
import { benchProcess } from "../helpers/cli.ts";

const CACHE = tempDir("xlt-compare-gate-cache-");
const T = 30_000;

function bench(args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  return benchProcess([...args, "--html", join(tempDir(), "c.html")], {
    ...process.env,
    XLT_DATA_MIRRORS: MIRROR,
    XLT_CACHE_DIR: CACHE,
  });
}

const acc = (c: Cell, lang: string) =>
  (c.row.method === "spt-mf" ? 0.62 : 0.41) + (lang.charCodeAt(1) % 5) / 100 +
  0.006 * noise(c.config.seed, lang.charCodeAt(0));
const nomf = (c: Cell) => c.row.method === "spt-nomf";
const hash = (s: string) => s.repeat(64);
const manifest = (evalHash: string) => (c: Cell) => ({
  train: Object.fromEntries(c.config.sources.map((l) => [l, hash("a")])),
  dev: Object.fromEntries(c.config.sources.map((l) => [l, hash("b")])),
  eval: Object.fromEntries(c.config.targets.map((l) => [l, evalHash])),
});

describe.skipIf(!HAS_MIRROR)("bench compare --equivalence (uses the shared mirror)", () => {
  let plan: Plan;
  let main: string, same: string, jitter: string, worse: string, drift: string, constant: string, other: string;
  beforeAll(async () => {
    const specs = loadSpecDir(join(PROJECT_ROOT, "specs"));
    const langs = await loadLanguages({ mirrors: [MIRROR], cacheDir: CACHE });
    plan = planSpec(specs.find((s) => s.id === "spt-table4")!, langs, { profile: "smoke", seeds: [1, 2, 3, 4] });
    const write = (f: (c: Cell, l: string) => number, m = manifest(hash("c"))) =>
      writeRun(tempDir(), plan, f, { quantize: false, manifest: m });
    main = write(acc);
    same = write(acc);
    // every cell moves by a few hundredths of a point, seed by seed: equivalent within ±1
    jitter = write((c, l) => acc(c, l) + 0.0004 * noise(c.config.seed, 7));
    // w/o MF loses about 10 points, by seed a little more or less
    worse = write((c, l) => acc(c, l) - (nomf(c) ? 0.1 + 0.01 * noise(c.config.seed, 3) : 0));
    // w/o MF loses 0.5, 1.1, 0.7 and 0.9 points on seeds 1-4 (mean 0.8, 90% CI about [-1.10, -0.50]): neither
    // worse by more than 1 nor shown within ±1
    drift = write((c, l) => acc(c, l) - (nomf(c) ? [0.005, 0.011, 0.007, 0.009][c.config.seed - 1] : 0));
    // w/o MF loses exactly 1 point on every language and seed
    constant = write((c, l) => acc(c, l) - (nomf(c) ? 0.01 : 0));
    // the same numbers, evaluated on other test examples
    other = write(acc, manifest(hash("d")));
  });

  test("against an identical run: exit 0, every cell equivalent", async () => {
    const r = await bench(["compare", main, same, "--equivalence", "1"]);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toMatch(/\nwithin ±1: \d+ cell\(s\) shown equivalent, 0 not shown equivalent\n/);
  }, T);

  test(
    "B within a few hundredths of a point on every cell: exit 0, each cell's TOST p and interval in the JSON",
    async () => {
      const r = await bench(["compare", main, jitter, "--equivalence", "1", "--json"]);
      expect(r.code, r.out).toBe(0);
      const j = JSON.parse(r.stdout);
      expect([j.equivalence, j.exitCode, j.counts.notEquivalent]).toEqual([1, 0, 0]);
      const rows = j.tables.flatMap((t: { rows: unknown[] }) => t.rows) as {
        a: unknown;
        b: unknown;
        equivalence: { verdict: string; pHolm: number; ci: [number, number] };
      }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const x of rows) {
        expect(x.equivalence.verdict).toBe("equivalent");
        expect(x.equivalence.pHolm).toBeLessThan(0.05);
        expect(x.equivalence.ci[0]).toBeGreaterThan(-1);
        expect(x.equivalence.ci[1]).toBeLessThan(1);
      }
      // spt-table4's w/ MF row is also a row of spt-fig3, -4, -5 and peft-sib200-spt: one hypothesis, counted once
      const tests = new Set(rows.map((x) => JSON.stringify([x.a, x.b])));
      expect(j.family).toBe(tests.size);
      expect(j.family).toBeLessThan(rows.length);
    },
    T,
  );

  test("a cell 10 points worse: exit 1, the worse test taking precedence", async () => {
    const r = await bench(["compare", main, worse, "--equivalence", "1"]);
    expect(r.code, r.out).toBe(1);
    expect(r.stdout).toContain("WORSE spt-table4 smoke w/o MF all");
  }, T);

  test("a drop of about 0.8 points: exit 3, naming the cell not shown equivalent, with its interval", async () => {
    const r = await bench(["compare", main, drift, "--equivalence", "1"]);
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain("not shown equivalent within ±1 (nor worse):");
    expect(r.out).toMatch(/\n {2}spt-table4 smoke w\/o MF all: B − A -0\.\d\d, 90% CI \[-1\.\d\d, [-\d.]+\], TOST p/);
    const j = JSON.parse((await bench(["compare", main, drift, "--equivalence", "1", "--json"])).stdout);
    expect(j.exitCode).toBe(3);
    expect(j.undecided.map((u: { name: string }) => u.name)).toContain("spt-table4 smoke w/o MF all");
    // each tested cell says what its seeds could detect, and an open one how many seeds would show it inside the margin
    const cells = j.tables.flatMap((t: { rows: { p: number | null; mdd: number | null }[] }) => t.rows);
    expect(cells.filter((c: { p: number | null }) => c.p !== null).every((c: { mdd: number | null }) => c.mdd! > 0))
      .toBe(true);
    expect(r.out).toContain("seeds to show");
    // without --equivalence the same runs pass: nothing is worse by more than the margin
    expect((await bench(["compare", main, drift])).code).toBe(0);
  }, T);

  test("a constant difference of −1 on every seed: the case is named, and the comparison is inconclusive", async () => {
    for (const flags of [[], ["--equivalence", "1"]]) {
      const r = await bench(["compare", main, constant, ...flags]);
      expect(r.code, r.out).toBe(3);
      expect(r.out).toContain("constant difference −1.00 on all 4 seeds: no variance to test");
      expect(r.out).not.toContain("WORSE");
    }
  }, T);

  test("cells that drew other test examples: exit 2, naming the cell, the split and both hashes", async () => {
    const r = await bench(["compare", main, other, "--equivalence", "1"]);
    expect(r.code, r.out).toBe(2);
    const cell = plan.cells[0], target = cell.config.targets[0];
    expect(r.out).toContain(
      `error: compare: ${plan.cells.length} cell(s) drew different examples in A (${main}) and B (${other})`,
    );
    // (the cell is also one of peft-sib200-spt's, which may name it)
    expect(r.out).toMatch(
      new RegExp(
        `\n {2}cell ${cell.id}, [a-z0-9-]+ [(]smoke[)] row "${cell.row.label}" seed 1: evaluation set of target ${target}: A ${
          hash("c")
        }, B ${hash("d")}\n`,
      ),
    );
    expect(r.out).toContain(`  ... and ${plan.cells.length * plan.cells[0].config.targets.length - 12} more split(s)`);
  }, T);

  test("--equivalence must be a positive number, and --alpha below 0.5 with it: exit 2", async () => {
    const [zero, alpha] = await Promise.all([
      bench(["compare", main, same, "--equivalence", "0"]),
      bench(["compare", main, same, "--equivalence", "1", "--alpha", "0.6"]),
    ]);
    expect([zero.code, alpha.code]).toEqual([2, 2]);
    expect(zero.out).toContain('--equivalence "0": expected a number of accuracy points > 0');
    expect(alpha.out).toContain("--alpha 0.6 with --equivalence");
  }, T);
});
