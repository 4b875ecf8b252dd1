// What each row's accuracy costs (a spec with costFront): its trainable
// parameters and training time, from the records behind the row, beside its
// average accuracy over seeds; the Pareto front marks the rows no other row
// beats on both accuracy and parameters.
import { mean } from "simple-statistics";
import { backboneKey, type Plan } from "../plan/plan.ts";
import type { ResultRecord } from "../core/record.ts";
import type { Aggregate } from "../core/aggregate.ts";

export interface CostPoint {
  backbone: string;
  method: string;
  methodLabel: string;
  setting?: string;
  k?: number;
  x?: number;
  /** The target group or language whose accuracy is drawn. */
  key: string;
  /** Mean accuracy (percent) over seeds, its sample std and the seed count. */
  accuracy: number;
  std: number;
  n: number;
  /** Trainable parameters of the row's cells (one value: the same method on the same backbone and task). */
  trainableParameters: number;
  /** Mean training seconds over the row's records (dev evaluation included; the backend and machine as recorded). */
  trainSeconds: number;
  /** No other row of the same backbone (and k, x) has at least its accuracy with fewer parameters, or more accuracy with as few. */
  front: boolean;
}

/** The key drawn: the spec's choice, else its average. */
export function costKey(plan: Plan): string {
  return plan.spec.costFront?.key ?? plan.spec.targets.averageKey ?? "all";
}

const rowKey = (r: { backbone: string; method: string; setting?: string; k?: number; x?: number }) =>
  JSON.stringify([r.backbone, r.method, r.setting ?? "", r.k ?? null, r.x ?? null]);

/** One point per analysed row at the cost key; rows whose records are missing are left out. */
export function costPoints(plan: Plan, rows: Aggregate[], records: ResultRecord[]): CostPoint[] {
  const key = costKey(plan);
  const byId = new Map(records.map((r) => [r.cellId, r]));
  const cellsOf = new Map<string, ResultRecord[]>();
  for (const cell of plan.cells) {
    const rec = byId.get(cell.id);
    if (!rec) continue;
    const k = rowKey({
      backbone: backboneKey({ backbone: cell.config.backbone }),
      method: cell.row.method,
      setting: cell.row.golden.setting,
      k: cell.row.k,
      x: cell.row.x,
    });
    cellsOf.set(k, [...(cellsOf.get(k) ?? []), rec]);
  }
  const points = rows.filter((r) => r.key === key).flatMap((r) => {
    const recs = cellsOf.get(rowKey(r));
    if (!recs?.length) return [];
    const counts = [...new Set(recs.map((x) => x.trainableParameters))];
    if (counts.length > 1) {
      throw new Error(
        `${plan.spec.id}: row ${r.method} on ${r.backbone} has records with different trainable-parameter counts (${
          counts.join(", ")
        }): records of two versions of its method?`,
      );
    }
    const point: CostPoint = {
      backbone: r.backbone,
      method: r.method,
      methodLabel: r.methodLabel,
      ...(r.setting ? { setting: r.setting } : {}),
      ...(r.k !== undefined ? { k: r.k } : {}),
      ...(r.x !== undefined ? { x: r.x } : {}),
      key,
      accuracy: r.mean,
      std: r.std,
      n: r.n,
      trainableParameters: counts[0],
      trainSeconds: mean(recs.map((x) => x.timings.trainSeconds)),
      front: false,
    };
    return [point];
  });
  return markFront(points);
}

/** Marks the Pareto front (fewer parameters, higher accuracy) within each backbone, k and x. */
export function markFront(points: CostPoint[]): CostPoint[] {
  const panel = (p: CostPoint) => JSON.stringify([p.backbone, p.k ?? null, p.x ?? null]);
  return points.map((p) => ({
    ...p,
    front: !points.some((q) =>
      q !== p && panel(q) === panel(p) &&
      q.trainableParameters <= p.trainableParameters && q.accuracy >= p.accuracy &&
      (q.trainableParameters < p.trainableParameters || q.accuracy > p.accuracy)
    ),
  }));
}
