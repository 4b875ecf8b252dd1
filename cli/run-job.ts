// The run pipeline over planned specs: preflight, data, the cells in worker
// processes (a first stage before the cells that start from it), then
// analysis, the report page and the golden check, printed. `report` is the
// same without running cells. The exit status (cli/exit.ts): 0, 1 on a
// failed cell or check, 130 when interrupted.
import { relative } from "node:path";
import { unmatchedGolden } from "../analysis/check.ts";
import { columnUnavailable } from "../analysis/correlate.ts";
import { cellLabel, crossesSeeds } from "../plan/plan.ts";
import { prefetch, preflight } from "../run/prepare.ts";
import { runCells } from "../run/runner.ts";
import { coveredNote, recordCovered } from "../run/covering.ts";
import { ResultsStore } from "../run/store.ts";
import { EXIT } from "./exit.ts";
import { analyzeAndReport } from "./report.ts";
import { printCheck, printCorrelations, printSummary } from "./summary.ts";
import type { Plan } from "../plan/plan.ts";
import type { Planned } from "./plan-from-flags.ts";

export async function runPlans(p: Planned, o: { runCells: boolean; jobs: number }): Promise<number> {
  const { profile, resultsDir, fetch, settings, env } = p;
  const print = env.print;
  let status: number = EXIT.ok;
  for (const plan of p.plans) {
    print(
      `== ${plan.spec.id} (${profile}): ${plan.cells.length} cells = ${
        axes(plan).join(" x ")
      }; results in ${resultsDir}`,
    );
    if (o.runCells) {
      await preflight(plan, env);
      await prefetch(plan, env);
      const common = { jobs: o.jobs, resultsDir, fetch, cacheDir: settings.cacheDir, print };
      const store = new ResultsStore(resultsDir);
      // a bad record first goes aside, so that its cell is cut from a covering record or run, as a missing one is
      store.setAsideUnreadable([...plan.prerequisites, ...plan.cells].map((c) => c.id), print);
      const covered = recordCovered(plan.cells, store);
      if (covered.length) print(coveredNote(covered.length, plan.cells.length));
      // the first stage trains only for targets still to run
      if (plan.prerequisites.length && plan.cells.some((c) => !store.has(c.id))) {
        print(
          `first stage: ${plan.prerequisites.length} multi-source cells, whose trained state the ${plan.cells.length} per-target cells start from`,
        );
        const first = await runCells(
          plan.prerequisites.map((c) => ({ cell: c, label: `${cellLabel(plan.spec, c)} (first stage)` })),
          { ...common, keepState: true },
        );
        if (first.interrupted) {
          print("interrupted during the first stage; run the same command again to resume");
          return EXIT.interrupted;
        }
        if (first.failed.length) {
          print(
            `${first.failed.length} first-stage cell(s) failed, so their targets cannot run:\n${
              first.failed.map((f) => `  ${f.label} (${f.id}): ${f.message}`).join("\n")
            }`,
          );
          return EXIT.finding;
        }
      }
      const summary = await runCells(plan.cells.map((c) => ({ cell: c, label: cellLabel(plan.spec, c) })), common);
      if (summary.interrupted) {
        print(
          `interrupted: ${
            summary.ran.length + summary.skipped.length
          } of ${plan.cells.length} cells have records; run the same command again to resume`,
        );
        return EXIT.interrupted;
      }
      if (summary.failed.length) {
        status = EXIT.finding;
        print(
          `${summary.failed.length} cell(s) failed:\n${
            summary.failed.map((f) => `  ${f.label} (${f.id}): ${f.message}`).join("\n")
          }`,
        );
      }
    }
    const { analysis, check, page } = await analyzeAndReport(plan, env);
    printSummary(plan, analysis, print);
    printCorrelations(analysis, print);
    for (const b of new Set(analysis.rows.map((r) => r.backbone))) {
      for (const c of plan.spec.correlation?.columns ?? []) {
        if (columnUnavailable(c, b)) print(columnUnavailable(c, b)!);
      }
    }
    print(`report: ${relative(process.cwd(), page)}`);
    printCheck(check, print);
    if (check.failed) status = EXIT.finding;
    const unmatched = unmatchedGolden(check, analysis, plan);
    if (unmatched) {
      print(unmatched);
      status = EXIT.finding;
    }
  }
  return status;
}

/** The plan's size by axis: methods x backbones [x k] [x swept value] x seeds (crossed: draw seeds x init seeds). */
function axes(plan: Plan): string[] {
  const count = (f: (c: Plan["cells"][number]) => unknown) => new Set(plan.cells.map(f)).size;
  return [
    `${count((c) => c.row.method)} methods`,
    `${plan.backbones.length} backbones`,
    ...(Array.isArray(plan.spec.task.trainShots) ? [`${count((c) => c.row.k)} k`] : []),
    ...(plan.spec.sweep ? [`${count((c) => c.row.x)} ${plan.spec.sweep.param}`] : []),
    ...(crossesSeeds(plan)
      ? [`${count((c) => c.config.seed)} draw seeds`, `${count((c) => c.config.initSeed ?? c.config.seed)} init seeds`]
      : [`${count((c) => c.config.seed)} seeds`]),
  ];
}
