// Soft prompts: a directly trained matrix (SPT, Lester et al. 2021) or the
// output of a prompt encoder over trainable pseudo-prompt embeddings (XPE,
// Mikaberidze et al. 2025, §3.1), applied to each embedding separately and
// cached as a static prompt for inference.
import { tf, variableFrom } from "../models/backend.ts";
import { mm } from "../models/linalg.ts";
import type { Rng } from "../datasets/rng.ts";

export interface PromptSource {
  /** The prompt [P, d] (inside a tidy scope). */
  value(): tf.Tensor2D;
  trainable(): tf.Variable[];
  /** Freeze for inference: compute the prompt once and keep it. */
  cache(): void;
  dispose(): void;
}

/** Lester et al.'s init: rows of the word-embedding matrix drawn at random (special tokens excluded). */
export function sampledVocabInit(wordEmb: tf.Tensor2D, length: number, rng: Rng, firstRegular = 4): tf.Tensor2D {
  const ids = Array.from({ length }, () => firstRegular + rng.int(wordEmb.shape[0] - firstRegular - 1));
  return tf.tidy(() => tf.gather(wordEmb, tf.tensor1d(ids, "int32")) as tf.Tensor2D);
}

export class SoftPrompt implements PromptSource {
  readonly emb: tf.Variable;
  constructor(init: tf.Tensor2D) {
    this.emb = variableFrom(init, true);
  }
  value() {
    return this.emb as unknown as tf.Tensor2D;
  }
  trainable() {
    return [this.emb];
  }
  cache() {}
  dispose() {
    this.emb.dispose();
  }
}

/** torch.nn.Linear's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias; weight stored [in, out]. */
export function linearInit(inp: number, out: number, rng: Rng): { w: tf.Variable; b: tf.Variable } {
  const bound = 1 / Math.sqrt(inp);
  const u = (n: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * bound);
  return { w: variableFrom(tf.tensor2d(u(inp * out), [inp, out]), true), b: variableFrom(tf.tensor1d(u(out)), true) };
}

export class EncodedPrompt implements PromptSource {
  readonly pseudo: tf.Variable;
  readonly layers: { w: tf.Variable; b: tf.Variable }[];
  private cached: tf.Tensor2D | null = null;
  constructor(init: tf.Tensor2D, layers: number, hidden: number, rng: Rng) {
    this.pseudo = variableFrom(init, true);
    const d = this.pseudo.shape[1];
    const widths = [d, ...Array(Math.max(0, layers - 1)).fill(hidden), d];
    this.layers = widths.slice(1).map((out, i) => linearInit(widths[i], out, rng));
  }
  value(): tf.Tensor2D {
    if (this.cached) return this.cached;
    let x = this.pseudo as unknown as tf.Tensor2D;
    this.layers.forEach((l, i) => {
      x = tf.add(mm(x, l.w as unknown as tf.Tensor2D), l.b);
      if (i < this.layers.length - 1) x = tf.relu(x);
    });
    return x;
  }
  trainable() {
    return [this.pseudo, ...this.layers.flatMap((l) => [l.w, l.b])];
  }
  cache() {
    this.cached?.dispose();
    this.cached = tf.keep(tf.tidy(() => this.value()));
  }
  dispose() {
    this.cached?.dispose();
    for (const v of this.trainable()) v.dispose();
  }
}
