// Parts shared by the methods that fine-tune an encoder (UniPrompt and its
// baselines): the XLM-R-architecture check, marking weights trainable, and a
// forward pass over token-id rows.
import { tf } from "../models/backend.ts";
import type { Backbone } from "../models/backbone.ts";
import { type DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { padRows } from "./batch.ts";
import type { Field } from "./template.ts";

export function asEncoder(backbone: Backbone, method: string): XlmrModel {
  if (!(backbone instanceof XlmrModel)) {
    throw new Error(
      `${method}: it needs an encoder with an MLM head (the XLM-R architecture); this backbone is a decoder`,
    );
  }
  return backbone;
}

/** Mark variables as trained (their products then compute weight gradients), returning them. */
export function trainable(vars: tf.Variable[]): tf.Variable[] {
  for (const v of vars) (v as { trainable: boolean }).trainable = true;
  return vars;
}

/** Final hidden states [B, T, d] of token-id rows (right-padded) and their padded length. */
export function encodeRows(
  model: Pick<Backbone, "embedTokens" | "encode">,
  rows: number[][],
  padId: number,
  drop?: DropoutCtx,
): { h: tf.Tensor3D; T: number } {
  const { ids, mask, T } = padRows(rows, padId);
  return { h: model.encode(model.embedTokens(tf.tensor2d(ids, [ids.length, T], "int32")), mask, drop), T };
}

/** The cell's source languages, in the order its training set first names them. */
export function sourceLanguages(c: { train: { lang: string }[] }): string[] {
  return [...new Set(c.train.map((t) => t.lang))];
}

/** The dataset's inputs as templates name them: one text, or a text pair ({text} and {text2}). */
export function inputFields(c: { task: "single-text" | "text-pair" }): Field[] {
  return c.task === "text-pair" ? ["text", "text2"] : ["text"];
}
