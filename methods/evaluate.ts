// Evaluation: argmax predictions in fixed-size batches (sorted by length so
// padding stays small, then put back in order), accuracy, and the per-example
// predictions kept for paired tests.
import { tf } from "../models/backend.ts";
import type { Encoded, Method } from "./method.ts";

export interface EvalResult {
  accuracy: number;
  n: number;
  predictions: number[];
}

export function predict<E extends Encoded>(m: Method<E>, data: E[], batchSize = 64): number[] {
  const order = data.map((_, i) => i).sort((a, b) => data[a].length - data[b].length || a - b);
  const out = new Array<number>(data.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const preds = tf.tidy(() => tf.argMax(m.logits(idx.map((j) => data[j])), -1).dataSync());
    idx.forEach((j, k) => (out[j] = preds[k]));
  }
  return out;
}

export function accuracyOf<E extends Encoded>(m: Method<E>, data: E[]): EvalResult {
  if (!data.length) throw new Error("evaluation set is empty");
  const predictions = predict(m, data);
  const correct = predictions.reduce((n, p, i) => n + (p === data[i].label ? 1 : 0), 0);
  return { accuracy: correct / data.length, n: data.length, predictions };
}
