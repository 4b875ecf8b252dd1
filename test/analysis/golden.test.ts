import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { checkAgainst, judge, loadGolden, tableVerdict } from "../../analysis/golden.ts";
import { type GoldenFile } from "../../core/golden.ts";
import { tQuantile } from "../../analysis/stats/index.ts";

const g = { backbone: "b", method: "m", kind: "group" as const, key: "k" };
const ours = { ...g, methodLabel: "M", goldenMethod: "m", mean: 40, std: 2, n: 4 };

describe("band policy", () => {
  test("welch: inside the interval plus the rounding half-unit passes", () => {
    const band = tQuantile(0.975, 6) * Math.sqrt(2) + 0.05;
    expect(
      judge({ ...g, mean: 40 + band - 1e-6, std: 2, n: 4, decimals: 1 }, ours, { type: "welch", confidence: 0.95 })
        .verdict,
    ).toBe("pass");
    const r = judge({ ...g, mean: 40 + band + 1e-6, std: 2, n: 4, decimals: 1 }, ours, {
      type: "welch",
      confidence: 0.95,
    });
    expect(r.verdict).toBe("fail");
    expect(r.band).toBeCloseTo(band, 10);
  });

  test("welch without a published std uses ours in its place", () => {
    const r = judge({ ...g, mean: 41, std: null, n: 4, decimals: 1 }, ours, { type: "welch", confidence: 0.95 });
    expect(r.verdict).toBe("pass");
    expect(r.why).toContain("no std");
  });

  test("exact: any change beyond the tolerance fails", () => {
    expect(judge({ ...g, mean: 40 }, ours, { type: "exact", tolerance: 1e-9 }).verdict).toBe("pass");
    expect(judge({ ...g, mean: 40.01 }, ours, { type: "exact", tolerance: 1e-9 }).verdict).toBe("fail");
  });

  test("cited rows are never judged; missing values and runs are reported as such", () => {
    expect(judge({ ...g, mean: 10, cited: true }, ours, { type: "exact", tolerance: 0 }).verdict).toBe("cited");
    expect(judge({ ...g, mean: null }, ours, { type: "exact", tolerance: 0 }).verdict).toBe("no-published-value");
    expect(judge({ ...g, mean: 40 }, undefined, { type: "exact", tolerance: 0 }).verdict).toBe("not-run");
  });

  test("welch: the cell's p-value is >= 0.05 exactly when it passes", () => {
    const band = tQuantile(0.975, 6) * Math.sqrt(2) + 0.05;
    const inside = judge({ ...g, mean: 40 + band - 1e-6, std: 2, n: 4, decimals: 1 }, ours, {
      type: "welch",
      confidence: 0.95,
    });
    const outside = judge({ ...g, mean: 40 + band + 1e-6, std: 2, n: 4, decimals: 1 }, ours, {
      type: "welch",
      confidence: 0.95,
    });
    expect(inside.p!).toBeGreaterThanOrEqual(0.05);
    expect(outside.p!).toBeLessThan(0.05);
    expect(inside.p!).toBeCloseTo(0.05, 5);
  });

  test("TOST: equivalent within the margin only when the whole 90% interval fits", () => {
    const policy = { type: "welch" as const, confidence: 0.95, equivalenceMargin: 2 };
    const tight = { ...ours, std: 0.2, n: 10 };
    expect(judge({ ...g, mean: 40.5, std: 0.2, n: 10, decimals: 1 }, tight, policy).tost!.equivalent).toBe(true);
    expect(judge({ ...g, mean: 41.9, std: 0.2, n: 10, decimals: 1 }, tight, policy).tost!.equivalent).toBe(false);
    expect(judge({ ...g, mean: 40.5, std: 2, n: 4, decimals: 1 }, ours, policy).tost!.equivalent).toBe(false); // too few seeds to show it
  });

  test("a table as a whole: Holm over its cells; specSelect and other measures are left out", () => {
    const cell = (key: string, mean: number, extra = {}) => ({ ...g, key, mean, std: 2, n: 4, decimals: 1, ...extra });
    const file: GoldenFile = {
      profile: "paper",
      source: "t",
      metric: "accuracy",
      policy: { type: "welch", confidence: 0.95 },
      specSelect: { setting: "s1" },
      cells: [
        cell("a", 40.2, { setting: "s1" }),
        cell("b", 47, { setting: "s1" }),
        cell("a", 10, { setting: "s2" }),
        cell("a", 0.01, { setting: "s1", measure: "p-value", kind: "test" }),
      ],
    };
    const rows = checkAgainst(file, [{ ...ours, key: "a" }, { ...ours, key: "b" }]);
    expect(rows.map((r) => [r.key, r.verdict])).toEqual([["a", "pass"], ["b", "fail"]]);
    expect(rows[1].pHolm).toBeCloseTo(Math.min(1, 2 * rows[1].p!), 12);
    expect(tableVerdict(file, rows)).toEqual({ judged: 2, rejected: 1, pass: false });
  });

  test("an exact-policy table has no p-values and no table verdict", () => {
    const file: GoldenFile = {
      profile: "smoke",
      source: "t",
      metric: "accuracy",
      policy: { type: "exact", tolerance: 1e-9 },
      cells: [{ ...g, key: "a", mean: 40, n: 4 }],
    };
    const rows = checkAgainst(file, [{ ...ours, key: "a" }]);
    expect(rows.map((r) => [r.verdict, r.p])).toEqual([["pass", undefined]]);
    expect(tableVerdict(file, rows)).toBeNull();
  });

  test("smoke golden files load", () => {
    const d = join(PROJECT_ROOT, "golden", "smoke");
    for (const f of readdirSync(d).filter((x) => x.endsWith(".json"))) {
      expect(loadGolden(join(d, f))!.cells.length).toBeGreaterThan(0);
    }
  });
});
