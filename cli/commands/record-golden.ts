// `bun run bench record-golden <selector>`: the current results of a non-paper
// profile stored as its golden (the regression reference).
import { relative } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { flagLines, parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";
import { plansFromFlags, SELECT_FLAGS } from "../plan-from-flags.ts";

export const help = `usage: bun run bench record-golden <selector> [options]

Stores the current results of a non-paper profile as its golden (regression reference).

options:
${flagLines(SELECT_FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, SELECT_FLAGS);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const { plans, resultsDir, env } = await plansFromFlags("record-golden", positionals[0], values, io);
  const { readRecords } = await import("../../run/prepare.ts");
  const { analyzeRecords } = await import("../../analysis/check.ts");
  const { recordGolden } = await import("../../analysis/record-golden.ts");
  for (const plan of plans) {
    const records = readRecords(plan, resultsDir);
    const path = recordGolden(
      plan,
      await analyzeRecords(plan, records, env),
      records[0]?.provenance.backend ?? "unknown",
    );
    io.print(`recorded ${relative(PROJECT_ROOT, path)} from ${records.length} records`);
  }
  return 0;
}
