// Writes a spec's report folder: index.html, one SVG and one Vega-Lite JSON per
// chart, and summary.json (the analysis and check rows behind the page).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Analysis } from "../bench/analyze.ts";
import type { CheckRow } from "../bench/golden.ts";
import type { Plan } from "../bench/plan.ts";
import type { ResultRecord } from "../bench/record.ts";
import { groupChart, languageChart } from "./charts.ts";
import { reportPage } from "./html.ts";
import { toSvg } from "./render.ts";

export async function writeReport(
  dir: string,
  plan: Plan,
  analysis: Analysis,
  records: ResultRecord[],
  check: { goldenPath: string; rows: CheckRow[]; policy: string } | null,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const charts: { title: string; file: string; svg: string }[] = [];
  const backbones = [...new Set(analysis.rows.map((r) => r.backbone))];
  for (const [i, b] of backbones.entries()) {
    const specs = [
      ...(analysis.rows.some((r) => r.kind === "group" && r.backbone === b && r.key !== "all") ? [["per-group", groupChart(analysis.rows, b)] as const] : []),
      ["per-language", languageChart(analysis.rows, b)] as const,
    ];
    for (const [name, spec] of specs) {
      const file = `${name}${backbones.length > 1 ? `-${i + 1}` : ""}.svg`;
      const svg = await toSvg(spec);
      writeFileSync(join(dir, file), svg);
      writeFileSync(join(dir, file.replace(/\.svg$/, ".vl.json")), JSON.stringify(spec, null, 1));
      charts.push({ title: name, file, svg });
    }
  }
  writeFileSync(join(dir, "summary.json"), JSON.stringify({ spec: plan.spec.id, profile: plan.profileName, evalSplit: plan.evalSplit, backboneOverride: plan.backboneOverride ?? null, analysis, check }, null, 1));
  const page = join(dir, "index.html");
  writeFileSync(page, reportPage({ plan, analysis, records, charts, check }));
  return page;
}
