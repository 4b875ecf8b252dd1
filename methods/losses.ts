// Training losses shared by the methods.
import { tf } from "../models/backend.ts";

/** Mean cross-entropy of logits [B, C] against class labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: number[]): tf.Scalar {
  const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}
