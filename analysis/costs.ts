// What each row's accuracy costs, for every spec: its trainable parameters and
// training time, from the records behind the row, beside its average accuracy
// over seeds at the spec's headline key; the Pareto front marks the rows no
// other row beats on both accuracy and parameters.
import { mean } from "simple-statistics";
import { backboneKey, type BackbonePlan, type Plan } from "../plan/plan.ts";
import type { ResultRecord } from "../core/record.ts";
import type { Aggregate } from "../core/aggregate.ts";

/** A spec row as an analysis names it (core/aggregate.ts). */
type CostRow = Pick<Aggregate, "backbone" | "method" | "methodLabel" | "setting" | "k" | "x">;

export interface CostPoint extends CostRow {
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
  /** No other row of the same backbone and k has at least its accuracy with fewer parameters, or more accuracy with as few. */
  front: boolean;
}

/** A row with records but no point: why it cannot be drawn. */
export interface CostLeftOut extends CostRow {
  why: string;
}

/**
 * The key drawn for a backbone: the spec's costFront.key, else its headline
 * group: the average over all targets (targets.averageKey, default "all")
 * where the run has it, else the target group with the most languages, the
 * last in the spec's order on a tie: the union a table averages last (XPE's
 * all-wo-j5, divers-all-46).
 */
export function costKey(plan: Plan, backbone: BackbonePlan = plan.backbones[0]): string {
  const chosen = plan.spec.costFront?.key;
  if (chosen) return chosen;
  const average = plan.spec.targets.averageKey ?? "all";
  const groups = Object.entries(backbone?.groups ?? {});
  if (!groups.length || groups.some(([g]) => g === average)) return average;
  return groups.reduce((best, g) => (g[1].length >= best[1].length ? g : best))[0];
}

const rowKey = (r: { backbone: string; method: string; setting?: string; k?: number; x?: number }) =>
  JSON.stringify([r.backbone, r.method, r.setting ?? "", r.k ?? null, r.x ?? null]);

/** One point per analysed row at its backbone's cost key; a row that cannot be drawn is in `leftOut` with the reason. */
export function costPoints(
  plan: Plan,
  rows: Aggregate[],
  records: ResultRecord[],
): { points: CostPoint[]; leftOut: CostLeftOut[] } {
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
  const keyOf = new Map(plan.backbones.map((b) => [backboneKey(b.entry), costKey(plan, b)]));
  const points: CostPoint[] = [];
  const leftOut: CostLeftOut[] = [];
  const seen = new Set<string>();
  // a group's row before a language's of the same name (analyze lists groups first)
  for (const r of rows) {
    if (r.key !== keyOf.get(r.backbone) || seen.has(rowKey(r))) continue;
    seen.add(rowKey(r));
    const recs = cellsOf.get(rowKey(r));
    if (!recs?.length) continue;
    const row = {
      backbone: r.backbone,
      method: r.method,
      methodLabel: r.methodLabel,
      ...(r.setting ? { setting: r.setting } : {}),
      ...(r.k !== undefined ? { k: r.k } : {}),
      ...(r.x !== undefined ? { x: r.x } : {}),
    };
    const counts = [...new Set(recs.map((x) => x.trainableParameters))];
    const why = counts.length > 1
      ? `its records have different trainable-parameter counts (${
        counts.join(", ")
      }): records of two versions of its method?`
      // both axes are log scales: a row that trains nothing, or took no time, has no place on them
      : counts[0] === 0
      ? "its records train no parameters"
      : recs.some((x) => !(x.timings.trainSeconds > 0))
      ? "some of its records have no training time"
      : null;
    if (why) {
      leftOut.push({ ...row, why });
      continue;
    }
    points.push({
      ...row,
      key: r.key,
      accuracy: r.mean,
      std: r.std,
      n: r.n,
      trainableParameters: counts[0],
      trainSeconds: mean(recs.map((x) => x.timings.trainSeconds)),
      front: false,
    });
  }
  return { points: markFront(points), leftOut };
}

/**
 * Marks the Pareto front (fewer parameters, higher accuracy) within each
 * backbone and k. A swept value is a setting of the row (a prompt length, a
 * tower depth), so the front runs across swept values; k is the data a row
 * trains on, not a cost, so each k has its own front.
 */
export function markFront(points: CostPoint[]): CostPoint[] {
  const panel = (p: CostPoint) => JSON.stringify([p.backbone, p.k ?? null]);
  return points.map((p) => ({
    ...p,
    front: !points.some((q) =>
      q !== p && panel(q) === panel(p) &&
      q.trainableParameters <= p.trainableParameters && q.accuracy >= p.accuracy &&
      (q.trainableParameters < p.trainableParameters || q.accuracy > p.accuracy)
    ),
  }));
}
