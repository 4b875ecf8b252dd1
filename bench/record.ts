// The result record: one per cell, everything needed to trace a number back.
import type { BackboneRef, MethodParams, TrainingConfig } from "./spec/types.ts";
import type { Provenance } from "./provenance.ts";
import type { CurvePoint } from "../methods/train.ts";

/** The normalized configuration of one training run; its hash is the cell id. */
export interface CellConfig {
  method: { id: string; method: string; label: string; params: MethodParams };
  backbone: BackboneRef;
  dataset: { name: "sib200"; revision: string };
  setting: "zero-shot" | "few-shot";
  sources: string[];
  trainShots: number | "all";
  devShots: number | "all";
  maxTrainPerLanguage?: number;
  targets: string[];
  labelWords: string[];
  seed: number;
  training: TrainingConfig;
  /** The targets' evaluation split; absent means test, the split the tables report. dev is for choosing a backbone or a setting without looking at test. */
  evalSplit?: "dev";
}

export interface Cell {
  id: string;
  config: CellConfig;
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
  training: { steps: number; bestStep: number; bestDevAccuracy: number; trainExamples: number; devExamples: number; curve: CurvePoint[] };
  trainableParameters: number;
  backboneParameters: number;
  timings: { loadSeconds: number; trainSeconds: number; evalSeconds: number; totalSeconds: number };
  provenance: Provenance & {
    dataFiles: Record<string, string>;
    modelDir: string;
    modelWeightsSha256: Record<string, string>;
  };
  finishedAt: string;
}
