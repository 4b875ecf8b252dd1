// Several runs of one spec profile as one table in the paper's layout: each
// method row once per run, labelled with the run, so that a changed method
// shows as a new row next to the old one; and the band verdict of each number.
import type { Analysis } from "../../analysis/analyze.ts";
import type { Aggregate } from "../../core/aggregate.ts";
import type { TableRun } from "../../analysis/collect.ts";
import { goldenIndex, matchKey, rowIdentity } from "../../analysis/golden.ts";
import { type CheckRow } from "../../core/golden.ts";
import { type Plan, specK } from "../../plan/plan.ts";

export interface RunTable {
  run: number;
  label: string;
  table: TableRun;
}

// a method id never holds a NUL, so the split is unambiguous
const SEP = "\u0000";

export interface Merged {
  plan: Plan;
  analysis: Analysis;
  /** The run and the spec's own method row behind one of the merged rows. */
  source: (a: Aggregate) => { run: number; method: string };
}

/** `several`: label each row with its run (whenever the site has several runs, even where one filled this table). */
export function mergeRuns(tables: RunTable[], several: boolean): Merged {
  const first = tables[0].table;
  // a partial run's rows say so in their name, wherever the layout shows them
  const named = (label: string, t: RunTable) =>
    `${label}${several ? ` · ${t.label}` : ""}${t.table.partial ? " (partial)" : ""}`;
  const methods = first.spec.methods.flatMap((m) =>
    tables
      .filter((t) => t.table.analysis.rows.some((r) => r.method === m.id))
      .map((t) => ({ ...m, id: `${m.id}${SEP}${t.run}`, label: named(m.label, t) }))
  );
  const rows = tables.flatMap((t) =>
    t.table.analysis.rows.map((r) => ({
      ...r,
      method: `${r.method}${SEP}${t.run}`,
      methodLabel: named(r.methodLabel, t),
    }))
  );
  return {
    plan: { ...first.plan, spec: { ...first.spec, methods } },
    analysis: { ...first.analysis, rows, comparisons: undefined },
    source: (a) => {
      const [method, run] = a.method.split(SEP);
      return { run: Number(run), method };
    },
  };
}

/** The check row that judged one of a run's aggregates, by the golden identity (the golden check matched them the same way). */
export function verdictOf(t: TableRun): (a: Aggregate) => CheckRow | undefined {
  const golden = t.check.golden;
  if (!golden || !t.check.rows.length) return () => undefined;
  const { fixed } = goldenIndex(golden, specK(t.plan));
  const byKey = new Map(t.check.rows.map((r) => [matchKey(r, fixed), r]));
  return (a) => byKey.get(matchKey(rowIdentity(a), fixed));
}
