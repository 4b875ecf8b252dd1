// The site's overview pages: every table and figure of the four papers with
// what each run did of it; the leaderboard; the methods; the runs.
import { basename } from "node:path";
import type { ResultsRun } from "../../analysis/collect.ts";
import { leftOutText } from "../../analysis/left-out.ts";
import { partialText } from "../../analysis/partial.ts";
import type { Spec } from "../../core/spec.ts";
import { esc, fmt } from "../tables.ts";
import { type Cell, dataTable, interval, link, num, partialMark, rank, runCell, text, when } from "./html.ts";
import type { RunTable } from "./merge.ts";
import { type AverageRank, type Score, scoreRecord } from "./rank.ts";
import { methodAnchor } from "./records-page.ts";
import { type SiteFiles, slug } from "./site.ts";

/** The four papers the project reproduces, by their spec ids; a user spec's paper is shown as it names it. */
const PAPERS: Record<string, string> = {
  uniprompt: "UniPrompt (Huang et al. 2022)",
  mpt: "MPT (Qiu et al. 2024)",
  spt: "SPT (Philippy et al. 2024)",
  xpe: "XPE (Mikaberidze et al. 2025)",
};
/** Where a score's records are, from a page `up` below the root. */
const scoreHref = (s: Score, up: string) =>
  `${up}records/${slug(s.spec)}.html#${methodAnchor(s.profile, s.run, s.method)}`;

export function indexBody(
  specs: Spec[],
  filled: (spec: string) => { profile: string; tables: RunTable[] }[],
  files: SiteFiles,
): string {
  const rows: Cell[][] = [];
  const data: Record<string, unknown>[] = [];
  const ordered = [...specs].sort((a, b) =>
    a.paper.localeCompare(b.paper) || Number(!!a.figure) - Number(!!b.figure) ||
    a.table.localeCompare(b.table, "en", { numeric: true })
  );
  for (const s of ordered) {
    const page = `tables/${slug(s.id)}.html`;
    const head = [
      text(Object.hasOwn(PAPERS, s.paper) ? PAPERS[s.paper] : s.paper),
      link(page, `${s.figure ? "Figure" : "Table"} ${s.table.replace(/^(table|fig)/i, "")}`, s.id),
      { html: `<a href="${esc(page)}">${esc(s.title)}</a>`, sort: s.title },
    ];
    const entries = filled(s.id).flatMap(({ profile, tables }) => tables.map((t) => ({ profile, t })));
    if (!entries.length) {
      rows.push([...head, text("–"), text("not run"), { html: "–", sort: -1 }, { html: "–", sort: -1 }, {
        html: "–",
        sort: -1,
      }, { html: "–", sort: "" }]);
      data.push({
        spec: s.id,
        paper: s.paper,
        table: s.table,
        title: s.title,
        profile: null,
        run: null,
        cells: 0,
        planned: null,
        partial: null,
        checked: 0,
        passes: 0,
        fails: 0,
        last_run: null,
      });
      continue;
    }
    for (const { profile, t } of entries) {
      const c = t.table.check;
      const planned = t.table.plan.cells.length;
      const section = `${page}#profile-${slug(profile)}`;
      const partial = t.table.partial && partialText(t.table.partial);
      rows.push([
        ...head,
        text(profile),
        text(t.label),
        {
          html: `<a href="${esc(section)}">${t.table.records.length}/${planned}</a>${partialMark(partial)}`,
          sort: t.table.records.length / planned,
        },
        num(c.passed + c.failed, 0),
        {
          html: c.passed + c.failed
            ? `<a class="${c.failed ? "v-fail" : "v-pass"}" href="${esc(section)}">${c.passed}</a>`
            : "–",
          sort: c.passed,
        },
        when(t.table.lastRun),
      ]);
      data.push({
        spec: s.id,
        paper: s.paper,
        table: s.table,
        title: s.title,
        profile,
        run: t.label,
        cells: t.table.records.length,
        planned,
        partial,
        checked: c.passed + c.failed,
        passes: c.passed,
        fails: c.failed,
        last_run: t.table.lastRun,
      });
    }
  }
  const dl = files.data("index", data, 0);
  return `<p>Every results table and figure of the four papers, as benchmark specs. Per profile and run: the cells with records of those the run's plan has (<span class="partial">partial</span>: the run lacks languages, seeds, k values or cells of the profile's plan; hover for what), how many golden cells were checked, how many pass, and when the newest record was written. <a href="leaderboard.html">Leaderboard</a> · <a href="methods/index.html">methods</a> · <a href="runs.html">runs</a>.</p>` +
    dataTable(
      [
        { label: "paper" },
        { label: "table" },
        { label: "title" },
        { label: "profile" },
        { label: "run" },
        { label: "cells", numeric: true, title: "records / planned cells" },
        { label: "checked", numeric: true },
        { label: "passes", numeric: true },
        { label: "last run" },
      ],
      rows,
      { downloads: dl, cls: "index" },
    );
}

export const LEADERBOARD_METHOD =
  `<p><b>How the ranks are computed.</b> In each table, a method row's score for one seed is its mean accuracy over the target languages (unweighted) in each of the row's cells (k, swept value, backbone, source set), averaged over those cells, so a backbone with more target languages weighs no more than one with fewer; seeds without every cell of the row are left out (and named on the table page). The table ranks its rows by the mean of that score over seeds (1 = best; ties share the average of their ranks), shown with the sample standard deviation and a 95% t-interval over seeds. Across tables, a method is its registry id in one run (so SPT with and without freezing is one method, at its best row), ranked within each table among the methods of that table that have records; a table with fewer than two such entries ranks nothing and is left out, and so are figures (their numbers repeat the tables') and correlation tables. A table's rank is normalised to (rank − 1) / (entries − 1), 0 for the best and 1 for the last, so that last of two and last of five count the same; methods sort by the mean of that over the tables they appear in (ties: the one in more tables first). The plain average rank is shown beside it. A method in fewer tables is ranked on less evidence, which the "tables" column shows. Profiles are ranked separately: smoke numbers come from the small embedded backbone and are not comparable with the paper's.</p>`;

export function leaderboardBody(
  byProfile: { profile: string; average: AverageRank[]; tables: Score[][]; chart: string }[],
  files: SiteFiles,
): string {
  if (!byProfile.length) return "<p>No runs: nothing to rank.</p>";
  const out: string[] = [LEADERBOARD_METHOD];
  for (const p of byProfile) {
    out.push(
      `<section id="profile-${esc(slug(p.profile))}"><h2>Profile <i>${esc(p.profile)}</i></h2><h3>Across tables</h3>`,
    );
    const specs = [...new Set(p.average.flatMap((e) => e.tables.map((t) => t.spec)))];
    const adl = files.data(
      `leaderboard-${p.profile}`,
      p.average.map((e) => ({
        method: e.registry,
        run: e.runLabel,
        rows: e.labels.join("; "),
        normalized_rank: e.normalizedRank,
        average_rank: e.averageRank,
        tables: e.tables.length,
        partial_in: e.tables.filter((t) => t.partial).map((t) => t.spec).join(" "),
        ...Object.fromEntries(e.tables.map((t) => [t.spec, `${t.rank}/${t.of}`])),
      })),
      0,
    );
    out.push(dataTable(
      [
        { label: "#", numeric: true },
        { label: "method" },
        { label: "run" },
        { label: "normalised rank", numeric: true, title: "mean over tables of (rank − 1) / (entries − 1); 0 = best" },
        { label: "average rank", numeric: true },
        { label: "tables", numeric: true },
        ...specs.map((s) => ({ label: s, numeric: true, title: `rank in ${s} / entries` })),
      ],
      p.average.map((
        e,
        i,
      ) => [
        num(i + 1, 0),
        link(`methods/${slug(e.registry)}.html`, e.registry),
        runCell(
          e.runLabel,
          e.tables.some((t) => t.partial)
            ? `partial in ${e.tables.filter((t) => t.partial).map((t) => `${t.spec} (${t.partial})`).join("; ")}`
            : null,
        ),
        num(e.normalizedRank),
        num(e.averageRank),
        num(e.tables.length, 0),
        ...specs.map((s) => {
          const t = e.tables.find((x) => x.spec === s);
          return t
            ? {
              html: `<a href="tables/${esc(slug(s))}.html#profile-${esc(slug(p.profile))}" title="${esc(t.method)}">${
                fmt(t.rank, t.rank % 1 ? 1 : 0)
              }/${t.of}</a>${partialMark(t.partial)}`,
              sort: t.rank,
            }
            : { html: "–", sort: null };
        }),
      ]),
      { downloads: adl, cls: "leaderboard" },
    ));
    out.push(p.chart);
    out.push(`<h3>Per table</h3>`);
    const flat = p.tables.flat();
    const tdl = files.data(`leaderboard-${p.profile}-tables`, flat.map(scoreRecord), 0);
    out.push(dataTable(
      [
        { label: "table" },
        { label: "rank", numeric: true },
        { label: "method row" },
        { label: "run" },
        { label: "score %", numeric: true },
        { label: "95% CI", numeric: true },
        { label: "seeds", numeric: true },
      ],
      flat.map((
        s,
      ) => [
        link(`tables/${slug(s.spec)}.html#profile-${slug(s.profile)}`, s.spec),
        rank(s.rank),
        link(`methods/${slug(s.registry)}.html`, s.methodLabel),
        runCell(s.runLabel, s.partial),
        num(s.mean, 2, scoreHref(s, "")),
        interval(s.ci),
        num(s.n, 0),
      ]),
      { downloads: tdl },
    ));
    out.push(`</section>`);
  }
  return out.join("\n");
}

export function methodBody(
  registry: string,
  scores: Score[],
  average: { profile: string; entry: AverageRank }[],
  files: SiteFiles,
): string {
  const dl = files.data(`method-${registry}`, scores.map(scoreRecord), 1);
  const avg = average.length
    ? `<p>Across tables: ${
      average.map((a) =>
        `normalised rank <b>${fmt(a.entry.normalizedRank)}</b> (average rank ${
          fmt(a.entry.averageRank)
        }) over ${a.entry.tables.length} tables (profile ${esc(a.profile)}, run ${esc(a.entry.runLabel)})`
      ).join("; ")
    }. <a href="../leaderboard.html">How it is computed</a>.</p>`
    : "";
  return `<p>Every row of method <code>${
    esc(registry)
  }</code> in the tables and figures this site's runs filled.</p>${avg}` + dataTable(
    [
      { label: "table" },
      { label: "profile" },
      { label: "row" },
      { label: "run" },
      { label: "score %", numeric: true },
      { label: "std", numeric: true },
      { label: "95% CI", numeric: true },
      { label: "seeds", numeric: true },
      { label: "rank", numeric: true },
    ],
    scores.map((
      s,
    ) => [
      link(`../tables/${slug(s.spec)}.html#profile-${slug(s.profile)}`, s.spec),
      text(s.profile),
      text(s.methodLabel),
      runCell(s.runLabel, s.partial),
      num(s.mean, 2, scoreHref(s, "../")),
      num(s.std),
      interval(s.ci),
      num(s.n, 0),
      rank(s.rank),
    ]),
    { downloads: dl },
  );
}

export function methodsIndexBody(methods: { registry: string; scores: Score[] }[], files: SiteFiles): string {
  const dl = files.data(
    "methods",
    methods.map((m) => ({
      method: m.registry,
      tables: new Set(m.scores.map((s) => s.spec)).size,
      rows: m.scores.length,
    })),
    1,
  );
  return `<p>The methods of the registry that have records in this site's runs.</p>` + dataTable(
    [{ label: "method" }, { label: "tables and figures", numeric: true }, { label: "rows", numeric: true }],
    methods.map((
      m,
    ) => [
      link(`${slug(m.registry)}.html`, m.registry),
      num(new Set(m.scores.map((s) => s.spec)).size, 0),
      num(m.scores.length, 0),
    ]),
    { downloads: dl },
  );
}

export function runsBody(runs: ResultsRun[], files: SiteFiles): string {
  // the folder's name only: a published site should not carry the builder's file system layout
  const dl = files.data(
    "runs",
    runs.map((r) => ({
      label: r.label,
      folder: basename(r.dir),
      commits: r.commits.join(" "),
      backends: r.backends.join(" "),
      seeds: r.seeds.join(" "),
      records: r.records,
      unplaced: r.unplaced,
      left_out: leftOutText(r.leftOut),
      tables: r.tables.length,
      partial_tables: r.tables.filter((t) => t.partial).map((t) => `${t.spec.id} (${t.profile})`).join(" "),
    })),
    0,
  );
  return `<p>Each results folder is one run, labelled with <code>--label</code> or by its records' commit and backend. A run narrowed with <code>--langs</code>, <code>--seeds</code> or <code>--k</code> fills its tables as a partial run (marked wherever its numbers show). Records that fill no table are counted, not shown, with the reason for each: evaluated on the dev split, a backbone no profile uses (<code>--backbone</code>), a cell no loaded spec plans, a narrowed record beside a run of the same table, or how the record differs from the nearest planned cell.</p>` +
    dataTable(
      [
        { label: "run" },
        { label: "folder" },
        { label: "commits" },
        { label: "backends" },
        { label: "seeds" },
        { label: "records", numeric: true },
        { label: "left out", numeric: true },
        { label: "why left out" },
        { label: "spec profiles", numeric: true, title: "tables it fills (partial ones counted apart)" },
      ],
      runs.map((
        r,
      ) => [
        text(r.label),
        text(basename(r.dir)),
        text(r.commits.map((c) => c.slice(0, 10)).join(" ")),
        text(r.backends.join(" ")),
        text(r.seeds.join(" ")),
        num(r.records, 0),
        num(r.unplaced, 0),
        text(leftOutText(r.leftOut) || "–"),
        {
          html: `${r.tables.length}${
            r.tables.some((t) => t.partial) ? ` (${r.tables.filter((t) => t.partial).length} partial)` : ""
          }`,
          sort: r.tables.length,
        },
      ]),
      { downloads: dl },
    );
}
