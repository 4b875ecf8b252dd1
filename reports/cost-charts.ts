// Cost charts of every spec (analysis/costs.ts): accuracy against trainable
// parameters, the Pareto front drawn as a step line through its rows, and
// accuracy against training time; one chart per backbone, a panel per k where
// the run has several (each k its own front); data inline, as every chart.
import type { TopLevelSpec } from "vega-lite";
import type { CostPoint } from "../analysis/costs.ts";

/** `sweep`: the name of the spec's swept parameter, which labels a point's swept value. */
function values(points: CostPoint[], sweep: string) {
  // a setting names the row only where the chart's rows differ in it (one source set: said once, in the table)
  const settings = new Set(points.map((p) => p.setting ?? ""));
  return points.map((p) => ({
    ...p,
    row: `${p.methodLabel}${p.setting && settings.size > 1 ? ` (${p.setting})` : ""}`,
    label: `${p.methodLabel}${p.setting && settings.size > 1 ? ` (${p.setting})` : ""}${
      p.x !== undefined ? ` ${sweep}=${p.x}` : ""
    }`,
    panel: p.k !== undefined ? `k = ${p.k}` : "",
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
  sweep: string,
): TopLevelSpec {
  const xEnc = { field: x.field, type: "quantitative", title: x.title, scale: { type: "log" } };
  const y = {
    field: "accuracy",
    type: "quantitative",
    title: `accuracy (%), ${[...new Set(points.map((p) => p.key))].join(" / ")}`,
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
          { field: "label", title: "method" },
          { field: "detail", title: "mean ± std" },
          { field: "trainableParameters", title: "trainable parameters", format: "," },
          { field: "trainSeconds", title: "training seconds", format: ".1f" },
        ],
      },
    },
    { mark: { type: "text", dx: 6, align: "left", fontSize: 10 }, encoding: { x: xEnc, y, text: { field: "label" } } },
  ];
  if (front) {
    layers.unshift({
      transform: [{ filter: "datum.front" }],
      mark: { type: "line", interpolate: "step-after", color: "gray", strokeDash: [4, 3] },
      encoding: { x: xEnc, y, order: { field: "trainableParameters" } },
    });
  }
  const head = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    config: { font: "sans-serif" },
    data: { values: values(points, sweep) },
  };
  const ks = [...new Set(points.map((p) => p.k))].sort((a, b) => (a ?? 0) - (b ?? 0));
  if (ks.length < 2) return { ...head, width: 420, height: 260, layer: layers } as TopLevelSpec;
  // several k: a panel each, in k order, so each k's front is drawn within its own data
  return {
    ...head,
    facet: { field: "panel", type: "ordinal", title: null, sort: ks.map((k) => `k = ${k}`) },
    columns: 3,
    spec: { width: 260, height: 200, layer: layers },
  } as TopLevelSpec;
}

/** Accuracy against trainable parameters (log), the Pareto front marked; `sweep` names a swept parameter. */
export function paramsChart(points: CostPoint[], backbone: string, sweep = "x"): TopLevelSpec {
  return scatter(
    points,
    {
      text: `Accuracy against trainable parameters — ${backbone}`,
      subtitle: "mean ± std over seeds; dashed: the Pareto front (no row has more accuracy with fewer parameters)",
    },
    { field: "trainableParameters", title: "trainable parameters (log scale)" },
    true,
    sweep,
  );
}

/** Accuracy against mean training seconds (log). */
export function timeChart(points: CostPoint[], backbone: string, sweep = "x"): TopLevelSpec {
  return scatter(
    points,
    {
      text: `Accuracy against training time — ${backbone}`,
      subtitle: "mean ± std over seeds; mean training seconds per cell, dev evaluation included, as recorded",
    },
    { field: "trainSeconds", title: "training seconds per cell (log scale)" },
    false,
    sweep,
  );
}
