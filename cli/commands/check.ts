// `bun run bench check <selector>`: the recorded results against the golden
// values; exit 1 on a failing cell, 3 when nothing could be judged.
import { relative } from "node:path";
import { reading } from "../../core/errors.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { CHECK_FLAGS as FLAGS } from "../command-flags.ts";
import { EXIT } from "../exit.ts";
import { flagLines, parseFlags, SELECTOR } from "../flags.ts";
import { analyzeRecords, runCheck } from "../../analysis/check.ts";
import { outcomeCounts } from "../../analysis/verdicts.ts";
import { leftOutNote, readRecords } from "../../run/prepare.ts";
import { printCheck } from "../summary.ts";
import type { IO } from "../io.ts";
import { plansFromFlags } from "../plan-from-flags.ts";

export const help = `usage: bun run bench check <selector> [options]

Compares the recorded results with the golden values; exit 1 on a failing cell, 3 when no
recorded result matches a golden value (nothing judged). Against a paper's numbers each judged
cell also reads reproduced, differs or inconclusive (with the seeds that would decide it); the
exit code follows the band verdicts (pass/fail), as before.

options:
${flagLines(FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, "check", SELECTOR);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const { plans, profile, selector, resultsDir, env } = await plansFromFlags("check", positionals[0], values, io);
  let failed = 0, judged = 0;
  const out = [];
  for (const plan of plans) {
    // a bad record is left out with a warning on stderr (stdout may be --json)
    const analysis = await reading(
      resultsDir,
      () => analyzeRecords(plan, readRecords(plan, resultsDir, (e) => io.error(leftOutNote(e))), env),
    );
    const o = runCheck(plan, analysis);
    failed += o.failed;
    judged += o.passed + o.failed;
    if (values.json) {
      // the golden file relative to the checkout, as the text says it: output that may be shared names no local folder
      const golden = o.goldenPath === null ? null : relative(PROJECT_ROOT, o.goldenPath);
      // outcomes: the three-way verdicts of a paper golden (absent for regression goldens)
      const table = o.table;
      const outcomes = o.rows.some((r) => r.outcome)
        ? { outcomes: outcomeCounts(o.rows), ...(table ? { tableOutcome: table } : {}) }
        : {};
      out.push({ spec: plan.spec.id, profile, golden, passed: o.passed, failed: o.failed, ...outcomes, rows: o.rows });
    } else {
      io.print(
        `== ${plan.spec.id} (${profile}): ${analysis.cells.length}/${plan.cells.length} cells recorded in ${resultsDir}`,
      );
      printCheck(o, io.print);
    }
  }
  if (values.json) io.print(JSON.stringify(out, null, 2));
  if (!judged && !failed) {
    io.error(
      `nothing was judged: no recorded results match a golden value (run \`bun run bench ${selector} --profile ${profile}\` first)`,
    );
    return EXIT.inconclusive;
  }
  return failed ? EXIT.finding : EXIT.ok;
}
