// Output heads. The classifier is XLM-R's sequence-classification head (dense,
// tanh, projection) over the first position, which with a prefix prompt is the
// first prompt vector, as in PEFT's prompt tuning that XPE builds on. The
// verbalizer reads the MLM head's logits of one label word per class at a
// <mask> position (the SPT paper's verbalizer, for an MLM backbone).
import { tf, variableFrom } from "../models/backend.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import type { Backbone } from "../models/backbone.ts";
import { dropout } from "../models/xlmr.ts";
import { mm, mmT } from "../models/linalg.ts";
import type { Rng } from "../core/rng.ts";

export interface Head {
  /** Logits [B, C] from final hidden states [B, S, d] and the positions to read [B]. */
  logits(h: tf.Tensor3D, readAt: number[], drop?: DropoutCtx): tf.Tensor2D;
  trainable(): tf.Variable[];
  dispose(): void;
}

/** N(0, std^2), one value per Box-Muller pair: kept as the classifier head has always drawn (SPT and XPE results depend on it); new weights use core/rng.ts normals. */
function normal(shape: [number, number], rng: Rng, std: number): tf.Tensor2D {
  const n = shape[0] * shape[1];
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(rng.next(), 1e-12), v = rng.next();
    a[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * std;
  }
  return tf.tensor2d(a, shape);
}

/** The hidden states [B, d] at one position per row (e.g. each row's <mask>). */
export function rowsAt(h: tf.Tensor3D, readAt: number[]): tf.Tensor2D {
  const [B, S, d] = h.shape;
  const flat = tf.reshape(h, [B * S, d]);
  return tf.gather(flat, tf.tensor1d(readAt.map((p, b) => b * S + p), "int32")) as tf.Tensor2D;
}

export class ClassifierHead implements Head {
  readonly denseW: tf.Variable;
  readonly denseB: tf.Variable;
  readonly outW: tf.Variable;
  readonly outB: tf.Variable;
  constructor(d: number, numClasses: number, rng: Rng) {
    this.denseW = variableFrom(normal([d, d], rng, 0.02), true);
    this.denseB = variableFrom(tf.zeros([d]), true);
    this.outW = variableFrom(normal([d, numClasses], rng, 0.02), true);
    this.outB = variableFrom(tf.zeros([numClasses]), true);
  }
  logits(h: tf.Tensor3D, readAt: number[], drop?: DropoutCtx) {
    const x = dropout(rowsAt(h, readAt), drop);
    const z = dropout(tf.tanh(tf.add(mm(x as tf.Tensor2D, this.denseW as unknown as tf.Tensor2D), this.denseB)), drop);
    return tf.add(mm(z as tf.Tensor2D, this.outW as unknown as tf.Tensor2D), this.outB) as tf.Tensor2D;
  }
  trainable() {
    return [this.denseW, this.denseB, this.outW, this.outB];
  }
  dispose() {
    for (const v of this.trainable()) v.dispose();
  }
}

export class VerbalizerHead implements Head {
  private readonly flatIds: number[];
  private readonly average: number[][];
  /** tokenIdsPerClass: the subword ids of each class's label word. */
  constructor(
    readonly model: Backbone,
    readonly tokenIdsPerClass: number[][],
  ) {
    this.flatIds = tokenIdsPerClass.flat();
    // class logit = mean of its label word's subword logits (one <mask> position)
    let j = 0;
    this.average = tokenIdsPerClass.map((ids) => {
      const row = new Array(this.flatIds.length).fill(0);
      for (let k = 0; k < ids.length; k++) row[j++] = 1 / ids.length;
      return row;
    });
  }
  logits(h: tf.Tensor3D, readAt: number[]) {
    const all = this.model.lmLogitsFor(rowsAt(h, readAt), this.flatIds);
    return mmT(all, tf.tensor2d(this.average));
  }
  trainable() {
    return [];
  }
  dispose() {}
}

/** The subword ids of each label word; two classes may not share the same sequence. */
export function verbalizerIds(words: string[], tokenIds: (w: string) => number[]): number[][] {
  const ids = words.map((w) => {
    const t = tokenIds(w);
    if (!t.length) throw new Error(`verbalizer: label word "${w}" tokenizes to nothing`);
    return t;
  });
  const seen = new Map<string, string>();
  words.forEach((w, i) => {
    const key = ids[i].join(",");
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw new Error(`verbalizer: label words "${prev}" and "${w}" tokenize to the same ids [${key}]`);
    }
    seen.set(key, w);
  });
  return ids;
}
