// Where a cell's variance comes from: for a profile whose seeds cross draw
// seeds with initialisation seeds ({draw, init}), each row's accuracy in each
// target group (and language) split into the k-shot draw's component, the
// initialisation's (with the training streams it seeds) and the residual
// (their interaction and the rest), by the crossed two-factor random-effects
// ANOVA of stats/variance-components.ts on the complete draw × init grid.
import type { SeedRow } from "../core/aggregate.ts";
import type { RowIdentity } from "./compare-cell.ts";
import { type CrossedComponents, crossedComponents } from "./stats/variance-components.ts";

export const VARIANCE_CONFIDENCE = 0.95;

/** A row of the table (as compare names rows: RowIdentity) with its kind, and its draw and init seeds. */
export interface VarianceRow extends RowIdentity {
  kind: "group" | "language";
  draws: number[];
  inits: number[];
  /** Null when the grid is incomplete or a factor has one level (`note` says which). */
  components: CrossedComponents | null;
  note?: string;
}

const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

/** One row of seed rows (one method row, k, x and key) -> its components, or why there are none. */
function decompose(rows: SeedRow[]): Pick<VarianceRow, "draws" | "inits" | "components" | "note"> {
  const at = new Map(rows.map((r) => [`${r.seed}/${r.initSeed ?? r.seed}`, r.acc]));
  const draws = sorted(rows.map((r) => r.seed)), inits = sorted(rows.map((r) => r.initSeed ?? r.seed));
  if (rows.every((r) => r.initSeed === undefined)) {
    return {
      draws,
      inits,
      components: null,
      note: "draw and init seeds move together (a seed list): nothing to split",
    };
  }
  if (draws.length < 2 || inits.length < 2) {
    return {
      draws,
      inits,
      components: null,
      note: `needs 2 or more draw and init seeds (${draws.length} × ${inits.length})`,
    };
  }
  const missing = draws.length * inits.length - at.size;
  if (missing) {
    return {
      draws,
      inits,
      components: null,
      note: `incomplete grid: ${missing} of the draw × init cells have no record`,
    };
  }
  const grid = draws.map((d) => inits.map((i) => at.get(`${d}/${i}`)!));
  return { draws, inits, components: crossedComponents(grid, VARIANCE_CONFIDENCE) };
}

/** The components of every row, per target group (and per language when `languages` is given). */
export function varianceRows(rows: { group: SeedRow[]; language?: SeedRow[] }): VarianceRow[] {
  const out: VarianceRow[] = [];
  const kinds: ["group" | "language", SeedRow[]][] = [["group", rows.group], ["language", rows.language ?? []]];
  for (const [kind, list] of kinds) {
    const by = new Map<string, SeedRow[]>();
    for (const r of list) {
      const id = JSON.stringify([r.backbone, r.method, r.setting, r.k, r.x, r.key]);
      (by.get(id) ?? by.set(id, []).get(id)!).push(r);
    }
    for (const members of by.values()) {
      const r = members[0];
      out.push({
        backbone: r.backbone,
        method: r.method,
        methodLabel: r.methodLabel,
        setting: r.setting,
        k: r.k,
        x: r.x,
        kind,
        key: r.key,
        ...decompose(members),
      });
    }
  }
  return out;
}

/** The method, stated once for the command's and the report's notes. */
export const VARIANCE_METHOD = [
  "Each row's accuracy (a target group's: the mean over its languages) over the complete grid of draw seeds × initialisation seeds, one cell per pair, is split by the crossed two-factor random-effects ANOVA without replication: draw = (MS_draw − MS_residual) / n_init, init = (MS_init − MS_residual) / n_draw, residual = MS_residual (the draw × init interaction and the rest). These are the moment estimates, equal to REML's for this balanced layout when positive; a negative one is truncated at 0 (marked *).",
  `Intervals (${
    VARIANCE_CONFIDENCE * 100
  }%): residual from the chi-square distribution of its sum of squares; draw and init by the modified large-sample (MLS) interval of a difference of mean squares (Graybill and Wang 1980; Burdick and Graybill 1992), lower bounds truncated at 0. With 2 × 2 seeds each factor has 1 degree of freedom: the upper bounds are wide, as they should be.`,
  "Shares are of the estimated variance of one cell, the sum of the three (truncated) components.",
];
