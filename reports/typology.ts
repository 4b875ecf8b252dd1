// The typology correlations added to an accuracy table (analysis/typology-correlation.ts):
// the report's table (Pearson and Spearman with their bootstrap intervals per
// row and column) and its chart (each row's r with its interval per column).
import type { TopLevelSpec } from "vega-lite";
import {
  type CorrelationEstimate,
  type TypologyCorrelation,
  typologyRowLabel,
} from "../analysis/typology-correlation.ts";
import { esc } from "./tables.ts";

function estimate(e: CorrelationEstimate | null): string {
  if (!e) return "–";
  const ci = e.ci ? ` <span class="sd">[${e.ci[0].toFixed(3)}, ${e.ci[1].toFixed(3)}]</span>` : "";
  return `${e.estimate.toFixed(3)}${ci} <span class="sd">p ${e.pValue.toPrecision(2)}</span>`;
}

/** The report's table: one line per backbone, row and column. */
export function typologyTable(rows: TypologyCorrelation[], sweepParam?: string): string {
  const head = [
    "backbone",
    "row",
    "column",
    "languages",
    "seeds",
    "Pearson r [95% CI] p",
    "Spearman ρ [95% CI] p",
    "left out",
  ];
  const body = rows.map((r) =>
    [
      esc(r.backbone),
      esc(typologyRowLabel(r, sweepParam)),
      esc(r.key.toUpperCase()),
      String(r.n),
      r.seeds[0] === r.seeds[1] ? String(r.seeds[0]) : `${r.seeds[0]}–${r.seeds[1]}`,
      r.undefinedBecause ? `<small>${esc(r.undefinedBecause)}</small>` : estimate(r.pearson),
      estimate(r.spearman),
      esc(r.missing.join(" ")),
    ].map((c) => `<td>${c}</td>`).join("")
  );
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${
    body.map((b) => `<tr>${b}</tr>`).join("")
  }</tbody></table>`;
}

/** The text above the table: what is correlated, and how the intervals are made. */
export function typologyExplainer(rows: TypologyCorrelation[]): string {
  const b = rows.find((r) => r.resamples > 0)?.resamples ?? 0;
  return `<p>Per row, each target language's accuracy (mean over seeds) against its similarity to English (−lang2vec distance, in SPT Table 1's conventions) or the backbone's pretraining share (DATA). p: t-test on n − 2 df. Intervals: 95% percentile intervals of a two-stage bootstrap (${b} resamples, seeded from the row and column): languages drawn with replacement, then each drawn language's seeds with replacement, so they carry both the choice of languages and the seed noise.</p>`;
}

/** Each row's Pearson r with its bootstrap interval per column (a panel per backbone's k when there are several). */
export function typologyChart(rows: TypologyCorrelation[], backbone: string, sweepParam?: string): TopLevelSpec {
  const values = rows.filter((r) => r.backbone === backbone && r.pearson).map((r) => ({
    column: r.key.toUpperCase(),
    row: typologyRowLabel({ ...r, k: undefined }, sweepParam),
    k: r.k ?? null,
    r: r.pearson!.estimate,
    lo: r.pearson!.ci?.[0] ?? r.pearson!.estimate,
    hi: r.pearson!.ci?.[1] ?? r.pearson!.estimate,
    rho: r.spearman?.estimate ?? null,
    n: r.n,
  }));
  const title = "Correlation of accuracy with similarity to English, per distance type";
  const layer = {
    width: Math.max(240, 60 * new Set(values.map((v) => v.column)).size),
    height: 200,
    encoding: {
      x: { field: "column", type: "nominal", title: "column", axis: { labelAngle: 0 } },
      xOffset: { field: "row" },
      color: { field: "row", type: "nominal", title: "row" },
    },
    layer: [
      {
        mark: { type: "point", filled: true, size: 50 },
        encoding: {
          y: { field: "r", type: "quantitative", title: "Pearson r", scale: { domain: [-1, 1] } },
          tooltip: [
            { field: "row" },
            { field: "k" },
            { field: "column" },
            { field: "r", format: ".3f" },
            {
              field: "lo",
              title: "95% low",
              format: ".3f",
            },
            { field: "hi", title: "95% high", format: ".3f" },
            { field: "rho", title: "Spearman ρ", format: ".3f" },
            {
              field: "n",
              title: "languages",
            },
          ],
        },
      },
      { mark: { type: "rule" }, encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } } },
    ],
  };
  const head = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: title,
      subtitle:
        `${backbone}; r over the languages' seed means, two-stage bootstrap 95% interval (languages, then seeds)`,
      anchor: "start",
    },
    config: { font: "sans-serif" },
    data: { values },
  };
  const ks = new Set(values.map((v) => v.k));
  return (ks.size > 1
    ? { ...head, facet: { row: { field: "k", type: "ordinal", title: "k" } }, spec: layer }
    : { ...head, ...layer }) as TopLevelSpec;
}
