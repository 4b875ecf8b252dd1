// Soft prompts: a directly trained matrix (SPT, Lester et al. 2021), the
// output of a prompt encoder over trainable pseudo-prompt embeddings (XPE,
// Mikaberidze et al. 2025, §3.1), applied to each embedding separately and
// cached as a static prompt for inference; a prompt reparameterized through a
// residual bottleneck MLP (Razdaibiedina et al. 2023; SPT Appendix C); and the
// two first ones side by side (DUAL, Mikaberidze et al. 2025, §3.2).
import type { RowBlocks } from "../models/row-blocks.ts";
import { tf, variableFrom } from "../models/backend.ts";
import { mm } from "../models/linalg.ts";
import { layerNorm } from "../models/xlmr.ts";
import type { Rng } from "../core/rng.ts";

export interface PromptSource {
  /** The prompt [P, d] (inside a tidy scope). */
  value(): tf.Tensor2D;
  trainable(): tf.Variable[];
  /** Freeze for inference: compute the prompt once and keep it. */
  cache(): void;
  dispose(): void;
}

/** Lester et al.'s init: rows of the word-embedding matrix drawn at random (special tokens excluded). */
export function sampledVocabInit(wordEmb: RowBlocks, length: number, rng: Rng, firstRegular = 4): tf.Tensor2D {
  const ids = Array.from({ length }, () => firstRegular + rng.int(wordEmb.rows - firstRegular - 1));
  return wordEmb.rowsAt(ids);
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

/** A prompt computed from trainable weights, which inference computes once (cache) and keeps. */
abstract class CachedPrompt implements PromptSource {
  private cached: tf.Tensor2D | null = null;
  /** The prompt from the current weights. */
  protected abstract compute(): tf.Tensor2D;
  /** Dispose what the prompt owns besides the cached value. */
  protected abstract release(): void;
  abstract trainable(): tf.Variable[];
  value(): tf.Tensor2D {
    return this.cached ?? this.compute();
  }
  cache() {
    this.cached?.dispose();
    this.cached = tf.keep(tf.tidy(() => this.compute()));
  }
  dispose() {
    this.cached?.dispose();
    this.release();
  }
}

/** torch.nn.Linear's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias; weight stored [in, out]. */
export function linearInit(inp: number, out: number, rng: Rng): { w: tf.Variable; b: tf.Variable } {
  const bound = 1 / Math.sqrt(inp);
  const u = (n: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * bound);
  return { w: variableFrom(tf.tensor2d(u(inp * out), [inp, out]), true), b: variableFrom(tf.tensor1d(u(out)), true) };
}

export class EncodedPrompt extends CachedPrompt {
  readonly pseudo: tf.Variable;
  readonly layers: { w: tf.Variable; b: tf.Variable }[];
  constructor(init: tf.Tensor2D, layers: number, hidden: number, rng: Rng) {
    super();
    this.pseudo = variableFrom(init, true);
    const d = this.pseudo.shape[1];
    const widths = [d, ...Array(Math.max(0, layers - 1)).fill(hidden), d];
    this.layers = widths.slice(1).map((out, i) => linearInit(widths[i], out, rng));
  }
  protected compute(): tf.Tensor2D {
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
  protected release() {
    for (const v of this.trainable()) v.dispose();
  }
}

/**
 * Residual reparameterization of a prompt (Razdaibiedina et al. 2023, as SPT
 * Appendix C uses it): P' = P + LayerNorm(ReLU(P W_down + b_down) W_up + b_up),
 * one MLP shared by every prompt token, trained with the prompt. As the
 * authors' code (arazd/ResidualPrompts, ResMLP "MLP1"): torch Linear init for
 * both projections, LayerNorm (gamma 1, beta 0, eps 1e-5, trainable) on the
 * up-projection's output before the skip connection, no dropout (their
 * default mlp_dropout 0). The inner prompt is any source (SPT: a SoftPrompt).
 */
export class ResidualPrompt extends CachedPrompt {
  static readonly LN_EPS = 1e-5;
  readonly down: { w: tf.Variable; b: tf.Variable };
  readonly up: { w: tf.Variable; b: tf.Variable };
  readonly ln: { g: tf.Variable; b: tf.Variable };
  /** Draws from `rng` in this order: W_down, b_down, W_up, b_up (the prompt's own init comes before, from its builder). */
  constructor(
    readonly inner: PromptSource,
    d: number,
    bottleneck: number,
    rng: Rng,
  ) {
    super();
    this.down = linearInit(d, bottleneck, rng);
    this.up = linearInit(bottleneck, d, rng);
    this.ln = { g: variableFrom(tf.ones([d]), true), b: variableFrom(tf.zeros([d]), true) };
  }
  protected compute(): tf.Tensor2D {
    const p = this.inner.value();
    const h = tf.relu(tf.add(mm(p, this.down.w as unknown as tf.Tensor2D), this.down.b)) as tf.Tensor2D;
    const y = tf.add(mm(h, this.up.w as unknown as tf.Tensor2D), this.up.b);
    return tf.add(p, layerNorm(y, this.ln.g, this.ln.b, ResidualPrompt.LN_EPS)) as tf.Tensor2D;
  }
  trainable() {
    return [...this.inner.trainable(), this.down.w, this.down.b, this.up.w, this.up.b, this.ln.g, this.ln.b];
  }
  protected release() {
    this.inner.dispose();
    for (const v of [this.down.w, this.down.b, this.up.w, this.up.b, this.ln.g, this.ln.b]) v.dispose();
  }
}

/**
 * DUAL (Mikaberidze et al. 2025, §3.2): one prompt of a fixed token budget,
 * its first part a directly trained standard soft prompt, its second the
 * output of a prompt encoder; concatenated in that order and trained jointly.
 * Cached for inference as one static prompt.
 */
export class DualPrompt extends CachedPrompt {
  constructor(
    readonly standard: SoftPrompt,
    readonly encoded: EncodedPrompt,
  ) {
    super();
    if (standard.emb.shape[1] !== encoded.pseudo.shape[1]) {
      throw new Error(
        `DUAL: the standard part has width ${standard.emb.shape[1]}, the encoded part ${encoded.pseudo.shape[1]}`,
      );
    }
  }
  protected compute(): tf.Tensor2D {
    return tf.concat([this.standard.value(), this.encoded.value()], 0);
  }
  /** The standard part's vectors, then the encoded part's pseudo-prompt and encoder (each part's own order). */
  trainable() {
    return [...this.standard.trainable(), ...this.encoded.trainable()];
  }
  protected release() {
    this.standard.dispose();
    this.encoded.dispose();
  }
}
