// Where a spec's numbers come from: per profile and run, one table per method
// row (and backbone, source set, k, swept value) with a line per seed: the
// record (its cell id is the configuration's hash), commit, backend and the
// accuracy of every language and group. The table pages link here.
import type { SeedRow } from "../../core/aggregate.ts";
import { contentId } from "../../core/canonical.ts";
import { compareSeedUnits, type SeedUnit, seedUnit } from "../../core/seed.ts";
import type { ResultRecord } from "../../core/record.ts";
import type { Spec } from "../../core/spec.ts";
import { esc, fmt } from "../tables.ts";
import { when } from "./html.ts";
import type { RunTable } from "./merge.ts";
import { slug } from "./site.ts";

/** Where a record's copy lives in the site. */
export const recordPath = (run: number, cellId: string) => `cells/${run}/${slug(cellId)}.json`;

interface GroupIdentity {
  backbone: string;
  method: string;
  setting?: string | null;
  k?: number | null;
  x?: number | null;
}

/** The anchor of one method row's cells in one run (backbone, source set, k and swept value); aggregates and seed rows name "none" differently, so normalise. */
export function groupAnchor(profile: string, run: number, r: GroupIdentity): string {
  return `g-${contentId([profile, run, r.backbone, r.method, r.setting || "", r.k ?? null, r.x ?? null], 12)}`;
}

/** The anchor of all of one method row's cells in one run (what its score is made of). */
export function methodAnchor(profile: string, run: number, method: string): string {
  return `m-${contentId([profile, run, method], 12)}`;
}

export function recordsPageBody(spec: Spec, profiles: { profile: string; tables: RunTable[] }[]): string {
  if (!profiles.length) return `<p>No records for <code>${esc(spec.id)}</code> in this site's results folders.</p>`;
  const out: string[] = [
    `<p>Accuracy % per seed. The cell id is the hash of the cell's whole configuration (method and its parameters, backbone, data, k, seed, training); its record holds the per-example predictions, the training curve, the timings and the provenance. Back to <a href="../tables/${
      esc(slug(spec.id))
    }.html">${esc(spec.id)}</a>.</p>`,
  ];
  for (const { profile, tables } of profiles) {
    out.push(`<section id="profile-${esc(slug(profile))}"><h2>Profile <i>${esc(profile)}</i></h2>`);
    for (const { run, label, table } of tables) {
      out.push(`<h3>Run ${esc(label)}</h3>`);
      const byId = new Map(table.records.map((r) => [r.cellId, r]));
      const shown = new Set<string>();
      // method row -> its cell groups (plain keys; hashed once per group)
      const methods = new Map<string, Map<string, SeedRow[]>>();
      for (const r of [...table.seeds.group, ...table.seeds.language]) {
        const groups = methods.get(r.method) ?? methods.set(r.method, new Map()).get(r.method)!;
        const g = JSON.stringify([r.backbone, r.setting, r.k, r.x]);
        (groups.get(g) ?? groups.set(g, []).get(g)!).push(r);
      }
      for (const [method, groups] of methods) {
        out.push(`<div id="${methodAnchor(profile, run, method)}">`);
        for (const rows of groups.values()) out.push(cellGroup(spec, profile, run, rows, byId, shown));
        out.push(`</div>`);
      }
      const line = (r: ResultRecord) =>
        `<li><a href="../${esc(recordPath(run, r.cellId))}"><code>${esc(r.cellId)}</code></a> ${
          esc(r.config.method.id)
        } seed ${seedUnit(r.config.seed, r.config.initSeed)}${
          r.config.targets.length === 1 ? ` (${esc(r.config.targets[0])})` : ""
        }</li>`;
      const unused = table.records.filter((r) => !shown.has(r.cellId));
      if (unused.length) {
        out.push(
          `<p>Records of runs missing a cell (full supervision: a seed whose every target language has no model yet), in no number above:</p><ul>${
            unused.map(line).join("")
          }</ul>`,
        );
      }
      if (table.prerequisites.length) {
        out.push(
          `<p>First-stage cells, whose trained state the cells above start from:</p><ul>${
            table.prerequisites.map(line).join("")
          }</ul>`,
        );
      }
    }
    out.push(`</section>`);
  }
  return out.join("\n");
}

function cellGroup(
  spec: Spec,
  profile: string,
  run: number,
  rows: SeedRow[],
  byId: Map<string, ResultRecord>,
  shown: Set<string>,
): string {
  const r0 = rows[0];
  const keys = [...new Set(rows.map((r) => r.key))];
  const bySeed = new Map<SeedUnit, Map<string, SeedRow>>();
  for (const r of rows) {
    const unit = seedUnit(r.seed, r.initSeed);
    (bySeed.get(unit) ?? bySeed.set(unit, new Map()).get(unit)!).set(r.key, r);
  }
  const axes = [
    r0.setting && `setting ${r0.setting}`,
    r0.k !== null && `k = ${r0.k}`,
    r0.x !== null && `${spec.sweep?.param ?? "x"} = ${r0.x}`,
    `backbone ${r0.backbone}`,
  ].filter(Boolean).join(", ");
  const line = (seed: SeedUnit) => {
    const of = bySeed.get(seed)!;
    const cells = [...new Set([...of.values()].flatMap((r) => r.cells))];
    for (const id of cells) shown.add(id);
    const recs = cells.map((id) => byId.get(id)).filter((x): x is ResultRecord => !!x);
    const commits = [
      ...new Set(
        recs.map((x) =>
          `${x.provenance.gitCommit?.slice(0, 10) ?? "no git"}${x.provenance.gitDirty ? " (dirty)" : ""}`
        ),
      ),
    ].join(", ");
    const backend = [...new Set(recs.map((x) => x.provenance.backend))].join(", ");
    const ids = cells.map((id) => `<a href="../${esc(recordPath(run, id))}"><code>${esc(id)}</code></a>`).join(" ");
    return `<tr><td>${seed}</td><td>${ids}</td><td>${esc(commits)}</td><td>${esc(backend)}</td><td>${
      when(recs.map((x) => x.finishedAt).sort().at(-1) ?? "").html
    }</td>${keys.map((k) => `<td class="num">${fmt(of.get(k)?.acc)}</td>`).join("")}</tr>`;
  };
  const seeds = [...bySeed.keys()].sort(compareSeedUnits);
  return `<div id="${groupAnchor(profile, run, r0)}" class="cellgroup"><h4>${esc(r0.methodLabel)} <small>${
    esc(axes)
  }</small></h4><div class="tablewrap"><table class="records"><thead><tr><th>seed</th><th>record (cell id)</th><th>commit</th><th>backend</th><th>finished</th>${
    keys.map((k) => `<th>${esc(k)}</th>`).join("")
  }</tr></thead><tbody>${seeds.map(line).join("")}</tbody></table></div></div>`;
}
