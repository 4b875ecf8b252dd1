// A plan's records analysed and judged against its golden file: the analysis
// (with a correlation spec's correlations) and the check rows with their verdicts.
import { relative } from "node:path";
import type { Typology } from "../datasets/distances.ts";
import type { PretrainingShares } from "../datasets/pretraining-shares.ts";
import type { ResultRecord } from "../core/record.ts";
import { seedDesignText } from "../core/seed.ts";
import { PROJECT_ROOT } from "../core/settings.ts";
import { correlationIsTable } from "../core/spec.ts";
import { goldenExclusion, type Plan, specK } from "../plan/plan.ts";
import type { Env } from "../run/prepare.ts";
import { type Analysis, analyze, seedRows } from "./analyze.ts";
import { checkCorrelations } from "./correlate.ts";
import { checkAgainst, goldenPath, loadGolden } from "./golden.ts";
import { type TableOutcome, tableOutcome } from "./verdicts.ts";
import { type CheckRow, type GoldenFile } from "../core/golden.ts";

// the typology takes seconds to unpack: once per process and source, however many correlation tables (and runs) are analysed
const typologies = new Map<string, Promise<[Typology, PretrainingShares]>>();

/**
 * The analysis of a plan's records, with a correlation spec's correlations (which need the typology and the data
 * shares): the table's own (SPT Table 1, judged against its golden file), or Pearson and Spearman with bootstrap
 * intervals added to an accuracy table (role "added", which leaves its check on accuracy).
 */
export async function analyzeRecords(
  plan: Plan,
  records: ResultRecord[],
  env: Pick<Env, "fetch">,
  rows?: ReturnType<typeof seedRows>,
): Promise<Analysis> {
  const correlation = plan.spec.correlation;
  const seeds = rows ?? (correlation ? seedRows(plan, records) : undefined);
  const analysis = analyze(plan, records, seeds);
  if (!correlation) return analysis;
  const [{ loadTypology }, { loadPretrainingShares }, { correlate }, { languageVariables, typologyCorrelations }] =
    await Promise.all([
      import("../datasets/distances.ts"),
      import("../datasets/pretraining-shares.ts"),
      import("../analysis/correlate.ts"),
      import("../analysis/typology-correlation.ts"),
    ]);
  const key = JSON.stringify([env.fetch.mirrors, env.fetch.cacheDir]);
  if (!typologies.has(key)) {
    typologies.set(key, Promise.all([loadTypology(env.fetch), loadPretrainingShares(env.fetch)]));
  }
  if (correlationIsTable(plan.spec)) {
    const [typology, shares] = await typologies.get(key)!;
    return { ...analysis, correlations: correlate(analysis.rows, correlation.columns, typology, shares) };
  }
  // an added analysis: without the typology (offline, no mirror) the accuracy table is still reported and checked
  let typology: Typology, shares: PretrainingShares;
  try {
    [typology, shares] = await typologies.get(key)!;
  } catch (e) {
    return { ...analysis, typologyUnavailable: `the typology could not be loaded: ${(e as Error).message}` };
  }
  return {
    ...analysis,
    typologyCorrelations: typologyCorrelations(
      seeds!.language,
      correlation.columns,
      languageVariables(typology, shares),
    ),
  };
}

export interface CheckOutcome {
  /** null: the spec has no paper golden (a figure whose numbers the paper does not print). */
  goldenPath: string | null;
  golden: GoldenFile | null;
  /** Why the golden file was not consulted (dev split, another backbone). */
  excluded?: string;
  rows: CheckRow[];
  failed: number;
  passed: number;
  /** Labels of the method rows the golden file has no value of (an extending spec's added rows): not in the paper. */
  notInGolden?: string[];
  /** The table's own outcome against a paper golden (analysis/verdicts.ts); absent for a regression golden or nothing judged. */
  table?: TableOutcome;
}

/** The labels of the analysed rows whose golden identity (method, setting) the file never names. */
function rowsNotIn(golden: GoldenFile, analysis: Analysis): string[] {
  const named = new Set(golden.cells.map((c) => `${c.method}\u0000${c.setting ?? ""}`));
  const missing = analysis.rows.filter((r) => !named.has(`${r.goldenMethod}\u0000${r.setting ?? ""}`));
  return [...new Set(missing.map((r) => r.methodLabel))];
}

/** Why an extending spec's narrowing keeps its base's golden file from applying (null when it applies). */
function extensionExclusion(plan: Plan, path: string | null): string | null {
  const x = plan.spec.extension;
  // a golden file of the extension's own (record-golden) is over its own rows, seeds and languages
  if (!x || !path || path.endsWith(`/${plan.spec.id}.json`)) return null;
  if (x.languages) {
    return `${plan.spec.id} keeps ${x.languages.length} of ${x.of}'s target languages: the golden averages are over all of them`;
  }
  if (x.seeds && plan.profileName !== "paper") {
    return `${plan.spec.id} runs seeds ${
      seedDesignText(x.seeds)
    }, not ${x.of}'s: its recorded golden means are over the profile's seeds`;
  }
  return null;
}

export function runCheck(plan: Plan, analysis: Analysis): CheckOutcome {
  const path = goldenPath(plan.spec.golden, plan.profileName, plan.spec.id, process.env, plan.spec.extension?.of);
  const excluded = goldenExclusion(plan) ?? extensionExclusion(plan, path);
  if (excluded) return { goldenPath: path, golden: null, excluded, rows: [], failed: 0, passed: 0 };
  const golden = path === null ? null : loadGolden(path);
  if (!golden) return { goldenPath: path, golden: null, rows: [], failed: 0, passed: 0 };
  const rows = analysis.correlations
    ? correlationCheckRows(golden, analysis.correlations)
    : checkAgainst(golden, analysis.rows, specK(plan));
  const notInGolden = analysis.correlations ? [] : rowsNotIn(golden, analysis);
  const table = tableOutcome(rows, golden.policy);
  return {
    goldenPath: path,
    golden,
    rows,
    failed: rows.filter((r) => r.verdict === "fail").length,
    passed: rows.filter((r) => r.verdict === "pass").length,
    ...(notInGolden.length ? { notInGolden } : {}),
    ...(table ? { table } : {}),
  };
}

/** Correlation checks as check rows (golden: the published or recorded r; band: our interval's half-width). */
function correlationCheckRows(golden: GoldenFile, rows: NonNullable<Analysis["correlations"]>): CheckRow[] {
  return checkCorrelations(golden, rows).map((c) => ({
    backbone: c.backbone,
    method: c.method,
    kind: "correlation",
    key: c.key,
    golden: c.published,
    goldenStd: null,
    ours: c.ours,
    oursStd: null,
    oursN:
      rows.find((r) => r.backbone === c.backbone && r.goldenMethod === c.method && r.key === c.key)?.points.length ?? 0,
    diff: c.ours !== null && c.published !== null ? c.ours - c.published : null,
    band: c.ci ? (c.ci[1] - c.ci[0]) / 2 : null,
    verdict: c.verdict,
    ...(c.why ? { why: c.why } : {}),
  }));
}

/**
 * Why the results match no golden cell at all (e.g. the profile's backbone
 * changed), so that a regression reference is not silently unused; null when
 * some cell matches or there is nothing to match.
 */
export function unmatchedGolden(o: CheckOutcome, analysis: Analysis, plan: Plan): string | null {
  // rows the file never names (an extension's added rows) are listed as not in the paper, not a mismatch
  const named = analysis.rows.filter((r) => !o.notInGolden?.includes(r.methodLabel));
  if (!o.golden || !named.length || !o.rows.every((r) => r.verdict === "not-run")) return null;
  const list = (xs: string[]) => [...new Set(xs)].join(", ");
  return `no golden value matches these results: ${relative(PROJECT_ROOT, o.goldenPath!)} has ${
    list(o.golden.cells.map((c) => c.backbone))
  }, this run ${
    list(named.map((r) => r.backbone))
  }; if the change is intended, \`bun run bench record-golden ${plan.spec.id} --profile ${plan.profileName}\``;
}

export function policyText(g: GoldenFile | null): string {
  if (!g) return "";
  return g.policy.type === "exact"
    ? `Band policy: exact (|diff| <= ${g.policy.tolerance}), a regression check against our own recorded run.`
    : `Band policy: Welch ${
      g.policy.confidence * 100
    }% interval of the difference of means plus half a rounding unit; the table as a whole with Holm-adjusted p-values${
      g.policy.equivalenceMargin !== undefined
        ? `; TOST equivalence within ±${g.policy.equivalenceMargin} (plus the rounding half-unit)`
        : ""
    }.`;
}
