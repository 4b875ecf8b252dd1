// The leaderboard site's page shell and its sortable tables. Pages work without
// scripts (charts are inline SVG); assets/site.js adds sorting and live charts.
import { esc, fmt } from "../tables.ts";

export interface Cell {
  /** Already-escaped HTML. */
  html: string;
  /** What the column sorts by (a number sorts numerically). */
  sort?: string | number | null;
}

export interface Column {
  label: string;
  numeric?: boolean;
  /** A tooltip saying what the column is. */
  title?: string;
}

/** A number (sorting by its value), optionally a link. */
export const num = (x: number | null | undefined, d = 2, href?: string): Cell => ({
  html: href && x != null ? `<a href="${esc(href)}">${fmt(x, d)}</a>` : fmt(x, d),
  sort: x ?? null,
});
/** A rank: whole, or halves where rows tie. */
export const rank = (r: number, href?: string): Cell => num(r, r % 1 ? 1 : 0, href);
/** A confidence interval, sorting by its lower end. */
export const interval = (c: [number, number] | null | undefined): Cell => ({
  html: c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : "–",
  sort: c ? c[0] : null,
});
/** An ISO time to the second, UTC. */
export const when = (iso: string): Cell => ({ html: esc(iso.replace("T", " ").replace(/\.\d+Z$/, "Z")), sort: iso });
/** A link with text. */
export const link = (href: string, label: string, sort?: string): Cell => ({
  html: `<a href="${esc(href)}">${esc(label)}</a>`,
  sort: sort ?? label,
});

/** The mark of a number from a partial run, what it lacks on hover ("" for a complete run). */
export const partialMark = (why: string | null | undefined): string =>
  why ? ` <span class="partial" title="${esc(why)}">partial</span>` : "";

/** A run's label as a cell, marked when its numbers come from a partial run. */
export const runCell = (label: string, partial: string | null | undefined): Cell => ({
  html: esc(label) + partialMark(partial),
  sort: label,
});

/** Plain text as a cell. */
export const text = (s: unknown, sort?: string | number | null): Cell => ({ html: esc(s), sort: sort ?? String(s) });

/** A table whose header cells sort it (with a script), and the links that download it. */
export function dataTable(
  columns: Column[],
  rows: Cell[][],
  opts: { caption?: string; downloads?: { csv: string; json: string }; cls?: string } = {},
): string {
  const head = columns.map((c) =>
    `<th${c.numeric ? ' class="num"' : ""}${c.title ? ` title="${esc(c.title)}"` : ""}>${esc(c.label)}</th>`
  ).join("");
  const body = rows
    .map((r) =>
      `<tr>${
        r.map((c, i) =>
          `<td${columns[i]?.numeric ? ' class="num"' : ""}${
            c.sort === undefined || c.sort === null ? "" : ` data-sort="${esc(c.sort)}"`
          }>${c.html}</td>`
        ).join("")
      }</tr>`
    )
    .join("");
  const dl = opts.downloads
    ? `<p class="dl">download: <a href="${esc(opts.downloads.csv)}" download>CSV</a> · <a href="${
      esc(opts.downloads.json)
    }" download>JSON</a></p>`
    : "";
  return `<div class="tablewrap"><table class="sortable ${opts.cls ?? ""}">${
    opts.caption ? `<caption>${esc(opts.caption)}</caption>` : ""
  }<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${dl}`;
}

export interface PageOptions {
  title: string;
  /** How many folders below the site root the page is (0: index.html). */
  depth: number;
  body: string;
  /** The site's generation line (runs, time). */
  footer: string;
}

const NAV: [string, string][] = [["index.html", "Tables"], ["leaderboard.html", "Leaderboard"], [
  "methods/index.html",
  "Methods",
], ["runs.html", "Runs"]];

export function page(o: PageOptions): string {
  const up = "../".repeat(o.depth);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} — xlt-bench</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${up}assets/site.css">
</head><body>
<header><a class="brand" href="${up}index.html">xlt-bench</a><nav>${
    NAV.map(([href, label]) => `<a href="${up}${href}">${label}</a>`).join("")
  }</nav></header>
<main>
<h1>${esc(o.title)}</h1>
${o.body}
</main>
<footer>${o.footer}</footer>
<script src="${up}assets/vega.min.js" defer></script>
<script src="${up}assets/site.js" defer></script>
</body></html>
`;
}

/** A chart: its SVG drawn at build time, and its Vega spec for the live view a script draws over it. */
export function figure(
  svg: string,
  vegaSpec: object,
  caption: string,
  links: { href: string; label: string }[] = [],
): string {
  // no "<" inside the script element, so nothing in a label can end it early
  const json = JSON.stringify(vegaSpec).replace(/</g, "\\u003c");
  return `<figure class="chart"><div class="static">${svg}</div><script type="application/json" class="vega-spec">${json}</script><figcaption>${
    esc(caption)
  }${links.map((l) => ` · <a href="${esc(l.href)}">${esc(l.label)}</a>`).join("")}</figcaption></figure>`;
}
