// What a ranked row costs, for the leaderboard's cost column: the trainable
// parameters of its cells (a range where its backbones differ) and, per seed,
// the training seconds of every cell its score covers for that seed, summed:
// the training time one seed's score took; the median over the scored seeds.
import { median } from "simple-statistics";
import type { TableRun } from "../../analysis/collect.ts";
import { type SeedUnit, seedUnit } from "../../core/seed.ts";

export interface RowCost {
  /** Fewest and most trainable parameters over the row's cells (equal where it has one backbone). */
  parameters: [number, number];
  /** Median over the seeds of the summed training seconds of the seed's cells, as recorded. */
  trainSeconds: number;
}

/** The row's cost from the records of its scored seeds; null when those seeds have no records. */
export function rowCost(t: TableRun, method: string, seeds: SeedUnit[]): RowCost | null {
  const byId = new Map(t.records.map((r) => [r.cellId, r]));
  const bySeed = new Map<SeedUnit, number>();
  const params: number[] = [];
  for (const c of t.plan.cells) {
    const rec = byId.get(c.id);
    const unit = seedUnit(c.config.seed, c.config.initSeed);
    if (!rec || c.row.method !== method || !seeds.includes(unit)) continue;
    params.push(rec.trainableParameters);
    bySeed.set(unit, (bySeed.get(unit) ?? 0) + rec.timings.trainSeconds);
  }
  if (!params.length) return null;
  return { parameters: [Math.min(...params), Math.max(...params)], trainSeconds: median([...bySeed.values()]) };
}

/** Parameters as the column writes them: 7.7K, 2.9M, a range where backbones differ. */
export function paramsText([lo, hi]: [number, number]): string {
  const short = (n: number) =>
    n >= 1e9
      ? `${(n / 1e9).toPrecision(3)}B`
      : n >= 1e6
      ? `${(n / 1e6).toPrecision(3)}M`
      : n >= 1e3
      ? `${(n / 1e3).toPrecision(3)}K`
      : String(n);
  return lo === hi ? short(lo) : `${short(lo)}–${short(hi)}`;
}
