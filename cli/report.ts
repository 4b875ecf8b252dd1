// A plan's records analysed, checked and rendered as its report page: the
// one place where the command line hands analysis to reports/.
import { join, relative } from "node:path";
import type { Analysis } from "../analysis/analyze.ts";
import { analyzeRecords, type CheckOutcome, policyText, runCheck } from "../analysis/check.ts";
import { goldenPath, loadGolden } from "../analysis/golden.ts";
import { within } from "../core/safe-path.ts";
import { PROJECT_ROOT } from "../core/settings.ts";
import type { Plan } from "../plan/plan.ts";
import { type Env, leftOutNote, readRecords } from "../run/prepare.ts";
import { writeReport } from "../reports/write.ts";

export function reportDir(plan: Plan, resultsDir: string): string {
  // a dev-split or another backbone's run must not overwrite the profile's own report
  const variant = [plan.backboneOverride?.id.replace(/[^\w.-]+/g, "_"), plan.evalSplit === "dev" ? "dev" : undefined]
    .filter(Boolean);
  // the spec's id and profile name are checked names; within() keeps one that was not inside the reports folder
  return within(join(resultsDir, "reports"), plan.spec.id, [plan.profileName, ...variant].join("+"));
}

export async function analyzeAndReport(
  plan: Plan,
  env: Env,
): Promise<{ analysis: Analysis; check: CheckOutcome; page: string }> {
  const records = readRecords(plan, env.resultsDir, (e) => env.print(leftOutNote(e)));
  const analysis = await analyzeRecords(plan, records, env);
  const check = runCheck(plan, analysis);
  // a figure drawn from a paper table shows that table's numbers (MPT Figure 3 from Table I)
  const paperPath = goldenPath(plan.spec.golden ?? plan.spec.figure?.publishedFrom, "paper", plan.spec.id);
  const published = paperPath === null ? null : loadGolden(paperPath);
  const page = await writeReport(
    reportDir(plan, env.resultsDir),
    plan,
    analysis,
    records,
    check.golden
      ? {
        goldenPath: relative(PROJECT_ROOT, check.goldenPath!),
        rows: check.rows,
        policy: policyText(check.golden),
        table: check.table,
      }
      : null,
    published,
  );
  return { analysis, check, page };
}
