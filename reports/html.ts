// The HTML page of one spec's run: what was run, the charts, the tables, the
// golden check, and where every number came from.
import { type Analysis, baselineOf } from "../analysis/analyze.ts";
import type { CostLeftOut, CostPoint } from "../analysis/costs.ts";
import { type Aggregate, type Baseline } from "../core/aggregate.ts";
import type { CheckRow, GoldenFile } from "../core/golden.ts";
import { type Plan, specK } from "../plan/plan.ts";
import type { ResultRecord } from "../core/record.ts";
import { seedUnit } from "../core/seed.ts";
import { comparisonsTable, esc, fmt, paperLayout, publishedPValues } from "./tables.ts";
import { typologyExplainer, typologyTable } from "./typology.ts";
import { varianceHtml } from "./variance-table.ts";
import { checkTable, OUTCOME_CSS, outcomeNote, tableOutcomeHtml } from "./check-table.ts";
import type { TableOutcome } from "../analysis/verdicts.ts";
import { paperGaps } from "../analysis/comparison-power.ts";

function table(head: string[], rows: (string | number)[][], cls = ""): string {
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${
    rows
      .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
      .join("")
  }</tbody></table>`;
}

/** The cost points (analysis/costs.ts) as a table: accuracy, trainable parameters, training time, on the front or not; then the rows left out and why. */
function costTable(points: CostPoint[], leftOut: CostLeftOut[], sweep = "x"): string {
  const keys = [...new Set(points.map((p) => p.key))];
  const label = (p: CostPoint | CostLeftOut) =>
    esc(p.methodLabel + (p.setting ? ` (${p.setting})` : "") + (p.x !== undefined ? ` ${sweep}=${p.x}` : ""));
  const head = `<p>Accuracy at ${
    esc(keys.join(" / "))
  } (the spec's <code>costFront.key</code>, else the average over all targets, else its widest target group) against each row's trainable parameters and mean training seconds per cell, from the records; the Pareto front per backbone and k.</p>`;
  const rows = points.length
    ? table(
      [
        "backbone",
        "k",
        "row",
        `accuracy % (${keys.join(" / ")})`,
        "trainable parameters",
        "training s (mean)",
        "Pareto front",
      ],
      points.map((p) => [
        esc(p.backbone),
        p.k ?? "–",
        label(p),
        `${fmt(p.accuracy)} <span class="sd">± ${fmt(p.std)}</span>`,
        p.trainableParameters.toLocaleString("en-US"),
        p.trainSeconds.toFixed(1),
        p.front ? "yes" : "",
      ]),
    )
    : "";
  const notes = leftOut.length
    ? `<p>Not drawn:</p><ul>${
      leftOut.map((r) =>
        `<li>${label(r)} on ${esc(r.backbone)}${r.k !== undefined ? `, k = ${r.k}` : ""}: ${esc(r.why)}</li>`
      ).join("")
    }</ul>`
    : "";
  return head + rows + notes;
}

/** The typology correlations a spec adds to its accuracy table, or why they are missing. */
function typologySection(analysis: Analysis, sweepParam?: string): string {
  const rows = analysis.typologyCorrelations;
  if (analysis.typologyUnavailable) {
    return `<h2>Typology correlations</h2><p class="warn">${esc(analysis.typologyUnavailable)}</p>`;
  }
  if (!rows) return "";
  return `<h2>Typology correlations</h2>${typologyExplainer(rows)}${typologyTable(rows, sweepParam)}`;
}

/** One column per method row (and k and swept value, when the spec has them). */
function columnOf(r: Aggregate, sweepParam = "x"): { id: string; label: string } {
  const axes = [r.k !== undefined ? `k=${r.k}` : "", r.x !== undefined ? `${sweepParam}=${r.x}` : ""].filter(Boolean)
    .join(" ");
  return { id: `${r.method}|${r.k ?? ""}|${r.x ?? ""}`, label: axes ? `${r.methodLabel} (${axes})` : r.methodLabel };
}

function pivot(
  backbone: string,
  rows: Aggregate[],
  baselines: Baseline[],
  kind: Aggregate["kind"],
  sweepParam?: string,
): string {
  const methods = [...new Map(rows.map((r) => [columnOf(r, sweepParam).id, columnOf(r, sweepParam).label])).entries()];
  const keys = [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.key))];
  const get = (k: string, m: string) => rows.find((r) => r.kind === kind && r.key === k && columnOf(r).id === m);
  const base = (key: string) => baselineOf(baselines, { backbone, kind, key });
  // the reference columns show what a model that learned nothing scores on the same test sets
  const withBase = keys.some((k) => base(k));
  return table(
    [kind, ...methods.map(([, l]) => l), ...(withBase ? ["majority class", "chance"] : [])],
    keys.map((k) => [
      esc(k),
      ...methods.map(([m]) => {
        const a = get(k, m);
        return a ? `${fmt(a.mean)} <span class="sd">± ${fmt(a.std)} (n=${a.n})</span>` : "–";
      }),
      ...(withBase
        ? [`<span class="sd">${fmt(base(k)?.majority)}</span>`, `<span class="sd">${fmt(base(k)?.chance)}</span>`]
        : []),
    ]),
  );
}

export interface PageInput {
  plan: Plan;
  analysis: Analysis;
  records: ResultRecord[];
  charts: { title: string; file: string; svg: string }[];
  check: { goldenPath: string; rows: CheckRow[]; policy: string; table?: TableOutcome | null } | null;
  /** The paper's own numbers for this spec (its golden file), shown beside ours whatever the profile. */
  published: GoldenFile | null;
}

export function reportPage(p: PageInput): string {
  const { plan, analysis, records } = p;
  const spec = plan.spec;
  const prov = records[0]?.provenance;
  const backbones = [...new Set(analysis.rows.map((r) => r.backbone))];
  const checkHtml = p.check
    ? `<p>Golden: <code>${esc(p.check.goldenPath)}</code>. ${esc(p.check.policy)}</p>` +
      tableOutcomeHtml(p.check.table) + checkTable(p.check.rows) + outcomeNote(p.check.rows)
    : "<p>No golden file for this profile.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(spec.id)} (${esc(plan.profileName)}) — xlt-bench</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}td.l{text-align:left}.sd{color:#777;font-size:12px}.pub{color:#35a;font-size:12px}
table.paper td{vertical-align:top}
.v-pass{color:#080;font-weight:bold}.v-fail{color:#c00;font-weight:bold}${OUTCOME_CSS}code{background:#f6f6f6;padding:1px 4px}
.warn{background:#fff6dd;border-left:4px solid #e0a800;padding:.5em 1em}figure{margin:1em 0;overflow-x:auto}
</style></head><body>
<h1>${esc(spec.title)}</h1>
<p><b>${esc(spec.id)}</b> · profile <b>${esc(plan.profileName)}</b>${
    plan.backboneOverride ? ` · backbone <b>${esc(plan.backboneOverride.id)}</b> (--backbone)` : ""
  } · evaluated on ${esc(plan.spec.dataset)} <b>${plan.evalSplit}</b> · ${esc(spec.citation)}</p>
<p>${esc(plan.profile.description)}</p>
${
    spec.deviations.length
      ? `<div class="warn"><b>Deviations from the paper</b><ul>${
        spec.deviations.map((d) => `<li>${esc(d)}</li>`).join("")
      }</ul></div>`
      : ""
  }
<h2>${esc(spec.figure ? "Figure" : "Table")} in the paper's layout</h2>
<p>Accuracy %, mean <span class="sd">± sample std</span> over ${
    esc(plan.cells.length ? new Set(plan.cells.map((c) => seedUnit(c.config.seed, c.config.initSeed))).size : 0)
  } seeds${p.published ? `; <span class="pub">paper</span>: the published value (${esc(p.published.source)})` : ""}.</p>
${
    backbones.map((b) =>
      `<h3>${esc(b)}</h3><div style="overflow-x:auto">${paperLayout(plan, analysis, b, p.published)}</div>`
    ).join("")
  }
${
    analysis.comparisons
      ? `<h2>Paired comparisons</h2>${
        comparisonsTable(
          analysis.comparisons,
          spec.sweep?.param,
          publishedPValues(plan, p.published),
          paperGaps(analysis.comparisons, analysis.rows, p.published, specK(plan)),
        )
      }`
      : ""
  }
${
    analysis.costs?.length || analysis.costsLeftOut?.length
      ? `<h2>What each row costs</h2>${costTable(analysis.costs ?? [], analysis.costsLeftOut ?? [], spec.sweep?.param)}`
      : ""
  }
${typologySection(analysis, spec.sweep?.param)}
${
    analysis.variance?.length
      ? `<h2>Where the variance comes from: draw and initialisation</h2>${varianceHtml(analysis.variance)}`
      : ""
  }
<h2>Target groups</h2>
${
    plan.backbones.map((b) =>
      table(["group", "languages"], Object.entries(b.groups).map(([g, m]) => [esc(g), esc(m.join(", "))]))
    ).join("")
  }
<h2>Charts</h2>
${
    p.charts.map((c) => `<figure>${c.svg}<figcaption><a href="${esc(c.file)}">${esc(c.file)}</a></figcaption></figure>`)
      .join("\n")
  }
<h2>Results (accuracy %, mean ± sample std over seeds; majority class and chance: what always answering the ${plan.evalSplit} set's most frequent class, or guessing uniformly, scores)</h2>
${
    backbones.map((b) => {
      const rows = analysis.rows.filter((r) => r.backbone === b);
      return `<h3>${esc(b)}</h3><h4>By group</h4>${
        pivot(b, rows, analysis.baselines, "group", spec.sweep?.param)
      }<h4>By language</h4>${pivot(b, rows, analysis.baselines, "language", spec.sweep?.param)}`;
    }).join("")
  }
<h2>Golden check</h2>
${checkHtml}
<h2>Provenance</h2>
<p>${analysis.cells.length} of ${plan.cells.length} cells have records (<code>cells/&lt;id&gt;.json</code> in the results folder):</p>
${
    table(
      ["cell", "method", "k", "seed", "trainable params", "train s", "best dev step"],
      records.map((r) => {
        const row = plan.cells.find((c) => c.id === r.cellId)?.row;
        return [
          `<code>${esc(r.cellId)}</code>`,
          esc(row?.label ?? r.config.method.id),
          row?.k ?? esc(String(r.config.trainShots)),
          seedUnit(r.config.seed, r.config.initSeed),
          r.trainableParameters,
          fmt(r.timings.trainSeconds, 1),
          r.training.bestStep,
        ];
      }),
    )
  }
${
    prov
      ? `<p>git ${esc(prov.gitCommit ?? "unknown")}${prov.gitDirty ? " (dirty)" : ""} · ${
        esc(prov.runtime)
      } · backend ${esc(prov.backend)} · ${
        esc(Object.entries(prov.libraries).map(([k, v]) => `${k} ${v}`).join(", "))
      }</p>`
      : ""
  }
</body></html>
`;
}
