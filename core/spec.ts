// The benchmark spec: one JSON file per results table (specs/*.json),
// validated on load by schema.ts. Everything a run needs is here as data.

import type { Architecture } from "./architectures.ts";

/** A backbone: the embedded smoke model, or a Hugging Face checkpoint. */
export type BackboneRef =
  | { kind: "embedded"; id: string; label?: string }
  | { kind: "hub"; id: string; revision: string; architecture: Architecture; label?: string };

/** Parameters of soft prompt tuning (methods "spt", "xpe" and "dual"); other methods define their own (methods/<id>.ts). */
export interface PromptTuningParams {
  /** Number of soft prompt vectors (DUAL: both parts together). */
  promptLength: number;
  /** false: all backbone weights train too ("w/o MF"). */
  freezeBackbone: boolean;
  /** classifier: trainable head over the first position (XPE); verbalizer: MLM logits of label words (SPT). */
  head: "classifier" | "verbalizer";
  /**
   * Learning rate and weight decay per parameter group. `prompt`: SPT's vectors (and their
   * reparameterization MLP); for XPE its pseudo-prompt and encoder; for DUAL its standard part.
   * `encoder`: DUAL only (required there), its encoded part (pseudo-prompt and encoder).
   * head and backbone default to lr.prompt; every weight decay defaults to 0.
   */
  lr: { prompt: number; encoder?: number; head?: number; backbone?: number };
  weightDecay?: { prompt?: number; encoder?: number; head?: number; backbone?: number };
  /** XPE and DUAL: layers and hidden width of the prompt encoder MLP (layers default to 2, hidden to the model width). */
  encoderLayers?: number;
  encoderHidden?: number;
  /** DUAL: the share of promptLength given to the encoded part, in (0, 1): round(promptLength * xpeShare) XPE tokens (half up), the rest standard; both at least one. */
  xpeShare?: number;
  /** SPT: "residual" reparameterizes the prompt as P + LayerNorm(W_up ReLU(W_down P)) (Razdaibiedina et al. 2023; SPT Appendix C); absent or "none": plain SPT. */
  reparameterization?: "none" | "residual";
  /** SPT with residual reparameterization (required there, refused otherwise): the MLP's bottleneck size m. */
  bottleneck?: number;
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
  /** The source sets (task.sourceSets names) this row trains on (else every set). */
  sources?: string[];
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
  /**
   * Batches from length-sorted buckets of the epoch's seeded permutation (transformers' group_by_length):
   * less padding, but other batch compositions, so other results than the plain shuffle, which the
   * papers' code uses (absent or false).
   */
  groupByLength?: boolean;
}

export interface BackboneEntry {
  backbone: BackboneRef;
  /** Target languages for this backbone (else the spec's targets). */
  languages?: string[];
  /** Verbalizer words for this backbone, in the dataset's label order (else the spec's). */
  labelWords?: string[];
  /** Per-method parameter overrides for this backbone (the paper tunes per model). */
  methodParams?: Record<string, MethodParamValues>;
  /** This backbone's dropout where it differs from the profile's training.dropout (a checkpoint whose config has none: BLOOM). */
  dropout?: number;
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
  /** Only these source sets (task.sourceSets names) run in this profile (else every set). */
  sourceSets?: string[];
  /** Smoke subsets of the source sets: keep n languages of each set, spread over it (code order). */
  sourcesPerSet?: number;
  /** Full supervision: the training of the second stage, on each target language (the first stage uses `training`). */
  targetTraining?: TrainingConfig;
}

/** A named set of source languages (XPE: En, EnArZho, Joshi5, Seen); rows trained on it carry the golden setting "source:<name>". */
export interface SourceSet {
  name: string;
  group?: string;
  languages?: string[];
}

/** An analysis of another spec's records: Pearson r of each language's mean accuracy against language variables. */
export interface CorrelationAnalysis {
  /** Columns: "data" (the backbone's pretraining share) or a lang2vec distance type key (syn, geo, inv, gen, phon, fea). */
  columns: string[];
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
    /** full-supervision: sequential transfer, a first stage on the sources, then one model per target language trained on that language. */
    setting: "zero-shot" | "few-shot" | "full-supervision";
    /** Source languages: a group name or explicit codes. */
    sources: { group?: string; languages?: string[] };
    /** Several source sets: every row runs on each (or on its `sources`), the set's name a column of the table. Replaces `sources`. */
    sourceSets?: SourceSet[];
    /** k per class, or "all" training data; a list makes k a column of the table (one row per k, as UniPrompt Table 2). */
    trainShots: number | "all" | number[];
    /** Dev examples per class from each source's dev split, "all", "given" (the dataset's published dev split for the k and seed), "k" (as many per class as for training: the cell's k), or "k/4" (a quarter of it, as SPT validates). */
    devShots: number | "all" | "given" | "k" | "k/4";
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
   * x "language": the relative gain of method `gain.of` over `gain.over` per language, coloured by language family;
   * x "backbone": the average accuracy of each row per backbone (SPT Figure 2);
   * x "language-sorted": every row's accuracy per language, a panel per target group, sorted by `sortBy` (XPE Figure 2).
   */
  figure?: {
    x: "k" | "sweep" | "row" | "language" | "backbone" | "language-sorted";
    /** x "language-sorted": languages of each target group ordered by this row's accuracy (XPE Figure 2), trained on this source set when the spec has several. */
    sortBy?: string;
    sortBySource?: string;
    /** x "language-sorted": the target groups drawn as panels (else every group). */
    groups?: string[];
    language?: string;
    caption: string;
    gain?: { of: string; over: string };
    /** The paper table whose published numbers the figure shows beside ours (a golden file), e.g. the same gain from Table I. */
    publishedFrom?: string;
  };
  /** A spec whose cells are another spec's (running it runs or reuses them): only its analysis, figure and golden are its own. */
  derivedFrom?: string;
  /** Pearson correlations over the target languages (SPT Table 1). */
  correlation?: CorrelationAnalysis;
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
