// Multi-head scaled dot-product attention over 2-D projections, with an
// additive bias (padding, causal mask, ALiBi) built once per batch.
import { tf } from "./backend.ts";

/**
 * q, k, v: [B*T, H*dh] -> context [B*T, H*dh]; bias broadcasts to [B, H, T, T].
 * `dropProbs` drops attention probabilities, as XLM-R's attention_probs_dropout does in training.
 */
export function attend(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, B: number, T: number, H: number, bias: tf.Tensor, scale: number, dropProbs?: (p: tf.Tensor) => tf.Tensor): tf.Tensor2D {
  const d = q.shape[1]!;
  const dh = d / H;
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, dh]), [0, 2, 1, 3]);
  const scores = tf.add(tf.mul(tf.matMul(heads(q) as tf.Tensor4D, heads(k) as tf.Tensor4D, false, true), scale), bias);
  const probs = tf.softmax(scores);
  const ctx = tf.matMul((dropProbs ? dropProbs(probs) : probs) as tf.Tensor4D, heads(v) as tf.Tensor4D);
  return tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
}

const NEG = -1e9;

/** Padding-only bias [B, 1, 1, T] (encoders). */
export function paddingBias(mask: number[][]): tf.Tensor {
  const B = mask.length, T = mask[0].length;
  return tf.tensor4d(Float32Array.from(mask.flat(), (m) => (m ? 0 : NEG)), [B, 1, 1, T]);
}

/** Causal + padding bias [B, 1, T, T] (decoders): query i sees keys j <= i that are not padding. */
export function causalBias(mask: number[][], extra?: (b: number, i: number, j: number) => number): Float32Array {
  const B = mask.length, T = mask[0].length;
  const out = new Float32Array(B * T * T);
  for (let b = 0; b < B; b++)
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) out[(b * T + i) * T + j] = j <= i && mask[b][j] ? (extra?.(b, i, j) ?? 0) : NEG;
  return out;
}
