// What every method is, whatever its parts (prompt, head, towers, label words):
// trainable parameters in groups, an encoding of examples as it reads them in a
// language, a training loss for a batch, class logits for a batch, and a step
// that caches whatever inference can reuse. A method is built by its registry
// entry (registry.ts) from the spec's parameters and what the cell provides.
import type { BackboneRef } from "../core/spec.ts";
import type { Example } from "../datasets/example.ts";
import type { Rng } from "../core/rng.ts";
import type { tf } from "../models/backend.ts";
import type { Backbone } from "../models/backbone.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { AnyModel } from "../models/architectures.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import type { ParamGroup } from "./optim.ts";
import type { Translations } from "../datasets/translations.ts";
import type { ParallelPair } from "../datasets/parallel.ts";

/** An example as a method reads it: its own input fields, plus what batching and scoring need. */
export interface Encoded {
  label: number;
  /** The language the example was encoded in (source for training, target for evaluation). */
  lang: string;
  /** Sequence length, to batch similar lengths together at evaluation. */
  length: number;
}

export interface Method<E extends Encoded = Encoded> {
  /** Trainable variables with their learning rates; every other weight stays frozen. */
  readonly groups: ParamGroup[];
  /** The example as this method reads it in `lang` (e.g. the target language's template). */
  encode(example: Example, lang: string): E;
  /** A training example as the loss reads it, when that differs from `encode` (e.g. with an augmented reading). */
  encodeTrain?(example: Example, lang: string): E;
  /** Class logits [B, C] for a batch encoded in one language. */
  logits(batch: E[], drop?: DropoutCtx): tf.Tensor2D;
  /** The training loss for a batch (a scalar inside the caller's gradient scope). */
  loss(batch: E[], drop?: DropoutCtx): tf.Scalar;
  /** After training: compute once what does not depend on the input (a prompt encoder's output, a template tower). */
  cacheForInference(): void;
  dispose(): void;
}

/** Another checkpoint a method needs besides the cell's backbone (e.g. a template tower's initial weights). */
export interface LoadedExtra {
  ref: BackboneRef;
  model: AnyModel;
}

export interface BuildContext<P> {
  backbone: Backbone;
  tokenizer: TextTokenizer;
  params: P;
  numClasses: number;
  /** Label words in the dataset's label order, in the source language (the spec's). */
  labelWords: string[];
  /** Template and label-word translations of the cell's dataset, if it has any. */
  translations?: Translations;
  /** Token budget of one example, specials and template included. */
  maxLength: number;
  /** The training examples and their language (e.g. to initialise label words from them). */
  train: { example: Example; lang: string }[];
  /** The dataset's inputs: one text, or a text pair ({text} and {text2} in templates). */
  task: "single-text" | "text-pair";
  /** The parallel corpus named by the method's `parallelCorpus`, loaded (else empty). */
  parallel: ParallelPair[];
  /** The checkpoints named by `extraBackbones`, loaded. */
  extras: LoadedExtra[];
  rng: Rng;
}

/** Trainable parameter count of a built method. */
export function trainableCount(m: Method): number {
  return m.groups.reduce((n, g) => n + g.vars.reduce((k, v) => k + v.size, 0), 0);
}
