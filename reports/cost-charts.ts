// Cost charts of a costFront spec (analysis/costs.ts): accuracy against
// trainable parameters, the Pareto front drawn as a step line through its
// rows, and accuracy against training time; data inline, as every chart.
import type { TopLevelSpec } from "vega-lite";
import type { CostPoint } from "../analysis/costs.ts";

function values(points: CostPoint[]) {
  // a setting names the row only where the chart's rows differ in it (one source set: said once, in the table)
  const settings = new Set(points.map((p) => p.setting ?? ""));
  return points.map((p) => ({
    ...p,
    row: `${p.methodLabel}${p.setting && settings.size > 1 ? ` (${p.setting})` : ""}`,
    lo: p.accuracy - p.std,
    hi: p.accuracy + p.std,
    onFront: p.front ? "Pareto front" : "dominated",
    detail: `${p.accuracy.toFixed(1)} ± ${p.std.toFixed(1)} (n=${p.n})`,
  }));
}

function scatter(
  points: CostPoint[],
  title: { text: string; subtitle: string },
  x: { field: "trainableParameters" | "trainSeconds"; title: string },
  front: boolean,
): TopLevelSpec {
  const xEnc = { field: x.field, type: "quantitative", title: x.title, scale: { type: "log" } };
  const y = {
    field: "accuracy",
    type: "quantitative",
    title: `accuracy (%), ${points[0]?.key ?? ""}`,
    scale: { zero: false },
  };
  const layers: object[] = [
    {
      mark: { type: "errorbar", ticks: true },
      encoding: { x: xEnc, y: { field: "lo", type: "quantitative", title: y.title }, y2: { field: "hi" } },
    },
    {
      mark: { type: "point", size: 90, filled: true },
      encoding: {
        x: xEnc,
        y,
        color: { field: "row", type: "nominal", title: "method" },
        shape: front ? { field: "onFront", type: "nominal", title: "" } : { value: "circle" },
        tooltip: [
          { field: "row", title: "method" },
          { field: "detail", title: "mean ± std" },
          { field: "trainableParameters", title: "trainable parameters", format: "," },
          { field: "trainSeconds", title: "training seconds", format: ".1f" },
        ],
      },
    },
    { mark: { type: "text", dx: 6, align: "left", fontSize: 10 }, encoding: { x: xEnc, y, text: { field: "row" } } },
  ];
  if (front) {
    layers.unshift({
      transform: [{ filter: "datum.front" }],
      mark: { type: "line", interpolate: "step-after", color: "gray", strokeDash: [4, 3] },
      encoding: { x: xEnc, y, order: { field: "trainableParameters" } },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    config: { font: "sans-serif" },
    data: { values: values(points) },
    width: 420,
    height: 260,
    layer: layers,
  } as TopLevelSpec;
}

const where = (backbone: string, k?: number) => `${backbone}${k !== undefined ? `, k = ${k}` : ""}`;

/** Accuracy against trainable parameters (log), the Pareto front marked. */
export function paramsChart(points: CostPoint[], backbone: string, k?: number): TopLevelSpec {
  return scatter(
    points,
    {
      text: `Accuracy against trainable parameters — ${where(backbone, k)}`,
      subtitle: "mean ± std over seeds; dashed: the Pareto front (no row has more accuracy with fewer parameters)",
    },
    { field: "trainableParameters", title: "trainable parameters (log scale)" },
    true,
  );
}

/** Accuracy against mean training seconds (log). */
export function timeChart(points: CostPoint[], backbone: string, k?: number): TopLevelSpec {
  return scatter(
    points,
    {
      text: `Accuracy against training time — ${where(backbone, k)}`,
      subtitle: "mean ± std over seeds; mean training seconds per cell, dev evaluation included, as recorded",
    },
    { field: "trainSeconds", title: "training seconds per cell (log scale)" },
    false,
  );
}
