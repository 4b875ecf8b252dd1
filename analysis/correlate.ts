// A correlation spec's analysis (SPT Table 1 from our own runs): per backbone
// and method row, the Pearson r between each target language's mean accuracy
// over seeds and a language variable (similarity to English by a lang2vec
// distance type, or the backbone's pretraining share), with its p-value and
// Fisher-z confidence interval, in the conventions analysis/spt-table1.ts worked
// out from the paper's DATA column.
import type { Aggregate } from "../core/aggregate.ts";
import type { GoldenFile } from "../core/golden.ts";
import { pearson } from "./stats/index.ts";
import { languageVariable, shareModel } from "./spt-table1.ts";
import type { Typology } from "../datasets/distances.ts";
import type { PretrainingShares } from "../datasets/pretraining-shares.ts";

export interface CorrelationRow {
  backbone: string;
  /** The spec's method row and how the golden file names it. */
  method: string;
  methodLabel: string;
  goldenMethod: string;
  /** The column: data, syn, geo, inv, gen, phon, fea. */
  key: string;
  r: number | null;
  pValue: number | null;
  ci: [number, number] | null;
  /** Languages that entered, with their accuracy and variable (for the scatter chart). */
  points: { language: string; accuracy: number; value: number }[];
  /** Target languages left out for lack of data of this column. */
  missing: string[];
  /** Why r is null although enough languages entered (constant data). */
  undefinedBecause?: string;
}

/** Why a column has no rows for a backbone (the embedded backbone has no published pretraining share), or null. */
export function columnUnavailable(key: string, backbone: string): string | null {
  return key === "data" && !shareModel(backbone)
    ? `DATA is left out for ${backbone}: only XGLM and BLOOM publish their pretraining shares per language`
    : null;
}

export function correlate(
  rows: Aggregate[],
  columns: string[],
  typology: Typology,
  shares: PretrainingShares,
): CorrelationRow[] {
  const out: CorrelationRow[] = [];
  const langRows = rows.filter((r) => r.kind === "language" && r.k === undefined && r.x === undefined);
  const series = [...new Set(langRows.map((r) => JSON.stringify([r.backbone, r.method])))].map((s) =>
    JSON.parse(s) as [string, string]
  );
  for (const [backbone, method] of series) {
    const langs = langRows.filter((r) => r.backbone === backbone && r.method === method);
    for (const key of columns) {
      if (columnUnavailable(key, backbone)) continue;
      const points: CorrelationRow["points"] = [], missing: string[] = [];
      for (const l of langs) {
        const value = languageVariable(key, backbone, l.key.split("_")[0], typology, shares);
        if (value === null) missing.push(l.key);
        else points.push({ language: l.key, accuracy: l.mean, value });
      }
      // a method that scores the same in every language (e.g. always the majority class) has no r: say so rather than fail the analysis
      const constant = (xs: number[]) => xs.every((x) => x === xs[0]);
      const flat = points.length >= 3 &&
        (constant(points.map((x) => x.accuracy))
          ? "the accuracy is the same in every language"
          : constant(points.map((x) => x.value))
          ? "the variable is the same for every language"
          : null);
      const p = points.length >= 3 && !flat ? pearson(points.map((x) => x.accuracy), points.map((x) => x.value)) : null;
      out.push({
        backbone,
        method,
        methodLabel: langs[0].methodLabel,
        goldenMethod: langs[0].goldenMethod,
        key,
        r: p && Number.isFinite(p.r) ? p.r : null,
        pValue: p && Number.isFinite(p.pValue) ? p.pValue : null,
        ci: p?.confidenceInterval ?? null,
        points,
        missing,
        ...(flat ? { undefinedBecause: `${flat}: r is undefined` } : {}),
      });
    }
  }
  return out;
}

export interface CorrelationCheck {
  backbone: string;
  method: string;
  key: string;
  published: number | null;
  ours: number | null;
  ci: [number, number] | null;
  verdict: "pass" | "fail" | "not-run" | "not-judged";
  why?: string;
}

/**
 * Our r against the golden r: a paper value passes when it lies inside our
 * Fisher-z interval (the uncertainty of r over this many languages); our own
 * recorded goldens (policy exact) must come back to within their tolerance.
 */
export function checkCorrelations(golden: GoldenFile, rows: CorrelationRow[]): CorrelationCheck[] {
  const cells = golden.cells.filter((c) => c.kind === "correlation");
  return cells.map((g) => {
    const ours = rows.find((r) => r.backbone === g.backbone && r.goldenMethod === g.method && r.key === g.key);
    const base = {
      backbone: g.backbone,
      method: g.method,
      key: g.key,
      published: g.mean,
      ours: ours?.r ?? null,
      ci: ours?.ci ?? null,
    };
    if (!ours) return { ...base, verdict: "not-run" as const };
    if (g.mean === null || ours.r === null) {
      return {
        ...base,
        verdict: "not-judged" as const,
        why: g.mean === null ? "no published value" : (ours.undefinedBecause ?? "too few languages for r"),
      };
    }
    if (golden.policy.type === "exact") {
      const ok = Math.abs(ours.r - g.mean) <= golden.policy.tolerance;
      return {
        ...base,
        verdict: ok ? ("pass" as const) : ("fail" as const),
        why: `|diff| ${Math.abs(ours.r - g.mean).toExponential(2)} vs tolerance ${golden.policy.tolerance}`,
      };
    }
    if (!ours.ci) {
      return { ...base, verdict: "not-judged" as const, why: "no confidence interval (fewer than 4 languages)" };
    }
    const inside = g.mean >= ours.ci[0] && g.mean <= ours.ci[1];
    return {
      ...base,
      verdict: inside ? ("pass" as const) : ("fail" as const),
      why: `published r ${inside ? "inside" : "outside"} our ${Math.round(95)}% interval`,
    };
  });
}
