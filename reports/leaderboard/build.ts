// Builds the static leaderboard site from collected runs: index, leaderboard,
// runs, a page per table and figure, its records page, a page per method, the
// downloads, a copy of every record a number links to, and the assets. No
// server: any static host (GitHub Pages) serves the folder as written.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { ResultsRun } from "../../analysis/collect.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { goldenPath, loadGolden } from "../../analysis/golden.ts";
import { provenance } from "../../run/provenance.ts";
import type { Spec } from "../../core/spec.ts";
import { correlationIsTable } from "../../core/spec.ts";
import { UsageError } from "../../core/errors.ts";
import { render } from "../render.ts";
import { esc } from "../tables.ts";
import { averageRankChart, scoreChart } from "./charts.ts";
import { figure, page } from "./html.ts";
import type { RunTable } from "./merge.ts";
import { indexBody, leaderboardBody, methodBody, methodsIndexBody, runsBody } from "./overview-pages.ts";
import { type AverageRank, averageRanks, rankScores, type Score, tableScores } from "./rank.ts";
import { publicRecord } from "./public-record.ts";
import { recordPath, recordsPageBody } from "./records-page.ts";
import { SiteFiles, slug } from "./site.ts";
import { tablePageBody } from "./table-page.ts";

/** A file in an output folder that marks it as a site this command built, so a rebuild may empty it. */
const MARKER = ".xlt-leaderboard";
/** What a rebuild keeps: a static host's own files in the folder (GitHub Pages' custom domain, its Jekyll switch, a checkout). */
const KEEP = new Set([MARKER, "CNAME", ".nojekyll", ".git"]);

export interface SiteSummary {
  out: string;
  pages: number;
  files: number;
  bytes: number;
}

async function chart(spec: TopLevelSpec, caption: string): Promise<string> {
  const { svg, vega } = await render(spec);
  return figure(svg, vega, caption);
}

/** Empty a folder this command built before (or refuse one it did not), so no page of an earlier build lingers. */
function prepare(out: string): void {
  if (!existsSync(out)) return;
  const entries = readdirSync(out);
  if (!entries.length) return;
  if (!entries.includes(MARKER)) {
    throw new UsageError(
      `${out} is not empty and was not built by \`bench leaderboard\` (no ${MARKER} in it): choose another --out`,
    );
  }
  for (const e of entries) if (!KEEP.has(e)) rmSync(join(out, e), { recursive: true, force: true });
}

export async function buildSite(
  runs: ResultsRun[],
  specs: Spec[],
  out: string,
  now = new Date(),
): Promise<SiteSummary> {
  prepare(out);
  const files = new SiteFiles(out);
  files.write(MARKER, "built by `bun run bench leaderboard`; the next build empties this folder\n");
  const version = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).version;
  const commit = provenance("none").gitCommit?.slice(0, 10) ?? "no git";
  const footer = (up: string) =>
    `Built ${esc(now.toISOString().replace(/\.\d+Z$/, "Z"))} by xlt-bench ${esc(version)} (${
      esc(commit)
    }) from ${runs.length} run${runs.length === 1 ? "" : "s"}: ${
      runs.map((r) => `<b>${esc(r.label)}</b> (${r.records} records)`).join(", ")
    }. Every number traces to a result record; see <a href="${up}runs.html">runs</a>.`;
  const pageAt = (path: string, title: string, body: string) => {
    const depth = path.split("/").length - 1;
    files.write(path, page({ title, depth, body, footer: footer("../".repeat(depth)) }));
  };

  // spec id -> profile -> the runs that filled it, in run order
  const filled = new Map<string, Map<string, RunTable[]>>();
  for (const [run, r] of runs.entries()) {
    for (const table of r.tables) {
      const profiles = filled.get(table.spec.id) ?? filled.set(table.spec.id, new Map()).get(table.spec.id)!;
      (profiles.get(table.profile) ?? profiles.set(table.profile, []).get(table.profile)!).push({
        run,
        label: r.label,
        table,
      });
    }
  }
  const profilesOf = (spec: string) =>
    [...(filled.get(spec) ?? new Map<string, RunTable[]>()).entries()].map(([profile, tables]) => ({
      profile,
      tables,
    }));
  const severalRuns = runs.length > 1;
  // spec id -> profile -> its rows ranked (correlation specs rank nothing)
  const scores = new Map<string, Map<string, Score[]>>();
  for (const [spec, profiles] of filled) {
    for (const [profile, tables] of profiles) {
      if (correlationIsTable(tables[0].table.spec)) continue;
      (scores.get(spec) ?? scores.set(spec, new Map()).get(spec)!).set(
        profile,
        rankScores(tables.flatMap((t) => tableScores(t.table, t.run, t.label))),
      );
    }
  }

  // tables (not figures, not correlations) rank methods across tables, per profile; the paper's profile last, after the ones a laptop runs
  const profiles = [...new Set([...filled.values()].flatMap((p) => [...p.keys()]))].sort((a, b) =>
    Number(a === "paper") - Number(b === "paper") || a.localeCompare(b)
  );
  const byProfile: { profile: string; average: AverageRank[]; tables: Score[][]; chart: string }[] = [];
  for (const profile of profiles) {
    const tables = specs.filter((s) => !s.figure && !correlationIsTable(s)).map((s) => scores.get(s.id)?.get(profile))
      .filter((
        x,
      ): x is Score[] => !!x);
    const average = averageRanks(tables);
    byProfile.push({
      profile,
      average,
      tables,
      chart: average.length
        ? await chart(
          averageRankChart(average, `Normalised rank across tables — ${profile}`),
          `Mean normalised rank per method and run, profile ${profile} (0 = best in every table)`,
        )
        : "",
    });
  }

  for (const spec of specs) {
    const ps: { profile: string; tables: RunTable[]; scores: Score[]; chart: string }[] = [];
    for (const { profile, tables } of profilesOf(spec.id)) {
      const s = scores.get(spec.id)?.get(profile) ?? [];
      ps.push({
        profile,
        tables,
        scores: s,
        chart: s.length
          ? await chart(
            scoreChart(s, `${spec.id} (${profile})`, severalRuns),
            `Score per method row with its 95% interval over seeds, profile ${profile}`,
          )
          : "",
      });
    }
    const paper = goldenPath(spec.golden ?? spec.figure?.publishedFrom, "paper", spec.id);
    pageAt(
      `tables/${slug(spec.id)}.html`,
      spec.title,
      tablePageBody({ spec, profiles: ps, published: paper === null ? null : loadGolden(paper), files, severalRuns }),
    );
    if (ps.length) pageAt(`records/${slug(spec.id)}.html`, `Records behind ${spec.id}`, recordsPageBody(spec, ps));
  }

  const copied = new Set<string>();
  for (const [run, r] of runs.entries()) {
    for (const t of r.tables) {
      for (const rec of [...t.records, ...t.prerequisites]) {
        const path = recordPath(run, rec.cellId);
        if (copied.has(path)) continue;
        copied.add(path);
        // the record as its file holds it, but for the local paths of the machines that ran and built it
        const recorded = JSON.parse(readFileSync(join(r.dir, "cells", `${rec.cellId}.json`), "utf8"));
        files.write(path, JSON.stringify(publicRecord(recorded, r.dir)));
      }
    }
  }

  const all = [...scores.values()].flatMap((p) => [...p.values()].flat());
  const registries = [...new Set(all.map((s) => s.registry))].sort();
  for (const registry of registries) {
    const average = byProfile.flatMap((p) =>
      p.average.filter((e) => e.registry === registry).map((entry) => ({ profile: p.profile, entry }))
    );
    pageAt(
      `methods/${slug(registry)}.html`,
      `Method ${registry}`,
      methodBody(registry, all.filter((s) => s.registry === registry), average, files),
    );
  }
  pageAt(
    "methods/index.html",
    "Methods",
    methodsIndexBody(
      registries.map((registry) => ({ registry, scores: all.filter((s) => s.registry === registry) })),
      files,
    ),
  );
  pageAt("index.html", "Cross-lingual transfer benchmarks: every table", indexBody(specs, profilesOf, files));
  pageAt("leaderboard.html", "Leaderboard", leaderboardBody(byProfile, files));
  pageAt("runs.html", "Runs", runsBody(runs, files));

  const require = createRequire(import.meta.url);
  // the package exports only its module entry; the browser bundle sits beside it
  files.copy(join(dirname(require.resolve("vega")), "vega.min.js"), "assets/vega.min.js");
  files.copy(join(import.meta.dirname, "assets", "site.css"), "assets/site.css");
  files.copy(join(import.meta.dirname, "assets", "site.js"), "assets/site.js");
  return { out, pages: files.pages().length, files: files.written.size, bytes: files.bytes() };
}
