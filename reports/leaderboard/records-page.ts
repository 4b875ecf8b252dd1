// Where a spec's numbers come from: per profile and run, one table per method
// row (and backbone, source set, k, swept value) with a line per seed: the
// record (its cell id is the configuration's hash), commit, backend and the
// accuracy of every language and group. The table pages link here.
import type { SeedRow } from "../../bench/analyze.ts";
import type { ResultRecord } from "../../bench/record.ts";
import type { Spec } from "../../bench/spec/types.ts";
import { esc, fmt } from "../tables.ts";
import type { RunTable } from "./merge.ts";
import { slug } from "./site.ts";
import { groupAnchor } from "./table-page.ts";

/** Where a record's copy lives in the site. */
export const recordPath = (run: number, cellId: string) => `cells/${run}/${slug(cellId)}.json`;

export function recordsPageBody(spec: Spec, profiles: { profile: string; tables: RunTable[] }[]): string {
  if (!profiles.length) return `<p>No records for <code>${esc(spec.id)}</code> in this site's results folders.</p>`;
  const out: string[] = [`<p>Accuracy % per seed. The cell id is the hash of the cell's whole configuration (method and its parameters, backbone, data, k, seed, training); its record holds the per-example predictions, the training curve, the timings and the provenance. Back to <a href="../tables/${esc(slug(spec.id))}.html">${esc(spec.id)}</a>.</p>`];
  for (const { profile, tables } of profiles) {
    out.push(`<section id="profile-${esc(slug(profile))}"><h2>Profile <i>${esc(profile)}</i></h2>`);
    for (const { run, label, table } of tables) {
      out.push(`<h3>Run ${esc(label)}</h3>`);
      const byId = new Map(table.records.map((r) => [r.cellId, r]));
      const all = [...table.seeds.group, ...table.seeds.language];
      const groups = new Map<string, SeedRow[]>();
      for (const r of all) {
        const g = groupAnchor(profile, run, { ...r, setting: r.setting || undefined, k: r.k ?? undefined, x: r.x ?? undefined });
        (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
      }
      for (const [anchor, rows] of groups) {
        const r0 = rows[0];
        const keys = [...new Set(rows.map((r) => r.key))];
        const seeds = [...new Set(rows.map((r) => r.seed))].sort((a, b) => a - b);
        const axes = [r0.setting && `setting ${r0.setting}`, r0.k !== null && `k = ${r0.k}`, r0.x !== null && `${spec.sweep?.param ?? "x"} = ${r0.x}`, `backbone ${r0.backbone}`].filter(Boolean).join(", ");
        const line = (seed: number) => {
          const of = rows.filter((r) => r.seed === seed);
          const cells = [...new Set(of.flatMap((r) => r.cells))];
          const recs = cells.map((id) => byId.get(id)).filter((x): x is ResultRecord => !!x);
          const prov = [...new Set(recs.map((x) => `${x.provenance.gitCommit?.slice(0, 10) ?? "no git"}${x.provenance.gitDirty ? " (dirty)" : ""}`))].join(", ");
          const backend = [...new Set(recs.map((x) => x.provenance.backend))].join(", ");
          const finished = recs.map((x) => x.finishedAt).sort().at(-1) ?? "";
          const ids = cells.map((id) => `<a href="../${esc(recordPath(run, id))}"><code>${esc(id)}</code></a>`).join(" ");
          return `<tr><td>${seed}</td><td>${ids}</td><td>${esc(prov)}</td><td>${esc(backend)}</td><td>${esc(finished.replace("T", " ").replace(/\.\d+Z$/, "Z"))}</td>${keys.map((k) => `<td class="num">${fmt(of.find((r) => r.key === k)?.acc)}</td>`).join("")}</tr>`;
        };
        out.push(`<div id="${anchor}" class="cellgroup"><h4>${esc(r0.methodLabel)} <small>${esc(axes)}</small></h4><div class="tablewrap"><table class="records"><thead><tr><th>seed</th><th>record (cell id)</th><th>commit</th><th>backend</th><th>finished</th>${keys.map((k) => `<th>${esc(k)}</th>`).join("")}</tr></thead><tbody>${seeds.map(line).join("")}</tbody></table></div></div>`);
      }
    }
    out.push(`</section>`);
  }
  return out.join("\n");
}
