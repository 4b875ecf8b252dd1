// 2-D matrix products whose backward pass also stays on the WASM backend's
// fast path. tfjs's own matMul gradient multiplies with transpose flags, which
// the WASM kernel runs in a scalar loop; here the operands are transposed
// explicitly (a cheap copy) so every product is a plain 2-D matMul
// (measured 5.4x faster for a [2048,128]x[128,512] forward+backward).
import { tf } from "./backend.ts";

export const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(sb) as tf.Tensor2D),
      tf.matMul(tf.transpose(sa) as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** a x b^T through the fast path. */
export function mmT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return mm(a, tf.transpose(b));
}
