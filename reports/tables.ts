// HTML tables in the paper's layout: method rows (grouped by k, as UniPrompt
// Table 2) by target-language columns and their average, our mean ± std over
// seeds with the published number beside it; and the paired comparisons.
import type { Analysis } from "../analysis/analyze.ts";
import type { Aggregate } from "../core/aggregate.ts";
import type { Comparison, ComparisonTable } from "../analysis/row-comparisons.ts";
import type { PaperGap } from "../analysis/comparison-power.ts";
import { SEEDS_CAP } from "../analysis/verdicts.ts";
import { averagedOver, goldenIndex, matchKey, rowIdentity } from "../analysis/golden.ts";
import { type GoldenCell, type GoldenFile } from "../core/golden.ts";
import { backboneKey, type Plan, specK } from "../plan/plan.ts";

export const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
export const fmt = (
  x: number | null | undefined,
  d = 2,
) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));

/**
 * The published cell for one of our rows, matched as the golden check matches
 * (analysis/golden.ts): the same backbone, or the paper's only one when ours is
 * another (the smoke profile); an average only when it is over the same languages.
 */
function publishedLookup(
  published: GoldenFile | null,
  k: number | undefined,
): (r: Aggregate) => GoldenCell | undefined {
  if (!published) return () => undefined;
  const { cells, fixed } = goldenIndex(published, k);
  const backbones = [...new Set(cells.map((c) => c.backbone))];
  const byKey = new Map(cells.map((c) => [matchKey(c, fixed), c]));
  return (r) => {
    const id = rowIdentity(r);
    const cell = byKey.get(matchKey(id, fixed)) ??
      (backbones.length === 1 ? byKey.get(matchKey({ ...id, backbone: backbones[0] }, fixed)) : undefined);
    const over = cell && averagedOver(cell);
    if (over && r.members && [...over].sort().join() !== [...r.members].sort().join()) return undefined;
    return cell;
  };
}

export interface LayoutOptions {
  /** Where one of our numbers links to (the records behind it). */
  href?: (a: Aggregate) => string | undefined;
  /** Escaped HTML shown after one of our numbers (its band verdict). */
  mark?: (a: Aggregate) => string;
}

export function paperLayout(
  plan: Plan,
  analysis: Analysis,
  backbone: string,
  published: GoldenFile | null,
  opts: LayoutOptions = {},
): string {
  const spec = plan.spec;
  const rows = analysis.rows.filter((r) => r.backbone === backbone);
  const bp = plan.backbones.find((b) => backboneKey(b.entry) === backbone)!;
  const order = spec.targets.languages ? spec.targets.languages.filter((l) => bp.targets.includes(l)) : bp.targets;
  const groups = Object.keys(bp.groups);
  const columns = spec.targets.languages
    ? [
      ...order.map((key) => ({ key, kind: "language" as const })),
      ...groups.map((key) => ({ key, kind: "group" as const })),
    ]
    : groups.map((key) => ({ key, kind: "group" as const }));
  const ks = [...new Set(rows.map((r) => r.k))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const pub = publishedLookup(published, specK(plan));
  // rows trained on several source sets (XPE) carry the set as their golden setting "source:<name>"
  const settings = [...new Set(rows.map((r) => r.setting ?? ""))];
  const sourceOf = (setting: string) => setting.split(",").find((x) => x.startsWith("source:"))?.slice(7) ?? "";
  const hasSource = settings.some((x) => sourceOf(x));
  const find = (
    m: string,
    setting: string,
    k: number | undefined,
    x: number | undefined,
    c: { key: string; kind: string },
  ) =>
    rows.find((r) =>
      r.method === m && (r.setting ?? "") === setting && r.k === k && r.x === x && r.key === c.key && r.kind === c.kind
    );
  const head = `<tr><th>${ks[0] !== undefined ? "k" : ""}</th><th>method</th>${hasSource ? "<th>source</th>" : ""}${
    xs[0] !== undefined ? `<th>${esc(spec.sweep!.param)}</th>` : ""
  }${columns.map((c) => `<th>${esc(c.key)}</th>`).join("")}</tr>`;
  const body: string[] = [];
  for (const k of ks) {
    let first = true;
    for (const m of spec.methods) {
      for (const setting of settings) {
        for (const x of xs) {
          if (!columns.some((c) => find(m.id, setting, k, x, c))) continue;
          const cells = columns.map((c) => {
            const a = find(m.id, setting, k, x, c);
            const p = a ? pub(a) : undefined;
            const href = a && opts.href?.(a);
            const ours = a
              ? `${href ? `<a href="${esc(href)}">${fmt(a.mean)}</a>` : fmt(a.mean)}<span class="sd"> ± ${
                fmt(a.std)
              }</span>${opts.mark?.(a) ?? ""}`
              : "–";
            const theirs = p && p.mean !== null
              ? `<br><span class="pub" title="${esc(p.backbone)}">paper ${fmt(p.mean, p.decimals ?? 2)}${
                p.std != null ? ` ± ${fmt(p.std)}` : ""
              }</span>`
              : "";
            return `<td>${ours}${theirs}</td>`;
          });
          body.push(
            `<tr><td>${first ? esc(k ?? "") : ""}</td><td class="l">${esc(m.label)}</td>${
              hasSource ? `<td class="l">${esc(sourceOf(setting))}</td>` : ""
            }${x !== undefined ? `<td>${esc(x)}</td>` : ""}${cells.join("")}</tr>`,
          );
          first = false;
        }
      }
    }
  }
  body.push(...citedRows(published, columns, hasSource, xs[0] !== undefined));
  return `<table class="paper"><thead>${head}</thead><tbody>${body.join("")}</tbody></table>`;
}

/** The paper's rows cited from other work (XPE's GPT-4, SIB-200...): shown as printed, never run or judged. */
function citedRows(
  published: GoldenFile | null,
  columns: { key: string; kind: string }[],
  hasSource: boolean,
  hasX: boolean,
): string[] {
  if (!published) return [];
  const cited = published.cells.filter((c) =>
    c.cited && c.measure === undefined && columns.some((col) => col.key === c.key && col.kind === c.kind)
  );
  const ids = [...new Set(cited.map((c) => JSON.stringify([c.method, c.setting ?? ""])))];
  return ids.map((id) => {
    const [method, setting] = JSON.parse(id) as [string, string];
    const of = cited.filter((c) => c.method === method && (c.setting ?? "") === setting);
    const cells = columns.map((col) => {
      const c = of.find((x) => x.key === col.key && x.kind === col.kind);
      return `<td>${
        c && c.mean !== null
          ? `<span class="pub" title="${esc(c.citedFrom ?? "")}">cited ${fmt(c.mean, c.decimals ?? 1)}</span>`
          : "–"
      }</td>`;
    });
    return `<tr><td></td><td class="l">${esc(method)} <small>(cited, not run)</small></td>${
      hasSource ? `<td class="l">${esc(setting.replace(/^source:/, ""))}</td>` : ""
    }${hasX ? "<td></td>" : ""}${cells.join("")}</tr>`;
  });
}

/** The paper's printed p-value for a row (a golden "test" cell with measure "p-value"), by the row's golden method id. */
export function publishedPValues(
  plan: Plan,
  published: GoldenFile | null,
): (method: string, k?: number) => GoldenCell | undefined {
  if (!published) return () => undefined;
  const cells = published.cells.filter((c) => c.kind === "test" && c.measure === "p-value");
  const goldenId = new Map(plan.spec.methods.map((m) => [m.id, m.golden?.method ?? m.id]));
  const k0 = specK(plan);
  return (method, k) =>
    cells.find((c) => c.method === goldenId.get(method) && (c.k === undefined || c.k === (k ?? k0)));
}

const pFmt = (
  p: number | null | undefined,
) => (p === null || p === undefined || !Number.isFinite(p) ? "–" : p < 1e-3 ? p.toExponential(1) : p.toFixed(4));

export function comparisonsTable(
  c: ComparisonTable,
  sweepParam?: string,
  paperP?: (method: string, k?: number) => GoldenCell | undefined,
  /** The paper's own gap per comparison and the seeds that would detect it (analysis/comparison-power.ts). */
  gapOf?: (r: Comparison) => PaperGap | undefined,
): string {
  const gaps = c.rows.map((r) => gapOf?.(r));
  const withGap = gaps.some((g) => g);
  const seeds = (n: number | null) => (n === null ? `&gt; ${SEEDS_CAP}` : String(n));
  const hasK = c.rows.some((r) => r.k !== undefined), hasX = c.rows.some((r) => r.x !== undefined);
  const verdict = (r: ComparisonTable["rows"][number]) =>
    r.pHolm === undefined
      ? `<small>${esc(r.note ?? "")}</small>`
      : r.pHolm < c.alpha
      ? `<b>${r.meanDifference > 0 ? "reference higher" : "reference lower"}</b>`
      : "not significant";
  const head = [
    ...(hasK ? ["k"] : []),
    ...(hasX ? [sweepParam ?? "x"] : []),
    "language",
    "vs",
    "seeds",
    `mean difference (${c.referenceLabel} − row)`,
    "t",
    "df",
    "p",
    "p (Holm)",
    `at ${c.alpha}`,
    "mdd (power 0.8)",
    ...(withGap ? ["paper's gap", "seeds to detect it"] : []),
  ];
  const body = c.rows.map((
    r,
    i,
  ) => [
    ...(hasK ? [esc(r.k)] : []),
    ...(hasX ? [esc(r.x)] : []),
    esc(r.key),
    esc(r.methodLabel),
    String(r.n),
    fmt(r.meanDifference),
    fmt(r.statistic, 3),
    fmt(r.df, 0),
    fmt(r.p, 4),
    fmt(r.pHolm, 4),
    verdict(r),
    fmt(r.mdd),
    ...(withGap ? [fmt(gaps[i]?.gap), gaps[i] ? seeds(gaps[i]!.seedsNeeded) : "–"] : []),
  ]);
  const table = (h: string[], rows: string[][]) =>
    `<table><thead><tr>${h.map((x) => `<th>${esc(x)}</th>`).join("")}</tr></thead><tbody>${
      rows.map((r) => `<tr>${r.map((x) => `<td>${x}</td>`).join("")}</tr>`).join("")
    }</tbody></table>`;
  let html =
    `<p>${esc(c.referenceLabel)} against every other row, per language: ${esc(c.test)}; ${
      esc(c.correction)
    }. mdd: the smallest true difference the test detects with power 0.8 at α = 0.05, at the observed sd of the paired differences and these seeds${
      withGap
        ? "; seeds to detect the paper's gap: the paired seeds at which the same test, at the same sd, has power 0.8 against the gap the paper prints (its reference minus the row)"
        : ""
    }.</p>` +
    table(head, body);
  const across = c.acrossLanguages;
  if (across) {
    const withPaper = !!paperP && across.rows.some((r) => paperP(r.method, r.k)?.mean != null);
    const h = [
      ...(hasK ? ["k"] : []),
      ...(hasX ? [sweepParam ?? "x"] : []),
      "vs",
      "languages",
      `mean difference (${c.referenceLabel} − row)`,
      "t",
      "df",
      "p",
      "p (Holm)",
      `at ${c.alpha}`,
      "mdd (power 0.8)",
      ...(withPaper ? ["paper's p (not judged)"] : []),
    ];
    const rows = across.rows.map((r) => [
      ...(hasK ? [esc(r.k)] : []),
      ...(hasX ? [esc(r.x)] : []),
      esc(r.methodLabel),
      String(r.n),
      fmt(r.meanDifference),
      fmt(r.statistic, 3),
      fmt(r.df, 0),
      pFmt(r.p),
      pFmt(r.pHolm),
      verdict(r),
      fmt(r.mdd),
      ...(withPaper ? [esc(pFmt(paperP!(r.method, r.k)?.mean))] : []),
    ]);
    html +=
      `<p>${esc(c.referenceLabel)} against every other row over the languages of the average: ${esc(across.test)}; ${
        esc(across.correction)
      }.${
        withPaper
          ? " The paper's p-values come from a two-tailed t-test whose samples it does not state, and they do not follow from its printed per-language means, so they are shown, not judged."
          : ""
      }</p>` + table(h, rows);
  }
  return html;
}
