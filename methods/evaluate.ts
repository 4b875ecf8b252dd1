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

// Reads are asynchronous: a GPU backend cannot read synchronously everywhere (WebGPU under Deno).
export async function predict<E extends Encoded>(m: Method<E>, data: E[], batchSize = 64): Promise<number[]> {
  const order = data.map((_, i) => i).sort((a, b) => data[a].length - data[b].length || a - b);
  const out = new Array<number>(data.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const t = tf.tidy(() => tf.argMax(m.logits(idx.map((j) => data[j])), -1));
    const preds = await t.data();
    t.dispose();
    idx.forEach((j, k) => (out[j] = preds[k]));
  }
  return out;
}

export async function accuracyOf<E extends Encoded>(m: Method<E>, data: E[]): Promise<EvalResult> {
  if (!data.length) throw new Error("evaluation set is empty");
  const predictions = await predict(m, data);
  const correct = predictions.reduce((n, p, i) => n + (p === data[i].label ? 1 : 0), 0);
  return { accuracy: correct / data.length, n: data.length, predictions };
}
