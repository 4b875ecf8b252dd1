// The result record: one per cell, everything needed to trace a number back.
// Its checkers are the one source of its types (Infer) and of the check every
// read makes (run/store.ts): only the fields the harness cannot do without are
// required, since records written by older versions lack the later optional
// ones; fields a newer version adds are kept as they are (check.ts open), but
// in a config's training and backbone, which are checked as a spec's are.
import { backboneRef } from "./backbone-ref.ts";
import {
  arr,
  bool,
  type Checker,
  either,
  type FromShape,
  type Infer,
  nonNeg,
  num,
  oneOf,
  open,
  optional,
  posInt,
  positive,
  record,
  refine,
  SpecError,
  str,
} from "./check.ts";
import { methodParams, training } from "./spec-profile.ts";

/** A count: an integer >= 0. */
const count = refine(nonNeg, (v, p, s) => {
  if (!Number.isInteger(v)) throw new SpecError(s, p, `expected an integer >= 0, got ${v}`);
});
const orNull = <T>(c: Checker<T>): Checker<T | null> => (v, p, s) => (v === null ? null : c(v, p, s));
const strings = record(str);

/** What a cell's configuration holds but for the first stage it may start from. */
const configFields = {
  /**
   * id: the spec row that seeds the method's initialisation; method: its registry id;
   * plugin: the sha256 of the plug-in module that defines it (absent for a built-in
   * method), so that a changed plug-in gives new cells.
   */
  method: open({ id: str, method: str, params: methodParams, plugin: optional(str) }),
  backbone: backboneRef,
  dataset: open({ name: str, revision: str }),
  setting: oneOf("zero-shot", "few-shot", "full-supervision"),
  sources: arr(str),
  trainShots: either(posInt, oneOf("all"), 'a positive integer or "all"'),
  /** A number of examples per class ("k/4" of a small k is a fraction), or what the spec named. */
  devShots: either(positive, oneOf("all", "given"), 'a number > 0, "all" or "given"'),
  maxTrainPerLanguage: optional(posInt),
  /** Evaluate on a fixed stratified sample of this many test examples per class and target. */
  testPerClass: optional(posInt),
  targets: arr(str, { min: 1 }),
  labelWords: arr(str),
  /** The k-shot draw's seed; also the initialisation's unless initSeed is given. */
  seed: num,
  /** The initialisation's and training streams' seed, present only where it differs from seed (a crossed design's off-diagonal cell), so that every other cell keeps its id. */
  initSeed: optional(num),
  training,
  /** The targets' evaluation split; absent means test, the split the tables report. dev is for choosing a backbone or a setting without looking at test. */
  evalSplit: optional(oneOf("dev")),
};

export const cellConfig = open({
  ...configFields,
  /** Full supervision: the first stage's cell, whose trained parameters this cell starts from (its state file). */
  initFrom: optional(open({ id: str, config: open(configFields) })),
});

/**
 * The normalized configuration of one training run; its hash is the cell id.
 * A method row's label and its place in a spec's table are not part of it
 * (they are the plan's CellRow), so specs that need the same run share its
 * cell. (Dropping the label changed every cell id once, in the change that
 * brought UniPrompt; the numbers did not change.)
 */
export type CellConfig = Infer<typeof cellConfig>;

export interface Cell {
  id: string;
  config: CellConfig;
  /** Where the cell's numbers go in its spec's table (not part of the id). */
  row: CellRow;
}

/** A cell's place in its spec's table: method row, k and sweep value, and the golden file's name for the row. */
export interface CellRow {
  /** The spec's method entry id and label. */
  method: string;
  label: string;
  /** The golden file's identity of the row (method, and setting for ablation rows). */
  golden: { method: string; setting?: string };
  /** The source set's name, when the spec has several. */
  source?: string;
  /** k per class, when the spec has a k axis. */
  k?: number;
  /** The swept parameter's value, when the spec sweeps one. */
  x?: number;
}

const languageResult = open({
  accuracy: num,
  n: count,
  /** Predicted class per test example, in file order. */
  predictions: arr(count),
  /** Gold examples per class (class index order); the majority-class rate and chance derive from it. Absent in records written before it was kept. */
  classCounts: optional(arr(count)),
});
export type LanguageResult = Infer<typeof languageResult>;

const curvePoint = open({ step: count, loss: num, devAccuracy: optional(num) });
export type CurvePoint = Infer<typeof curvePoint>;

/** Where and how a cell ran. */
const provenanceFields = {
  gitCommit: orNull(str),
  gitDirty: orNull(bool),
  runtime: str,
  platform: str,
  libraries: strings,
  backend: str,
  /** The GPU adapter, for a GPU backend: its numbers are reproducible on that adapter and driver. */
  adapter: optional(str),
};
export type Provenance = FromShape<typeof provenanceFields>;

export const resultRecord = refine(
  open({
    schema: oneOf(1),
    cellId: str,
    config: cellConfig,
    metrics: record(languageResult),
    training: open({
      steps: count,
      bestStep: count,
      /** -1 when no dev evaluation ran. */
      bestDevAccuracy: num,
      trainExamples: count,
      devExamples: count,
      curve: arr(curvePoint),
    }),
    trainableParameters: count,
    backboneParameters: count,
    /**
     * The sha256 of the examples the cell drew (datasets/manifest.ts), per split and language: train and dev per
     * source language, eval (the evaluation set) per target. Absent in records written before it was kept.
     */
    manifest: optional(open({ train: strings, dev: strings, eval: strings })),
    timings: open({ loadSeconds: nonNeg, trainSeconds: nonNeg, evalSeconds: nonNeg, totalSeconds: nonNeg }),
    provenance: open({
      ...provenanceFields,
      dataFiles: strings,
      modelDir: str,
      modelWeightsSha256: strings,
      /** The cell whose record this one was cut from (the same training, more target languages): run/covering.ts. */
      narrowedFrom: optional(str),
      /** The plug-in module that defined the cell's method, when one did. */
      plugin: optional(open({ method: str, file: str, sha256: str })),
    }),
    finishedAt: str,
  }),
  // the analysis reads every target's result: a record without one is incomplete
  (r, p, s) => {
    const lang = r.config.targets.find((l) => !Object.hasOwn(r.metrics, l));
    if (lang !== undefined) throw new SpecError(s, p ? `${p}.metrics` : "metrics", `no result for target ${lang}`);
  },
);
export type ResultRecord = Infer<typeof resultRecord>;

/**
 * A cell's training without what it is evaluated on: equal for two cells that
 * train the same model and differ only in their target languages (a `--langs`
 * run, an extending spec's language subset), so one's record holds the other's
 * numbers. A full-supervision cell's first stage counts without its targets too.
 */
export function trainingConfig(c: CellConfig): Omit<CellConfig, "targets"> {
  const { targets: _, initFrom, ...rest } = c;
  return initFrom ? { ...rest, initFrom: { id: "", config: trainingConfig(initFrom.config) as CellConfig } } : rest;
}
