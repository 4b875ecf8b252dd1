// The leaderboard's Vega-Lite charts, data inline: a table's rows with their
// score and 95% interval over seeds, and the normalised ranks across tables.
import type { TopLevelSpec } from "vega-lite";
import type { AverageRank, Score } from "./rank.ts";

const base = (title: string, subtitle: string) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title: { text: title, subtitle, anchor: "start" as const },
  config: { font: "sans-serif" },
});

/** One dot per ranked row (method · run), its interval over seeds as a bar. */
export function scoreChart(scores: Score[], title: string, severalRuns: boolean): TopLevelSpec {
  const values = scores.map((s) => ({
    row: severalRuns ? `${s.methodLabel} · ${s.runLabel}` : s.methodLabel,
    run: s.runLabel,
    rank: s.rank,
    mean: s.mean,
    lo: s.ci?.[0] ?? s.mean,
    hi: s.ci?.[1] ?? s.mean,
    label: `${s.mean.toFixed(2)}${s.ci ? ` [${s.ci[0].toFixed(2)}, ${s.ci[1].toFixed(2)}]` : ""} (n=${s.n})`,
  }));
  return {
    ...base(title, "score: mean accuracy over the target languages; bar: 95% t-interval over seeds"),
    data: { values },
    width: 420,
    height: { step: 22 },
    encoding: {
      y: { field: "row", type: "nominal", sort: { field: "rank" }, title: null },
      color: { field: "run", type: "nominal", title: "run", legend: severalRuns ? {} : null },
    },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          x: { field: "lo", type: "quantitative", title: "accuracy (%)", scale: { zero: false } },
          x2: { field: "hi" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 70 },
        encoding: {
          x: { field: "mean", type: "quantitative" },
          tooltip: [{ field: "row", title: "row" }, { field: "rank" }, { field: "label", title: "mean [95% CI]" }],
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * One dot per entry at its mean normalised rank (0 = best), so the winner's
 * mark is drawn as every other's (a bar from 0 would have no length for it),
 * and a line over the range of its normalised ranks across the tables (min to
 * max): how much the tables agree on it.
 */
export function averageRankChart(entries: AverageRank[], title: string): TopLevelSpec {
  const values = entries.map((e) => {
    const per = e.tables.map((t) => (t.rank - 1) / (t.of - 1));
    return {
      entry: `${e.registry} · ${e.runLabel}`,
      method: e.registry,
      normalizedRank: e.normalizedRank,
      lo: Math.min(...per),
      hi: Math.max(...per),
      averageRank: e.averageRank,
      tables: e.tables.length,
    };
  });
  const x = {
    field: "normalizedRank",
    type: "quantitative",
    title: "normalised rank (0 = best)",
    // padding keeps a dot at 0 or 1 whole inside the plot
    scale: { domain: [0, 1], padding: 8 },
  };
  return {
    ...base(
      title,
      "dot: mean over tables of the best row's (rank − 1) / (entries − 1); line: its min–max over the tables",
    ),
    data: { values },
    width: 360,
    height: { step: 22 },
    encoding: {
      y: { field: "entry", type: "nominal", sort: { field: "normalizedRank" }, title: null },
      color: { field: "method", type: "nominal", legend: null },
    },
    layer: [
      {
        mark: { type: "rule", strokeWidth: 2, opacity: 0.5 },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" } },
      },
      {
        mark: { type: "point", filled: true, size: 80, opacity: 1 },
        encoding: {
          x,
          tooltip: [
            { field: "entry" },
            { field: "normalizedRank", title: "normalised rank", format: ".2f" },
            { field: "lo", title: "best in a table", format: ".2f" },
            { field: "hi", title: "worst in a table", format: ".2f" },
            { field: "averageRank", title: "average rank", format: ".2f" },
            { field: "tables" },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
