// The stages after planning, shared by `bench <selector>`, `check`, `report`
// and `record-golden`: preflight, data prefetch, run, analyze, report, check.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { FetchOptions } from "../datasets/fetch.ts";
import type { Typology } from "../datasets/distances.ts";
import type { PretrainingShares } from "../datasets/pretraining-shares.ts";
import { evalData, sourceData } from "./cell-data.ts";
import { writeReport } from "../reports/write.ts";
import { analyze, baselineOf, type Aggregate, type Analysis, type seedRows } from "./analyze.ts";
import { PROJECT_ROOT } from "./config.ts";
import { checkCorrelations } from "./correlate.ts";
import { checkAgainst, goldenPath, loadGolden, rowIdentity, tableVerdict, type CheckRow, type GoldenFile } from "./golden.ts";
import { goldenExclusion, specK, type Plan } from "./plan.ts";
import { preflightProblems } from "./preflight.ts";
import { provenance } from "./provenance.ts";
import type { ResultRecord } from "./record.ts";
import { ResultsStore } from "./store.ts";
import { textTable } from "./text-table.ts";

export interface Env {
  fetch: FetchOptions;
  cacheDir: string;
  resultsDir: string;
  print: (line: string) => void;
}

/** Everything that would stop a run, found before any cell starts (bench/preflight.ts). */
export async function preflight(plan: Plan, env: Env): Promise<void> {
  const problems = await preflightProblems(plan, env.cacheDir, env.fetch, env.print);
  if (problems.length) {
    throw new Error(`${plan.spec.id} --profile ${plan.profileName} cannot run here:\n  - ${problems.join("\n  - ")}`);
  }
}

/** Fetch (and verify) every data file the plan needs, once, before workers start: a bad file stops the run before any training. */
export async function prefetch(plan: Plan, env: Env): Promise<void> {
  const seen = new Set<string>();
  for (const cell of [...plan.prerequisites, ...plan.cells]) {
    const c = cell.config;
    const sources = JSON.stringify([c.sources, c.seed, c.trainShots, c.devShots]);
    if (!seen.has(sources)) {
      seen.add(sources);
      await sourceData(cell, env);
    }
    for (const lang of c.targets) {
      if (seen.has(`eval:${lang}`)) continue;
      seen.add(`eval:${lang}`);
      await evalData(cell, lang, env);
    }
  }
}

// the typology takes seconds to unpack: once per process and source, however many correlation tables (and runs) are analysed
const typologies = new Map<string, Promise<[Typology, PretrainingShares]>>();

/** The analysis of a plan's records, with a correlation spec's correlations (which need the typology and the data shares). */
export async function analyzeRecords(plan: Plan, records: ResultRecord[], env: Pick<Env, "fetch">, rows?: ReturnType<typeof seedRows>): Promise<Analysis> {
  const analysis = analyze(plan, records, rows);
  if (!plan.spec.correlation) return analysis;
  const [{ loadTypology }, { loadPretrainingShares }, { correlate }] = await Promise.all([import("../datasets/distances.ts"), import("../datasets/pretraining-shares.ts"), import("./correlate.ts")]);
  const key = JSON.stringify([env.fetch.mirrors, env.fetch.cacheDir]);
  if (!typologies.has(key)) typologies.set(key, Promise.all([loadTypology(env.fetch), loadPretrainingShares(env.fetch)]));
  const [typology, shares] = await typologies.get(key)!;
  return { ...analysis, correlations: correlate(analysis.rows, plan.spec.correlation.columns, typology, shares) };
}

export function readRecords(plan: Plan, resultsDir: string): ResultRecord[] {
  const store = new ResultsStore(resultsDir);
  return plan.cells.filter((c) => store.has(c.id)).map((c) => store.read(c.id));
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
}

export function runCheck(plan: Plan, analysis: Analysis): CheckOutcome {
  const path = goldenPath(plan.spec.golden, plan.profileName, plan.spec.id);
  const excluded = goldenExclusion(plan);
  if (excluded) return { goldenPath: path, golden: null, excluded, rows: [], failed: 0, passed: 0 };
  const golden = path === null ? null : loadGolden(path);
  if (!golden) return { goldenPath: path, golden: null, rows: [], failed: 0, passed: 0 };
  const rows = analysis.correlations ? correlationCheckRows(golden, analysis.correlations) : checkAgainst(golden, analysis.rows, specK(plan));
  return { goldenPath: path, golden, rows, failed: rows.filter((r) => r.verdict === "fail").length, passed: rows.filter((r) => r.verdict === "pass").length };
}

/** Correlation checks as check rows (golden: the published or recorded r; band: our interval's half-width). */
function correlationCheckRows(golden: GoldenFile, rows: NonNullable<Analysis["correlations"]>): CheckRow[] {
  return checkCorrelations(golden, rows).map((c) => ({
    backbone: c.backbone, method: c.method, kind: "correlation", key: c.key, golden: c.published, goldenStd: null, ours: c.ours, oursStd: null,
    oursN: rows.find((r) => r.backbone === c.backbone && r.goldenMethod === c.method && r.key === c.key)?.points.length ?? 0,
    diff: c.ours !== null && c.published !== null ? c.ours - c.published : null, band: c.ci ? (c.ci[1] - c.ci[0]) / 2 : null, verdict: c.verdict, ...(c.why ? { why: c.why } : {}),
  }));
}

/**
 * Why the results match no golden cell at all (e.g. the profile's backbone
 * changed), so that a regression reference is not silently unused; null when
 * some cell matches or there is nothing to match.
 */
export function unmatchedGolden(o: CheckOutcome, analysis: Analysis, plan: Plan): string | null {
  if (!o.golden || !analysis.rows.length || !o.rows.every((r) => r.verdict === "not-run")) return null;
  const list = (xs: string[]) => [...new Set(xs)].join(", ");
  return `no golden value matches these results: ${relative(PROJECT_ROOT, o.goldenPath!)} has ${list(o.golden.cells.map((c) => c.backbone))}, this run ${list(analysis.rows.map((r) => r.backbone))}; if the change is intended, \`bun run bench record-golden ${plan.spec.id} --profile ${plan.profileName}\``;
}

export function policyText(g: GoldenFile | null): string {
  if (!g) return "";
  return g.policy.type === "exact"
    ? `Band policy: exact (|diff| <= ${g.policy.tolerance}), a regression check against our own recorded run.`
    : `Band policy: Welch ${g.policy.confidence * 100}% interval of the difference of means plus half a rounding unit; the table as a whole with Holm-adjusted p-values${g.policy.equivalenceMargin !== undefined ? `; TOST equivalence within ±${g.policy.equivalenceMargin} (plus the rounding half-unit)` : ""}.`;
}

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
  print(
    textTable(
      ["backbone", "method", "key", "golden", "ours", "std", "n", "diff", "band", "verdict"],
      o.rows.map((r) => {
        const d = r.kind === "correlation" ? 4 : 2;
        return [r.backbone, r.method, r.key, f(r.golden, d), f(r.ours, d), f(r.oursStd), String(r.oursN), f(r.diff, d), f(r.band, d), r.verdict.toUpperCase()];
      }),
    ),
  );
  const notRun = o.rows.filter((r) => r.verdict === "not-run").length;
  print(`check ${relative(PROJECT_ROOT, o.goldenPath!)}: ${o.passed} pass, ${o.failed} fail, ${notRun} not run, ${o.rows.length - o.passed - o.failed - notRun} not judged. ${policyText(o.golden)}`);
  const table = tableVerdict(o.golden, o.rows);
  if (table && table.judged) print(`table as a whole (Holm over ${table.judged} cells): ${table.pass ? "PASS" : `FAIL (${table.rejected} cells differ)`}`);
  const tost = o.rows.filter((r) => r.tost);
  if (tost.length) print(`TOST: ${tost.filter((r) => r.tost!.equivalent).length} of ${tost.length} cells shown equivalent within ±${tost[0].tost!.margin}`);
  for (const r of o.rows.filter((x) => x.verdict === "fail")) {
    print(`FAIL ${r.backbone} ${r.method} ${r.kind} ${r.key}: ours ${f(r.ours)} vs golden ${f(r.golden)} (diff ${f(r.diff)}, band ±${f(r.band)})`);
  }
}

/** Rows in the spec's order: method rows as listed, then k, then the swept value, then key. */
export function specOrder(plan: Plan): (a: Aggregate, b: Aggregate) => number {
  const order = new Map(plan.spec.methods.map((m, i) => [m.id, i]));
  return (a, b) => (a.k ?? 0) - (b.k ?? 0) || order.get(a.method)! - order.get(b.method)! || (a.x ?? 0) - (b.x ?? 0);
}

/** A correlation spec's table: r with its p-value and interval per backbone, row and column. */
export function printCorrelations(a: Analysis, print: (s: string) => void): void {
  if (!a.correlations) return;
  const f = (x: number | null) => (x === null ? "-" : x.toFixed(4));
  print(textTable(
    ["backbone", "method", "column", "r", "p", "95% CI", "n", "left out"],
    a.correlations.map((r) => [r.backbone, r.methodLabel, r.key.toUpperCase(), f(r.r), r.pValue === null ? "-" : r.pValue.toPrecision(3), r.ci ? `[${f(r.ci[0])}, ${f(r.ci[1])}]` : "-", String(r.points.length), r.missing.join(" ")]),
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
    ["backbone", "method", ...(hasK ? ["k"] : []), ...(hasX ? [plan.spec.sweep!.param] : []), byGroup ? "group" : "language", "accuracy %", "std", "n", "majority %", "chance %"],
    shown.map((r) => [r.backbone, r.methodLabel, ...(hasK ? [String(r.k ?? "")] : []), ...(hasX ? [String(r.x ?? "")] : []), r.key, r.mean.toFixed(2), r.std.toFixed(2), String(r.n), pct(base(r)?.majority), pct(base(r)?.chance)]),
  ));
  const c = a.comparisons;
  if (c) {
    const tested = c.rows.filter((x) => x.pHolm !== undefined);
    const better = tested.filter((x) => x.pHolm! < c.alpha && x.meanDifference > 0).length, worse = tested.filter((x) => x.pHolm! < c.alpha && x.meanDifference < 0).length;
    print(`${c.referenceLabel} vs each other row, ${c.test}, ${c.correction}: ${better} significantly higher, ${worse} significantly lower, ${tested.length - better - worse} not significant at ${c.alpha}${c.rows.length > tested.length ? `; ${c.rows.length - tested.length} not testable` : ""}`);
  }
}

export function reportDir(plan: Plan, resultsDir: string): string {
  // a dev-split or another backbone's run must not overwrite the profile's own report
  const variant = [plan.backboneOverride?.id.replace(/[^\w.-]+/g, "_"), plan.evalSplit === "dev" ? "dev" : undefined].filter(Boolean);
  return join(resultsDir, "reports", plan.spec.id, [plan.profileName, ...variant].join("+"));
}

export async function analyzeAndReport(plan: Plan, env: Env): Promise<{ analysis: Analysis; check: CheckOutcome; page: string }> {
  const records = readRecords(plan, env.resultsDir);
  const analysis = await analyzeRecords(plan, records, env);
  const check = runCheck(plan, analysis);
  // a figure drawn from a paper table shows that table's numbers (MPT Figure 3 from Table I)
  const paperPath = goldenPath(plan.spec.golden ?? plan.spec.figure?.publishedFrom, "paper", plan.spec.id);
  const published = paperPath === null ? null : loadGolden(paperPath);
  const page = await writeReport(reportDir(plan, env.resultsDir), plan, analysis, records, check.golden ? { goldenPath: relative(PROJECT_ROOT, check.goldenPath!), rows: check.rows, policy: policyText(check.golden) } : null, published);
  return { analysis, check, page };
}

/** Record the current results of a (smoke) profile as its golden file. */
export function recordGolden(plan: Plan, analysis: Analysis, backend: string): string {
  if (plan.profileName === "paper") throw new Error("paper goldens come from the papers; record-golden writes only our own profiles (e.g. smoke)");
  const excluded = goldenExclusion(plan);
  if (excluded) throw new Error(`record-golden: ${excluded}`);
  if (plan.narrowed.length) throw new Error(`record-golden: ${plan.narrowed.join(", ")} ran part of the ${plan.profileName} profile; its golden records the whole profile (run without them)`);
  if (analysis.cells.length !== plan.cells.length) {
    throw new Error(`${plan.spec.id} --profile ${plan.profileName}: ${plan.cells.length - analysis.cells.length} cells have no record yet; run them first`);
  }
  const path = goldenPath(plan.spec.golden, plan.profileName, plan.spec.id)!;
  const prov = provenance(backend);
  const g: GoldenFile = {
    spec: plan.spec.id,
    profile: plan.profileName,
    source: `our own ${plan.profileName} run (bench record-golden), the regression reference for changes to methods/`,
    metric: "accuracy (percent)",
    policy: { type: "exact", tolerance: 1e-9 },
    backend,
    recordedFrom: { gitCommit: prov.gitCommit, cells: analysis.cells, recordedAt: new Date().toISOString() },
    cells: analysis.correlations
      ? analysis.correlations.map((r) => ({ backbone: r.backbone, method: r.goldenMethod, kind: "correlation" as const, key: r.key, measure: "pearson-r", mean: r.r, n: r.points.length, members: r.points.map((x) => x.language), ...(r.r === null ? { note: "too few languages with data" } : {}) }))
      : analysis.rows.map((r) => ({ ...rowIdentity(r), kind: r.kind, mean: r.mean, std: r.std, n: r.n, members: r.members })),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(g, null, 1) + "\n");
  return path;
}
