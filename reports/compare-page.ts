// The HTML page of `bench compare A B`: both runs and where they came from, how
// the comparison is computed, the summary, and per table the tested cells with
// their verdicts, a chart of B − A with its interval against the −margin line,
// and the per-language differences (described, not tested). Self-contained:
// the charts are inline SVG rendered at build time, no scripts.
import type { TopLevelSpec } from "vega-lite";
import { type RunComparison, type RunSide, type TableComparison } from "../analysis/compare-runs.ts";
import { type CellComparison, CI_LEVEL, type Verdict } from "../analysis/compare-cell.ts";
import {
  axesText,
  ciText,
  effectText,
  mddText,
  partialLines,
  pointsText,
  pText,
  seedsNeededText,
  tableAxes,
} from "../analysis/compare-text.ts";
import { leftOutText } from "../analysis/left-out.ts";
import { toSvg } from "./render.ts";
import { esc } from "./tables.ts";

const VERDICT_COLORS: Record<Verdict, string> = {
  worse: "#c62828",
  better: "#2e7d32",
  "no significant change": "#757575",
  identical: "#1565c0",
  "not tested": "#b0b0b0",
};
const vclass = (v: Verdict | "equivalent" | "not shown equivalent") => `v-${v.replace(/ /g, "-")}`;

function table(head: string[], rows: string[][], cls = ""): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")
  }</tbody></table>`;
}

/** How a tested cell is named on the chart's axis and in lists. */
function cellLabel(t: TableComparison, r: CellComparison, manyBackbones: boolean): string {
  const axes = axesText(r, t.sweepParam);
  return `${r.methodLabel}${axes ? ` ${axes}` : ""} · ${r.key}${manyBackbones ? ` (${r.backbone})` : ""}`;
}

const manyBackbones = (t: TableComparison) => new Set(t.rows.map((r) => r.backbone)).size > 1;

/** B − A per tested cell with its interval, the 0 line and the −margin line, coloured by verdict. */
export function differenceChart(t: TableComparison, margin: number): TopLevelSpec {
  const many = manyBackbones(t);
  const values = t.rows
    .filter((r) => r.difference !== null)
    .map((r) => ({
      cell: cellLabel(t, r, many),
      difference: r.difference,
      lo: r.ci?.[0] ?? null,
      hi: r.ci?.[1] ?? null,
      verdict: r.verdict,
      ci: ciText(r.ci),
      p: pText(r.pWorseHolm),
    }));
  const cells = [...new Set(values.map((v) => v.cell))];
  const y = { field: "cell", type: "nominal", title: null, sort: cells };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `${t.spec} (${t.profile}): B − A per tested cell`,
      subtitle: `accuracy points; ${Math.round(CI_LEVEL * 100)}% t interval; dashed: −margin (${margin})`,
      anchor: "start",
    },
    config: { font: "sans-serif" },
    data: { values },
    width: 420,
    height: Math.max(60, 22 * cells.length),
    layer: [
      { mark: { type: "rule", color: "#999" }, encoding: { x: { datum: 0, type: "quantitative" } } },
      {
        mark: { type: "rule", color: VERDICT_COLORS.worse, strokeDash: [4, 3] },
        encoding: { x: { datum: -margin, type: "quantitative" } },
      },
      {
        transform: [{ filter: "isValid(datum.lo)" }],
        mark: { type: "errorbar", ticks: true, color: "#444" },
        encoding: {
          x: { field: "lo", type: "quantitative", title: "B − A (accuracy points)" },
          x2: { field: "hi" },
          y,
        },
      },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          x: { field: "difference", type: "quantitative", title: "B − A (accuracy points)" },
          y,
          color: {
            field: "verdict",
            type: "nominal",
            scale: { domain: Object.keys(VERDICT_COLORS), range: Object.values(VERDICT_COLORS) },
            title: "verdict",
            legend: { labelLimit: 200 },
          },
          tooltip: [
            { field: "cell" },
            { field: "difference", format: ".2f", title: "B − A" },
            { field: "ci", title: "interval" },
            { field: "p", title: "p worse (Holm)" },
            { field: "verdict" },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

function runsTable(c: RunComparison): string {
  const row = (name: string, r: RunSide) => [
    `<b>${name}</b>`,
    esc(r.label),
    `<code>${esc(r.dir)}</code>`,
    esc(r.commits.length ? r.commits.map((x) => x.slice(0, 12)).join(", ") : "unknown"),
    esc(r.backends.join(", ") || "unknown"),
    esc(r.seeds.join(", ")),
    String(r.records),
    r.unplaced ? `${r.unplaced}: ${esc(leftOutText(r.leftOut))}` : "0",
  ];
  return table(["run", "label", "folder", "commits", "backends", "seeds", "records", "left out (why)"], [
    row("A", c.a),
    row("B", c.b),
  ], "runs");
}

function cellsTable(t: TableComparison, c: RunComparison): string {
  const { many, hasSetting, hasK, hasX, columns } = tableAxes(t);
  const eq = c.equivalence !== null;
  const head = [
    ...columns,
    "group",
    "seeds A / B",
    "mean A",
    "mean B",
    "B − A",
    `${Math.round(CI_LEVEL * 100)}% CI`,
    "test",
    "p",
    "p worse",
    "p worse (Holm)",
    "effect",
    "mdd",
    "verdict",
    ...(eq
      ? [
        "TOST p",
        "TOST p (Holm)",
        `${Math.round((1 - 2 * c.alpha) * 100)}% CI`,
        `within ±${c.equivalence}`,
        "seeds to show",
      ]
      : []),
    "notes",
  ];
  const rows = t.rows.map((r) => [
    ...(many ? [esc(r.backbone)] : []),
    esc(r.methodLabel),
    ...(hasSetting ? [esc(r.setting)] : []),
    ...(hasK ? [String(r.k ?? "")] : []),
    ...(hasX ? [String(r.x ?? "")] : []),
    esc(r.key),
    `${r.nA} / ${r.nB}`,
    pointsText(r.meanA),
    pointsText(r.meanB),
    `<b>${pointsText(r.difference, true)}</b>`,
    ciText(r.ci),
    esc(r.test ?? "-"),
    pText(r.p),
    pText(r.pWorse),
    pText(r.pWorseHolm),
    esc(effectText(r.effect)),
    mddText(r.mdd),
    `<span class="${vclass(r.verdict)}">${esc(r.verdict)}</span>`,
    ...(eq
      ? [
        pText(r.equivalence!.p),
        pText(r.equivalence!.pHolm),
        ciText(r.equivalence!.ci),
        `<span class="${vclass(r.equivalence!.verdict)}">${esc(r.equivalence!.verdict)}</span>`,
        seedsNeededText(r.equivalence!.seedsNeeded),
      ]
      : []),
    `<small>${r.notes.map(esc).join("<br>")}</small>`,
  ]);
  return table(head, rows, "cells");
}

function languagesTable(t: TableComparison): string {
  if (!t.languages.length) return "";
  const many = new Set(t.languages.map((r) => r.backbone)).size > 1;
  const hasAxes = t.languages.some((r) => axesText(r, t.sweepParam));
  const rows = t.languages.map((r) => {
    const d = r.difference;
    const cls = d === null ? "" : d < -1e-9 ? "neg" : d > 1e-9 ? "pos" : "";
    return [
      ...(many ? [esc(r.backbone)] : []),
      esc(r.methodLabel),
      ...(hasAxes ? [esc(axesText(r, t.sweepParam))] : []),
      esc(r.key),
      `${r.nA} / ${r.nB}`,
      pointsText(r.meanA),
      pointsText(r.meanB),
      `<span class="${cls}">${pointsText(d, true)}</span>`,
    ];
  });
  return `<details><summary>Per-language differences (${t.languages.length} rows; described, not tested)</summary>${
    table(
      [
        ...(many ? ["backbone"] : []),
        "method",
        ...(hasAxes ? ["axes"] : []),
        "language",
        "seeds A / B",
        "mean A",
        "mean B",
        "B − A",
      ],
      rows,
      "langs",
    )
  }</details>`;
}

export interface TableChart {
  spec: string;
  profile: string;
  svg: string;
}

/** The page, given each table's chart (inline SVG). */
export function comparePage(c: RunComparison, charts: TableChart[]): string {
  const verdictLine = c.counts.worse
    ? `<p class="bad"><b>${c.counts.worse} cell(s) significantly worse</b> in B than in A by more than ${
      esc(c.margin)
    } point(s).</p>`
    : `<p class="good"><b>Nothing significantly worse</b> in B than in A by more than ${esc(c.margin)} point(s)${
      c.counts.tested ? "" : " (but no cell could be tested)"
    }.</p>`;
  const eqLine = c.equivalence === null
    ? ""
    : c.counts.notEquivalent
    ? `<p class="warn"><b>${c.counts.notEquivalent} cell(s) not shown equivalent</b> within ±${
      esc(c.equivalence)
    } point(s) (TOST, Holm over the run): no regression is not shown.</p>`
    : `<p class="good"><b>Every cell shown equivalent</b> within ±${
      esc(c.equivalence)
    } point(s) (TOST, Holm over the run${
      c.counts.identical ? `; ${c.counts.identical} identical on every seed` : ""
    }).</p>`;
  const refs = (list: RunComparison["worse"]) =>
    `<ul>${
      list.map((r) =>
        `<li>${esc(r.spec)} ${esc(r.profile)} ${esc(r.methodLabel)}${
          axesText(r, r.sweepParam) ? ` ${esc(axesText(r, r.sweepParam))}` : ""
        } ${esc(r.key)}: A ${pointsText(r.meanA)} → B ${pointsText(r.meanB)} (${
          pointsText(r.difference, true)
        }; p worse Holm ${pText(r.pWorseHolm)}, p Holm ${pText(r.pHolm)})</li>`
      ).join("")
    }</ul>`;
  const body = c.tables.map((t) => {
    const chart = charts.find((x) => x.spec === t.spec && x.profile === t.profile);
    return `<section><h2>${esc(t.spec)} <small>(${esc(t.profile)})</small></h2>
<p>${esc(t.title)}</p>
<p>${
      manyBackbones(t)
        ? ""
        : `Backbone ${esc(t.rows[0]?.backbone ?? "–")}. `
    }Records: A ${t.cells.a} of ${t.cells.planA} cells, B ${t.cells.b} of ${t.cells.planB}. Tested: ${t.family} cell(s) of this table, in the run's Holm family of ${c.family} (every table's tested cells).</p>
${
      partialLines(t).length
        ? `<div class="warn partial">${
          partialLines(t).map((l) => `<p>${esc(l)}</p>`).join("")
        }<p>Compared on what both ran: a group row whose languages differ between A and B is not tested.</p></div>`
        : ""
    }
${cellsTable(t, c)}
${chart ? `<figure>${chart.svg}</figure>` : ""}
${languagesTable(t)}
</section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>compare ${esc(c.a.label)} vs ${esc(c.b.label)} — xlt-bench</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1300px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right;vertical-align:top}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}table.runs td{text-align:left}
code{background:#f6f6f6;padding:1px 4px}small{color:#666}
.v-worse{color:${VERDICT_COLORS.worse};font-weight:bold}.v-better{color:${VERDICT_COLORS.better};font-weight:bold}.v-no-significant-change{color:#555}.v-not-tested{color:#999;font-style:italic}.v-identical{color:#1565c0}.v-equivalent{color:${VERDICT_COLORS.better}}.v-not-shown-equivalent{color:#b26a00}
.neg{color:${VERDICT_COLORS.worse}}.pos{color:${VERDICT_COLORS.better}}
.bad{background:#fdecea;border-left:4px solid ${VERDICT_COLORS.worse};padding:.5em 1em}.good{background:#edf7ed;border-left:4px solid ${VERDICT_COLORS.better};padding:.5em 1em}
.warn{background:#fff6dd;border-left:4px solid #e0a800;padding:.5em 1em}figure{margin:1em 0;overflow-x:auto}
</style></head><body>
<h1>Run comparison: B against A</h1>
${runsTable(c)}
${
    c.warnings.length
      ? `<div class="warn"><b>Warnings</b><ul>${c.warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul></div>`
      : ""
  }
<h2>Summary</h2>
${verdictLine}
${eqLine}
<p>${c.counts.tables} table(s) compared; ${c.counts.tested} cell(s) tested: ${c.counts.worse} worse, ${c.counts.better} better, ${c.counts.unchanged} no significant change; ${c.counts.identical} identical on every seed (not tested); ${c.counts.notTested} not tested; ${c.counts.languages} per-language row(s) described. Margin ${
    esc(c.margin)
  } point(s), alpha ${esc(c.alpha)}.</p>
${c.worse.length ? `<h3>Worse</h3>${refs(c.worse)}` : ""}
${c.better.length ? `<h3>Better</h3>${refs(c.better)}` : ""}
${
    c.notCompared.length
      ? `<h3>Not compared</h3><ul>${
        c.notCompared.map((n) => `<li>${esc(n.spec)} (${esc(n.profile)}): ${esc(n.why)}</li>`).join("")
      }</ul>`
      : ""
  }
<h2>How the comparison is computed</h2>
<ul>${c.method.map((m) => `<li>${esc(m)}</li>`).join("")}</ul>
${body}
</body></html>
`;
}

/** The page with its charts rendered. */
export async function renderComparePage(c: RunComparison): Promise<string> {
  const charts: TableChart[] = [];
  for (const t of c.tables) {
    if (!t.rows.some((r) => r.difference !== null)) continue;
    charts.push({ spec: t.spec, profile: t.profile, svg: await toSvg(differenceChart(t, c.margin)) });
  }
  return comparePage(c, charts);
}
