// The masked-LM loss through the project's own XLM-R forward pass, and the
// held-out evaluation that every engine's final weights go through.
import { tf } from "../../models/backend.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import { crossEntropy } from "../../methods/losses.ts";
import type { Rng } from "../../core/rng.ts";
import type { Batch } from "./batches.ts";

export interface HeldOutScore {
  loss: number;
  accuracy: number;
  predictions: number;
}

export function mlm(model: XlmrModel, hiddenSize: number, b: Batch, drop?: { rate: number; rng: Rng }) {
  const [B, T] = [b.ids.length, b.ids[0].length];
  const h = model.encode(model.embedTokens(tf.tensor2d(b.ids, [B, T], "int32")), b.mask, drop);
  const rows = tf.gather(tf.reshape(h, [B * T, hiddenSize]), tf.tensor1d(b.positions, "int32")) as tf.Tensor2D;
  const logits = model.lmLogits(rows);
  return { loss: crossEntropy(logits, b.targets), logits };
}

export function evaluate(model: XlmrModel, hiddenSize: number, batches: Batch[]): HeldOutScore {
  let loss = 0, correct = 0, n = 0;
  for (const b of batches) {
    tf.tidy(() => {
      const r = mlm(model, hiddenSize, b);
      loss += r.loss.dataSync()[0] * b.targets.length;
      const pred = tf.argMax(r.logits, -1).dataSync();
      b.targets.forEach((t, j) => (correct += pred[j] === t ? 1 : 0));
      n += b.targets.length;
    });
  }
  return { loss: loss / n, accuracy: correct / n, predictions: n };
}
