// Statistics for the benchmark: one import point for the modules in stats/.
// simple-statistics supplies the plain descriptive statistics; stats/ adds
// what it lacks (exact t and normal tails, t-tests, correlation tests,
// equivalence tests, multiple-comparison corrections).
export { StatsInputError } from "./errors.ts";
export { incompleteBeta, logBeta, logGamma, upperIncompleteGamma } from "./special.ts";
export {
  ALTERNATIVES,
  normalCdf,
  normalQuantile,
  normalSurvival,
  tCdf,
  tPValue,
  tQuantile,
  tSurvival,
  type Alternative,
} from "./distributions.ts";
export { describeMean, standardError, summarizeSample, type MeanSummary, type Summary } from "./summary.ts";
export {
  pairedDifferences,
  pairedTTest,
  pairedTTestFromSummary,
  studentTTest,
  studentTTestFromSummaries,
  tInterval,
  welchHalfWidth,
  welchTTest,
  welchTTestFromSummaries,
  type TTestKind,
  type TTestOptions,
  type TTestResult,
} from "./ttest.ts";
export { pearson, spearman, type CorrelationOptions, type PearsonResult, type SpearmanResult } from "./correlation.ts";
export {
  tostPaired,
  tostPairedFromSummary,
  tostWelch,
  tostWelchFromSummaries,
  type EquivalenceMargin,
  type TostOptions,
  type TostResult,
} from "./equivalence.ts";
export { bonferroniAdjust, holmAdjust } from "./corrections.ts";
