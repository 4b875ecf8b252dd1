// `bun run bench report <selector>`: analysis, report pages and the golden
// check rebuilt from the records a run left (no training).
import { flagLines, parseFlags, SELECTOR } from "../flags.ts";
import type { IO } from "../io.ts";
import { plansFromFlags } from "../plan-from-flags.ts";
import { SELECT_FLAGS as FLAGS } from "../run-flags.ts";
import { runPlans } from "../run-job.ts";

export const help = `usage: bun run bench report <selector> [options]

Rebuilds analysis and reports from existing records (no training), and checks them
against the golden values: exit 1 on a failing cell.

options:
${flagLines(FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, "report", SELECTOR);
  if (values.help) {
    io.print(help);
    return 0;
  }
  const planned = await plansFromFlags("report", positionals[0], values, io);
  return runPlans(planned, { runCells: false, jobs: 1 });
}
