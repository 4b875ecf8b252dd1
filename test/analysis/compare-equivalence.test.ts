// bench compare --equivalence and the run-wide Holm family: one cell's TOST against statsmodels' values, the
// constant-difference case, and the verdicts over two fixture tables (synthetic records in the real format).
// References: scripts/compare_equivalence_references.py, run once with statsmodels 0.15.0 and SciPy 1.17.1
// (ttost_paired, ttost_ind(usevar="unequal"), ttest_rel / ttest_ind(equal_var=False).confidence_interval(0.90),
// multipletests(method="holm")); tolerance 1e-10 absolute on every p-value and interval bound.
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { compareRuns } from "../../analysis/compare-runs.ts";
import { compareCell } from "../../analysis/compare-cell.ts";
import { holmAdjust } from "../../analysis/stats/index.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";

import { comparePage } from "../../reports/compare-page.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { noise, writeRun } from "../helpers/records.ts";

const TOL = 1e-10;
const close = (x: number, ref: number) => expect(Math.abs(x - ref)).toBeLessThan(TOL);
const row = { backbone: "b", method: "m", methodLabel: "M", setting: "", k: null, x: null, key: "all" };
const PAIRED = {
  a: { seeds: [1, 2, 3, 4], values: [70, 72, 74, 71] },
  b: { seeds: [1, 2, 3, 4], values: [69.5, 72.5, 73, 71.5] },
  ci90: [-1.0075112880506842, 0.7575112880506838],
};
const WELCH = {
  a: { seeds: [1, 2, 3], values: [70, 72, 74] },
  b: { seeds: [4, 5, 6, 7], values: [71, 71.5, 72.5, 73] },
  ci90: [-3.0969110542785327, 3.0969110542785305],
};

describe("one cell's TOST against statsmodels", () => {
  test("paired over the common seeds: ttost_paired's p at margins 1 and 2, ttest_rel's 90% interval", () => {
    for (const [margin, p] of [[1, 0.050918985188703574], [2, 0.007696219036651151]]) {
      const r = compareCell(row, PAIRED.a, PAIRED.b, 1, { margin, alpha: 0.05 });
      expect(r.test).toBe("paired");
      close(r.equivalence!.p!, p);
      close(r.equivalence!.ci![0], PAIRED.ci90[0]);
      close(r.equivalence!.ci![1], PAIRED.ci90[1]);
      expect([r.equivalence!.margin, r.equivalence!.confidence]).toEqual([margin, 0.9]);
      // decided after Holm, over the run's tested cells
      expect([r.equivalence!.pHolm, r.equivalence!.verdict]).toEqual([null, "not shown equivalent"]);
    }
  });

  test("Welch when the seeds do not match: ttost_ind(usevar='unequal')'s p at margins 1.5, 3 and 4", () => {
    for (const [margin, p] of [[1.5, 0.16216257062231507], [3, 0.05326425789955908], [4, 0.02913669975917207]]) {
      const r = compareCell(row, WELCH.a, WELCH.b, 1, { margin, alpha: 0.05 });
      expect(r.test).toBe("welch");
      close(r.equivalence!.p!, p);
      close(r.equivalence!.ci![0], WELCH.ci90[0]);
      close(r.equivalence!.ci![1], WELCH.ci90[1]);
    }
  });

  test("without --equivalence no TOST is run", () => {
    expect(compareCell(row, PAIRED.a, PAIRED.b, 1).equivalence).toBeNull();
  });

  test("Holm over a run's TOST p's is statsmodels' multipletests(method='holm')", () => {
    const adjusted = holmAdjust([0.007696219036651151, 0.05326425789955908, 0.2]);
    [0.02308865710995345, 0.10652851579911816, 0.2].forEach((q, i) => close(adjusted[i], q));
  });
});

describe("a constant difference: no variance to test", () => {
  test("paired, −1 on both seeds: the case is named, no p-value, not tested (with or without --equivalence)", () => {
    const a = { seeds: [1, 2], values: [70, 72] }, b = { seeds: [1, 2], values: [69, 71] };
    for (const eq of [undefined, { margin: 1, alpha: 0.05 }]) {
      const r = compareCell(row, a, b, 0.5, eq);
      expect(r.notes).toContain("constant difference −1.00 on all 2 seeds: no variance to test");
      expect([r.verdict, r.test, r.p, r.pWorse, r.ci, r.t]).toEqual(["not tested", "paired", null, null, null, null]);
      expect(r.difference!).toBeCloseTo(-1, 12);
      if (eq) expect(r.equivalence).toMatchObject({ p: null, verdict: "not shown equivalent" });
    }
  });

  test("Welch with each side constant: the same", () => {
    const r = compareCell(row, { seeds: [1, 2], values: [70, 70] }, { seeds: [3, 4], values: [68, 68] }, 1);
    expect(r.notes).toContain("A 70.00 on all 2 seeds, B 68.00 on all 2 (difference −2.00): no variance to test");
    expect([r.verdict, r.p, r.pWorse]).toEqual(["not tested", null, null]);
  });

  test("0 on every seed is identical, and equivalent under --equivalence", () => {
    const a = { seeds: [1, 2], values: [70, 72] };
    const r = compareCell(row, a, a, 1, { margin: 1, alpha: 0.05 });
    expect([r.verdict, r.equivalence!.verdict, r.equivalence!.p]).toEqual(["identical", "equivalent", null]);
  });
});

describe("the run's Holm family: every table's tested cells", () => {
  const spt = fixtureSpec("fixture-spt"), xpe = fixtureSpec("fixture-xpe-full");
  const langs = flatLanguages();
  const seeds = [1, 2, 3, 4];
  const base = (c: Cell, l: string) =>
    0.5 + (l.charCodeAt(0) % 7) / 100 + 0.004 * noise(c.config.seed, l.charCodeAt(1));
  /** A run of both fixture tables, each accuracy moved by shift(cell) (a fraction) and a little seed noise. */
  async function run(shift: (c: Cell) => number, salt: number) {
    const dir = tempDir();
    for (const s of [spt, xpe]) {
      writeRun(
        dir,
        planSpec(s, langs, { profile: "smoke", seeds }),
        (c, l) => base(c, l) + shift(c) + 0.0005 * noise(c.config.seed, l.charCodeAt(2) + salt),
        { quantize: false },
      );
    }
    return await collectRun(dir, [spt, xpe], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
  }

  test("the worse, two-sided and TOST p's are each Holm-adjusted over the union of both tables' cells", async () => {
    const a = await run(() => 0, 0), b = await run((c) => (c.row.method === "spt-nomf" ? -0.03 : 0), 1);
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05, equivalence: 1 });
    expect(c.tables.map((t) => t.spec)).toEqual(["fixture-spt", "fixture-xpe-full"]);
    const rows = c.tables.flatMap((t) => t.rows).filter((r) => r.pWorse !== null);
    expect(c.tables.every((t) => t.family > 0)).toBe(true);
    expect(c.family).toBe(rows.length);
    expect(c.family).toBe(c.tables[0].family + c.tables[1].family);
    const union = (ps: number[], qs: number[]) => holmAdjust(ps).forEach((q, i) => close(qs[i], q));
    union(rows.map((r) => r.pWorse!), rows.map((r) => r.pWorseHolm!));
    union(rows.map((r) => r.p!), rows.map((r) => r.pHolm!));
    union(rows.map((r) => r.equivalence!.p!), rows.map((r) => r.equivalence!.pHolm!));
    expect(c.method.join(" ")).toContain("Holm-adjusted over the union of every table's tested cells");
  });

  test("--equivalence 1: a 3-point drop is worse, the unchanged rows equivalent, and the counts say so", async () => {
    const a = await run(() => 0, 0), b = await run((c) => (c.row.method === "spt-nomf" ? -0.03 : 0), 1);
    const c = compareRuns(a, b, { margin: 1, alpha: 0.05, equivalence: 1 });
    const all = c.tables.flatMap((t) => t.rows);
    const nomf = all.find((r) => r.method === "spt-nomf")!;
    expect([nomf.verdict, nomf.equivalence!.verdict]).toEqual(["worse", "not shown equivalent"]);
    const others = all.filter((r) => r.method !== "spt-nomf");
    expect(others.length).toBeGreaterThan(1);
    for (const r of others) {
      expect(r.equivalence!.verdict, `${r.method} ${r.key}`).toBe("equivalent");
      expect(r.equivalence!.ci![0]).toBeGreaterThan(-1);
      expect(r.equivalence!.ci![1]).toBeLessThan(1);
    }
    expect([c.equivalence, c.counts.equivalent, c.counts.notEquivalent]).toEqual([1, others.length, 1]);
    const html = comparePage(c, []);
    expect(html).toContain("1 cell(s) not shown equivalent");
    expect(html).toContain('<span class="v-equivalent">equivalent</span>');
    expect(html).toContain(`in the run's Holm family of ${c.family}`);
  });

  test("a drop of about 0.8 points that varies by seed: neither worse (margin 1) nor shown equivalent within ±1", async () => {
    const drop = (c: Cell) => (c.row.method === "spt-nomf" ? -0.008 + 0.006 * noise(c.config.seed, 99) : 0);
    const a = await run(() => 0, 0), b = await run(drop, 1);
    const nomf = compareRuns(a, b, { margin: 1, alpha: 0.05, equivalence: 1 }).tables[0].rows.find((r) =>
      r.method === "spt-nomf"
    )!;
    expect(nomf.verdict).not.toBe("worse");
    expect(nomf.equivalence!.verdict).toBe("not shown equivalent");
    expect(nomf.equivalence!.ci![0]).toBeLessThan(-1);
  });
});
