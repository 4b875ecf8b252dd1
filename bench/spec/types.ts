// The benchmark spec: one JSON file per results table (bench/specs/*.json),
// validated on load by schema.ts. Everything a run needs is here as data.

/** A backbone: the embedded smoke model, or a Hugging Face checkpoint. */
export type BackboneRef =
  | { kind: "embedded"; id: string; label?: string }
  | { kind: "hub"; id: string; revision: string; architecture: "xlm-roberta" | "roberta" | "xglm" | "bloom"; label?: string };

/** Parameters of soft prompt tuning (methods "spt" and "xpe"); other methods check their own (methods/registry.ts). */
export interface PromptTuningParams {
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

/** A method's parameters as the spec gives them; its registry entry checks and types them. */
export type MethodParamValues = Record<string, unknown>;

export interface MethodEntry {
  /** The row's id in this spec (also seeds the method's initialisation, so rows with the same id, method and parameters are one cell across specs). */
  id: string;
  /** A methods/registry.ts id (spt, xpe, finetune, english-prompt, translation-prompt, soft-prompt, uniprompt). */
  method: string;
  label: string;
  params: MethodParamValues;
  /** How the golden file names this row, when not by `id` (ablation rows of one method: {"method": "uniprompt", "setting": "init:random"}). */
  golden?: { method?: string; setting?: string };
  /** Where the row sits in a figure of rows (figure.x "row"): its panel(s) and its value on each panel's axis (a default setting stands in several panels). */
  figure?: { panel: string; x: number | string }[];
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
  methodParams?: Record<string, MethodParamValues>;
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
  methodParams?: Record<string, MethodParamValues>;
  /** For zero-shot with all data: cap training examples per source language. */
  maxTrainPerLanguage?: number;
  /** The k values of this profile's run (else the spec's task.trainShots). */
  trainShots?: number[];
  /** The swept parameter's values in this profile's run (else the spec's sweep.values). */
  sweepValues?: number[];
  /** Only these method rows run in this profile (else every row). */
  rows?: string[];
  /** Evaluate on a fixed stratified sample of this many examples per class of each target's test set (the same for every cell and seed); absent: the whole test set. */
  testPerClass?: number;
}

export interface Spec {
  id: string;
  paper: "xpe" | "spt" | "mpt" | "uniprompt";
  table: string;
  title: string;
  citation: string;
  /** A datasets/registry.ts id (sib200, marc). */
  dataset: string;
  task: {
    setting: "zero-shot" | "few-shot";
    /** Source languages: a group name or explicit codes. */
    sources: { group?: string; languages?: string[] };
    /** k per class, or "all" training data; a list makes k a column of the table (one row per k, as UniPrompt Table 2). */
    trainShots: number | "all" | number[];
    /** Dev examples per class from each source's dev split, "all", "given" (the dataset's published dev split for the k and seed), or "k" (as many per class as for training: the cell's k). */
    devShots: number | "all" | "given" | "k";
  };
  /** Target languages or groups; `averageKey` names the average over them (default "all"). */
  targets: { groups?: string[]; languages?: string[]; averageKey?: string };
  /** A method parameter varied across cells (a figure's x axis): every method row runs at every value. */
  sweep?: { param: string; values: number[]; label: string };
  /** Paired t-tests of one method row against every other, per language (and k) over seeds, Holm-corrected across the table. */
  comparisons?: { reference: string };
  /**
   * A figure. x "k" or "sweep": accuracy of `language` (or the average) against that axis, a line per method;
   * x "row": a chart per panel of the rows' `figure` entries, accuracy against each row's value;
   * x "language": the relative gain of method `gain.of` over `gain.over` per language, coloured by language family.
   */
  figure?: {
    x: "k" | "sweep" | "row" | "language";
    language?: string;
    caption: string;
    gain?: { of: string; over: string };
    /** The paper table whose published numbers the figure shows beside ours (a golden file), e.g. the same gain from Table I. */
    publishedFrom?: string;
  };
  /** The paper's main results table: part of the quick-start job (`bun run bench`). */
  main?: boolean;
  methods: MethodEntry[];
  metric: "accuracy";
  /** Label words in the dataset's label order (verbalizers, prompts). */
  labelWords: string[];
  /** The paper's golden file (absent: the paper prints no numbers for it, e.g. a figure). */
  golden?: string;
  deviations: string[];
  profiles: Record<string, Profile>;
}
