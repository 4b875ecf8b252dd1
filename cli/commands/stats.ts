// `bench stats <subcommand>`: the statistics in analysis/stats/index.ts from the command
// line, as JSON (--json) or a few lines of text. Bad input throws
// StatsCommandError naming the flag and the value given.
import { parseArgs } from "node:util";
import {
  type Alternative,
  ALTERNATIVES,
  bonferroniAdjust,
  describeMean,
  type EquivalenceMargin,
  holmAdjust,
  pairedTTest,
  pairedTTestFromSummary,
  pearson,
  spearman,
  StatsInputError,
  studentTTest,
  studentTTestFromSummaries,
  type Summary,
  tostPaired,
  tostPairedFromSummary,
  type TostResult,
  tostWelch,
  tostWelchFromSummaries,
  type TTestResult,
  welchTTest,
  welchTTestFromSummaries,
} from "../../analysis/stats/index.ts";
import { textTable } from "../../core/text-table.ts";
import { UsageError } from "../../core/errors.ts";
import type { IO } from "../io.ts";

export class StatsCommandError extends UsageError {}

const USAGE = `usage: bun run bench stats <subcommand> [options] [--json]

  ttest --a 1,2,3 --b 2,3,4 [--paired | --welch] [--alternative two-sided|less|greater] [--confidence 0.95] [--mu 0]
  ttest --mean-a M --sd-a S --n-a N --mean-b M --sd-b S --n-b N [--welch] [...]
  ttest --paired --mean-diff M --sd-diff S --n-diff N [...]
                          Student (pooled) by default; Welch with --welch; paired on a - b
  pearson --x ... --y ... [--alternative ...] [--confidence 0.95]
                          r, t-test on n - 2 df, Fisher-z interval
  spearman --x ... --y ... [--alternative ...]
                          rho on average ranks; p-value by the t approximation
  tost (--a ... --b ... | summaries as for ttest) (--margin D | --lower L --upper U) [--paired] [--alpha 0.05]
                          two one-sided tests for equivalence (Welch, or paired)
  holm --p 0.01,0.04,0.03     Holm step-down adjusted p-values
  bonferroni --p ...          Bonferroni adjusted p-values
  summary --x ... [--confidence 0.95]
                          mean, sample sd, standard error, t interval for the mean

Lists are comma-separated. Negative values may follow their flag (--mu -1) or be
joined to it (--mu=-1). In JSON, the open end of a one-sided interval is null.`;

type Values = Record<string, string | boolean | undefined>;
type OptionSpec = Record<string, { type: "string" | "boolean" }>;
interface Output {
  json: unknown;
  text: string;
}

// ---- flag values -------------------------------------------------------------

function bad(flag: string, raw: string, why: string): StatsCommandError {
  return new StatsCommandError(`--${flag} ${JSON.stringify(raw)}: ${why}`);
}

function str(values: Values, flag: string): string | undefined {
  const v = values[flag];
  return typeof v === "string" ? v : undefined;
}

function numberValue(flag: string, raw: string): number {
  const x = raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(x)) throw bad(flag, raw, "expected a finite number");
  return x;
}

function numberList(flag: string, raw: string): number[] {
  return raw.split(",").map((item) => {
    const x = item.trim() === "" ? NaN : Number(item);
    if (!Number.isFinite(x)) throw bad(flag, raw, `${JSON.stringify(item)} is not a finite number`);
    return x;
  });
}

function requiredList(values: Values, flag: string): number[] {
  const raw = str(values, flag);
  if (raw === undefined) throw new StatsCommandError(`--${flag} is required`);
  return numberList(flag, raw);
}

function optionalNumber(values: Values, flag: string): number | undefined {
  const raw = str(values, flag);
  return raw === undefined ? undefined : numberValue(flag, raw);
}

function alternativeValue(values: Values): Alternative | undefined {
  const raw = str(values, "alternative");
  if (raw === undefined) return undefined;
  if (!(ALTERNATIVES as readonly string[]).includes(raw)) {
    throw bad("alternative", raw, `expected one of ${ALTERNATIVES.join(", ")}`);
  }
  return raw as Alternative;
}

// Library argument names ("a.n", "p[2]") as the flags that carry them.
const FLAG_OF: Record<string, string> = {
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
const FLAGS_OF_BASE: Record<string, string[]> = { differences: ["a", "b"], margin: ["margin", "lower", "upper"] };

/** The flags given that carry a library argument: "a.std" is --sd-a for summaries, else the sample --a. */
function flagsFor(argument: string, values: Values): string[] {
  const given = (flag: string) => str(values, flag) !== undefined;
  const exact = FLAG_OF[argument];
  if (exact !== undefined && given(exact)) return [exact];
  const base = argument.replace(/[.[].*$/, "");
  return (FLAGS_OF_BASE[base] ?? [base]).filter(given);
}

/** Restates a library input error in terms of the flags given ("--n-a "1": ..."). */
function asFlagError(e: StatsInputError, values: Values): StatsCommandError {
  const flags = [...new Set(e.argument.split(/,\s*|\s+-\s+/).flatMap((name) => flagsFor(name, values)))];
  if (flags.length === 0) return new StatsCommandError(e.message);
  return new StatsCommandError(
    `${flags.map((f) => `--${f} ${JSON.stringify(str(values, f))}`).join(" ")}: ${e.detail}`,
  );
}

// ---- inputs shared by ttest and tost ----------------------------------------

const SAMPLE_FLAGS = ["a", "b"];
const GROUP_SUMMARY_FLAGS = ["mean-a", "sd-a", "n-a", "mean-b", "sd-b", "n-b"];
const DIFF_SUMMARY_FLAGS = ["mean-diff", "sd-diff", "n-diff"];

type TwoSampleInput =
  | { kind: "samples"; a: number[]; b: number[] }
  | { kind: "summaries"; a: Summary; b: Summary }
  | { kind: "differences"; differences: Summary };

const TWO_SAMPLE_OPTIONS: OptionSpec = Object.fromEntries([
  ...[...SAMPLE_FLAGS, ...GROUP_SUMMARY_FLAGS, ...DIFF_SUMMARY_FLAGS].map((f) => [f, { type: "string" }]),
  ["paired", { type: "boolean" }],
]);

function summaryFrom(values: Values, [mean, sd, n]: string[]): Summary {
  return { mean: optionalNumber(values, mean)!, std: optionalNumber(values, sd)!, n: optionalNumber(values, n)! };
}

/** Raw samples, group summaries or (paired) difference summaries; exactly one of them. */
function twoSampleInput(values: Values): TwoSampleInput {
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

function fmt(x: number, digits = 5): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  return String(Number(x.toPrecision(digits)));
}

const fmtP = (p: number) => fmt(p, 4);
const fmtInterval = ([lo, hi]: [number, number]) => `[${fmt(lo)}, ${fmt(hi)}]`;
const percent = (c: number) => `${Number((c * 100).toPrecision(6))}%`;

const TEST_NAMES: Record<TTestResult["test"], string> = {
  student: "Student two-sample t-test (pooled variance)",
  welch: "Welch two-sample t-test",
  paired: "Paired t-test",
};

function tTestText(r: TTestResult): string {
  const diff = r.test === "paired" ? "mean(a - b)" : "mean(a) - mean(b)";
  return [
    `${TEST_NAMES[r.test]}, alternative ${r.alternative} (H0: ${diff} = ${fmt(r.mu)})`,
    `t = ${fmt(r.statistic)}, df = ${fmt(r.df)}, p-value = ${fmtP(r.pValue)}`,
    `${diff} = ${fmt(r.meanDifference)}, standard error ${fmt(r.standardError)}`,
    `${percent(r.confidence)} confidence interval: ${fmtInterval(r.confidenceInterval)}`,
  ].join("\n");
}

function tostText(r: TostResult): string {
  return [
    `TOST equivalence (${r.test === "welch" ? "Welch" : "paired"}), margin [${fmt(r.lower)}, ${fmt(r.upper)}], alpha ${
      fmt(r.alpha)
    }`,
    `lower: t = ${fmt(r.lowerTest.statistic)}, p-value = ${fmtP(r.lowerTest.pValue)} (H0: difference <= ${
      fmt(r.lower)
    })`,
    `upper: t = ${fmt(r.upperTest.statistic)}, p-value = ${fmtP(r.upperTest.pValue)} (H0: difference >= ${
      fmt(r.upper)
    })`,
    `difference = ${fmt(r.meanDifference)}, df = ${fmt(r.df)}, ${percent(r.confidence)} confidence interval ${
      fmtInterval(r.confidenceInterval)
    }`,
    r.equivalent
      ? `equivalent (p-value ${fmtP(r.pValue)} < ${fmt(r.alpha)})`
      : `not shown equivalent (p-value ${fmtP(r.pValue)} >= ${fmt(r.alpha)})`,
  ].join("\n");
}

function adjustedText(method: string, p: number[], adjusted: number[]): string {
  return `${method}-adjusted p-values (m = ${p.length})\n${
    textTable(["p", "adjusted"], p.map((x, i) => [fmtP(x), fmtP(adjusted[i])]))
  }`;
}

// ---- subcommands -------------------------------------------------------------

interface Subcommand {
  options: OptionSpec;
  run(values: Values): Output;
}

const ALTERNATIVE_OPTIONS: OptionSpec = { alternative: { type: "string" }, confidence: { type: "string" } };

function runTTest(values: Values): Output {
  if (values.paired && values.welch) throw new StatsCommandError("--paired and --welch exclude each other");
  const options = {
    alternative: alternativeValue(values),
    confidence: optionalNumber(values, "confidence"),
    mu: optionalNumber(values, "mu"),
  };
  const input = twoSampleInput(values);
  let r: TTestResult;
  if (input.kind === "differences") r = pairedTTestFromSummary(input.differences, options);
  else if (input.kind === "summaries") {
    r = (values.welch ? welchTTestFromSummaries : studentTTestFromSummaries)(input.a, input.b, options);
  } else r = (values.paired ? pairedTTest : values.welch ? welchTTest : studentTTest)(input.a, input.b, options);
  return { json: r, text: tTestText(r) };
}

function marginValue(values: Values): EquivalenceMargin {
  const margin = optionalNumber(values, "margin"),
    lower = optionalNumber(values, "lower"),
    upper = optionalNumber(values, "upper");
  if (margin !== undefined && (lower !== undefined || upper !== undefined)) {
    throw new StatsCommandError("give --margin or --lower/--upper, not both");
  }
  if (margin !== undefined) return margin;
  if (lower === undefined || upper === undefined) {
    throw new StatsCommandError("tost needs --margin D (for ±D) or both --lower and --upper");
  }
  return { lower, upper };
}

function runTost(values: Values): Output {
  const margin = marginValue(values);
  const options = { alpha: optionalNumber(values, "alpha") };
  const input = twoSampleInput(values);
  let r: TostResult;
  if (input.kind === "differences") r = tostPairedFromSummary(input.differences, margin, options);
  else if (input.kind === "summaries") r = tostWelchFromSummaries(input.a, input.b, margin, options);
  else r = (values.paired ? tostPaired : tostWelch)(input.a, input.b, margin, options);
  return { json: r, text: tostText(r) };
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  ttest: {
    options: { ...TWO_SAMPLE_OPTIONS, ...ALTERNATIVE_OPTIONS, welch: { type: "boolean" }, mu: { type: "string" } },
    run: runTTest,
  },
  tost: {
    options: {
      ...TWO_SAMPLE_OPTIONS,
      margin: { type: "string" },
      lower: { type: "string" },
      upper: { type: "string" },
      alpha: { type: "string" },
    },
    run: runTost,
  },
  pearson: {
    options: { x: { type: "string" }, y: { type: "string" }, ...ALTERNATIVE_OPTIONS },
    run(values) {
      const r = pearson(requiredList(values, "x"), requiredList(values, "y"), {
        alternative: alternativeValue(values),
        confidence: optionalNumber(values, "confidence"),
      });
      const ci = r.confidenceInterval
        ? `${percent(r.confidence)} confidence interval (Fisher z): ${fmtInterval(r.confidenceInterval)}`
        : "no confidence interval (needs n >= 4)";
      return {
        json: r,
        text: [
          `Pearson correlation, n = ${r.n}: r = ${fmt(r.r)}`,
          `t = ${fmt(r.statistic)}, df = ${r.df}, p-value = ${fmtP(r.pValue)} (${r.alternative})`,
          ci,
        ].join("\n"),
      };
    },
  },
  spearman: {
    options: { x: { type: "string" }, y: { type: "string" }, alternative: { type: "string" } },
    run(values) {
      const r = spearman(requiredList(values, "x"), requiredList(values, "y"), {
        alternative: alternativeValue(values),
      });
      return {
        json: r,
        text: `Spearman rank correlation, n = ${r.n}: rho = ${fmt(r.rho)}\nt = ${
          fmt(r.statistic)
        }, df = ${r.df}, p-value = ${fmtP(r.pValue)} (${r.alternative}; t approximation)`,
      };
    },
  },
  holm: {
    options: { p: { type: "string" } },
    run(values) {
      const p = requiredList(values, "p"), adjusted = holmAdjust(p);
      return { json: { method: "holm", pValues: p, adjusted }, text: adjustedText("Holm", p, adjusted) };
    },
  },
  bonferroni: {
    options: { p: { type: "string" } },
    run(values) {
      const p = requiredList(values, "p"), adjusted = bonferroniAdjust(p);
      return { json: { method: "bonferroni", pValues: p, adjusted }, text: adjustedText("Bonferroni", p, adjusted) };
    },
  },
  summary: {
    options: { x: { type: "string" }, confidence: { type: "string" } },
    run(values) {
      const s = describeMean(requiredList(values, "x"), optionalNumber(values, "confidence"));
      return {
        json: s,
        text: `n = ${s.n}, mean = ${fmt(s.mean)}, sd = ${fmt(s.std)}, standard error = ${fmt(s.standardError)}\n${
          percent(s.confidence)
        } confidence interval for the mean: ${fmtInterval(s.confidenceInterval)}`,
      };
    },
  },
};

/** "--mu -1" as "--mu=-1": parseArgs refuses a dash-led value as ambiguous, but negative numbers are common here. */
function joinNegativeValues(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].startsWith("--") ? args[i].slice(2) : undefined;
    if (flag && options[flag]?.type === "string" && /^-(\d|\.\d|Infinity)/.test(args[i + 1] ?? "")) {
      out.push(`--${flag}=${args[++i]}`);
    } else out.push(args[i]);
  }
  return out;
}

export async function statsCommand(argv: string[], print: (s: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    print(USAGE);
    return 0;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    throw new StatsCommandError(
      `stats: unknown subcommand ${JSON.stringify(name)} (expected one of ${Object.keys(SUBCOMMANDS).join(", ")})`,
    );
  }
  const options: OptionSpec = { ...sub.options, json: { type: "boolean" }, help: { type: "boolean" } };
  let values: Values;
  try {
    values =
      parseArgs({ args: joinNegativeValues(rest, options), options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new StatsCommandError(`stats ${name}: ${(e as Error).message}`);
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  let out: Output;
  try {
    out = sub.run(values);
  } catch (e) {
    if (e instanceof StatsInputError) throw asFlagError(e, values);
    throw e;
  }
  print(values.json ? JSON.stringify(out.json, null, 2) : out.text);
  return 0;
}

export const help = USAGE;

export function run(argv: string[], io: IO): Promise<number> {
  return statsCommand(argv, io.print);
}
