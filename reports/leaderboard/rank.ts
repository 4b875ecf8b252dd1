// Scores and ranks for the leaderboard. A method row's score in a table, for
// one seed, is its mean accuracy over the target languages (unweighted) in
// each of the table's cells for that row (backbone, source set, k, swept
// value), averaged over those cells, so that a backbone with more targets
// weighs no more than one with fewer; only seeds with every such cell count
// (a partial run names the seeds it leaves out). Mean, sample std and a 95%
// t-interval over seeds. Rows rank by mean score (1 = best; ties share the
// average of their ranks). Across tables a method (its registry id, so the
// same method under two row names is one entry) takes its best row's rank in
// each table, normalised to 0 (best) .. 1 (worst) so that last of two and
// last of five count the same, and entries sort by the mean of those.
import { mean } from "simple-statistics";
import { compareSeedUnits, type SeedUnit, seedUnit } from "../../core/seed.ts";
import { describeMean } from "../../analysis/stats/index.ts";
import type { TableRun } from "../../analysis/collect.ts";
import { partialText } from "../../analysis/partial.ts";
import { type RowCost, rowCost } from "./row-cost.ts";

export interface Score {
  spec: string;
  profile: string;
  /** Index of the run (results folder) and its label. */
  run: number;
  runLabel: string;
  /** The spec's method row and its label; the method's registry id. */
  method: string;
  methodLabel: string;
  registry: string;
  /** The seeds scored (those with every cell of the row), and their scores. */
  seeds: SeedUnit[];
  perSeed: number[];
  /** Seeds with records for only some of the row's cells: left out of the score. */
  partialSeeds: SeedUnit[];
  mean: number;
  std: number | null;
  n: number;
  ci: [number, number] | null;
  /** Records found for the row, of the cells its profile plans with these seeds. */
  coverage: { found: number; planned: number };
  /** What the run of the table lacks of the profile's plan (partialText), null when complete: such a score is over less. */
  partial: string | null;
  rank: number;
  /** Trainable parameters and median training seconds per scored seed (row-cost.ts); null without records. */
  cost?: RowCost | null;
}

/** A table's method rows (of one run) with their per-seed scores; ranks are filled by rankScores. */
export function tableScores(t: TableRun, run: number, runLabel: string): Score[] {
  const out: Score[] = [];
  const have = new Set(t.records.map((r) => r.cellId));
  for (const m of t.spec.methods) {
    const rows = t.seeds.language.filter((r) => r.method === m.id);
    if (!rows.length) continue;
    // seed -> axis cell -> its languages' accuracies
    const bySeed = new Map<SeedUnit, Map<string, number[]>>();
    const cells = new Set<string>();
    for (const r of rows) {
      const cell = JSON.stringify([r.backbone, r.setting, r.k, r.x]);
      cells.add(cell);
      const unit = seedUnit(r.seed, r.initSeed);
      const s = bySeed.get(unit) ?? bySeed.set(unit, new Map()).get(unit)!;
      (s.get(cell) ?? s.set(cell, []).get(cell)!).push(r.acc);
    }
    const all = [...bySeed.keys()].sort(compareSeedUnits);
    const seeds = all.filter((s) => bySeed.get(s)!.size === cells.size);
    const perSeed = seeds.map((s) => mean([...bySeed.get(s)!.values()].map((xs) => mean(xs))));
    const planned = t.plan.cells.filter((c) => c.row.method === m.id);
    const d = perSeed.length >= 2 ? describeMean(perSeed) : null;
    out.push({
      spec: t.spec.id,
      profile: t.profile,
      run,
      runLabel,
      method: m.id,
      methodLabel: m.label,
      registry: m.method,
      seeds,
      perSeed,
      partialSeeds: all.filter((s) => !seeds.includes(s)),
      mean: perSeed.length ? mean(perSeed) : NaN,
      std: d ? d.std : null,
      n: perSeed.length,
      ci: d ? d.confidenceInterval : null,
      coverage: { found: planned.filter((c) => have.has(c.id)).length, planned: planned.length },
      partial: t.partial && partialText(t.partial),
      rank: NaN,
      cost: rowCost(t, m.id, seeds),
    });
  }
  // a row no seed of which covers its cells has no score to rank
  return out.filter((s) => s.n > 0);
}

/** A score as a row of a download. */
export function scoreRecord(s: Score): Record<string, unknown> {
  return {
    spec: s.spec,
    profile: s.profile,
    run: s.runLabel,
    method: s.method,
    label: s.methodLabel,
    registry: s.registry,
    rank: s.rank,
    mean: s.mean,
    std: s.std,
    n: s.n,
    ci_low: s.ci?.[0] ?? null,
    ci_high: s.ci?.[1] ?? null,
    seeds: s.seeds.join(" "),
    per_seed: s.perSeed.join(" "),
    partial_seeds: s.partialSeeds.join(" "),
    cells_found: s.coverage.found,
    cells_planned: s.coverage.planned,
    partial: s.partial,
    trainable_parameters_min: s.cost?.parameters[0] ?? null,
    trainable_parameters_max: s.cost?.parameters[1] ?? null,
    train_seconds_median: s.cost?.trainSeconds ?? null,
  };
}

/** Ranks by mean (descending), ties sharing their average rank; returns the scores sorted best first. */
export function rankScores(scores: Score[]): Score[] {
  const sorted = [...scores].sort((a, b) => b.mean - a.mean);
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1].mean === sorted[i].mean) j++;
    for (let q = i; q <= j; q++) sorted[q] = { ...sorted[q], rank: (i + j) / 2 + 1 };
    i = j + 1;
  }
  return sorted;
}

export interface AverageRank {
  registry: string;
  run: number;
  runLabel: string;
  /** The row names it was ranked under. */
  labels: string[];
  /** Mean over tables of (rank − 1) / (entries − 1): 0 best, 1 worst, whatever a table's size. */
  normalizedRank: number;
  averageRank: number;
  /** Per table: the best row's rank among the table's entries, how many entries it had, and (partialText) whether its run of the table was partial. */
  tables: { spec: string; method: string; rank: number; of: number; partial: string | null }[];
}

/**
 * Average rank across tables. Each table is re-ranked with one entry per
 * (registry method, run): its best row. Tables with fewer than two entries
 * rank nothing and are left out.
 */
export function averageRanks(tables: Score[][]): AverageRank[] {
  const byEntry = new Map<string, AverageRank>();
  for (const scores of tables) {
    const best = new Map<string, Score>();
    for (const s of scores) {
      const key = JSON.stringify([s.registry, s.run]);
      const b = best.get(key);
      if (!b || s.mean > b.mean) best.set(key, s);
    }
    if (best.size < 2) continue;
    for (const s of rankScores([...best.values()])) {
      const key = JSON.stringify([s.registry, s.run]);
      const e = byEntry.get(key) ??
        byEntry.set(key, {
          registry: s.registry,
          run: s.run,
          runLabel: s.runLabel,
          labels: [],
          normalizedRank: NaN,
          averageRank: NaN,
          tables: [],
        }).get(key)!;
      if (!e.labels.includes(s.methodLabel)) e.labels.push(s.methodLabel);
      e.tables.push({ spec: s.spec, method: s.method, rank: s.rank, of: best.size, partial: s.partial });
    }
  }
  const out = [...byEntry.values()].map((e) => ({
    ...e,
    normalizedRank: mean(e.tables.map((t) => (t.rank - 1) / (t.of - 1))),
    averageRank: mean(e.tables.map((t) => t.rank)),
  }));
  // ties: the entry ranked in more tables (more evidence) first, then by name and run, so the order is stable
  return out.sort((a, b) =>
    a.normalizedRank - b.normalizedRank || b.tables.length - a.tables.length || a.registry.localeCompare(b.registry) ||
    a.run - b.run
  );
}
