// The golden check as an HTML table: each cell's band verdict and, against a
// paper's numbers, its three-way outcome (analysis/verdicts.ts) with the
// minimum detectable difference and the seeds that would decide an open cell.
import type { CheckRow } from "../core/golden.ts";
import { outcomeCounts, seedsText, type TableOutcome } from "../analysis/verdicts.ts";
import { esc, fmt } from "./tables.ts";

/** The outcome as a coloured word with its Holm-adjusted p-values in the tooltip; "" for a row without one. */
export function outcomeHtml(r: CheckRow): string {
  if (!r.outcome) return "";
  const p = (x: number | undefined) => (x === undefined ? "–" : x < 1e-3 ? x.toExponential(1) : x.toFixed(4));
  const title = `difference p ${p(r.p)} (Holm ${p(r.pHolm)})${
    r.tost ? `; TOST within ±${r.tost.margin} p ${p(r.tost.p)} (Holm ${p(r.tost.pHolm)})` : ""
  }${r.outcomeWhy ? `; ${r.outcomeWhy}` : ""}`;
  return `<span class="v-${r.outcome}" title="${esc(title)}">${esc(r.outcome)}</span>`;
}

/** "n seeds" to decide an inconclusive cell, by which test; "" otherwise. */
export function toDecideText(r: CheckRow): string {
  if (r.outcome !== "inconclusive" || r.seedsNeeded === undefined) return "";
  const by = r.decidingTest === "equivalence" ? "TOST" : "difference test";
  return `${seedsText(r.seedsNeeded)} (${by})`;
}

export function checkTable(rows: CheckRow[]): string {
  const three = rows.some((r) => r.outcome);
  const head = [
    "backbone",
    "method",
    "key",
    "golden",
    "ours",
    "diff",
    "band",
    "verdict",
    ...(three ? ["outcome", "mdd", "to decide (power 0.8)"] : []),
  ];
  const body = rows.map((r) => [
    esc(r.backbone),
    esc(r.method),
    esc(r.key),
    fmt(r.golden),
    r.ours === null ? "–" : `${fmt(r.ours)} ± ${fmt(r.oursStd)}`,
    fmt(r.diff),
    fmt(r.band),
    `<span class="v-${r.verdict}">${esc(r.verdict)}</span>${r.why ? ` <small>${esc(r.why)}</small>` : ""}`,
    ...(three ? [outcomeHtml(r), fmt(r.mdd), esc(toDecideText(r))] : []),
  ]);
  return `<table class="check"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${
    body.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")
  }</tbody></table>`;
}

/** The colours of the outcome words, for a page's stylesheet. */
export const OUTCOME_CSS =
  ".v-reproduced{color:#080;font-weight:bold}.v-differs{color:#c00;font-weight:bold}.v-inconclusive{color:#a60;font-weight:bold}";

/** What the outcome column means, under a table that has one. */
export function outcomeNote(rows: CheckRow[]): string {
  if (!rows.some((r) => r.outcome)) return "";
  return `<p><small>Outcome: <b>reproduced</b> when TOST shows |ours − paper| within the equivalence margin, <b>differs</b> when the difference test rejects, both Holm-adjusted over the table at α = 1 − the policy's confidence; otherwise <b>inconclusive</b>, with the number of our seeds at which the deciding test (TOST inside the margin, the difference test outside) would have power 0.8, our mean and std taken as true and the paper's kept. mdd: the smallest true difference the cell's test detects with power 0.8 at its seeds. The exit code follows the band verdict.</small></p>`;
}

/** "; 3 reproduced, 1 differs, 2 inconclusive" after a pass/fail count; "" without outcomes. */
export function outcomesText(rows: CheckRow[]): string {
  if (!rows.some((r) => r.outcome)) return "";
  const n = outcomeCounts(rows);
  return `; ${n.reproduced} reproduced, ${n.differs} differ, ${n.inconclusive} inconclusive`;
}

/** The table's own outcome (analysis/verdicts.ts tableOutcome) as a sentence; "" without one. */
export function tableOutcomeHtml(t: TableOutcome | null | undefined): string {
  if (!t) return "";
  return `<p>Table outcome: <span class="v-${t.outcome}">${t.outcome}</span> (${t.equivalent} of ${t.judged} judged cells within the margin by their own TOST: all are needed for <b>reproduced</b>, which then holds for the table at α by the intersection–union principle; ${t.differing} differ after Holm).</p>`;
}
