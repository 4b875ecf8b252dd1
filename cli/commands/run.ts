// `bun run bench [<selector>] [flags]`: plan -> cells -> analysis -> report ->
// golden check for the selected specs (cli/run-job.ts), or, with --slurm, the
// cells without records submitted as Slurm job arrays (cli/slurm.ts). The
// command when the first word is no command name.
import { availableParallelism } from "node:os";
import { UsageError } from "../../core/errors.ts";
import { expectedBackend } from "../../models/backend-choice.ts";
import { flagLines, parseFlags } from "../flags.ts";
import type { IO } from "../io.ts";
import { RUN_FLAGS } from "../run-flags.ts";
import { plansFromFlags } from "../plan-from-flags.ts";
import { runPlans } from "../run-job.ts";

export const help = `usage: bun run bench [<selector>] [options]

Runs the selected specs: plan -> cells (each in a worker process) -> analysis -> report
-> golden check; a cell with a record is not run again. selector: spec id (xpe-table1),
paper (xpe), table or figure (table2, fig4), main, tables, figures or all; without one,
main: each paper's main table on the smoke profile.

options:
${flagLines(RUN_FLAGS)}`;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseFlags(argv, RUN_FLAGS);
  if (values.help) {
    io.print(help);
    return 0;
  }
  // the quick-start job: each paper's main table (the others, and the figures, run by name)
  const [selector = "main"] = positionals;
  let jobs = 0;
  const planned = await plansFromFlags(selector, selector, values, io, {
    announce: true,
    // the slots before any data is read, as a usage error comes first
    afterSelect: async () => {
      const requested = values.jobs === undefined ? undefined : Number(values.jobs);
      if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
        throw new UsageError(`--jobs: expected a positive integer, got "${values.jobs}"`);
      }
      const { workerSlots } = await import("../../run/preflight.ts");
      const slots = workerSlots(expectedBackend(io.env), requested, availableParallelism());
      if (slots.note) io.print(slots.note);
      jobs = slots.jobs;
    },
  });
  if (values.slurm) {
    const { submitPlans, slurmOptions } = await import("../slurm.ts");
    slurmOptions(values, "check"); // flag errors before anything is fetched
    return submitPlans(planned, values, argv);
  }
  return runPlans(planned, { runCells: true, jobs });
}
