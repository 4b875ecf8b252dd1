// Training losses shared by the methods.
import { tf } from "../models/backend.ts";

/** Mean cross-entropy of logits [B, C] against class labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: number[]): tf.Scalar {
  const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}

/**
 * KL(P||Q) + KL(Q||P) per row, averaged over rows, from log-probabilities
 * [B, V] (MPT's Eq. 7: both directions, so the alignment pulls both sides).
 * Written as sum (P - Q)(log P - log Q), which is the same sum.
 */
export function symmetricKl(logP: tf.Tensor2D, logQ: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sum(tf.mul(tf.sub(tf.exp(logP), tf.exp(logQ)), tf.sub(logP, logQ)), -1)) as tf.Scalar;
}
