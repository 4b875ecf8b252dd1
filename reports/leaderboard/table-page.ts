// One spec's page: per profile, its rows ranked, the paper's layout with our
// rows (one per run) beside the published numbers and the band verdicts, the
// golden check, correlations and paired comparisons, each table downloadable.
import type { Aggregate } from "../../bench/analyze.ts";
import { contentId } from "../../bench/canonical.ts";
import type { GoldenFile } from "../../bench/golden.ts";
import { policyText } from "../../bench/pipeline.ts";
import type { Spec } from "../../bench/spec/types.ts";
import { comparisonsTable, esc, fmt, paperLayout } from "../tables.ts";
import { dataTable, text, type Cell } from "./html.ts";
import { mergeRuns, verdictOf, type RunTable } from "./merge.ts";
import type { Score } from "./rank.ts";
import { slug, type SiteFiles } from "./site.ts";

/** The anchor, on a spec's records page, of one method row's cells in one run (backbone, source set, k and swept value). */
export function groupAnchor(profile: string, run: number, r: Pick<Aggregate, "backbone" | "method" | "setting" | "k" | "x">): string {
  return `g-${contentId([profile, run, r.backbone, r.method, r.setting ?? "", r.k ?? null, r.x ?? null], 12)}`;
}

export const num = (x: number | null | undefined, d = 2): Cell => ({ html: fmt(x, d), sort: x ?? null });
const ci = (c: [number, number] | null): Cell => ({ html: c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : "–", sort: c ? c[0] : null });

export interface TablePageInput {
  spec: Spec;
  /** Per profile: the runs that filled it. */
  profiles: { profile: string; tables: RunTable[]; scores: Score[]; chart: string }[];
  published: GoldenFile | null;
  files: SiteFiles;
}

export function tablePageBody(p: TablePageInput): string {
  const { spec } = p;
  const kind = spec.figure ? "figure" : "table";
  const intro = `<p class="meta">${esc(spec.paper)} · ${esc(kind)} ${esc(spec.table)} · ${esc(spec.dataset)} · <code>${esc(spec.id)}</code> · ${esc(spec.citation)}</p>
${spec.deviations.length ? `<div class="warn"><b>Deviations from the paper</b><ul>${spec.deviations.map((d) => `<li>${esc(d)}</li>`).join("")}</ul></div>` : ""}`;
  if (!p.profiles.length) return `${intro}<p>No results folder of this site has records for this ${kind}. Run it with <code>bun run bench ${esc(spec.id)}</code>.</p>`;
  return intro + p.profiles.map((x) => profileSection(p, x)).join("\n");
}

function profileSection(p: TablePageInput, x: TablePageInput["profiles"][number]): string {
  const { spec, files } = p;
  const name = `${spec.id}-${x.profile}`;
  const several = x.tables.length > 1;
  const parts: string[] = [`<section id="profile-${esc(slug(x.profile))}"><h2>Profile <i>${esc(x.profile)}</i></h2><p>${esc(spec.profiles[x.profile].description)}</p>`];

  if (spec.correlation) {
    parts.push(`<p>This ${spec.figure ? "figure" : "table"} reports correlations, not accuracies, so it ranks nothing${spec.derivedFrom ? `; its accuracies are ranked in <a href="${esc(slug(spec.derivedFrom))}.html">${esc(spec.derivedFrom)}</a>` : ""}.</p>`);
  } else {
    const rows = x.scores.map((s) => [
      num(s.rank, s.rank % 1 ? 1 : 0), text(s.methodLabel), text(s.runLabel), num(s.mean), num(s.std), ci(s.ci), num(s.n, 0),
      { html: `${s.coverage.found}/${s.coverage.planned}${s.coverage.found < s.coverage.planned ? ' <span class="partial" title="not every planned cell has a record">partial</span>' : ""}`, sort: s.coverage.found / s.coverage.planned },
    ]);
    const dl = files.data(`${name}-ranking`, x.scores.map((s) => ({ spec: s.spec, profile: s.profile, run: s.runLabel, method: s.method, label: s.methodLabel, registry: s.registry, rank: s.rank, mean: s.mean, std: s.std, n: s.n, ci_low: s.ci?.[0] ?? null, ci_high: s.ci?.[1] ?? null, seeds: s.seeds.join(" "), per_seed: s.perSeed.join(" "), cells_found: s.coverage.found, cells_planned: s.coverage.planned })), 1);
    parts.push(`<h3>Ranking</h3><p>Score: each seed's mean accuracy over the target languages, averaged over the table's other axes (k, swept value, backbone, source set); mean, sample std and 95% t-interval over seeds. Rank 1 is the best mean; ties share their average rank.</p>`);
    parts.push(dataTable([{ label: "rank", numeric: true }, { label: "method" }, { label: "run" }, { label: "score %", numeric: true }, { label: "std", numeric: true }, { label: "95% CI", numeric: true }, { label: "seeds", numeric: true }, { label: "cells", numeric: true, title: "records found / cells planned" }], rows, { downloads: dl, cls: "ranking" }));
    parts.push(x.chart);
  }

  const merged = mergeRuns(x.tables);
  const verdicts = new Map(x.tables.map((t) => [t.run, verdictOf(t.table)]));
  const backbones = [...new Set(merged.analysis.rows.map((r) => r.backbone))];
  const layout = backbones.map((b) => `<h4>${esc(b)}</h4><div class="tablewrap">${paperLayout(merged.plan, merged.analysis, b, p.published, {
    href: (a) => {
      const s = merged.source(a);
      return `../records/${slug(spec.id)}.html#${groupAnchor(x.profile, s.run, { ...a, method: s.method })}`;
    },
    mark: (a) => {
      const s = merged.source(a);
      const v = verdicts.get(s.run)!({ ...a, method: s.method });
      if (!v || (v.verdict !== "pass" && v.verdict !== "fail")) return "";
      return ` <span class="v v-${v.verdict}" title="${esc(`golden ${fmt(v.golden)}, diff ${fmt(v.diff)}, band ±${fmt(v.band)}`)}">${v.verdict}</span>`;
    },
  })}</div>`);
  const aggregates = x.tables.flatMap((t) => t.table.analysis.rows.map((r) => ({ run: t.label, backbone: r.backbone, method: r.method, label: r.methodLabel, setting: r.setting ?? null, k: r.k ?? null, x: r.x ?? null, kind: r.kind, key: r.key, mean: r.mean, std: r.std, n: r.n, verdict: verdictOf(t.table)(r)?.verdict ?? null })));
  const adl = files.data(`${name}-accuracy`, aggregates, 1);
  parts.push(`<h3>In the paper's layout</h3><p>Accuracy %, mean <span class="sd">± sample std</span> over seeds${several ? ", one row per run" : ""}; <span class="pub">paper</span>: the published value${p.published ? ` (${esc(p.published.source)})` : ""}; <span class="v v-pass">pass</span>/<span class="v v-fail">fail</span>: the band verdict of the golden check below. Each number links to the records it comes from.</p>${layout.join("")}<p class="dl">download: <a href="${esc(adl.csv)}" download>CSV</a> · <a href="${esc(adl.json)}" download>JSON</a></p>`);

  parts.push(`<h3>Golden check</h3>`);
  for (const t of x.tables) {
    const c = t.table.check;
    const head = several ? `<h4>${esc(t.label)}</h4>` : "";
    if (c.goldenPath === null || !c.golden) {
      parts.push(`${head}<p>${c.excluded ? esc(c.excluded) : c.goldenPath === null ? "The paper prints no numbers for this spec: nothing to check." : "No golden file for this profile: nothing to check."}</p>`);
      continue;
    }
    const judged = c.rows.filter((r) => r.verdict === "pass" || r.verdict === "fail");
    const cdl = files.data(`${name}-check-${t.run}`, c.rows.map((r) => ({ run: t.label, backbone: r.backbone, method: r.method, setting: r.setting ?? null, k: r.k ?? null, x: r.x ?? null, kind: r.kind, key: r.key, golden: r.golden, ours: r.ours, ours_std: r.oursStd, n: r.oursN, diff: r.diff, band: r.band, verdict: r.verdict, why: r.why ?? null })), 1);
    parts.push(`${head}<p>${c.passed} pass, ${c.failed} fail of ${judged.length} judged (${c.rows.length} golden cells). ${esc(policyText(c.golden))} Golden: <code>${esc(c.golden.source)}</code>.</p>`);
    const d = (r: (typeof c.rows)[number]) => (r.kind === "correlation" ? 4 : 2);
    parts.push(dataTable(
      [{ label: "backbone" }, { label: "method" }, { label: "k", numeric: true }, { label: "key" }, { label: "golden", numeric: true }, { label: "ours", numeric: true }, { label: "diff", numeric: true }, { label: "band ±", numeric: true }, { label: "verdict" }],
      c.rows.map((r) => [text(r.backbone), text(r.setting ? `${r.method} (${r.setting})` : r.method), num(r.k ?? null, 0), text(r.key), num(r.golden, d(r)), num(r.ours, d(r)), num(r.diff, d(r)), num(r.band, d(r)), { html: `<span class="v v-${esc(r.verdict)}">${esc(r.verdict)}</span>${r.why ? ` <small>${esc(r.why)}</small>` : ""}`, sort: r.verdict }]),
      { downloads: cdl, cls: "check" },
    ));
  }

  if (x.tables.some((t) => t.table.analysis.correlations)) {
    parts.push(`<h3>Correlations</h3>`);
    for (const t of x.tables) {
      const corr = t.table.analysis.correlations ?? [];
      const kdl = files.data(`${name}-correlations-${t.run}`, corr.map((r) => ({ run: t.label, backbone: r.backbone, method: r.method, column: r.key, r: r.r, p: r.pValue, ci_low: r.ci?.[0] ?? null, ci_high: r.ci?.[1] ?? null, n: r.points.length, left_out: r.missing.join(" ") })), 1);
      parts.push((several ? `<h4>${esc(t.label)}</h4>` : "") + dataTable(
        [{ label: "backbone" }, { label: "method" }, { label: "column" }, { label: "r", numeric: true }, { label: "p", numeric: true }, { label: "95% CI", numeric: true }, { label: "languages", numeric: true }],
        corr.map((r) => [text(r.backbone), text(r.methodLabel), text(r.key.toUpperCase()), num(r.r, 4), { html: r.pValue === null ? "–" : esc(r.pValue.toPrecision(3)), sort: r.pValue }, ci(r.ci), num(r.points.length, 0)]),
        { downloads: kdl },
      ));
    }
  }

  const compared = x.tables.filter((t) => t.table.analysis.comparisons);
  if (compared.length) {
    parts.push(`<h3>Paired comparisons</h3>`);
    for (const t of compared) parts.push((several ? `<h4>${esc(t.label)}</h4>` : "") + `<div class="tablewrap">${comparisonsTable(t.table.analysis.comparisons!, spec.sweep?.param)}</div>`);
  }
  parts.push(`<p><a href="../records/${esc(slug(spec.id))}.html#profile-${esc(slug(x.profile))}">Every record behind this profile's numbers</a></p></section>`);
  return parts.join("\n");
}
