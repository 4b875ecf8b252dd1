// A backbone with a prefix soft prompt and a head: the shape shared by SPT,
// XPE and DUAL. Inputs are token-id rows with specials already added.
import { tf } from "../models/backend.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import type { Backbone } from "../models/backbone.ts";
import type { Head } from "./heads.ts";
import type { ParamGroup } from "./optim.ts";
import type { PromptSource } from "./prompts.ts";

/** Token ids with specials, and the index the head reads (a <mask> for the verbalizer, 0 for the classifier). */
export interface TokenRow {
  ids: number[];
  readAt: number;
}

export class PromptModel {
  constructor(
    readonly backbone: Backbone,
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

  /**
   * Logits [B, C] for a batch (dynamic padding to the batch's longest row).
   * Encoders: [prompt; tokens; pad]. Decoders: [tokens; prompt; pad], read at
   * the last prompt vector (the SPT paper's suffix prompt).
   */
  logits(batch: TokenRow[], drop?: DropoutCtx): tf.Tensor2D {
    const prompt = this.prompt.value();
    const P = prompt.shape[0];
    const B = batch.length;
    const d = prompt.shape[1];
    const T = Math.max(...batch.map((e) => e.ids.length));
    const ids = batch.map((e) => [...e.ids, ...Array(T - e.ids.length).fill(this.padId)]);
    const tok = this.backbone.embedTokens(tf.tensor2d(ids, [B, T], "int32"));
    const prompts = tf.tile(tf.expandDims(prompt, 0), [B, 1, 1]);
    if (!this.backbone.causal) {
      const embeds = tf.concat([prompts, tok], 1) as tf.Tensor3D;
      const mask = batch.map((e) => [...Array(P).fill(1), ...e.ids.map(() => 1), ...Array(T - e.ids.length).fill(0)]);
      const h = this.backbone.encode(embeds, mask, drop);
      return this.head.logits(h, batch.map((e) => (this.readsPromptFirst ? 0 : P + e.readAt)), drop);
    }
    // per row: its tokens, then the prompt, then padding; gathered from [tok | prompt | zero] rows
    const S = T + P;
    const zero = tf.zeros([B, 1, d]);
    const pool = tf.reshape(tf.concat([tok, prompts, zero], 1), [B * (T + P + 1), d]);
    const index = batch.flatMap((e, b) => {
      const n = e.ids.length, base = b * (T + P + 1);
      return Array.from({ length: S }, (_, s) => base + (s < n ? s : s < n + P ? T + (s - n) : T + P));
    });
    const embeds = tf.reshape(tf.gather(pool, tf.tensor1d(index, "int32")), [B, S, d]) as tf.Tensor3D;
    const mask = batch.map((e) => Array.from({ length: S }, (_, s) => (s < e.ids.length + P ? 1 : 0)));
    const h = this.backbone.encode(embeds, mask, drop);
    return this.head.logits(h, batch.map((e) => e.ids.length + P - 1), drop);
  }

  dispose(): void {
    this.prompt.dispose();
    this.head.dispose();
  }
}
