// A backbone with a prefix soft prompt and a head: the shape shared by SPT,
// XPE and DUAL. Inputs are token-id rows with specials already added.
import { tf } from "../models/backend.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import { type Backbone, isSuffixDecoder } from "../models/backbone.ts";
import type { Head } from "./heads.ts";
import type { ParamGroup } from "./optim.ts";
import type { PromptSource } from "./prompts.ts";
import { PrefixCache, prefixCacheBudget } from "./prefix-cache.ts";

/** Token ids with specials, and the index the head reads (a <mask> for the verbalizer, 0 for the classifier). */
export interface TokenRow {
  ids: number[];
  readAt: number;
}

export interface PromptModelOptions {
  /** Run a frozen decoder's suffix prompt against its tokens' cached keys and values (default true; false: the full forward every time). */
  prefixCache?: boolean;
  /** Bytes the cache may hold (default prefixCacheBudget()). */
  prefixCacheBytes?: number;
}

export class PromptModel {
  /** A frozen decoder's per-example prefix states (null: encoders, trainable backbones, or turned off). */
  readonly prefixes: PrefixCache | null;

  constructor(
    readonly backbone: Backbone,
    readonly prompt: PromptSource,
    readonly head: Head,
    readonly padId: number,
    readonly groups: ParamGroup[],
    /** The classifier reads the first position of the whole sequence (a prompt vector); the verbalizer its token. */
    readonly readsPromptFirst: boolean,
    options: PromptModelOptions = {},
  ) {
    const trains = new Set(this.trainable());
    const frozen = !backbone.variables().some((v) => trains.has(v));
    this.prefixes = options.prefixCache !== false && frozen && isSuffixDecoder(backbone)
      ? new PrefixCache(
        backbone,
        (ids) => backbone.embedTokens(ids),
        padId,
        options.prefixCacheBytes ?? prefixCacheBudget(),
      )
      : null;
  }

  trainable(): tf.Variable[] {
    return this.groups.flatMap((g) => g.vars);
  }

  /**
   * Logits [B, C] for a batch (dynamic padding to the batch's longest row).
   * Encoders: [prompt; tokens; pad]. Decoders: [tokens; prompt; pad], read at
   * the last prompt vector (the SPT paper's suffix prompt).
   */
  logits(batch: TokenRow[], drop?: DropoutCtx): tf.Tensor2D {
    if (this.prefixes) return this.suffixLogits(this.prefixes, batch, drop);
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

  /**
   * A frozen decoder: only the prompt positions run, against the tokens' keys and values (cached
   * per example without dropout); the same logits as the full forward over [tokens; prompt; pad].
   */
  private suffixLogits(prefixes: PrefixCache, batch: TokenRow[], drop?: DropoutCtx): tf.Tensor2D {
    const prompt = this.prompt.value();
    const P = prompt.shape[0];
    const h = prefixes.runSuffix(batch, tf.tile(tf.expandDims(prompt, 0), [batch.length, 1, 1]) as tf.Tensor3D, drop);
    return this.head.logits(h, batch.map(() => P - 1), drop);
  }

  /** After training: the prompt computed once, the training examples' prefix states freed. */
  forInference(): void {
    this.prompt.cache();
    this.prefixes?.seal();
  }

  dispose(): void {
    this.prefixes?.dispose();
    this.prompt.dispose();
    this.head.dispose();
  }
}
