// The leaderboard's cost column (reports/leaderboard/row-cost.ts) and its
// rank chart's marks, on fixture specs' smoke plans with synthetic records in
// the real format.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collectRun } from "../../analysis/collect.ts";
import type { Cell } from "../../core/record.ts";
import type { Spec } from "../../core/spec.ts";

import { planSpec } from "../../plan/plan.ts";
import { buildSite } from "../../reports/leaderboard/build.ts";
import { averageRankChart } from "../../reports/leaderboard/charts.ts";
import { type AverageRank, tableScores } from "../../reports/leaderboard/rank.ts";
import { paramsText } from "../../reports/leaderboard/row-cost.ts";
import { toSvg } from "../../reports/render.ts";
import { ResultsStore } from "../../run/store.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fakeRecord } from "../helpers/records.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";

const langs = flatLanguages();

/** A results folder of the spec's smoke plan: each cell's parameters and training seconds as given. */
async function run(spec: Spec, params: (c: Cell) => number, seconds: (c: Cell) => number) {
  const dir = tempDir("xlt-cost-results-");
  const store = new ResultsStore(dir);
  const plan = planSpec(spec, langs, { profile: "smoke" });
  for (const cell of plan.cells) {
    const r = fakeRecord(cell, () => (cell.row.method === "spt-mf" ? 0.6 : 0.4));
    store.write({ ...r, trainableParameters: params(cell), timings: { ...r.timings, trainSeconds: seconds(cell) } });
  }
  return { plan, dir, run: await collectRun(dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } }) };
}

describe("the leaderboard's cost column", () => {
  test("a row's training time: its cells' seconds summed per seed (every k), the median over the seeds", async () => {
    const spec = fixtureSpec("fixture-uniprompt");
    const { plan, run: r } = await run(spec, () => 1_000, (c) => c.config.seed * 10 + c.row.k!);
    const ks = [...new Set(plan.cells.map((c) => c.row.k!))];
    const seeds = [...new Set(plan.cells.map((c) => c.config.seed))].sort((a, b) => a - b);
    expect(ks.length).toBeGreaterThan(1);
    const sumK = ks.reduce((a, k) => a + k, 0);
    const perSeed = seeds.map((s) => s * 10 * ks.length + sumK).sort((a, b) => a - b);
    const median = perSeed.length % 2
      ? perSeed[(perSeed.length - 1) / 2]
      : (perSeed[perSeed.length / 2 - 1] + perSeed[perSeed.length / 2]) / 2;
    for (const s of tableScores(r.tables[0], 0, "main")) {
      expect(s.cost).toEqual({ parameters: [1_000, 1_000], trainSeconds: median });
    }
  });

  test("parameters are written short, a range where a row's backbones differ", () => {
    expect(paramsText([7_680, 7_680])).toBe("7.68K");
    expect(paramsText([2_900_000, 564_000_000])).toBe("2.90M–564M");
  });

  test("the table page's ranking shows each row's parameters and training seconds", async () => {
    const spec = fixtureSpec("fixture-spt");
    const { run: r } = await run(
      spec,
      (c) => (c.row.method === "spt-mf" ? 7_680 : 2_900_000),
      (c) => (c.row.method === "spt-mf" ? 12.5 : 400),
    );
    const site = join(tempDir("xlt-cost-site-"), "site");
    await buildSite([r], [spec], site);
    const page = readFileSync(join(site, "tables", "fixture-spt.html"), "utf8");
    const ranking = page.slice(
      page.indexOf('sortable ranking"'),
      page.indexOf("</table>", page.indexOf('sortable ranking"')),
    );
    expect(ranking).toContain("trainable params");
    expect(ranking).toContain("7.68K");
    expect(ranking).toContain("2.90M");
    expect(ranking).toContain("12.5");
    expect(ranking).toContain("400.0");
  }, 120_000);
});

describe("the leaderboard's rank chart", () => {
  const entry = (registry: string, ranks: [number, number][]): AverageRank => ({
    registry,
    run: 0,
    runLabel: "r",
    labels: [registry],
    normalizedRank: ranks.reduce((a, [r, of]) => a + (r - 1) / (of - 1), 0) / ranks.length,
    averageRank: ranks.reduce((a, [r]) => a + r, 0) / ranks.length,
    tables: ranks.map(([rank, of], i) => ({ spec: `t${i}`, method: registry, rank, of, partial: null })),
  });

  test("the winner (normalised rank 0) has a mark inside the plot, as every entry does", async () => {
    const svg = await toSvg(averageRankChart([entry("best", [[1, 3], [1, 2]]), entry("worst", [[3, 3], [2, 2]])], "t"));
    const points = [...svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="point"[^>]*>/g)];
    const best = points.find((p) => p[1].includes("entry: best"));
    expect(best).toBeDefined();
    const [x] = /translate\(([-\d.]+),/.exec(best![0])!.slice(1).map(Number);
    expect(x).toBeGreaterThan(0); // padded off the axis, not half outside it
    expect(points.length).toBe(2);
  });

  test("each entry's line spans its best to its worst normalised rank over the tables", () => {
    const chart = averageRankChart([entry("a", [[1, 3], [2, 2]]), entry("b", [[3, 3], [1, 2]])], "t") as unknown as {
      data: { values: { entry: string; lo: number; hi: number; normalizedRank: number }[] };
    };
    expect(chart.data.values.map((v) => [v.lo, v.hi, v.normalizedRank])).toEqual([[0, 1, 0.5], [0, 1, 0.5]]);
  });
});
