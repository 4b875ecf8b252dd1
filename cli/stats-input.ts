// `bench stats`'s flags read as numbers, lists and summaries: every bad value
// is a StatsCommandError that names the flag and what it was given.
import { type Alternative, ALTERNATIVES, StatsInputError, type Summary } from "../analysis/stats/index.ts";
import { UsageError } from "../core/errors.ts";

export class StatsCommandError extends UsageError {}

export type Values = Record<string, string | boolean | undefined>;
export type OptionSpec = Record<string, { type: "string" | "boolean" }>;
export interface Output {
  json: unknown;
  text: string;
}

// ---- flag values -------------------------------------------------------------

export function bad(flag: string, raw: string, why: string): StatsCommandError {
  return new StatsCommandError(`--${flag} ${JSON.stringify(raw)}: ${why}`);
}

export function str(values: Values, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === "string" ? v : undefined;
}

export function numberValue(flag: string, raw: string): number {
  const x = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(x)) throw bad(flag, raw, "expected a finite number");
  return x;
}

export function numberList(flag: string, raw: string): number[] {
  return raw.split(",").map((item) => {
    const x = item.trim() === "" ? NaN : Number(item);
    if (!Number.isFinite(x)) throw bad(flag, raw, `${JSON.stringify(item)} is not a finite number`);
    return x;
  });
}

export function requiredList(values: Values, flag: string): number[] {
  const raw = str(values, flag);
  if (raw === undefined) throw new StatsCommandError(`--${flag} is required`);
  return numberList(flag, raw);
}

export function optionalNumber(values: Values, flag: string): number | undefined {
  const raw = str(values, flag);
  return raw === undefined ? undefined : numberValue(flag, raw);
}

export function alternativeValue(values: Values): Alternative | undefined {
  const raw = str(values, "alternative");
  if (raw === undefined) return undefined;
  if (!(ALTERNATIVES as readonly string[]).includes(raw)) {
    throw bad("alternative", raw, `expected one of ${ALTERNATIVES.join(", ")}`);
  }
  return raw as Alternative;
}

// Library argument names ("a.n", "p[2]") as the flags that carry them.
export const FLAG_OF: Record<string, string> = {
  "a.mean": "mean-a",
  "a.std": "sd-a",
  "a.n": "n-a",
  "b.mean": "mean-b",
  "b.std": "sd-b",
  "b.n": "n-b",
  "differences.mean": "mean-diff",
  "differences.std": "sd-diff",
  "differences.n": "n-diff",
  "margin.lower": "lower",
  "margin.upper": "upper",
};

// Arguments that stand for several flags: paired differences come from --a and --b.
export const FLAGS_OF_BASE: Record<string, string[]> = {
  differences: ["a", "b"],
  margin: ["margin", "lower", "upper"],
};

/** The flags given that carry a library argument: "a.std" is --sd-a for summaries, else the sample --a. */
export function flagsFor(argument: string, values: Values): string[] {
  const given = (flag: string) => str(values, flag) !== undefined;
  const exact = FLAG_OF[argument];
  if (exact !== undefined && given(exact)) return [exact];
  const base = argument.replace(/[.[].*$/, "");
  return (FLAGS_OF_BASE[base] ?? [base]).filter(given);
}

/** Restates a library input error in terms of the flags given ("--n-a "1": ..."). */
export function asFlagError(e: StatsInputError, values: Values): StatsCommandError {
  const flags = [...new Set(e.argument.split(/,\s*|\s+-\s+/).flatMap((name) => flagsFor(name, values)))];
  if (flags.length === 0) return new StatsCommandError(e.message);
  return new StatsCommandError(
    `${flags.map((f) => `--${f} ${JSON.stringify(str(values, f))}`).join(" ")}: ${e.detail}`,
  );
}

// ---- inputs shared by ttest and tost ----------------------------------------

export const SAMPLE_FLAGS = ["a", "b"];
export const GROUP_SUMMARY_FLAGS = ["mean-a", "sd-a", "n-a", "mean-b", "sd-b", "n-b"];
export const DIFF_SUMMARY_FLAGS = ["mean-diff", "sd-diff", "n-diff"];

export type TwoSampleInput =
  | { kind: "samples"; a: number[]; b: number[] }
  | { kind: "summaries"; a: Summary; b: Summary }
  | { kind: "differences"; differences: Summary };

export const TWO_SAMPLE_OPTIONS: OptionSpec = Object.fromEntries([
  ...[...SAMPLE_FLAGS, ...GROUP_SUMMARY_FLAGS, ...DIFF_SUMMARY_FLAGS].map((f) => [f, { type: "string" }]),
  ["paired", { type: "boolean" }],
]);

export function summaryFrom(values: Values, [mean, sd, n]: string[]): Summary {
  return { mean: optionalNumber(values, mean)!, std: optionalNumber(values, sd)!, n: optionalNumber(values, n)! };
}

/** Raw samples, group summaries or (paired) difference summaries; exactly one of them. */
export function twoSampleInput(values: Values): TwoSampleInput {
  const given = (flags: string[]) => flags.filter((f) => values[f] !== undefined);
  const groups = [SAMPLE_FLAGS, GROUP_SUMMARY_FLAGS, DIFF_SUMMARY_FLAGS].filter((g) => given(g).length > 0);
  if (groups.length > 1) {
    throw new StatsCommandError(
      `give samples (--a, --b) or summaries, not both: got ${groups.flatMap(given).map((f) => `--${f}`).join(", ")}`,
    );
  }
  const group = groups[0] ?? SAMPLE_FLAGS;
  const missing = group.filter((f) => values[f] === undefined);
  if (missing.length > 0) throw new StatsCommandError(`missing ${missing.map((f) => `--${f}`).join(", ")}`);
  if (group === SAMPLE_FLAGS) return { kind: "samples", a: requiredList(values, "a"), b: requiredList(values, "b") };
  if (group === DIFF_SUMMARY_FLAGS) {
    if (!values.paired) {
      throw new StatsCommandError("--mean-diff, --sd-diff and --n-diff describe paired differences: add --paired");
    }
    return { kind: "differences", differences: summaryFrom(values, DIFF_SUMMARY_FLAGS) };
  }
  if (values.paired) {
    throw new StatsCommandError(
      "--paired from summaries needs the differences a - b: --mean-diff, --sd-diff, --n-diff (group summaries do not determine a paired test)",
    );
  }
  return {
    kind: "summaries",
    a: summaryFrom(values, GROUP_SUMMARY_FLAGS.slice(0, 3)),
    b: summaryFrom(values, GROUP_SUMMARY_FLAGS.slice(3)),
  };
}

// ---- text --------------------------------------------------------------------
