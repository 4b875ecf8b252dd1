// Scores and ranks for the leaderboard. A method row's score in a table is its
// mean accuracy over the table's target languages (unweighted), averaged over
// the table's other axes (k, swept value, backbone, source set) within one
// seed; mean, sample std and a 95% t-interval over seeds. Rows rank by mean
// score (1 = best; ties share the average of their ranks). Across tables a
// method (its registry id, so the same method under two row names is one
// entry) takes its best row's rank in each table, and entries sort by their
// average rank over the tables they appear in.
import { describeMean } from "../../bench/stats.ts";
import type { TableRun } from "../../bench/collect.ts";

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
  seeds: number[];
  perSeed: number[];
  mean: number;
  std: number | null;
  n: number;
  ci: [number, number] | null;
  /** Records found for the row, of the cells its profile plans with these seeds. */
  coverage: { found: number; planned: number };
  rank: number;
}

/** A table's method rows (of one run) with their per-seed scores; ranks are filled by rankScores. */
export function tableScores(t: TableRun, run: number, runLabel: string): Score[] {
  const out: Score[] = [];
  const have = new Set(t.records.map((r) => r.cellId));
  for (const m of t.spec.methods) {
    const rows = t.seeds.language.filter((r) => r.method === m.id);
    if (!rows.length) continue;
    const bySeed = new Map<number, number[]>();
    for (const r of rows) (bySeed.get(r.seed) ?? bySeed.set(r.seed, []).get(r.seed)!).push(r.acc);
    const seeds = [...bySeed.keys()].sort((a, b) => a - b);
    const perSeed = seeds.map((s) => bySeed.get(s)!.reduce((a, x) => a + x, 0) / bySeed.get(s)!.length);
    const planned = t.plan.cells.filter((c) => c.row.method === m.id);
    const d = perSeed.length >= 2 ? describeMean(perSeed) : null;
    out.push({
      spec: t.spec.id, profile: t.profile, run, runLabel, method: m.id, methodLabel: m.label, registry: m.method, seeds, perSeed,
      mean: perSeed.reduce((a, x) => a + x, 0) / perSeed.length, std: d ? d.std : null, n: perSeed.length, ci: d ? d.confidenceInterval : null,
      coverage: { found: planned.filter((c) => have.has(c.id)).length, planned: planned.length }, rank: NaN,
    });
  }
  return out;
}

/** Ranks by mean (descending), ties sharing their average rank; returns the scores sorted best first. */
export function rankScores(scores: Score[]): Score[] {
  const sorted = [...scores].sort((a, b) => b.mean - a.mean);
  for (let i = 0; i < sorted.length; ) {
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
  averageRank: number;
  /** Per table: the best row's rank among the table's entries, and how many entries it had. */
  tables: { spec: string; method: string; rank: number; of: number }[];
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
      const e = byEntry.get(key) ?? byEntry.set(key, { registry: s.registry, run: s.run, runLabel: s.runLabel, labels: [], averageRank: NaN, tables: [] }).get(key)!;
      if (!e.labels.includes(s.methodLabel)) e.labels.push(s.methodLabel);
      e.tables.push({ spec: s.spec, method: s.method, rank: s.rank, of: best.size });
    }
  }
  const out = [...byEntry.values()].map((e) => ({ ...e, averageRank: e.tables.reduce((a, t) => a + t.rank, 0) / e.tables.length }));
  return out.sort((a, b) => a.averageRank - b.averageRank || b.tables.length - a.tables.length || a.registry.localeCompare(b.registry) || a.run - b.run);
}
