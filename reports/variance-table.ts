// The report's table of variance components (analysis/variance.ts): for a
// profile crossing draw and init seeds, each row's variance per target group
// split between the k-shot draw and the initialisation, with intervals.
import type { Component } from "../analysis/stats/variance-components.ts";
import { VARIANCE_METHOD, type VarianceRow } from "../analysis/variance.ts";
import { esc, fmt } from "./tables.ts";

const share = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : "–");
const part = (c: Component) =>
  `${fmt(c.estimate)}${c.truncated ? "*" : ""} [${fmt(c.interval[0])}, ${fmt(c.interval[1])}] · ${share(c.share)}`;

export function varianceHtml(rows: VarianceRow[]): string {
  const head = [
    "backbone",
    "row",
    "k",
    "x",
    "group",
    "draws × inits",
    "mean %",
    "variance",
    "draw",
    "init",
    "residual",
  ];
  const body = rows.map((r) => {
    const c = r.components;
    const cells = [
      esc(r.backbone),
      esc(r.methodLabel + (r.setting ? ` (${r.setting})` : "")),
      r.k ?? "–",
      r.x ?? "–",
      esc(r.key),
      `${r.draws.length} × ${r.inits.length}`,
      ...(c
        ? [fmt(c.mean), fmt(c.total), part(c.rows), part(c.columns), part(c.residual)]
        : ["–", "–", esc(r.note ?? ""), "", ""]),
    ];
    return `<tr>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
  });
  return `<p>Variance in %² of one cell's accuracy; each component: estimate [95% interval] · share of the total. ${
    esc(VARIANCE_METHOD.join(" "))
  }</p><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${
    body.join("")
  }</tbody></table>`;
}
