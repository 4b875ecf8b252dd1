// Records -> tables: accuracy (percent) per language and per target group,
// mean, sample std and n over seeds. A group's value for one seed is the mean
// over its languages (as the papers average), then aggregated over seeds.
import * as aq from "arquero";
import { mean } from "simple-statistics";
import { acrossLanguages, type ComparisonTable, pairedComparisons, type SeedAccuracy } from "./row-comparisons.ts";
import { backboneKey, crossesSeeds, type Plan } from "../plan/plan.ts";
import type { CorrelationRow } from "./correlate.ts";
import type { TypologyCorrelation } from "./typology-correlation.ts";
import { type CostLeftOut, type CostPoint, costPoints } from "./costs.ts";
import { type VarianceRow, varianceRows } from "./variance.ts";
import type { Cell, LanguageResult, ResultRecord } from "../core/record.ts";
import type { Aggregate, Baseline, SeedRow } from "../core/aggregate.ts";

export interface Analysis {
  spec: string;
  profile: string;
  rows: Aggregate[];
  /** Per language and group, from the records' gold class counts; languages whose records predate the counts are absent. */
  baselines: Baseline[];
  /** Paired t-tests of the spec's reference row against every other (when the spec asks for them). */
  comparisons?: ComparisonTable;
  /** Each row's accuracy at the cost key, trainable parameters and training time (analysis/costs.ts); absent in summaries written before every spec had them. */
  costs?: CostPoint[];
  /** Rows with records that have no cost point, with the reason. */
  costsLeftOut?: CostLeftOut[];
  /** A correlation spec's Pearson r per backbone, row and column (analysis/correlate.ts). */
  correlations?: CorrelationRow[];
  /** Pearson and Spearman against typology, added to an accuracy table (correlation role "added"; analysis/typology-correlation.ts). */
  typologyCorrelations?: TypologyCorrelation[];
  /** Why a spec's added typology correlations are missing (the typology files could not be fetched). */
  typologyUnavailable?: string;
  /** A profile crossing draw and init seeds: each row's variance per target group split between them (analysis/variance.ts). */
  variance?: VarianceRow[];
  /** Cell ids behind these numbers. */
  cells: string[];
}

function aggregate(rows: SeedRow[], kind: Aggregate["kind"]): Aggregate[] {
  if (!rows.length) return [];
  return aq
    .from(rows)
    .groupby("backbone", "method", "methodLabel", "goldenMethod", "setting", "k", "x", "key")
    .rollup({
      mean: (d: SeedRow) => aq.op.mean(d.acc),
      std: (d: SeedRow) => aq.op.stdev(d.acc),
      n: () => aq.op.count(),
    })
    .orderby("backbone", "method", "k", "x", "key")
    .objects()
    .map((r) => {
      const { setting, k, x, std, ...rest } = r as SeedRow & { std: number | null; mean: number; n: number };
      return {
        ...rest,
        ...(setting ? { setting } : {}),
        ...(k == null ? {} : { k }),
        ...(x == null ? {} : { x }),
        kind,
        std: std ?? 0,
      } as Aggregate;
    });
}

function rateOf(counts: number[]): { majority: number; chance: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  return { majority: (100 * Math.max(...counts)) / n, chance: 100 / counts.length };
}

/** The baseline shown next to an aggregate row (same backbone, kind and key), if its records kept class counts. */
export function baselineOf(
  baselines: Baseline[],
  row: Pick<Aggregate, "backbone" | "kind" | "key">,
): Baseline | undefined {
  return baselines.find((b) => b.backbone === row.backbone && b.kind === row.kind && b.key === row.key);
}

/** The per-seed accuracies of a plan's records, per language and per target group, and the baselines of their test sets. */
export function seedRows(
  plan: Plan,
  records: ResultRecord[],
): { language: SeedRow[]; group: SeedRow[]; baselines: Baseline[] } {
  const byId = new Map(records.map((r) => [r.cellId, r]));
  const langRows: SeedRow[] = [];
  const groupRows: SeedRow[] = [];
  const baselines: Baseline[] = [];
  for (const bp of plan.backbones) {
    const bk = backboneKey(bp.entry);
    const rates = new Map<string, { majority: number; chance: number }>();
    // a row's numbers for one seed: one cell's metrics, or (full supervision) one cell per target language
    const runs = new Map<string, { cell: Cell; metrics: Record<string, LanguageResult>; cells: string[] }>();
    for (const cell of plan.cells.filter((c) => backboneKey({ backbone: c.config.backbone }) === bk)) {
      const rec = byId.get(cell.id);
      if (!rec) continue;
      const key = JSON.stringify([
        cell.row.method,
        cell.row.golden.setting ?? "",
        cell.row.k ?? null,
        cell.row.x ?? null,
        cell.config.seed,
        cell.config.initSeed ?? null,
      ]);
      const run = runs.get(key) ?? { cell, metrics: {}, cells: [] };
      Object.assign(run.metrics, rec.metrics);
      run.cells.push(cell.id);
      runs.set(key, run);
    }
    for (const { cell, metrics, cells } of runs.values()) {
      const row = cell.row;
      const base = {
        backbone: bk,
        method: row.method,
        methodLabel: row.label,
        goldenMethod: row.golden.method,
        setting: row.golden.setting ?? "",
        k: row.k ?? null,
        x: row.x ?? null,
        seed: cell.config.seed,
        ...(cell.config.initSeed === undefined ? {} : { initSeed: cell.config.initSeed }),
      };
      // a full-supervision run is reported once every target language has its model
      if (bp.targets.some((l) => !metrics[l])) {
        if (cell.config.setting === "full-supervision") continue;
        throw new Error(`record ${cell.id} has no result for ${bp.targets.find((l) => !metrics[l])}`);
      }
      for (const lang of bp.targets) {
        const m = metrics[lang];
        if (m.classCounts && !rates.has(lang)) rates.set(lang, rateOf(m.classCounts));
        // a full-supervision run's language comes from its own cell
        const from = cells.length > 1 ? cells.filter((id) => byId.get(id)!.metrics[lang]) : cells;
        langRows.push({ ...base, key: lang, acc: m.accuracy * 100, cells: from });
      }
      for (const [g, members] of Object.entries(bp.groups)) {
        groupRows.push({ ...base, key: g, acc: mean(members.map((l) => metrics[l].accuracy * 100)), cells });
      }
    }
    for (const [lang, r] of rates) baselines.push({ backbone: bk, kind: "language", key: lang, ...r });
    for (const [g, members] of Object.entries(bp.groups)) {
      // a group's baseline is the mean of its languages', as its accuracy is
      if (!members.length || !members.every((l) => rates.has(l))) continue;
      const r = members.map((l) => rates.get(l)!);
      baselines.push({
        backbone: bk,
        kind: "group",
        key: g,
        majority: mean(r.map((x) => x.majority)),
        chance: mean(r.map((x) => x.chance)),
      });
    }
  }
  return { language: langRows, group: groupRows, baselines };
}

/** `rows`: the records' seed rows when the caller already has them (analysis/collect.ts keeps them too). */
export function analyze(
  plan: Plan,
  records: ResultRecord[],
  rows: ReturnType<typeof seedRows> = seedRows(plan, records),
): Analysis {
  const byId = new Map(records.map((r) => [r.cellId, r]));
  const { language: langRows, group: groupRows, baselines } = rows;
  const aggregates = [
    ...aggregate(groupRows, "group").map((r) => ({
      ...r,
      members: plan.backbones.find((b) => backboneKey(b.entry) === r.backbone)!.groups[r.key],
    })),
    ...aggregate(langRows, "language"),
  ];
  const costs = costPoints(plan, aggregates, records);
  return {
    spec: plan.spec.id,
    profile: plan.profileName,
    rows: aggregates,
    baselines,
    costs: costs.points,
    ...(costs.leftOut.length ? { costsLeftOut: costs.leftOut } : {}),
    ...(crossesSeeds(plan) ? { variance: varianceRows({ group: groupRows }) } : {}),
    ...(plan.spec.comparisons ? { comparisons: comparisonsOf(plan, plan.spec.comparisons.reference, langRows) } : {}),
    cells: plan.cells.filter((c) => byId.has(c.id)).map((c) => c.id),
  };
}

/** Per language over seeds, and (for a spec with one average of named languages) over those languages. */
function comparisonsOf(plan: Plan, reference: string, langRows: SeedAccuracy[]): ComparisonTable {
  const table = pairedComparisons(reference, langRows);
  const average = plan.spec.targets.averageKey;
  const groups = plan.backbones[0]?.groups ?? {};
  if (!plan.spec.targets.languages || !average || !groups[average] || plan.backbones.length !== 1) return table;
  return { ...table, acrossLanguages: acrossLanguages(reference, langRows, average, groups[average]) };
}
