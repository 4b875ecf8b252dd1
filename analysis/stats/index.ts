// Statistics for the benchmark: one import point for the modules in stats/.
// simple-statistics supplies the plain descriptive statistics; stats/ adds
// what it lacks (exact t and normal tails, t-tests, correlation tests,
// equivalence tests, multiple-comparison corrections, the noncentral t and
// the power of t-tests and TOST).
export { StatsInputError } from "./errors.ts";
export { incompleteBeta, logBeta, logGamma, upperIncompleteGamma } from "./special.ts";
export {
  type Alternative,
  ALTERNATIVES,
  normalCdf,
  normalQuantile,
  normalSurvival,
  tCdf,
  tPValue,
  tQuantile,
  tSurvival,
} from "./distributions.ts";
export { describeMean, type MeanSummary, standardError, summarizeSample, type Summary } from "./summary.ts";
export {
  pairedDifferences,
  pairedTTest,
  pairedTTestFromSummary,
  studentTTest,
  studentTTestFromSummaries,
  tInterval,
  type TTestKind,
  type TTestOptions,
  type TTestResult,
  welchHalfWidth,
  welchTTest,
  welchTTestFromSummaries,
} from "./ttest.ts";
export { type CorrelationOptions, pearson, type PearsonResult, spearman, type SpearmanResult } from "./correlation.ts";
export {
  type EquivalenceMargin,
  type TostOptions,
  tostPaired,
  tostPairedFromSummary,
  type TostResult,
  tostWelch,
  tostWelchFromSummaries,
} from "./equivalence.ts";
export { bonferroniAdjust, holmAdjust } from "./corrections.ts";
export { nctCdf } from "./noncentral-t.ts";
export {
  minimumDetectableDifference,
  pairedDesign,
  type PowerOptions,
  seedsToDetect,
  smallestN,
  studentDesign,
  type TargetOptions,
  type TDesign,
  tostPower,
  tTestPower,
  welchDesign,
} from "./power.ts";
