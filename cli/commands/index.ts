// The commands: name -> usage, summary (the lines of `bun run bench help`),
// the flags it takes and the module, loaded only when the command runs. A
// module exports `help` (its own help text) and `run(argv, io)`, which resolves
// to the exit status (cli/exit.ts).
import { UsageError } from "../../core/errors.ts";
import {
  BACKENDS_FLAGS,
  CHECK_FLAGS,
  COMPARE_FLAGS,
  DISTANCES_FLAGS,
  LEADERBOARD_FLAGS,
  LIST_FLAGS,
  MODEL_FLAGS,
  SPT_TABLE1_FLAGS,
  VARIANCE_FLAGS,
} from "../command-flags.ts";
import { type Flags, unknownFlag } from "../flags.ts";
import type { IO } from "../io.ts";
import { RUN_FLAGS, SELECT_FLAGS } from "../run-flags.ts";

export interface CommandModule {
  help: string;
  run: (argv: string[], io: IO) => Promise<number>;
}

export interface CommandEntry {
  usage: string;
  summary: string;
  /** Every flag the command may take (checked before it loads anything); absent: it checks its own (stats). */
  flags?: Flags;
  /** Without this flag (or --help), the command is a run of the spec of its name, with a run's flags (spt-table1). */
  runUnless?: string;
  load: () => Promise<CommandModule>;
}

/** The command of a first word that names none: it takes the word as its selector. */
export const DEFAULT_COMMAND = "run";

export const COMMANDS: Record<string, CommandEntry> = {
  run: {
    usage: "[<selector>]",
    summary: `run: plan -> cells -> analysis -> report -> golden check
selector: spec id (xpe-table1), paper (xpe), table or figure (table2, fig4),
main, tables, figures or all; without one, main: each paper's main table on the
smoke profile (the quick-start job: SPT Table 4, XPE Table 1, UniPrompt Table 2, MPT Table I)`,
    flags: RUN_FLAGS,
    load: () => import("./run.ts"),
  },
  list: {
    usage: "list [--methods] [--json]",
    summary: "list the specs (id, paper, table, title, profiles), or the methods with --methods",
    flags: LIST_FLAGS,
    load: () => import("./list.ts"),
  },
  check: {
    usage: "check <selector>",
    summary: "compare the recorded results with the golden values; exit 1 on a failing cell, 3 when none is judged",
    flags: CHECK_FLAGS,
    load: () => import("./check.ts"),
  },
  report: {
    usage: "report <selector>",
    summary: "rebuild analysis and reports from existing records (no training)",
    flags: SELECT_FLAGS,
    load: () => import("./report.ts"),
  },
  variance: {
    usage: "variance <spec> [--languages] [--json]",
    summary: `each row's variance split into the k-shot draw's and the initialisation's components
(crossed random-effects ANOVA, with intervals), for a profile with seeds {draw, init}`,
    flags: VARIANCE_FLAGS,
    load: () => import("./variance.ts"),
  },
  "record-golden": {
    usage: "record-golden <selector>",
    summary: "store the current results of a non-paper profile as its golden (regression reference)",
    flags: SELECT_FLAGS,
    load: () => import("./record-golden.ts"),
  },
  model: {
    usage: `model <dir|hub-id> [--revision R] (--ids 0,5,6,2 | --text "...") [--top K] [--json]`,
    summary: "tokens, final hidden-state summary and top-k LM logits per position",
    flags: MODEL_FLAGS,
    load: () => import("./model.ts"),
  },
  stats: {
    usage: "stats <test> ...",
    summary: "t-tests, Pearson/Spearman, TOST, Holm/Bonferroni on numbers you give\n(bun run bench stats help)",
    load: () => import("./stats.ts"),
  },
  "spt-table1": {
    usage: "spt-table1 --from-golden [--json]",
    summary: `SPT Table 1 (Pearson r of accuracy vs distances and data share) recomputed
from the accuracies published in SPT Table 4, next to the printed values
(without --from-golden, spt-table1 is the spec: the same from our own runs)`,
    flags: SPT_TABLE1_FLAGS,
    runUnless: "--from-golden",
    load: () => import("./spt-table1.ts"),
  },
  leaderboard: {
    usage: "leaderboard [--results DIR [--label NAME]] ... --out DIR",
    summary: `a static site over every table and run: per-table pages in the paper's layout with
the band verdicts, per-method pages, ranks with confidence intervals, CSV/JSON downloads`,
    flags: LEADERBOARD_FLAGS,
    load: () => import("./leaderboard.ts"),
  },
  compare: {
    usage: "compare A B [--margin 1] [--alpha 0.05] [--html FILE] [--json]",
    summary: `compare two results folders cell by cell (paired t-test over matching seeds, Welch
otherwise, Holm per table); exit 0 when every cell in both was tested and none is
significantly worse than A by more than the margin, 1 when one is, 2 on bad input,
3 when inconclusive (a cell in both that could not be tested, or nothing in common)`,
    flags: COMPARE_FLAGS,
    load: () => import("./compare.ts"),
  },
  backends: {
    usage: "backends [--json]",
    summary:
      "the compute backends this host can use, the WebGPU adapter and its limits,\nand which backend a run picks",
    flags: BACKENDS_FLAGS,
    load: () => import("./backends.ts"),
  },
  distances: {
    usage: "distances <iso> [<iso>...] [--pairwise] [--to eng] [--json]",
    summary: "lang2vec-style distances (six types, exact or approximate) and XGLM/BLOOM data shares",
    flags: DISTANCES_FLAGS,
    load: () => import("./distances.ts"),
  },
};

/** The command a command line names, and the arguments it gets (the default command keeps the first word, its selector). */
export function commandOf(argv: string[]): { name: string; args: string[] } {
  const [first] = argv;
  if (first !== undefined && first !== DEFAULT_COMMAND && Object.hasOwn(COMMANDS, first)) {
    return { name: first, args: argv.slice(1) };
  }
  return { name: DEFAULT_COMMAND, args: argv };
}

/**
 * Refuse a flag the command does not take before it loads or runs anything: the error names the flag, the command
 * (a run by its selector) and the commands that do take it.
 */
export function checkFlags(name: string, args: string[]): void {
  const entry = COMMANDS[name];
  const asRun = entry.runUnless !== undefined && !args.some((a) => [entry.runUnless, "--help", "-h"].includes(a));
  const flags = asRun ? RUN_FLAGS : entry.flags;
  const flag = flags && unknownFlag(args, flags);
  if (!flag) return;
  const homes = Object.keys(COMMANDS).filter((n) => {
    const f = COMMANDS[n].flags;
    return n !== name && f && !unknownFlag([flag], f);
  });
  const [first] = args;
  const command = asRun ? DEFAULT_COMMAND : name;
  // as the user wrote it: a run by its selector, spt-table1 by its mode
  const what = asRun
    ? `run ${name}`
    : entry.runUnless
    ? `${name} ${entry.runUnless}`
    : name === DEFAULT_COMMAND && first && !first.startsWith("-")
    ? `run ${first}`
    : name;
  throw new UsageError(
    `${what}: ${flag} is not a flag of ${what}${
      homes.length ? `; it is a flag of ${homes.join(", ")}` : ""
    } (bun run bench help ${command} lists the flags of ${command})`,
  );
}
