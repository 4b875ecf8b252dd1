// Vega-Lite chart specs for a spec's report, data inline, so every chart is a
// self-contained, re-renderable record of the numbers it shows.
import type { TopLevelSpec } from "vega-lite";
import type { Aggregate } from "../core/aggregate.ts";

const base = (title: string) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title,
  config: { font: "sans-serif" },
});

function bars(rows: Aggregate[], title: string, keyTitle: string, width: number): TopLevelSpec {
  const values = rows.map((r) => ({
    ...r,
    lo: r.mean - r.std,
    hi: r.mean + r.std,
    label: `${r.mean.toFixed(1)} ± ${r.std.toFixed(1)} (n=${r.n})`,
  }));
  return {
    ...base(title),
    data: { values },
    width,
    height: 220,
    encoding: {
      x: { field: "key", type: "nominal", title: keyTitle, axis: { labelAngle: -45 } },
      xOffset: { field: "methodLabel" },
      color: { field: "methodLabel", type: "nominal", title: "method" },
    },
    layer: [
      {
        mark: "bar",
        encoding: {
          y: { field: "mean", type: "quantitative", title: "accuracy (%)", scale: { domain: [0, 100] } },
          tooltip: [{ field: "key" }, { field: "methodLabel", title: "method" }, {
            field: "label",
            title: "mean ± std",
          }, { field: "backbone" }],
        },
      },
      {
        mark: { type: "errorbar", ticks: true },
        encoding: {
          y: { field: "lo", type: "quantitative", title: "accuracy (%)" },
          y2: { field: "hi" },
          color: { value: "black" },
        },
      },
    ],
  } as TopLevelSpec;
}

export function groupChart(rows: Aggregate[], backbone: string): TopLevelSpec {
  const g = rows.filter((r) => r.kind === "group" && r.backbone === backbone);
  return bars(
    g,
    `Accuracy by target group (mean ± std over seeds) — ${backbone}`,
    "target group",
    Math.max(240, 60 * new Set(g.map((r) => r.key)).size),
  );
}

export function languageChart(rows: Aggregate[], backbone: string, k?: number): TopLevelSpec {
  const l = rows.filter((r) => r.kind === "language" && r.backbone === backbone && r.k === k);
  return bars(
    l,
    `Accuracy per target language (mean ± std over seeds)${k !== undefined ? `, k = ${k}` : ""} — ${backbone}`,
    "language",
    Math.max(300, 28 * new Set(l.map((r) => r.key)).size),
  );
}

/**
 * Accuracy against an axis (k per class, or a swept method parameter): one
 * line per method row, mean ± std over seeds, for one language or the average.
 */
export function axisChart(
  rows: Aggregate[],
  backbone: string,
  axis: "k" | "x",
  key: string,
  title: string,
  axisTitle: string,
): TopLevelSpec {
  const values = rows
    .filter((r) => r.backbone === backbone && r.key === key && r[axis] !== undefined)
    .map((r) => ({
      at: r[axis],
      method: r.methodLabel,
      mean: r.mean,
      lo: r.mean - r.std,
      hi: r.mean + r.std,
      label: `${r.mean.toFixed(2)} ± ${r.std.toFixed(2)} (n=${r.n})`,
    }));
  return {
    ...base(title),
    title: {
      text: title.length > 90 ? `${title.slice(0, title.lastIndexOf(" ", 90))} …` : title,
      subtitle: `${backbone}; mean ± std over seeds`,
      anchor: "start",
    },
    data: { values },
    width: Math.max(240, 60 * new Set(values.map((v) => v.at)).size),
    height: 260,
    encoding: {
      // the axis values are the run's own (k doubles, layers count up): an ordinal axis spaces them evenly
      x: {
        field: "at",
        type: "ordinal",
        title: axisTitle,
        sort: "ascending",
        scale: { type: "point", padding: 0.5 },
        axis: { labelAngle: 0 },
      },
      color: { field: "method", type: "nominal", title: "method" },
    },
    layer: [
      {
        mark: { type: "line", point: true },
        encoding: {
          y: { field: "mean", type: "quantitative", title: "accuracy (%)", scale: { zero: false } },
          tooltip: [{ field: "method" }, { field: "at", title: axisTitle }, { field: "label", title: "mean ± std" }],
        },
      },
      {
        mark: { type: "errorbar", ticks: { size: 8 } },
        encoding: { y: { field: "lo", type: "quantitative", title: "accuracy (%)" }, y2: { field: "hi" } },
      },
    ],
  } as TopLevelSpec;
}

/** One panel of a figure of rows: accuracy of `key` at each row's value on the panel's axis (as MPT Figures 4 and 5). */
export function panelChart(
  rows: Aggregate[],
  backbone: string,
  key: string,
  panel: string,
  placed: { method: string; x: number | string }[],
  title: string,
): TopLevelSpec {
  const values = placed.flatMap((p) =>
    rows.filter((r) => r.backbone === backbone && r.key === key && r.method === p.method).map((r) => ({
      at: p.x,
      method: r.methodLabel,
      mean: r.mean,
      lo: r.mean - r.std,
      hi: r.mean + r.std,
      label: `${r.mean.toFixed(2)} ± ${r.std.toFixed(2)} (n=${r.n})`,
    }))
  );
  const numeric = placed.every((p) => typeof p.x === "number");
  return {
    ...base(title),
    title: { text: `${title}: ${panel}`, subtitle: `${backbone}; ${key}; mean ± std over seeds`, anchor: "start" },
    data: { values },
    width: Math.max(200, 55 * values.length),
    height: 240,
    encoding: {
      // the panel's own order: the numbers ascending, names as the spec lists them
      x: {
        field: "at",
        type: "ordinal",
        title: panel,
        sort: numeric ? "ascending" : placed.map((p) => p.x),
        axis: { labelAngle: 0 },
      },
    },
    layer: [
      {
        mark: numeric ? { type: "line", point: true } : { type: "bar" },
        encoding: {
          y: { field: "mean", type: "quantitative", title: "accuracy (%)", scale: { zero: !numeric } },
          tooltip: [{ field: "method" }, { field: "at", title: panel }, { field: "label", title: "mean ± std" }],
        },
      },
      {
        mark: { type: "errorbar", ticks: { size: 8 } },
        encoding: {
          y: { field: "lo", type: "quantitative", title: "accuracy (%)" },
          y2: { field: "hi" },
          color: { value: "black" },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Our numbers solid, the paper's faint, side by side. */
const OURS_SOLID_PAPER_FAINT = {
  field: "source",
  type: "ordinal",
  title: "numbers",
  scale: { domain: ["ours", "paper"], range: [1, 0.45] },
} as const;

/** Relative gain (%) of one row over another per language, coloured by family, with the paper's own gain beside ours where it has one (MPT Figure 3). */
export function gainChart(
  values: { key: string; family: string; source: "ours" | "paper"; gain: number }[],
  title: string,
  subtitle: string,
): TopLevelSpec {
  return {
    ...base(title),
    title: { text: title, subtitle, anchor: "start" },
    data: { values: values.map((v) => ({ ...v, label: `${v.gain.toFixed(1)}%` })) },
    width: Math.max(300, 40 * new Set(values.map((v) => v.key)).size),
    height: 240,
    encoding: {
      x: { field: "key", type: "nominal", title: "language", axis: { labelAngle: 0 } },
      xOffset: { field: "source" },
      y: { field: "gain", type: "quantitative", title: "relative gain (%)" },
      color: { field: "family", type: "nominal", title: "family" },
      opacity: { ...OURS_SOLID_PAPER_FAINT, sort: ["ours", "paper"] },
      tooltip: [{ field: "key", title: "language" }, { field: "family" }, { field: "source" }, {
        field: "label",
        title: "gain",
      }],
    },
    mark: "bar",
  } as TopLevelSpec;
}

/** Accuracy on one language variable per target language, a point per language and a colour per row, with each row's r (SPT Table 1's columns as scatter plots). */
export function scatterChart(
  points: { method: string; language: string; accuracy: number; value: number; r: number | null }[],
  column: string,
  backbone: string,
): TopLevelSpec {
  const title = `Accuracy against ${
    column === "DATA" ? "pretraining share (DATA)" : `similarity to English (−${column} distance)`
  }`;
  return {
    ...base(title),
    title: {
      text: title,
      subtitle: `${backbone}; seed means per target language; r per row in the legend`,
      anchor: "start",
    },
    data: { values: points.map((p) => ({ ...p, row: `${p.method} (r = ${p.r === null ? "–" : p.r.toFixed(3)})` })) },
    width: 320,
    height: 240,
    mark: { type: "point", filled: true },
    encoding: {
      x: {
        field: "value",
        type: "quantitative",
        title: column === "DATA" ? "share of pretraining data" : `−${column} distance`,
        scale: { zero: false },
      },
      y: { field: "accuracy", type: "quantitative", title: "accuracy (%)", scale: { zero: false } },
      color: { field: "row", type: "nominal", title: "row" },
      tooltip: [{ field: "language" }, { field: "method" }, { field: "accuracy", format: ".2f" }, {
        field: "value",
        format: ".4f",
      }],
    },
  } as TopLevelSpec;
}

/** Average accuracy of every row per backbone (SPT Figure 2), ours and the paper's mean of its printed per-language values. */
export function backboneChart(
  values: { backbone: string; method: string; source: "ours" | "paper"; mean: number; std?: number }[],
  title: string,
  key: string,
): TopLevelSpec {
  return {
    ...base(title),
    title: {
      text: title,
      subtitle:
        `${key}; ours: mean ± std over seeds of the average over languages; paper: mean of Table 4's printed means`,
      anchor: "start",
    },
    data: {
      values: values.map((v) => ({
        ...v,
        lo: v.mean - (v.std ?? 0),
        hi: v.mean + (v.std ?? 0),
        label: `${v.mean.toFixed(2)}${v.std !== undefined ? ` ± ${v.std.toFixed(2)}` : ""}`,
      })),
    },
    width: Math.max(240, 90 * new Set(values.map((v) => v.backbone)).size),
    height: 240,
    encoding: {
      x: { field: "backbone", type: "nominal", title: "backbone", axis: { labelAngle: 0 } },
      xOffset: { field: "method" },
      color: { field: "method", type: "nominal", title: "row" },
    },
    layer: [
      {
        mark: "bar",
        encoding: {
          y: { field: "mean", type: "quantitative", title: "accuracy (%)" },
          opacity: OURS_SOLID_PAPER_FAINT,
          tooltip: [{ field: "backbone" }, { field: "method" }, { field: "source" }, {
            field: "label",
            title: "accuracy",
          }],
        },
      },
      {
        mark: { type: "errorbar", ticks: true },
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color: { value: "black" } },
      },
    ],
  } as TopLevelSpec;
}

/** Per-language accuracy of every row, a panel per target group, languages ordered by one row's accuracy (XPE Figure 2). */
export function sortedLanguageChart(
  rows: Aggregate[],
  backbone: string,
  groups: Record<string, string[]>,
  sortBy: string,
  sortBySource: string | undefined,
  title: string,
): TopLevelSpec {
  const by = (r: Aggregate) =>
    r.method === sortBy &&
    (sortBySource === undefined || (r.setting ?? "").split(",").includes(`source:${sortBySource}`));
  const values = Object.entries(groups).flatMap(([group, members]) => {
    const order = members.map((l) => ({
      l,
      m: rows.find((r) => r.backbone === backbone && r.kind === "language" && r.key === l && by(r))?.mean ?? -1,
    })).sort((a, b) => b.m - a.m || a.l.localeCompare(b.l));
    return order.flatMap(({ l }, rank) =>
      rows.filter((r) => r.backbone === backbone && r.kind === "language" && r.key === l).map((r) => ({
        group,
        language: l,
        rank,
        row: `${r.methodLabel}${r.setting ? ` (${r.setting.replace(/^source:/, "")})` : ""}`,
        mean: r.mean,
        label: `${r.mean.toFixed(2)} ± ${r.std.toFixed(2)} (n=${r.n})`,
      }))
    );
  });
  return {
    ...base(title),
    title: {
      text: title.length > 90 ? `${title.slice(0, title.lastIndexOf(" ", 90))} …` : title,
      subtitle: `${backbone}; languages in each group ordered by ${sortBy}${
        sortBySource ? ` (${sortBySource})` : ""
      }; seed means`,
      anchor: "start",
    },
    data: { values },
    facet: { row: { field: "group", type: "nominal", title: "target group" } },
    resolve: { scale: { x: "independent" } },
    spec: {
      width: Math.max(300, 16 * Math.max(...Object.values(groups).map((m) => m.length))),
      height: 200,
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "language",
          type: "ordinal",
          sort: { field: "rank" },
          title: "language",
          axis: { labelAngle: -60 },
        },
        y: { field: "mean", type: "quantitative", title: "accuracy (%)", scale: { domain: [0, 100] } },
        color: { field: "row", type: "nominal", title: "row (source)" },
        tooltip: [{ field: "language" }, { field: "row" }, { field: "label", title: "mean ± std" }],
      },
    },
  } as TopLevelSpec;
}
