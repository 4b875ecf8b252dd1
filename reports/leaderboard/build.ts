// Builds the static leaderboard site from collected runs: index, leaderboard,
// runs, a page per table and figure, its records page, a page per method, the
// downloads, a copy of every record a number links to, and the assets. No
// server: any static host (GitHub Pages) serves the folder as written.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ResultsRun } from "../../bench/collect.ts";
import { goldenPath, loadGolden } from "../../bench/golden.ts";
import { provenance } from "../../bench/provenance.ts";
import { PROJECT_ROOT } from "../../bench/config.ts";
import { readFileSync } from "node:fs";
import type { Spec } from "../../bench/spec/types.ts";
import { toSvg } from "../render.ts";
import { esc } from "../tables.ts";
import { averageRankChart, scoreChart } from "./charts.ts";
import { figure, page } from "./html.ts";
import type { RunTable } from "./merge.ts";
import { indexBody, leaderboardBody, methodBody, methodsIndexBody, runsBody } from "./overview-pages.ts";
import { averageRanks, rankScores, tableScores, type AverageRank, type Score } from "./rank.ts";
import { recordPath, recordsPageBody } from "./records-page.ts";
import { SiteFiles, slug } from "./site.ts";
import { tablePageBody } from "./table-page.ts";

/** A file in an output folder that marks it as a site this command built, so a rebuild may empty it. */
const MARKER = ".xlt-leaderboard";

export interface SiteSummary {
  out: string;
  pages: number;
  files: number;
  bytes: number;
}

async function chart(spec: TopLevelSpec, caption: string): Promise<string> {
  return figure(await toSvg(spec), compile(spec).spec, caption);
}

/** Empty a folder this command built before (or refuse one it did not), so no page of an earlier build lingers. */
function prepare(out: string): void {
  if (!existsSync(out)) return;
  const entries = readdirSync(out);
  if (!entries.length) return;
  if (!entries.includes(MARKER)) throw new Error(`${out} is not empty and was not built by \`bench leaderboard\` (no ${MARKER} in it): choose another --out`);
  for (const e of entries) rmSync(join(out, e), { recursive: true, force: true });
}

export async function buildSite(runs: ResultsRun[], specs: Spec[], out: string, now = new Date()): Promise<SiteSummary> {
  prepare(out);
  const files = new SiteFiles(out);
  files.write(MARKER, "built by `bun run bench leaderboard`; the next build empties this folder\n");
  const version = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version;
  const commit = provenance("none").gitCommit?.slice(0, 10) ?? "no git";
  const footer = (up: string) => `Built ${esc(now.toISOString().replace(/\.\d+Z$/, "Z"))} by xlt-bench ${esc(version)} (${esc(commit)}) from ${runs.length} run${runs.length === 1 ? "" : "s"}: ${runs.map((r) => `<b>${esc(r.label)}</b> (${r.records} records)`).join(", ")}. Every number traces to a result record; see <a href="${up}runs.html">runs</a>.`;
  const pageAt = (path: string, title: string, body: string) => {
    const depth = path.split("/").length - 1;
    files.write(path, page({ title, depth, body, footer: footer("../".repeat(depth)) }));
  };

  // spec id + profile -> the runs that filled it, in run order
  const filled = new Map<string, RunTable[]>();
  for (const [run, r] of runs.entries()) {
    for (const table of r.tables) {
      const key = `${table.spec.id}\u0000${table.profile}`;
      (filled.get(key) ?? filled.set(key, []).get(key)!).push({ run, label: r.label, table });
    }
  }
  const severalRuns = runs.length > 1;
  const scores = new Map<string, Score[]>();
  for (const [key, tables] of filled) {
    if (tables[0].table.spec.correlation) continue;
    scores.set(key, rankScores(tables.flatMap((t) => tableScores(t.table, t.run, t.label))));
  }

  // tables (not figures, not correlations) rank methods across tables, per profile
  const profiles = [...new Set([...filled.keys()].map((k) => k.split("\u0000")[1]))].sort((a, b) => (a === "paper" ? 1 : b === "paper" ? -1 : a.localeCompare(b)));
  const byProfile: { profile: string; average: AverageRank[]; tables: Score[][]; chart: string }[] = [];
  for (const profile of profiles) {
    const tables = specs.filter((s) => !s.figure && !s.correlation).map((s) => scores.get(`${s.id}\u0000${profile}`)).filter((x): x is Score[] => !!x);
    const average = averageRanks(tables);
    byProfile.push({ profile, average, tables, chart: average.length ? await chart(averageRankChart(average, `Average rank across tables — ${profile}`), `Average rank per method and run, profile ${profile}`) : "" });
  }

  for (const spec of specs) {
    const ps: { profile: string; tables: RunTable[]; scores: Score[]; chart: string }[] = [];
    for (const profile of Object.keys(spec.profiles)) {
      const tables = filled.get(`${spec.id}\u0000${profile}`);
      if (!tables) continue;
      const s = scores.get(`${spec.id}\u0000${profile}`) ?? [];
      ps.push({ profile, tables, scores: s, chart: s.length ? await chart(scoreChart(s, `${spec.id} (${profile})`, severalRuns), `Score per method row with its 95% interval over seeds, profile ${profile}`) : "" });
    }
    const paper = goldenPath(spec.golden ?? spec.figure?.publishedFrom, "paper", spec.id);
    pageAt(`tables/${slug(spec.id)}.html`, spec.title, tablePageBody({ spec, profiles: ps, published: paper === null ? null : loadGolden(paper), files }));
    if (ps.length) pageAt(`records/${slug(spec.id)}.html`, `Records behind ${spec.id}`, recordsPageBody(spec, ps));
  }

  const copied = new Set<string>();
  for (const [run, r] of runs.entries()) {
    for (const t of r.tables) {
      for (const rec of t.records) {
        const path = recordPath(run, rec.cellId);
        if (copied.has(path)) continue;
        copied.add(path);
        files.copy(join(r.dir, "cells", `${rec.cellId}.json`), path);
      }
    }
  }

  const all = [...scores.values()].flat();
  const registries = [...new Set(all.map((s) => s.registry))].sort();
  for (const registry of registries) {
    const average = byProfile.flatMap((p) => p.average.filter((e) => e.registry === registry).map((entry) => ({ profile: p.profile, entry })));
    pageAt(`methods/${slug(registry)}.html`, `Method ${registry}`, methodBody(registry, all.filter((s) => s.registry === registry), average, files));
  }
  pageAt("methods/index.html", "Methods", methodsIndexBody(registries.map((registry) => ({ registry, scores: all.filter((s) => s.registry === registry) })), files));
  pageAt("index.html", "Cross-lingual transfer benchmarks: every table", indexBody(specs, filled, files));
  pageAt("leaderboard.html", "Leaderboard", leaderboardBody(byProfile, files));
  pageAt("runs.html", "Runs", runsBody(runs, files));

  const require = createRequire(import.meta.url);
  // the package exports only its module entry; the browser bundle sits beside it
  files.copy(join(dirname(require.resolve("vega")), "vega.min.js"), "assets/vega.min.js");
  files.copy(join(import.meta.dirname, "assets", "site.css"), "assets/site.css");
  files.copy(join(import.meta.dirname, "assets", "site.js"), "assets/site.js");
  return { out, pages: files.pages().length, files: files.written.size, bytes: files.bytes() };
}
