// Writes a spec's report folder: index.html, one SVG and one Vega-Lite JSON per
// chart, and summary.json (the analysis and check rows behind the page).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Analysis } from "../analysis/analyze.ts";
import type { CheckRow, GoldenFile } from "../core/golden.ts";
import type { Plan } from "../plan/plan.ts";
import type { ResultRecord } from "../core/record.ts";
import type { TopLevelSpec } from "vega-lite";
import type { TableOutcome } from "../analysis/verdicts.ts";
import {
  axisChart,
  backboneChart,
  gainChart,
  groupChart,
  languageChart,
  panelChart,
  scatterChart,
  sortedLanguageChart,
} from "./charts.ts";
import { backboneKey } from "../plan/plan.ts";
import { datasetOf } from "../datasets/registry.ts";
import { specK } from "../plan/plan.ts";
import type { Aggregate } from "../core/aggregate.ts";
import { paramsChart, timeChart } from "./cost-charts.ts";
import { reportPage } from "./html.ts";
import { typologyChart } from "./typology.ts";
import { toSvg } from "./render.ts";

export async function writeReport(
  dir: string,
  plan: Plan,
  analysis: Analysis,
  records: ResultRecord[],
  check: { goldenPath: string; rows: CheckRow[]; policy: string; table?: TableOutcome | null } | null,
  published: GoldenFile | null = null,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  // charts of an earlier layout must not linger next to this run's
  for (const f of readdirSync(dir)) if (f.endsWith(".svg") || f.endsWith(".vl.json")) rmSync(join(dir, f));
  const charts: { title: string; file: string; svg: string }[] = [];
  const backbones = [...new Set(analysis.rows.map((r) => r.backbone))];
  const spec = plan.spec;
  const average = spec.targets.averageKey ?? "all";
  for (const [i, b] of backbones.entries()) {
    const rows = analysis.rows.filter((r) => r.backbone === b);
    const list: [string, TopLevelSpec][] = [];
    if (spec.figure?.x === "row") {
      const key = spec.figure.language ?? average;
      const panels = [...new Set(spec.methods.flatMap((m) => (m.figure ?? []).map((f) => f.panel)))];
      for (const [j, panel] of panels.entries()) {
        const placed = spec.methods.flatMap((m) =>
          (m.figure ?? []).filter((f) => f.panel === panel).map((f) => ({ method: m.id, x: f.x }))
        );
        list.push([
          `figure-${j + 1}-${panel.replace(/[^a-z0-9]+/gi, "-")}`,
          panelChart(rows, b, key, panel, placed, spec.figure.caption),
        ]);
      }
    } else if (spec.figure?.x === "backbone") {
      // every backbone in one chart: drawn once, with the first
      if (i === 0) {
        list.push([
          "figure-backbones",
          backboneChart(backboneValues(plan, analysis.rows, published), spec.figure.caption, average),
        ]);
      }
    } else if (spec.figure?.x === "language-sorted") {
      const bp = plan.backbones.find((x) => backboneKey(x.entry) === b)!;
      const panels = Object.fromEntries(
        Object.entries(bp.groups).filter(([g]) => !spec.figure!.groups || spec.figure!.groups.includes(g)),
      );
      list.push([
        "figure-languages",
        sortedLanguageChart(rows, b, panels, spec.figure.sortBy!, spec.figure.sortBySource, spec.figure.caption),
      ]);
    } else if (analysis.correlations) {
      const corr = analysis.correlations.filter((r) => r.backbone === b);
      for (const key of [...new Set(corr.map((r) => r.key))]) {
        const points = corr.filter((r) => r.key === key).flatMap((r) =>
          r.points.map((p) => ({ method: r.methodLabel, r: r.r, ...p }))
        );
        list.push([`scatter-${key}`, scatterChart(points, key.toUpperCase(), b)]);
      }
    } else if (spec.figure?.x === "language") {
      list.push([
        "figure-gain",
        gainChart(
          gainValues(plan, rows, b, published),
          spec.figure.caption,
          `${b}; (${spec.figure.gain!.of} / ${
            spec.figure.gain!.over
          } − 1) × 100 per language, seed means; paper: from ${spec.figure.publishedFrom ?? "–"}`,
        ),
      ]);
    } else if (spec.sweep) {
      // a figure over a method parameter: a line per method row, for the figure's language (or the average)
      const key = spec.figure?.language ?? average;
      list.push([`figure-${key}`, axisChart(rows, b, "x", key, spec.figure?.caption ?? spec.title, spec.sweep.label)]);
    } else {
      if (new Set(rows.filter((r) => r.kind === "group").map((r) => r.key)).size > 1) {
        list.push(["per-group", groupChart(rows, b)]);
      }
      const ks = [...new Set(rows.map((r) => r.k))];
      for (const k of ks) {
        list.push([`per-language${k !== undefined && ks.length > 1 ? `-k${k}` : ""}`, languageChart(rows, b, k)]);
      }
      if (ks.length > 1) {
        const key = spec.figure?.x === "k" ? (spec.figure.language ?? average) : average;
        const title = spec.figure?.x === "k"
          ? spec.figure.caption
          : "Average accuracy over the target languages against k";
        list.push([`by-k-${key}`, axisChart(rows, b, "k", key, title, "k (training examples per class)")]);
      }
    }
    if (analysis.typologyCorrelations?.some((r) => r.backbone === b && r.pearson)) {
      list.push(["typology-correlations", typologyChart(analysis.typologyCorrelations, b, spec.sweep?.param)]);
    }
    // every spec: one chart per cost and backbone, a panel per k (reports/cost-charts.ts)
    const costs = analysis.costs?.filter((p) => p.backbone === b) ?? [];
    if (costs.length) {
      const sweep = spec.sweep?.param;
      list.push(["cost-parameters", paramsChart(costs, b, sweep)], ["cost-time", timeChart(costs, b, sweep)]);
    }
    for (const [name, chart] of list) {
      // a chart's name may hold a spec's language or group key: a file name of safe characters only
      const file = `${name.replace(/[^\w.-]+/g, "_")}${backbones.length > 1 ? `-${i + 1}` : ""}.svg`;
      const svg = await toSvg(chart);
      writeFileSync(join(dir, file), svg);
      writeFileSync(join(dir, file.replace(/\.svg$/, ".vl.json")), JSON.stringify(chart, null, 1));
      charts.push({ title: name, file, svg });
    }
  }
  writeFileSync(
    join(dir, "summary.json"),
    JSON.stringify(
      {
        spec: plan.spec.id,
        profile: plan.profileName,
        evalSplit: plan.evalSplit,
        backboneOverride: plan.backboneOverride ?? null,
        analysis,
        check,
      },
      null,
      1,
    ),
  );
  const page = join(dir, "index.html");
  writeFileSync(page, reportPage({ plan, analysis, records, charts, check, published }));
  return page;
}

/** Each row's average over the target languages per backbone (ours: the group row), and the paper's mean of its per-language values. */
function backboneValues(plan: Plan, rows: Aggregate[], published: GoldenFile | null) {
  const average = plan.spec.targets.averageKey ?? "all";
  const out: { backbone: string; method: string; source: "ours" | "paper"; mean: number; std?: number }[] = [];
  for (const r of rows.filter((x) => x.kind === "group" && x.key === average)) {
    out.push({
      backbone: r.backbone.replace(/@.*/, ""),
      method: r.methodLabel,
      source: "ours",
      mean: r.mean,
      std: r.std,
    });
  }
  for (const m of plan.spec.methods) {
    const id = m.golden?.method ?? m.id;
    for (
      const b of new Set(
        published?.cells.filter((c) => c.method === id && c.kind === "language").map((c) => c.backbone) ?? [],
      )
    ) {
      const vals = published!.cells.filter((c) =>
        c.method === id && c.kind === "language" && c.backbone === b && c.mean !== null
      ).map((c) => c.mean!);
      if (vals.length) {
        out.push({
          backbone: b.replace(/@.*/, ""),
          method: m.label,
          source: "paper",
          mean: vals.reduce((a, x) => a + x, 0) / vals.length,
        });
      }
    }
  }
  return out;
}

/** Our gain per language from the seed means, and the paper's from the table the figure is drawn from. */
function gainValues(plan: Plan, rows: Aggregate[], backbone: string, published: GoldenFile | null) {
  const { of, over } = plan.spec.figure!.gain!;
  const families = datasetOf(plan.spec.dataset).families ?? {};
  const langs = [...new Set(rows.filter((r) => r.kind === "language").map((r) => r.key))];
  const mean = (m: string, key: string) =>
    rows.find((r) => r.backbone === backbone && r.kind === "language" && r.method === m && r.key === key)?.mean;
  const out: { key: string; family: string; source: "ours" | "paper"; gain: number }[] = [];
  const goldenId = (id: string) => plan.spec.methods.find((m) => m.id === id)?.golden?.method ?? id;
  const k = specK(plan);
  const paper = (m: string, key: string) =>
    published?.cells.find((c) =>
      c.kind === "language" && c.method === goldenId(m) && c.key === key && (k === undefined || c.k === k) &&
      c.measure === undefined
    )?.mean ?? undefined;
  for (const key of langs) {
    const family = families[key] ?? "other";
    const a = mean(of, key), b = mean(over, key);
    if (a !== undefined && b !== undefined && b > 0) out.push({ key, family, source: "ours", gain: (a / b - 1) * 100 });
    const pa = paper(of, key), pb = paper(over, key);
    if (pa != null && pb != null && pb > 0) out.push({ key, family, source: "paper", gain: (pa / pb - 1) * 100 });
  }
  return out;
}
