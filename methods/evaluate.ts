// Evaluation: argmax predictions in fixed-size batches, accuracy, and the
// per-example predictions kept for paired tests.
import { tf } from "../models/backend.ts";
import type { EncodedExample, PromptModel } from "./prompt-model.ts";

export interface EvalResult {
  accuracy: number;
  n: number;
  predictions: number[];
}

export function predict(pm: PromptModel, data: EncodedExample[], batchSize = 64): number[] {
  // sort by length so padding stays small, then restore order
  const order = data.map((_, i) => i).sort((a, b) => data[a].ids.length - data[b].ids.length || a - b);
  const out = new Array<number>(data.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const preds = tf.tidy(() => tf.argMax(pm.logits(idx.map((j) => data[j])), -1).dataSync());
    idx.forEach((j, k) => (out[j] = preds[k]));
  }
  return out;
}

export function accuracyOf(pm: PromptModel, data: EncodedExample[]): EvalResult {
  if (!data.length) throw new Error("evaluation set is empty");
  const predictions = predict(pm, data);
  const correct = predictions.reduce((n, p, i) => n + (p === data[i].label ? 1 : 0), 0);
  return { accuracy: correct / data.length, n: data.length, predictions };
}
