// A spec's profiles (smoke, full, ...): how a run trains, on which backbones and
// seeds, and on which subsets. The checkers are the types (Infer) and the schema.
import { backboneRef } from "./backbone-ref.ts";
import { seedDesign } from "./seed.ts";
import {
  anything,
  arr,
  bool,
  describe,
  distinct,
  type Infer,
  nonNeg,
  num,
  obj,
  oneOf,
  optional,
  posInt,
  posIntUpTo,
  positive,
  rate,
  record,
  str,
  tagged,
} from "./check.ts";

/** Parameters are checked by the method's own registry entry once overrides are merged (plan/spec-schema.ts). */
export const methodParams = describe(
  record(anything),
  "A method's parameters; its definition (methods/<id>.ts) checks them once the overrides are merged.",
);
const paramOverrides = record(methodParams);

// Ceilings far above the papers' budgets (24,000 steps; 50 epochs), so that a slip
// such as 1e9 is refused at load rather than a cell that runs for years
export const MAX_STEPS = 1_000_000;
export const MAX_EPOCHS = 1000;

export const training = obj({
  batchSize: posInt,
  maxSteps: describe(optional(posIntUpTo(MAX_STEPS)), "A fixed step budget (give this or epochs)."),
  epochs: describe(optional(posIntUpTo(MAX_EPOCHS)), "Epochs over the training set (give this or maxSteps)."),
  evalEvery: posInt,
  maxLength: posInt,
  optimizer: oneOf("adamw", "adafactor"),
  schedule: tagged("type", {
    constant: obj({ type: oneOf("constant") }),
    linear: obj({ type: oneOf("linear"), warmupRatio: nonNeg }),
    "cosine-restarts": obj({ type: oneOf("cosine-restarts"), cycles: posInt, warmupRatio: nonNeg }),
  }),
  gradClip: optional(positive),
  dropout: optional(rate),
  maxDevExamples: describe(optional(posInt), "Evaluate dev on at most this many examples (whole dev set if absent)."),
  groupByLength: describe(
    optional(bool),
    "Batches from length-sorted buckets of the epoch's seeded permutation (transformers' group_by_length): less padding, but other batch compositions, so other results than the plain shuffle, which the papers' code uses (absent or false).",
  ),
});

export const backboneEntry = obj({
  backbone: backboneRef,
  languages: describe(optional(arr(str, { min: 1 })), "Target languages for this backbone (else the spec's targets)."),
  labelWords: describe(
    optional(arr(str, { min: 1 })),
    "Verbalizer words for this backbone, in the dataset's label order (else the spec's).",
  ),
  methodParams: describe(
    optional(paramOverrides),
    "Per-method parameter overrides for this backbone, by method row id (the paper tunes per model).",
  ),
  dropout: describe(
    optional(rate),
    "This backbone's dropout where it differs from the profile's training.dropout (a checkpoint whose config has none: BLOOM).",
  ),
});

export const profile = obj({
  description: str,
  backbones: arr(backboneEntry, { min: 1 }),
  seeds: describe(
    seedDesign,
    "The seeds, each a positive integer up to 2^31 − 1, listed once: a list's seed names a cell's k-shot draw, initialisation and batch order at once; {draw, init} crosses draw seeds with initialisation seeds, one cell per pair (a pair with draw = init is the list's cell).",
  ),
  training: describe(training, "The training of every cell (full supervision: of its first stage, on the sources)."),
  languagesPerGroup: describe(
    optional(posInt),
    "Smoke subsets: keep the first n languages of each target group (in code order).",
  ),
  languages: describe(optional(arr(str, { min: 1 })), "Explicit target languages (replaces the spec's)."),
  sourceLanguages: describe(
    optional(arr(str, { min: 1 })),
    "Source-set override (e.g. fewer source languages for a smoke run).",
  ),
  methodParams: describe(optional(paramOverrides), "Per-method parameter overrides in this profile, by method row id."),
  maxTrainPerLanguage: describe(
    optional(posInt),
    "For zero-shot with all data: cap training examples per source language.",
  ),
  trainShots: describe(
    optional(distinct(arr(posInt, { min: 1 }))),
    "The k values of this profile's run (else the spec's task.trainShots).",
  ),
  sweepValues: describe(
    optional(distinct(arr(num, { min: 1 }))),
    "The swept parameter's values in this profile's run (else the spec's sweep.values).",
  ),
  testPerClass: describe(
    optional(posInt),
    "Evaluate on a fixed stratified sample of this many examples per class of each target's test set (the same for every cell and seed); absent: the whole test set.",
  ),
  rows: describe(
    optional(distinct(arr(str, { min: 1 }))),
    "Only these method rows run in this profile (else every row).",
  ),
  sourceSets: describe(
    optional(distinct(arr(str, { min: 1 }))),
    "Only these source sets (task.sourceSets names) run in this profile (else every set).",
  ),
  sourcesPerSet: describe(
    optional(posInt),
    "Smoke subsets of the source sets: keep n languages of each set, spread over it (code order).",
  ),
  targetTraining: describe(
    optional(training),
    "Full supervision: the training of the second stage, on each target language (the first stage uses `training`).",
  ),
});

/** A method's parameters as the spec gives them; its registry entry checks and types them. */
export type MethodParamValues = Infer<typeof methodParams>;
export type TrainingConfig = Infer<typeof training>;
export type BackboneEntry = Infer<typeof backboneEntry>;
export type Profile = Infer<typeof profile>;
