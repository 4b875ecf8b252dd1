// The text a run prints: the summary table, a correlation spec's table and the
// golden check with its verdicts.
import { relative } from "node:path";
import { type Analysis, baselineOf } from "../analysis/analyze.ts";
import { type Aggregate } from "../core/aggregate.ts";
import { type CheckOutcome, policyText } from "../analysis/check.ts";
import { tableVerdict } from "../analysis/golden.ts";
import { outcomeCounts, seedsText } from "../analysis/verdicts.ts";
import { PROJECT_ROOT } from "../core/settings.ts";
import { textTable } from "../core/text-table.ts";
import type { Plan } from "../plan/plan.ts";
import {
  type CorrelationEstimate,
  type TypologyCorrelation,
  typologyRowLabel,
} from "../analysis/typology-correlation.ts";

export function printCheck(o: CheckOutcome, print: (s: string) => void): void {
  if (o.goldenPath === null) {
    print("no golden file: the paper prints no numbers for this spec");
    return;
  }
  if (o.excluded) {
    print(`not checked against ${relative(PROJECT_ROOT, o.goldenPath)}: ${o.excluded}`);
    return;
  }
  if (!o.golden) {
    print(`no golden file at ${relative(PROJECT_ROOT, o.goldenPath)}: nothing to check`);
    return;
  }
  const f = (x: number | null, d = 2) => (x === null || !Number.isFinite(x) ? "-" : x.toFixed(d));
  // paper goldens: the three-way outcome beside the band verdict, with what would decide an open cell
  const three = o.rows.some((r) => r.outcome);
  print(
    textTable(
      [
        "backbone",
        "method",
        "key",
        "golden",
        "ours",
        "std",
        "n",
        "diff",
        "band",
        "verdict",
        ...(three ? ["outcome", "mdd", "to decide"] : []),
      ],
      o.rows.map((r) => {
        const d = r.kind === "correlation" ? 4 : 2;
        const more = three
          ? [r.outcome ?? "-", f(r.mdd ?? null), r.outcome === "inconclusive" ? seedsText(r.seedsNeeded) : ""]
          : [];
        return [
          r.backbone,
          r.method,
          r.key,
          f(r.golden, d),
          f(r.ours, d),
          f(r.oursStd),
          String(r.oursN),
          f(r.diff, d),
          f(r.band, d),
          r.verdict.toUpperCase(),
          ...more,
        ];
      }),
    ),
  );
  const notRun = o.rows.filter((r) => r.verdict === "not-run").length;
  print(
    `check ${relative(PROJECT_ROOT, o.goldenPath!)}: ${o.passed} pass, ${o.failed} fail, ${notRun} not run, ${
      o.rows.length - o.passed - o.failed - notRun
    } not judged. ${policyText(o.golden)}`,
  );
  if (o.notInGolden) {
    print(
      `not in the paper (no value in ${relative(PROJECT_ROOT, o.goldenPath)}, not judged): ${o.notInGolden.join(", ")}`,
    );
  }
  const table = tableVerdict(o.golden, o.rows);
  if (table && table.judged) {
    print(
      `table as a whole (Holm over ${table.judged} cells): ${
        table.pass ? "PASS" : `FAIL (${table.rejected} cells differ)`
      }`,
    );
  }
  if (three) {
    const n = outcomeCounts(o.rows);
    print(
      `outcomes (Holm over the table, reproduced: TOST within the margin; differs: the difference test; "to decide": our seeds giving the deciding test power 0.8): ${n.reproduced} reproduced, ${n.differs} differ, ${n.inconclusive} inconclusive`,
    );
    const t = o.table;
    if (t) {
      print(
        `table outcome: ${t.outcome.toUpperCase()} (${t.equivalent} of ${t.judged} cells within the margin by their own TOST, all needed for reproduced, intersection-union; ${t.differing} differ after Holm)`,
      );
    }
  }
  const tost = o.rows.filter((r) => r.tost);
  if (tost.length) {
    print(
      `TOST: ${tost.filter((r) => r.tost!.equivalent).length} of ${tost.length} cells shown equivalent within ±${
        tost[0].tost!.margin
      }`,
    );
  }
  for (const r of o.rows.filter((x) => x.verdict === "fail")) {
    print(
      `FAIL ${r.backbone} ${r.method} ${r.kind} ${r.key}: ours ${f(r.ours)} vs golden ${f(r.golden)} (diff ${
        f(r.diff)
      }, band ±${f(r.band)})`,
    );
  }
}

/** Rows in the spec's order: method rows as listed, then k, then the swept value, then key. */
export function specOrder(plan: Plan): (a: Aggregate, b: Aggregate) => number {
  const order = new Map(plan.spec.methods.map((m, i) => [m.id, i]));
  return (a, b) => (a.k ?? 0) - (b.k ?? 0) || order.get(a.method)! - order.get(b.method)! || (a.x ?? 0) - (b.x ?? 0);
}

/** A correlation spec's table (r with its p-value and interval per backbone, row and column), or the typology correlations added to an accuracy table. */
export function printCorrelations(a: Analysis, print: (s: string) => void): void {
  if (a.typologyUnavailable) print(`typology correlations left out: ${a.typologyUnavailable}`);
  if (a.typologyCorrelations) printTypology(a.typologyCorrelations, print);
  if (!a.correlations) return;
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(4));
  print(textTable(
    ["backbone", "method", "column", "r", "p", "95% CI", "n", "left out"],
    a.correlations.map((
      r,
    ) => [
      r.backbone,
      r.methodLabel,
      r.key.toUpperCase(),
      f(r.r),
      r.pValue === null ? "-" : r.pValue.toPrecision(3),
      r.ci ? `[${f(r.ci[0])}, ${f(r.ci[1])}]` : "-",
      String(r.points.length),
      r.missing.join(" "),
    ]),
  ));
}

export function printSummary(plan: Plan, a: Analysis, print: (s: string) => void): void {
  const rows = a.rows.filter((r) => r.kind === "group");
  const byGroup = rows.length > 0;
  const shown = (byGroup ? rows : a.rows).slice().sort(specOrder(plan));
  const base = (r: Aggregate) => baselineOf(a.baselines, r);
  const pct = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(2));
  const hasK = shown.some((r) => r.k !== undefined), hasX = shown.some((r) => r.x !== undefined);
  print(textTable(
    [
      "backbone",
      "method",
      ...(hasK ? ["k"] : []),
      ...(hasX ? [plan.spec.sweep!.param] : []),
      byGroup ? "group" : "language",
      "accuracy %",
      "std",
      "n",
      "majority %",
      "chance %",
    ],
    shown.map((
      r,
    ) => [
      r.backbone,
      r.methodLabel,
      ...(hasK ? [String(r.k ?? "")] : []),
      ...(hasX ? [String(r.x ?? "")] : []),
      r.key,
      r.mean.toFixed(2),
      r.std.toFixed(2),
      String(r.n),
      pct(base(r)?.majority),
      pct(base(r)?.chance),
    ]),
  ));
  const c = a.comparisons;
  if (c) {
    const tested = c.rows.filter((x) => x.pHolm !== undefined);
    const better = tested.filter((x) => x.pHolm! < c.alpha && x.meanDifference > 0).length,
      worse = tested.filter((x) => x.pHolm! < c.alpha && x.meanDifference < 0).length;
    print(
      `${c.referenceLabel} vs each other row, ${c.test}, ${c.correction}: ${better} significantly higher, ${worse} significantly lower, ${
        tested.length - better - worse
      } not significant at ${c.alpha}${
        c.rows.length > tested.length ? `; ${c.rows.length - tested.length} not testable` : ""
      }`,
    );
  }
}

function printTypology(rows: TypologyCorrelation[], print: (s: string) => void): void {
  const est = (e: CorrelationEstimate | null) =>
    e ? `${e.estimate.toFixed(3)}${e.ci ? ` [${e.ci[0].toFixed(3)}, ${e.ci[1].toFixed(3)}]` : ""}` : "-";
  print(
    `typology correlations (95% two-stage bootstrap intervals over languages and seeds, ${
      rows.find((r) => r.resamples)?.resamples ?? 0
    } resamples):`,
  );
  print(textTable(
    ["backbone", "row", "column", "n", "Pearson r [95% CI]", "Spearman rho [95% CI]"],
    rows.map((r) => [
      r.backbone,
      typologyRowLabel(r),
      r.key.toUpperCase(),
      String(r.n),
      r.undefinedBecause ?? est(r.pearson),
      est(r.spearman),
    ]),
  ));
}
