// The benchmark spec: one JSON file per results table (bench/specs/*.json),
// validated on load by schema.ts. Everything a run needs is here as data.

/** A backbone: the embedded smoke model, or a Hugging Face checkpoint. */
export type BackboneRef =
  | { kind: "embedded"; id: string; label?: string }
  | { kind: "hub"; id: string; revision: string; architecture: "xlm-roberta" | "xglm" | "bloom"; label?: string };

export interface MethodParams {
  /** Number of soft prompt vectors. */
  promptLength: number;
  /** false: all backbone weights train too ("w/o MF"). */
  freezeBackbone: boolean;
  /** classifier: trainable head over the first position (XPE); verbalizer: MLM logits of label words (SPT). */
  head: "classifier" | "verbalizer";
  /** Learning rate and weight decay per parameter group. */
  lr: { prompt: number; head?: number; backbone?: number };
  weightDecay?: { prompt?: number; head?: number; backbone?: number };
  /** XPE: layers and hidden width of the prompt encoder MLP (hidden defaults to the model width). */
  encoderLayers?: number;
  encoderHidden?: number;
}

export interface MethodEntry {
  id: string;
  method: "spt" | "xpe";
  label: string;
  params: MethodParams;
}

export interface TrainingConfig {
  batchSize: number;
  /** Either a fixed step budget or epochs over the training set. */
  maxSteps?: number;
  epochs?: number;
  evalEvery: number;
  maxLength: number;
  optimizer: "adamw" | "adafactor";
  schedule: { type: "constant" } | { type: "linear"; warmupRatio: number } | { type: "cosine-restarts"; cycles: number; warmupRatio: number };
  gradClip?: number;
  dropout?: number;
  /** Evaluate dev on at most this many examples (whole dev set if absent). */
  maxDevExamples?: number;
}

export interface BackboneEntry {
  backbone: BackboneRef;
  /** Target languages for this backbone (else the spec's targets). */
  languages?: string[];
  /** Verbalizer words for this backbone, in the dataset's label order (else the spec's). */
  labelWords?: string[];
  /** Per-method parameter overrides for this backbone (the paper tunes per model). */
  methodParams?: Record<string, Partial<MethodParams>>;
}

export interface Profile {
  description: string;
  backbones: BackboneEntry[];
  seeds: number[];
  training: TrainingConfig;
  /** Smoke subsets: keep the first n languages of each target group (in code order). */
  languagesPerGroup?: number;
  /** Explicit target languages (replaces the spec's). */
  languages?: string[];
  /** Source-set override (e.g. fewer source languages for a smoke run). */
  sourceLanguages?: string[];
  methodParams?: Record<string, Partial<MethodParams>>;
  /** For zero-shot with all data: cap training examples per source language. */
  maxTrainPerLanguage?: number;
}

export interface Spec {
  id: string;
  paper: "xpe" | "spt" | "mpt" | "uniprompt";
  table: string;
  title: string;
  citation: string;
  dataset: "sib200";
  task: {
    setting: "zero-shot" | "few-shot";
    /** Source languages: a group name or explicit codes. */
    sources: { group?: string; languages?: string[] };
    /** k per class, or "all" training data. */
    trainShots: number | "all";
    /** Dev examples per class from each source's dev split, or "all". */
    devShots: number | "all";
  };
  targets: { groups?: string[]; languages?: string[] };
  methods: MethodEntry[];
  metric: "accuracy";
  labelWords: string[];
  golden: string;
  deviations: string[];
  profiles: Record<string, Profile>;
}
