// `bun run bench record-golden <selector>`: the current results of a non-paper
// profile stored as its golden (the regression reference).
import { relative } from "node:path";
import { UsageError } from "../../core/errors.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { flagLines, parseFlags, SELECTOR } from "../flags.ts";
import type { IO } from "../io.ts";
import { plansFromFlags } from "../plan-from-flags.ts";
import { SELECT_FLAGS } from "../run-flags.ts";
import { analyzeRecords } from "../../analysis/check.ts";
import { recordGolden } from "../../analysis/record-golden.ts";
import { readRecords } from "../../run/prepare.ts";

export const help = `usage: bun run bench record-golden <selector> [options]

Stores the current results of a non-paper profile as its golden (regression reference).

options:
${flagLines(SELECT_FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, SELECT_FLAGS, "record-golden", SELECTOR);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const { plans, resultsDir, env } = await plansFromFlags("record-golden", positionals[0], values, io);
  for (const plan of plans) {
    // a reference must not silently lack a cell: a bad record stops it
    const records = readRecords(plan, resultsDir, (e) => {
      throw new UsageError(
        `${e.message}; no golden recorded (a run of the spec sets it aside and runs the cell again)`,
      );
    });
    const path = recordGolden(
      plan,
      await analyzeRecords(plan, records, env),
      records[0]?.provenance.backend ?? "unknown",
    );
    io.print(`recorded ${relative(PROJECT_ROOT, path)} from ${records.length} records`);
  }
  return 0;
}
