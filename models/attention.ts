// Multi-head scaled dot-product attention over 2-D projections, with an
// additive bias (padding, causal mask, ALiBi) built once per batch.
import { tf } from "./backend.ts";

/**
 * q: [B*T, H*dh], k, v: [B*Tk, H*dh] -> context [B*T, H*dh]; bias broadcasts to [B, H, T, Tk].
 * Tk differs from T when queries attend to cached keys too (a suffix after a decoder's prefix).
 * `dropProbs` drops attention probabilities, as XLM-R's attention_probs_dropout does in training.
 */
export function attend(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  B: number,
  T: number,
  H: number,
  bias: tf.Tensor,
  scale: number,
  dropProbs?: (p: tf.Tensor) => tf.Tensor,
  Tk = T,
): tf.Tensor2D {
  const d = q.shape[1]!;
  const dh = d / H;
  const heads = (t: tf.Tensor, len = T) => tf.transpose(tf.reshape(t, [B, len, H, dh]), [0, 2, 1, 3]);
  const scores = tf.add(
    tf.mul(tf.matMul(heads(q) as tf.Tensor4D, heads(k, Tk) as tf.Tensor4D, false, true), scale),
    bias,
  );
  const probs = tf.softmax(scores);
  const ctx = tf.matMul((dropProbs ? dropProbs(probs) : probs) as tf.Tensor4D, heads(v, Tk) as tf.Tensor4D);
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
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) out[(b * T + i) * T + j] = j <= i && mask[b][j] ? (extra?.(b, i, j) ?? 0) : NEG;
    }
  }
  return out;
}

/**
 * Bias [B, 1, P, N + P] (flat) for P suffix queries placed right after each row's prefix of
 * `lengths[b]` tokens (keys 0..N-1, right-padded) and attending to the suffix's own keys N..N+P-1:
 * query i sees its row's tokens and suffix keys up to itself. `keyTerm(b, pos)` adds a term by a
 * key's position in the unpadded sequence (BLOOM's ALiBi).
 */
export function suffixBias(
  lengths: number[],
  N: number,
  P: number,
  keyTerm?: (b: number, pos: number) => number,
): Float32Array {
  const S = N + P;
  const out = new Float32Array(lengths.length * P * S).fill(NEG);
  lengths.forEach((n, b) => {
    for (let i = 0; i < P; i++) {
      const row = (b * P + i) * S;
      for (let j = 0; j < n; j++) out[row + j] = keyTerm?.(b, j) ?? 0;
      for (let j = 0; j <= i; j++) out[row + N + j] = keyTerm?.(b, n + j) ?? 0;
    }
  });
  return out;
}

/** A layer's keys (or values) of S new positions [B*S, d] after a prefix's [B, N, d]: [B*(N+S), d], row by row. */
export function withPast(past: tf.Tensor3D, t: tf.Tensor, B: number, S: number): tf.Tensor2D {
  const [, N, d] = past.shape;
  return tf.reshape(tf.concat([past, tf.reshape(t, [B, S, d])], 1), [B * (N + S), d]) as tf.Tensor2D;
}

/** An attention prefix's keys (or values) [P, d], the same for each of B rows: [B, P, d], as a past for withPast. */
export function prefixRows(t: tf.Tensor2D, B: number): tf.Tensor3D {
  return tf.broadcastTo(tf.expandDims(t, 0), [B, ...t.shape]) as tf.Tensor3D;
}

/**
 * Causal + padding bias [B, 1, T, P + T] (flat) for T tokens after P prefix keys (a learned attention prefix: past
 * keys and values with the attention mask extended by P ones, as Hugging Face runs them): query i sees every prefix
 * key and its row's non-padding keys j <= i. `keyTerm(b, pos)` adds a term by a key's position over the extended
 * mask, cumsum - 1 (BLOOM's ALiBi: prefix keys 0..P-1, then the tokens from P).
 */
export function prefixedCausalBias(
  mask: number[][],
  P: number,
  keyTerm?: (b: number, pos: number) => number,
): Float32Array {
  const B = mask.length, T = mask[0].length, S = P + T;
  const out = new Float32Array(B * T * S).fill(NEG);
  mask.forEach((row, b) => {
    let seen = P;
    const pos = row.map((m) => (seen += m ? 1 : 0) - 1);
    for (let i = 0; i < T; i++) {
      const at = (b * T + i) * S;
      for (let j = 0; j < P; j++) out[at + j] = keyTerm?.(b, j) ?? 0;
      for (let j = 0; j <= i; j++) if (row[j]) out[at + P + j] = keyTerm?.(b, pos[j]) ?? 0;
    }
  });
  return out;
}
