// A backbone with a prefix soft prompt and a head: the shape shared by SPT and
// XPE (and DUAL later). Inputs are token-id rows with specials already added.
import { tf } from "../models/backend.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import type { Head } from "./heads.ts";
import type { ParamGroup } from "./optim.ts";
import type { PromptSource } from "./prompts.ts";

export interface EncodedExample {
  ids: number[];
  label: number;
  /** Index in `ids` the head reads (a <mask> for the verbalizer, 0 for the classifier). */
  readAt: number;
}

export class PromptModel {
  constructor(
    readonly backbone: XlmrModel,
    readonly prompt: PromptSource,
    readonly head: Head,
    readonly padId: number,
    readonly groups: ParamGroup[],
    /** The classifier reads the first position of the whole sequence (a prompt vector); the verbalizer its token. */
    readonly readsPromptFirst: boolean,
  ) {}

  trainable(): tf.Variable[] {
    return this.groups.flatMap((g) => g.vars);
  }

  trainableCount(): number {
    return this.trainable().reduce((n, v) => n + v.size, 0);
  }

  /** Logits [B, C] for a batch (dynamic padding to the batch's longest row). */
  logits(batch: EncodedExample[], drop?: DropoutCtx): tf.Tensor2D {
    const T = Math.max(...batch.map((e) => e.ids.length));
    const ids = batch.map((e) => [...e.ids, ...Array(T - e.ids.length).fill(this.padId)]);
    const prompt = this.prompt.value();
    const P = prompt.shape[0];
    const B = batch.length;
    const tok = this.backbone.embedTokens(tf.tensor2d(ids, [B, T], "int32"));
    const embeds = tf.concat([tf.tile(tf.expandDims(prompt, 0), [B, 1, 1]), tok], 1) as tf.Tensor3D;
    const mask = batch.map((e) => [...Array(P).fill(1), ...e.ids.map(() => 1), ...Array(T - e.ids.length).fill(0)]);
    const h = this.backbone.encode(embeds, mask, drop);
    const readAt = batch.map((e) => (this.readsPromptFirst ? 0 : P + e.readAt));
    return this.head.logits(h, readAt, drop);
  }

  dispose(): void {
    this.prompt.dispose();
    this.head.dispose();
  }
}
