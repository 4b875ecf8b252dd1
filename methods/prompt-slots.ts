// Soft prompt vectors in place of a row's prompt slots: the template renders
// `P` pad ids where its <prompt> goes, and their embeddings are taken from a
// prompt matrix [P, d] instead (one gather from [token embeddings | prompts],
// so gradients reach the prompts and the word embeddings alike).
import { tf } from "../models/backend.ts";
import type { XlmrModel } from "../models/xlmr.ts";
import { padRows } from "./batch.ts";

export interface SlottedRow {
  ids: number[];
  /** Index of the first prompt slot (-1: none). */
  promptAt: number;
}

/**
 * Input embeddings [B, T, d] and the padding mask of `rows`, row b's prompt
 * slots filled from `prompts[which[b]]` (each [P, d]).
 */
export function embedWithPrompts(
  model: XlmrModel,
  rows: SlottedRow[],
  padId: number,
  prompts: tf.Tensor2D[],
  which: number[],
): { embeds: tf.Tensor3D; mask: number[][] } {
  const { ids, mask, T } = padRows(rows.map((r) => r.ids), padId);
  const B = rows.length, d = model.hidden, P = prompts[0]?.shape[0] ?? 0;
  const tok = tf.reshape(model.embedTokens(tf.tensor2d(ids, [B, T], "int32")), [B * T, d]);
  const pool = tf.concat([tok, ...prompts], 0);
  const index = rows.flatMap((r, b) =>
    Array.from(
      { length: T },
      (_, t) => (r.promptAt >= 0 && t >= r.promptAt && t < r.promptAt + P
        ? B * T + which[b] * P + (t - r.promptAt)
        : b * T + t),
    )
  );
  return { embeds: tf.reshape(tf.gather(pool, tf.tensor1d(index, "int32")), [B, T, d]) as tf.Tensor3D, mask };
}
