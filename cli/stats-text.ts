// How `bench stats` writes its results as text: tests, intervals, adjusted p-values.
import type { TostResult, TTestResult } from "../analysis/stats/index.ts";
import { textTable } from "../core/text-table.ts";

export function fmt(x: number, digits = 5): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  return String(Number(x.toPrecision(digits)));
}

export const fmtP = (p: number) => fmt(p, 4);
export const fmtInterval = ([lo, hi]: [number, number]) => `[${fmt(lo)}, ${fmt(hi)}]`;
export const percent = (c: number) => `${Number((c * 100).toPrecision(6))}%`;

export const TEST_NAMES: Record<TTestResult["test"], string> = {
  student: "Student two-sample t-test (pooled variance)",
  welch: "Welch two-sample t-test",
  paired: "Paired t-test",
};

export function tTestText(r: TTestResult): string {
  const diff = r.test === "paired" ? "mean(a - b)" : "mean(a) - mean(b)";
  return [
    `${TEST_NAMES[r.test]}, alternative ${r.alternative} (H0: ${diff} = ${fmt(r.mu)})`,
    `t = ${fmt(r.statistic)}, df = ${fmt(r.df)}, p-value = ${fmtP(r.pValue)}`,
    `${diff} = ${fmt(r.meanDifference)}, standard error ${fmt(r.standardError)}`,
    `${percent(r.confidence)} confidence interval: ${fmtInterval(r.confidenceInterval)}`,
  ].join("\n");
}

export function tostText(r: TostResult): string {
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

export function adjustedText(method: string, p: number[], adjusted: number[]): string {
  return `${method}-adjusted p-values (m = ${p.length})\n${
    textTable(["p", "adjusted"], p.map((x, i) => [fmtP(x), fmtP(adjusted[i])]))
  }`;
}

// ---- subcommands -------------------------------------------------------------
