// The leaderboard's scores and ranks (reports/leaderboard/rank.ts) on
// the SPT Table 4 fixture's smoke profile (test/fixtures/specs/): synthetic records in the real format, a
// synthetic language table.
import { drawSeeds } from "../../core/seed.ts";
import { describe, expect, test } from "bun:test";
import { collectRun } from "../../analysis/collect.ts";
import { partialText } from "../../analysis/partial.ts";
import { planSpec } from "../../plan/plan.ts";
import type { Cell } from "../../core/record.ts";

import { averageRanks, rankScores, type Score, tableScores } from "../../reports/leaderboard/rank.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";
import { writeRun } from "../helpers/records.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const collect = (dir: string) => collectRun(dir, [spec], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });

/** w/ MF: 0.50 + 0.02·seed in the first target language, 0.30 in the others; w/o MF: 0.40 everywhere. */
const acc = (targets: string[]) =>
(
  c: Cell,
  lang: string,
) => (c.row.method === "spt-mf" ? (lang === targets[0] ? 0.5 + 0.02 * c.config.seed : 0.3) : 0.4);

const score = (over: Partial<Score>): Score => ({
  spec: "t",
  profile: "smoke",
  run: 0,
  runLabel: "r",
  method: "m",
  methodLabel: "M",
  registry: "m",
  seeds: [1, 2],
  perSeed: [1, 1],
  partialSeeds: [],
  mean: 1,
  std: 0,
  n: 2,
  ci: null,
  coverage: { found: 2, planned: 2 },
  partial: null,
  rank: NaN,
  ...over,
});

describe("leaderboard scores", () => {
  test("a row's score per seed is its mean over the target languages; mean, std and t-interval over seeds", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke", seeds: [1, 2, 3] });
    const targets = plan.backbones[0].targets;
    const run = await collect(writeRun(tempDir(), plan, acc(targets), { quantize: false }));
    const [mf, nomf] = ["spt-mf", "spt-nomf"].map((m) =>
      tableScores(run.tables[0], 0, "main").find((s) => s.method === m)!
    );
    const n = targets.length;
    const perSeed = [1, 2, 3].map((s) => (100 * (0.5 + 0.02 * s) + 30 * (n - 1)) / n);
    expect(mf.seeds).toEqual([1, 2, 3]);
    mf.perSeed.forEach((v, i) => expect(v).toBeCloseTo(perSeed[i], 9));
    expect(mf.mean).toBeCloseTo(perSeed[1], 9);
    expect(mf.std).toBeCloseTo(2 / n, 9); // the seeds' scores step by 2/n points
    // t(0.975, 2) = 4.302653
    expect(mf.ci![1] - mf.mean).toBeCloseTo((4.302653 * (2 / n)) / Math.sqrt(3), 5);
    expect(nomf.mean).toBeCloseTo(40, 9);
    expect(mf.coverage).toEqual({ found: 3, planned: 3 });
  });

  test("a row with records for only some of its planned cells says so in its coverage", async () => {
    const plan = planSpec(spec, langs, { profile: "smoke" });
    const run = await collect(
      writeRun(tempDir(), plan, acc(plan.backbones[0].targets), {
        only: (c) => !(c.row.method === "spt-nomf" && c.config.seed === 2),
      }),
    );
    const nomf = tableScores(run.tables[0], 0, "main").find((s) => s.method === "spt-nomf")!;
    expect(nomf.coverage).toEqual({ found: 1, planned: 2 });
    expect(nomf.ci).toBeNull(); // one seed: no interval
  });
});

test("a seed with records for only some of a row's cells is left out of its score, and named", async () => {
  const spec2 = fixtureSpec("fixture-uniprompt"); // a k axis
  const plan = planSpec(spec2, langs, { profile: "smoke" });
  const ks = [...new Set(plan.cells.map((c) => c.row.k))];
  expect(ks.length).toBeGreaterThan(1);
  const [kept, partial, ...others] = drawSeeds(spec2.profiles.smoke.seeds);
  const dropped = (c: Cell) => c.config.seed === partial && c.row.k === ks[0];
  const dir = writeRun(tempDir(), plan, () => 0.5, { only: (c) => !dropped(c) });
  const run = await collectRun(dir, [spec2], langs, { fetch: { mirrors: [], cacheDir: tempDir() } });
  const [s] = tableScores(run.tables[0], 0, "main");
  const rowCells = plan.cells.filter((c) => c.row.method === s.method);
  expect(s.seeds).toEqual([kept, ...others]);
  expect(s.partialSeeds).toEqual([partial]);
  expect(s.coverage).toEqual({ found: rowCells.filter((c) => !dropped(c)).length, planned: rowCells.length });
});

test("a score from a --langs run says it is partial and what the run lacks; a complete run's does not", async () => {
  const full = planSpec(spec, langs, { profile: "smoke" });
  const narrowed = planSpec(spec, langs, { profile: "smoke", langs: full.backbones[0].targets.slice(0, 2) });
  const [a, b] = [
    await collect(writeRun(tempDir(), full, () => 0.5)),
    await collect(writeRun(tempDir(), narrowed, () => 0.5)),
  ];
  expect(tableScores(a.tables[0], 0, "full").map((s) => s.partial)).toEqual([null, null]);
  const text = partialText(b.tables[0].partial!);
  expect(text).toStartWith("--langs: target languages 2 of ");
  expect(tableScores(b.tables[0], 1, "langs").map((s) => s.partial)).toEqual([text, text]);
});

describe("leaderboard ranks", () => {
  test("rows rank by mean, best first, and ties share the average of their ranks", () => {
    const ranked = rankScores([
      score({ method: "a", mean: 50 }),
      score({ method: "b", mean: 70 }),
      score({ method: "c", mean: 50 }),
      score({ method: "d", mean: 10 }),
    ]);
    expect(ranked.map((s) => [s.method, s.rank])).toEqual([["b", 1], ["a", 2.5], ["c", 2.5], ["d", 4]]);
  });

  test("across tables a method takes its best row's rank, normalised by the table's size; a table with one entry ranks nothing", () => {
    const t1 = [
      score({ spec: "t1", method: "spt-mf", registry: "spt", mean: 60 }),
      score({ spec: "t1", method: "spt-nomf", registry: "spt", mean: 30 }),
      score({ spec: "t1", method: "xpe", registry: "xpe", mean: 50 }),
    ];
    const t2 = [["xpe", 80], ["ft", 40], ["mpt", 30], ["spt", 20], ["sp", 10]].map(([registry, mean]) =>
      score({ spec: "t2", method: registry as string, registry: registry as string, mean: mean as number })
    );
    const t3 = [score({ spec: "t3", method: "spt", registry: "spt", mean: 99 })];
    const avg = averageRanks([t1, t2, t3]);
    // xpe's plain average rank (1.5) is the best, but last of two and first of five is mid-field; ft, second of five, leads
    expect(
      avg.map((e) => [e.registry, e.normalizedRank, e.averageRank, e.tables.map((t) => `${t.spec}:${t.rank}/${t.of}`)]),
    ).toEqual([
      ["ft", 0.25, 2, ["t2:2/5"]],
      ["spt", 0.375, 2.5, ["t1:1/2", "t2:4/5"]],
      // equal normalised ranks: the one ranked in more tables first
      ["xpe", 0.5, 1.5, ["t1:2/2", "t2:1/5"]],
      ["mpt", 0.5, 3, ["t2:3/5"]],
      ["sp", 1, 5, ["t2:5/5"]],
    ]);
  });

  test("the same method in two runs is two entries, so a changed method ranks next to the old one", () => {
    const t = [
      score({ registry: "xpe", run: 0, runLabel: "main", mean: 50 }),
      score({ registry: "xpe", run: 1, runLabel: "branch", mean: 55 }),
    ];
    expect(averageRanks([t]).map((e) => [e.runLabel, e.averageRank, e.normalizedRank])).toEqual([["branch", 1, 0], [
      "main",
      2,
      1,
    ]]);
  });

  test("an entry across tables names the tables where its run was partial", () => {
    const t1 = [score({ spec: "t1", registry: "xpe", mean: 50 }), score({ spec: "t1", registry: "spt", mean: 40 })];
    const t2 = [
      score({ spec: "t2", registry: "xpe", mean: 50, partial: "--langs: target languages 2 of 7" }),
      score({ spec: "t2", registry: "spt", mean: 60 }),
    ];
    const xpe = averageRanks([t1, t2]).find((e) => e.registry === "xpe")!;
    expect(xpe.tables.map((t) => [t.spec, t.partial])).toEqual([["t1", null], [
      "t2",
      "--langs: target languages 2 of 7",
    ]]);
  });
});
