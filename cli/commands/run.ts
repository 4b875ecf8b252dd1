// `bun run bench [<selector>] [flags]`: plan -> cells -> analysis -> report ->
// golden check for the selected specs (cli/run-job.ts), or, with --slurm, the
// cells without records submitted as Slurm job arrays (cli/slurm.ts). The
// command when the first word is no command name.
import { availableParallelism } from "node:os";
import { UsageError } from "../../core/errors.ts";
import { expectedBackend } from "../../models/backend-choice.ts";
import { flagLines, parseFlags, SELECTOR } from "../flags.ts";
import type { IO } from "../io.ts";
import { RUN_FLAGS, SLURM_FLAGS } from "../run-flags.ts";
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
  const { values, positionals } = parseFlags(argv, RUN_FLAGS, "run", SELECTOR);
  if (values.help) {
    io.print(help);
    return 0;
  }
  // the quick-start job: each paper's main table (the others, and the figures, run by name)
  const [selector = "main"] = positionals;
  // flags that apply only to one way of running, and their values, before anything is read
  const given = (f: string) => values[f as keyof typeof values] !== undefined;
  const slurmOnly = Object.keys(SLURM_FLAGS).filter((f) => f !== "slurm" && given(f));
  if (!values.slurm && slurmOnly.length) {
    throw new UsageError(
      `run ${selector}: --${slurmOnly[0]} applies only with --slurm (without it the cells run here, now)`,
    );
  }
  if (values.slurm && values.jobs !== undefined) {
    throw new UsageError(
      `run ${selector}: --jobs applies to cells run here, not with --slurm (--array-parallel limits the tasks at once)`,
    );
  }
  const requested = values.jobs === undefined ? undefined : Number(values.jobs);
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new UsageError(`--jobs: expected a positive integer, got "${values.jobs}"`);
  }
  const slurm = values.slurm ? await import("../slurm.ts") : undefined;
  slurm?.slurmOptions(values, "check");
  let jobs = 0;
  const planned = await plansFromFlags(selector, selector, values, io, {
    announce: true,
    // the slots before any data is read
    afterSelect: slurm ? undefined : async () => {
      const { workerSlots } = await import("../../run/preflight.ts");
      const slots = workerSlots(expectedBackend(io.env), requested, availableParallelism());
      if (slots.note) io.print(slots.note);
      jobs = slots.jobs;
    },
  });
  if (slurm) return slurm.submitPlans(planned, values, argv);
  return runPlans(planned, { runCells: true, jobs });
}
