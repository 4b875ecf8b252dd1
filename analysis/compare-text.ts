// How a comparison of two runs is written for people (the text table, the
// HTML page): p-values, accuracy points, intervals, axes.
import type { CellComparison, RowIdentity } from "./compare-cell.ts";
import type { TableComparison } from "./compare-runs.ts";
import { partialText } from "./partial.ts";
import { SEEDS_CAP } from "./verdicts.ts";

/** A p-value: three decimals, or two significant digits below 0.001 (0 when decided without a test). */
export function pText(p: number | null): string {
  if (p === null) return "-";
  if (p === 0) return "0";
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** Accuracy points with two decimals, "-" for none (a signed difference keeps its sign). */
export function pointsText(x: number | null, signed = false): string {
  if (x === null || !Number.isFinite(x)) return "-";
  const v = Math.abs(x) < 5e-10 ? 0 : x;
  return (signed && v > 0 ? "+" : "") + v.toFixed(2);
}

export function ciText(ci: [number, number] | null): string {
  return ci ? `[${pointsText(ci[0])}, ${pointsText(ci[1])}]` : "-";
}

export function effectText(e: CellComparison["effect"]): string {
  return e ? `${e.kind} ${e.value.toFixed(2)}` : "-";
}

/** A minimum detectable difference in points, "-" when the cell was not tested. */
export function mddText(mdd: number | null): string {
  return mdd === null ? "-" : Number.isFinite(mdd) ? mdd.toFixed(2) : "∞";
}

/** Seeds at which TOST would show a cell within the margin: "-" where it does not apply. */
export function seedsNeededText(n: number | null | undefined): string {
  return n === undefined ? "-" : n === null ? `> ${SEEDS_CAP}` : String(n);
}

/** A row's axes besides method and key: setting, k, swept value (as "k=8 promptLength=10"). */
export function axesText(r: Pick<RowIdentity, "setting" | "k" | "x">, sweepParam = "x"): string {
  return [r.setting ? `[${r.setting}]` : "", r.k !== null ? `k=${r.k}` : "", r.x !== null ? `${sweepParam}=${r.x}` : ""]
    .filter(Boolean).join(" ");
}

/** Which of a table's row axes vary (and so get a column), and those columns' names, as both outputs head them. */
export function tableAxes(t: TableComparison): {
  many: boolean;
  hasSetting: boolean;
  hasK: boolean;
  hasX: boolean;
  columns: string[];
} {
  const many = new Set(t.rows.map((r) => r.backbone)).size > 1;
  const hasSetting = t.rows.some((r) => r.setting), hasK = t.rows.some((r) => r.k !== null);
  const hasX = t.rows.some((r) => r.x !== null);
  const columns = [
    ...(many ? ["backbone"] : []),
    "method",
    ...(hasSetting ? ["setting"] : []),
    ...(hasK ? ["k"] : []),
    ...(hasX ? [t.sweepParam ?? "x"] : []),
  ];
  return { many, hasSetting, hasK, hasX, columns };
}

/** "B partial: --langs: target languages 2 of 7 (missing: …)", one line per partial side, as both outputs say it. */
export function partialLines(t: Pick<TableComparison, "partial">): string[] {
  return (["a", "b"] as const).flatMap((s) =>
    t.partial[s] ? [`${s.toUpperCase()} partial: ${partialText(t.partial[s]!)}`] : []
  );
}
