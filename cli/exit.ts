// The exit-code contract of every command (README: Exit codes), and how an
// error that ends a command becomes its message and its code.
import { fileBeingRead, UsageError } from "../core/errors.ts";

export const EXIT = {
  /** Done, and nothing wrong was found. */
  ok: 0,
  /** A finding: a golden cell outside its band, a failed cell, a significant regression in compare. */
  finding: 1,
  /** Bad input: flags, selector, specs, folders, records, plug-ins. */
  badInput: 2,
  /** Inconclusive: a check that could not test what it was asked (too few seeds, nothing in common, not shown equivalent). */
  inconclusive: 3,
  /** Could not run here: something the command needs is missing or unreachable (a checkpoint, data, a backend). */
  cannotRun: 4,
  /** An internal error: a bug in xlt-bench (EX_SOFTWARE of sysexits.h). */
  internal: 70,
  /** Interrupted (Ctrl-C); run the same command again to resume. */
  interrupted: 130,
} as const;

/** The codes in one line each, for `bun run bench help`. */
export const EXIT_HELP = `exit codes (README: Exit codes): 0 success; 1 a finding (a golden cell outside its band, a
failed cell, a regression in compare); 2 bad input (flags, selector, specs, folders, records);
3 inconclusive (compare could not test a cell in both runs, check judged nothing); 4 could not
run here (a checkpoint, data or backend missing); 70 internal error (a bug); 130 interrupted`;

// what the runtime throws for a mistake in the code (a property of undefined, a bad array length), never on purpose,
// and a statistics function given numbers no caller should pass it (the stats command maps its own to flags)
const BUG_NAMES = [
  "TypeError",
  "ReferenceError",
  "RangeError",
  "SyntaxError",
  "EvalError",
  "URIError",
  "StatsInputError",
];

/**
 * An error that ended a command: its exit code and the lines to print. Bad input and the failures the code
 * foresaw (thrown as Error with a message for the user) print their message alone; anything else is a bug,
 * said to be one, with the file being read when it was thrown and the stack for the report.
 */
export function exitForError(e: unknown): { code: number; lines: string[] } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof UsageError || err.name === "SpecError") {
    return { code: EXIT.badInput, lines: [`error: ${err.message}`] };
  }
  const file = fileBeingRead(err);
  const bug = !(e instanceof Error) || BUG_NAMES.includes(err.name);
  if (!bug) {
    const where = file && !err.message.includes(file) ? ` (while reading ${file})` : "";
    return { code: EXIT.cannotRun, lines: [`error: ${err.message}${where}`] };
  }
  return {
    code: EXIT.internal,
    lines: [
      `internal error (a bug in xlt-bench${file ? `, while reading ${file}` : ""}): ${err.message}`,
      "please report it with the command line and this text:",
      err.stack ?? `${err.name}: ${err.message}`,
    ],
  };
}
