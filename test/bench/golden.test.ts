import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../bench/config.ts";
import { judge, loadGolden } from "../../bench/golden.ts";
import { tQuantile } from "../../bench/stats.ts";

const g = { backbone: "b", method: "m", kind: "group" as const, key: "k" };
const ours = { ...g, methodLabel: "M", mean: 40, std: 2, n: 4 };

describe("band policy", () => {
  test("welch: inside the interval plus the rounding half-unit passes", () => {
    const band = tQuantile(0.975, 6) * Math.sqrt(2) + 0.05;
    expect(judge({ ...g, mean: 40 + band - 1e-6, std: 2, n: 4, decimals: 1 }, ours, { type: "welch", confidence: 0.95 }).verdict).toBe("pass");
    const r = judge({ ...g, mean: 40 + band + 1e-6, std: 2, n: 4, decimals: 1 }, ours, { type: "welch", confidence: 0.95 });
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

  test("smoke golden files load", () => {
    const d = join(PROJECT_ROOT, "golden", "smoke");
    for (const f of readdirSync(d).filter((x) => x.endsWith(".json"))) expect(loadGolden(join(d, f))!.cells.length).toBeGreaterThan(0);
  });
});
