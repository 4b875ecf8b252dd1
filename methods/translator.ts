// MPT's multilingual prompt translator (Qiu et al. 2024, §III.B and the Figure 4
// ablation): a map from the source prompt p^S [m, d] to the target prompt p^T
// [m, d]. The paper's default, Linear-2, is its Eq. 4: W_down(ReLU(W_up p + b_up))
// + b_down with d -> 2d -> d. The other kinds are named in Figure 4 only, so
// their shapes are ours:
// - linear-1: one d -> d affine map;
// - lstm-1 / lstm-2: a unidirectional LSTM of hidden d with 1 / 2 layers over
//   the m prompt vectors (torch.nn.LSTM);
// - transformer-1 / transformer-2: 1 / 2 transformer layers of the backbone's
//   own shape (heads, feed-forward width, post-LN) over the m prompt vectors,
//   freshly initialised as the backbone initialises its layers.
// Linear weights start as torch.nn.Linear does (U(-1/sqrt(in), 1/sqrt(in))).
import { tf } from "../models/backend.ts";
import { mm } from "../models/linalg.ts";
import type { Rng } from "../core/rng.ts";
import { type LayerWeights, type XlmrModel } from "../models/xlmr.ts";
import { layerVariables, randomLayers } from "../models/xlmr-layers.ts";
import { Lstm } from "./lstm.ts";
import { linearInit } from "./prompts.ts";

export const TRANSLATOR_KINDS = ["linear-1", "linear-2", "lstm-1", "lstm-2", "transformer-1", "transformer-2"] as const;
export type TranslatorKind = (typeof TRANSLATOR_KINDS)[number];

export interface Translator {
  /** p^T [m, d] from p^S [m, d]. */
  apply(p: tf.Tensor2D): tf.Tensor2D;
  variables(): tf.Variable[];
  dispose(): void;
}

class LinearStack implements Translator {
  private readonly layers: { w: tf.Variable; b: tf.Variable }[];
  constructor(widths: number[], rng: Rng) {
    this.layers = widths.slice(1).map((out, i) => linearInit(widths[i], out, rng));
  }
  apply(p: tf.Tensor2D): tf.Tensor2D {
    let x = p;
    this.layers.forEach((l, i) => {
      x = tf.add(mm(x, l.w as unknown as tf.Tensor2D), l.b);
      if (i < this.layers.length - 1) x = tf.relu(x);
    });
    return x;
  }
  variables() {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }
  dispose() {
    for (const v of this.variables()) v.dispose();
  }
}

class LstmTranslator implements Translator {
  private readonly lstm: Lstm;
  constructor(d: number, layers: number, rng: Rng) {
    this.lstm = new Lstm(d, d, layers, false, rng);
  }
  apply(p: tf.Tensor2D) {
    return this.lstm.apply(p);
  }
  variables() {
    return this.lstm.variables();
  }
  dispose() {
    this.lstm.dispose();
  }
}

class TransformerTranslator implements Translator {
  private readonly layers: LayerWeights[];
  constructor(
    private readonly model: XlmrModel,
    n: number,
    rng: Rng,
  ) {
    this.layers = randomLayers(model.config, n, rng, true);
  }
  apply(p: tf.Tensor2D) {
    return this.model.runLayers(p, [new Array(p.shape[0]).fill(1)], this.layers);
  }
  variables() {
    return layerVariables(this.layers);
  }
  dispose() {
    for (const v of this.variables()) v.dispose();
  }
}

export function buildTranslator(kind: TranslatorKind, model: XlmrModel, rng: Rng): Translator {
  const d = model.hidden;
  switch (kind) {
    case "linear-1":
      return new LinearStack([d, d], rng);
    case "linear-2":
      return new LinearStack([d, 2 * d, d], rng);
    case "lstm-1":
      return new LstmTranslator(d, 1, rng);
    case "lstm-2":
      return new LstmTranslator(d, 2, rng);
    case "transformer-1":
      return new TransformerTranslator(model, 1, rng);
    case "transformer-2":
      return new TransformerTranslator(model, 2, rng);
  }
}
