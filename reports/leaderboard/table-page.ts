// One spec's page: per profile, its rows ranked, the paper's layout with our
// rows (one per run) beside the published numbers and the band verdicts, the
// golden check, correlations and paired comparisons, each table downloadable.
import { correlationIsTable } from "../../core/spec.ts";
import type { GoldenFile } from "../../core/golden.ts";
import { policyText } from "../../analysis/check.ts";
import type { Spec } from "../../core/spec.ts";
import { comparisonsTable, esc, fmt, paperLayout, publishedPValues } from "../tables.ts";
import { paperGaps } from "../../analysis/comparison-power.ts";
import { outcomeHtml, outcomesText, tableOutcomeHtml, toDecideText } from "../check-table.ts";
import { specK } from "../../plan/plan.ts";
import { dataTable, interval, num, rank, runCell, text } from "./html.ts";
import { partialText } from "../../analysis/partial.ts";
import { mergeRuns, type RunTable, verdictOf } from "./merge.ts";
import { type Score, scoreRecord } from "./rank.ts";
import { paramsText } from "./row-cost.ts";
import { groupAnchor, methodAnchor } from "./records-page.ts";
import { type SiteFiles, slug } from "./site.ts";

export interface TablePageInput {
  spec: Spec;
  /** Per profile: the runs that filled it. */
  profiles: { profile: string; tables: RunTable[]; scores: Score[]; chart: string }[];
  published: GoldenFile | null;
  files: SiteFiles;
  /** Whether the site has several runs: rows then name theirs. */
  severalRuns: boolean;
}

export function tablePageBody(p: TablePageInput): string {
  const { spec } = p;
  const kind = spec.figure ? "figure" : "table";
  const intro = `<p class="meta">${esc(spec.paper)} · ${esc(kind)} ${esc(spec.table)} · ${esc(spec.dataset)} · <code>${
    esc(spec.id)
  }</code> · ${esc(spec.citation)}</p>
${
    spec.deviations.length
      ? `<div class="warn"><b>Deviations from the paper</b><ul>${
        spec.deviations.map((d) => `<li>${esc(d)}</li>`).join("")
      }</ul></div>`
      : ""
  }`;
  if (!p.profiles.length) {
    return `${intro}<p>No results folder of this site has records for this ${kind}. Run it with <code>bun run bench ${
      esc(spec.id)
    }</code>.</p>`;
  }
  return intro + p.profiles.map((x) => profileSection(p, x)).join("\n");
}

function profileSection(p: TablePageInput, x: TablePageInput["profiles"][number]): string {
  const { spec, files } = p;
  const name = `${spec.id}-${x.profile}`;
  const several = p.severalRuns;
  const records = (_run: number, anchor: string) => `../records/${slug(spec.id)}.html#${anchor}`;
  const parts: string[] = [
    `<section id="profile-${esc(slug(x.profile))}"><h2>Profile <i>${esc(x.profile)}</i></h2><p>${
      esc(spec.profiles[x.profile].description)
    }</p>`,
  ];
  // a partial run's numbers are over less than the profile plans: said before any of them
  const partial = x.tables.filter((t) => t.table.partial);
  if (partial.length) {
    parts.push(
      `<div class="warn"><b>Partial ${partial.length === 1 ? "run" : "runs"}</b><ul>${
        partial.map((t) => `<li>${esc(t.label)}: ${esc(partialText(t.table.partial!))}</li>`).join("")
      }</ul>Its numbers are over what it ran (its own target groups, seeds and k), not the profile's whole plan: ranked beside complete runs, they are marked <span class="partial">partial</span>.</div>`,
    );
  }

  if (correlationIsTable(spec)) {
    parts.push(
      `<p>This ${spec.figure ? "figure" : "table"} reports correlations, not accuracies, so it ranks nothing${
        spec.derivedFrom
          ? `; its accuracies are ranked in <a href="${esc(slug(spec.derivedFrom))}.html">${esc(spec.derivedFrom)}</a>`
          : ""
      }.</p>`,
    );
  } else {
    const rows = x.scores.map((s) => {
      const href = records(s.run, methodAnchor(x.profile, s.run, s.method));
      const partial = s.coverage.found < s.coverage.planned || s.partialSeeds.length;
      return [
        rank(s.rank),
        text(s.methodLabel),
        runCell(s.runLabel, s.partial),
        num(s.mean, 2, href),
        num(s.std),
        interval(s.ci),
        {
          html: `<span title="${
            esc(`scores per seed: ${s.seeds.map((seed, i) => `${seed}: ${fmt(s.perSeed[i])}`).join(", ")}`)
          }">${s.n}</span>`,
          sort: s.n,
        },
        {
          html: `${s.coverage.found}/${s.coverage.planned}${
            partial
              ? ` <span class="partial" title="${
                esc(
                  s.partialSeeds.length
                    ? `seeds ${s.partialSeeds.join(", ")} lack some of the row's cells and are not scored`
                    : "not every planned cell has a record",
                )
              }">partial</span>`
              : ""
          }`,
          sort: s.coverage.found / s.coverage.planned,
        },
        s.cost ? { html: esc(paramsText(s.cost.parameters)), sort: s.cost.parameters[1] } : text("–", null),
        num(s.cost?.trainSeconds ?? null, 1),
      ];
    });
    const dl = files.data(`${name}-ranking`, x.scores.map(scoreRecord), 1);
    parts.push(
      `<h3>Ranking</h3><p>Score: per seed, the mean accuracy over the target languages in each of the row's cells (k, swept value, backbone, source set), averaged over those cells; mean, sample std and 95% t-interval over the seeds that have every cell. Rank 1 is the best mean; ties share their average rank. A score links to its records; hover the seed count for the per-seed scores. Cost: the row's trainable parameters, and the training seconds of one seed's cells summed, median over the scored seeds (dev evaluation included, on the machine and backend the records name).</p>`,
    );
    parts.push(
      dataTable(
        [
          { label: "rank", numeric: true },
          { label: "method" },
          { label: "run" },
          { label: "score %", numeric: true },
          { label: "std", numeric: true },
          { label: "95% CI", numeric: true },
          { label: "seeds", numeric: true },
          { label: "cells", numeric: true, title: "records found / cells planned" },
          { label: "trainable params", numeric: true, title: "of the row's cells; a range where its backbones differ" },
          {
            label: "train s",
            numeric: true,
            title: "training seconds of one seed's cells, summed; median over the scored seeds, as recorded",
          },
        ],
        rows,
        { downloads: dl, cls: "ranking" },
      ),
    );
    parts.push(x.chart);
  }

  const merged = mergeRuns(x.tables, several);
  const verdicts = new Map(x.tables.map((t) => [t.run, verdictOf(t.table)]));
  const backbones = [...new Set(merged.analysis.rows.map((r) => r.backbone))];
  const layout = backbones.map((b) =>
    `<h4>${esc(b)}</h4><div class="tablewrap">${
      paperLayout(merged.plan, merged.analysis, b, p.published, {
        href: (a) => {
          const s = merged.source(a);
          return records(s.run, groupAnchor(x.profile, s.run, { ...a, method: s.method }));
        },
        mark: (a) => {
          const s = merged.source(a);
          const v = verdicts.get(s.run)!({ ...a, method: s.method });
          if (!v || (v.verdict !== "pass" && v.verdict !== "fail")) return "";
          return ` <span class="v v-${v.verdict}" title="${
            esc(`golden ${fmt(v.golden)}, diff ${fmt(v.diff)}, band ±${fmt(v.band)}`)
          }">${v.verdict}</span>${v.outcome ? ` ${outcomeHtml(v).replace('class="', 'class="v ')}` : ""}`;
        },
      })
    }</div>`
  );
  const aggregates = x.tables.flatMap((t) =>
    t.table.analysis.rows.map((r) => ({
      run: t.label,
      backbone: r.backbone,
      method: r.method,
      label: r.methodLabel,
      setting: r.setting ?? null,
      k: r.k ?? null,
      x: r.x ?? null,
      kind: r.kind,
      key: r.key,
      mean: r.mean,
      std: r.std,
      n: r.n,
      verdict: verdicts.get(t.run)!(r)?.verdict ?? null,
      outcome: verdicts.get(t.run)!(r)?.outcome ?? null,
    }))
  );
  const adl = files.data(`${name}-accuracy`, aggregates, 1);
  const golden = x.tables.find((t) => t.table.check.golden)?.table.check.golden;
  const against = golden
    ? (golden.policy.type === "exact"
      ? "our own recorded run of this profile (an exact regression check), not the paper"
      : "the paper's value within its band")
    : "";
  parts.push(
    `<h3>In the paper's layout</h3><p>Accuracy %, mean <span class="sd">± sample std</span> over seeds${
      several ? ", one row per run" : ""
    }; <span class="pub">paper</span>: the published value${p.published ? ` (${esc(p.published.source)})` : ""}${
      golden
        ? `; <span class="v v-pass">pass</span>/<span class="v v-fail">fail</span>: the band verdict of the golden check below, against ${
          esc(against)
        }${
          golden.policy.type === "welch"
            ? `, and its outcome: <span class="v v-reproduced">reproduced</span>, <span class="v v-differs">differs</span> or <span class="v v-inconclusive">inconclusive</span>`
            : ""
        }`
        : ""
    }. Each number links to the records it comes from.</p>${layout.join("")}<p class="dl">download: <a href="${
      esc(adl.csv)
    }" download>CSV</a> · <a href="${esc(adl.json)}" download>JSON</a></p>`,
  );

  parts.push(`<h3>Golden check</h3>`);
  for (const t of x.tables) {
    const c = t.table.check;
    const head = several ? `<h4>${esc(t.label)}</h4>` : "";
    if (c.goldenPath === null || !c.golden) {
      parts.push(
        `${head}<p>${
          c.excluded
            ? esc(c.excluded)
            : c.goldenPath === null
            ? "The paper prints no numbers for this spec: nothing to check."
            : "No golden file for this profile: nothing to check."
        }</p>`,
      );
      continue;
    }
    const judged = c.rows.filter((r) => r.verdict === "pass" || r.verdict === "fail");
    const cdl = files.data(
      `${name}-check-${t.run}`,
      c.rows.map((r) => ({
        run: t.label,
        backbone: r.backbone,
        method: r.method,
        setting: r.setting ?? null,
        k: r.k ?? null,
        x: r.x ?? null,
        kind: r.kind,
        key: r.key,
        golden: r.golden,
        ours: r.ours,
        ours_std: r.oursStd,
        n: r.oursN,
        diff: r.diff,
        band: r.band,
        verdict: r.verdict,
        why: r.why ?? null,
        outcome: r.outcome ?? null,
        p_holm: r.pHolm ?? null,
        tost_p_holm: r.tost?.pHolm ?? null,
        mdd: r.mdd ?? null,
        seeds_needed: r.outcome === "inconclusive" ? r.seedsNeeded ?? null : null,
      })),
      1,
    );
    parts.push(
      `${head}<p>${c.passed} pass, ${c.failed} fail of ${judged.length} judged (${c.rows.length} golden cells)${
        outcomesText(c.rows)
      }. ${esc(policyText(c.golden))} Golden: <code>${esc(c.golden.source)}</code>.</p>${tableOutcomeHtml(c.table)}`,
    );
    const d = (r: (typeof c.rows)[number]) => (r.kind === "correlation" ? 4 : 2);
    const three = c.rows.some((r) => r.outcome);
    parts.push(dataTable(
      [
        { label: "backbone" },
        { label: "method" },
        { label: "k", numeric: true },
        { label: "key" },
        { label: "golden", numeric: true },
        { label: "ours", numeric: true },
        { label: "diff", numeric: true },
        { label: "band ±", numeric: true },
        { label: "verdict" },
        ...(three ? [{ label: "outcome" }, { label: "mdd", numeric: true }, { label: "to decide (power 0.8)" }] : []),
      ],
      c.rows.map((
        r,
      ) => [
        text(r.backbone),
        text(r.setting ? `${r.method} (${r.setting})` : r.method),
        num(r.k ?? null, 0),
        text(r.key),
        num(r.golden, d(r)),
        num(r.ours, d(r)),
        num(r.diff, d(r)),
        num(r.band, d(r)),
        {
          html: `<span class="v v-${esc(r.verdict)}">${esc(r.verdict)}</span>${
            r.why ? ` <small>${esc(r.why)}</small>` : ""
          }`,
          sort: r.verdict,
        },
        ...(three
          ? [{ html: outcomeHtml(r), sort: r.outcome ?? "" }, num(r.mdd ?? null, 2), text(toDecideText(r))]
          : []),
      ]),
      { downloads: cdl, cls: "check" },
    ));
  }

  if (x.tables.some((t) => t.table.analysis.correlations)) {
    parts.push(`<h3>Correlations</h3>`);
    for (const t of x.tables) {
      const corr = t.table.analysis.correlations ?? [];
      const kdl = files.data(
        `${name}-correlations-${t.run}`,
        corr.map((r) => ({
          run: t.label,
          backbone: r.backbone,
          method: r.method,
          column: r.key,
          r: r.r,
          p: r.pValue,
          ci_low: r.ci?.[0] ?? null,
          ci_high: r.ci?.[1] ?? null,
          n: r.points.length,
          left_out: r.missing.join(" "),
        })),
        1,
      );
      parts.push(
        (several ? `<h4>${esc(t.label)}</h4>` : "") + dataTable(
          [
            { label: "backbone" },
            { label: "method" },
            { label: "column" },
            { label: "r", numeric: true },
            { label: "p", numeric: true },
            { label: "95% CI", numeric: true },
            { label: "languages", numeric: true },
          ],
          corr.map((
            r,
          ) => [
            text(r.backbone),
            text(r.methodLabel),
            text(r.key.toUpperCase()),
            num(r.r, 4, records(t.run, methodAnchor(x.profile, t.run, r.method))),
            { html: r.pValue === null ? "–" : esc(r.pValue.toPrecision(3)), sort: r.pValue },
            interval(r.ci),
            num(r.points.length, 0),
          ]),
          { downloads: kdl },
        ),
      );
    }
  }

  const compared = x.tables.filter((t) => t.table.analysis.comparisons);
  if (compared.length) {
    parts.push(`<h3>Paired comparisons</h3>`);
    for (const t of compared) {
      parts.push(
        (several ? `<h4>${esc(t.label)}</h4>` : "") +
          `<div class="tablewrap">${
            comparisonsTable(
              t.table.analysis.comparisons!,
              spec.sweep?.param,
              publishedPValues(t.table.plan, p.published),
              paperGaps(t.table.analysis.comparisons!, t.table.analysis.rows, p.published, specK(t.table.plan)),
            )
          }</div>`,
      );
    }
  }
  parts.push(
    `<p><a href="../records/${esc(slug(spec.id))}.html#profile-${
      esc(slug(x.profile))
    }">Every record behind this profile's numbers</a></p></section>`,
  );
  return parts.join("\n");
}
