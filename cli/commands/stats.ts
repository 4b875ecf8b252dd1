// `bench stats <subcommand>`: the statistics in analysis/stats/index.ts from the command
// line, as JSON (--json) or a few lines of text. Bad input throws
// StatsCommandError naming the flag and the value given.
import { parseArgs } from "node:util";
import {
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
  tostPaired,
  tostPairedFromSummary,
  type TostResult,
  tostWelch,
  tostWelchFromSummaries,
  type TTestResult,
  welchTTest,
  welchTTestFromSummaries,
} from "../../analysis/stats/index.ts";
import type { IO } from "../io.ts";
import {
  alternativeValue,
  asFlagError,
  optionalNumber,
  type OptionSpec,
  type Output,
  requiredList,
  StatsCommandError,
  TWO_SAMPLE_OPTIONS,
  twoSampleInput,
  type Values,
} from "../stats-input.ts";
import { adjustedText, fmt, fmtInterval, fmtP, percent, tostText, tTestText } from "../stats-text.ts";

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
