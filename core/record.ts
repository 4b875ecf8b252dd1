// The result record: one per cell, everything needed to trace a number back.
import type { BackboneRef, MethodParamValues, TrainingConfig } from "./spec.ts";

/**
 * The normalized configuration of one training run; its hash is the cell id.
 * A method row's label and its place in a spec's table are not part of it
 * (they are the plan's CellRow), so specs that need the same run share its
 * cell. (Dropping the label changed every cell id once, in the change that
 * brought UniPrompt; the numbers did not change.)
 */
export interface CellConfig {
  /**
   * id: the spec row that seeds the method's initialisation; method: its registry id;
   * plugin: the sha256 of the plug-in module that defines it (absent for a built-in
   * method), so that a changed plug-in gives new cells.
   */
  method: { id: string; method: string; params: MethodParamValues; plugin?: string };
  backbone: BackboneRef;
  dataset: { name: string; revision: string };
  setting: "zero-shot" | "few-shot" | "full-supervision";
  sources: string[];
  trainShots: number | "all";
  devShots: number | "all" | "given";
  maxTrainPerLanguage?: number;
  /** Evaluate on a fixed stratified sample of this many test examples per class and target. */
  testPerClass?: number;
  targets: string[];
  labelWords: string[];
  seed: number;
  training: TrainingConfig;
  /** Full supervision: the first stage's cell, whose trained parameters this cell starts from (its state file). */
  initFrom?: { id: string; config: CellConfig };
  /** The targets' evaluation split; absent means test, the split the tables report. dev is for choosing a backbone or a setting without looking at test. */
  evalSplit?: "dev";
}

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

export interface LanguageResult {
  accuracy: number;
  n: number;
  /** Predicted class per test example, in file order. */
  predictions: number[];
  /** Gold examples per class (class index order); the majority-class rate and chance derive from it. Absent in records written before it was kept. */
  classCounts?: number[];
}

export interface ResultRecord {
  schema: 1;
  cellId: string;
  config: CellConfig;
  metrics: Record<string, LanguageResult>;
  training: {
    steps: number;
    bestStep: number;
    bestDevAccuracy: number;
    trainExamples: number;
    devExamples: number;
    curve: CurvePoint[];
  };
  trainableParameters: number;
  backboneParameters: number;
  timings: { loadSeconds: number; trainSeconds: number; evalSeconds: number; totalSeconds: number };
  provenance: Provenance & {
    dataFiles: Record<string, string>;
    modelDir: string;
    modelWeightsSha256: Record<string, string>;
    /** The cell whose record this one was cut from (the same training, more target languages): run/covering.ts. */
    narrowedFrom?: string;
    /** The plug-in module that defined the cell's method, when one did. */
    plugin?: { method: string; file: string; sha256: string };
  };
  finishedAt: string;
}

export interface Provenance {
  gitCommit: string | null;
  gitDirty: boolean | null;
  runtime: string;
  platform: string;
  libraries: Record<string, string>;
  backend: string;
  /** The GPU adapter, for a GPU backend: its numbers are reproducible on that adapter and driver. */
  adapter?: string;
}

export interface CurvePoint {
  step: number;
  loss: number;
  devAccuracy?: number;
}

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
