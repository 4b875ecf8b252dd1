// BLOOM decoder (BloomForCausalLM) in TensorFlow.js: LayerNorm right after the
// word embeddings, ALiBi attention biases (slopes per head, key positions from
// the cumulative attention mask, so left padding is handled as the reference
// does), the fused query_key_value weight laid out per head as [q; k; v],
// the tanh GELU approximation, causal attention, LM head tied to the embeddings.
import {
  type AttentionPrefix,
  columnRange,
  type Hookable,
  layerHookCalls,
  type LayerHooks,
  prefixPast,
  type Projection,
  type ProjectionWeight,
} from "./hooks.ts";
import { tf } from "./backend.ts";
import { attend, causalBias, prefixedCausalBias, suffixBias, withPast } from "./attention.ts";
import type { PrefixState, SuffixDecoder } from "./backbone.ts";
import { mm, mmT } from "./linalg.ts";
import type { RowBlocks } from "./row-blocks.ts";
import type { RawTensor } from "./safetensors.ts";
import { RandomWeights, requireInts, WeightReader } from "./weights.ts";
import { dropout, type DropoutCtx, layerNorm } from "./xlmr.ts";

export interface BloomConfig {
  model_type: "bloom";
  vocab_size: number;
  hidden_size: number;
  n_layer: number;
  n_head: number;
  layer_norm_epsilon: number;
  apply_residual_connection_post_layernorm: boolean;
}

export function parseBloomConfig(raw: Record<string, unknown>, source: string): BloomConfig {
  if (raw.model_type !== "bloom") {
    throw new Error(`${source}: field "model_type" is ${JSON.stringify(raw.model_type)}, expected "bloom"`);
  }
  const r = {
    ...raw,
    hidden_size: raw.hidden_size ?? raw.n_embed,
    n_layer: raw.n_layer ?? raw.num_hidden_layers,
    n_head: raw.n_head ?? raw.num_attention_heads,
  };
  requireInts(r, ["vocab_size", "hidden_size", "n_layer", "n_head"], source);
  if ((r.hidden_size as number) % (r.n_head as number)) {
    throw new Error(`${source}: field "n_head" must divide hidden_size`);
  }
  if (raw.apply_residual_connection_post_layernorm === true) {
    throw new Error(`${source}: field "apply_residual_connection_post_layernorm" = true is not supported`);
  }
  return {
    ...(r as object),
    layer_norm_epsilon: (raw.layer_norm_epsilon as number) ?? 1e-5,
    apply_residual_connection_post_layernorm: false,
  } as BloomConfig;
}

/** ALiBi slopes as the reference computes them, including head counts that are not powers of two. */
export function alibiSlopes(heads: number): number[] {
  const closest = 2 ** Math.floor(Math.log2(heads));
  const base = 2 ** -(2 ** -(Math.log2(closest) - 3));
  const slopes = Array.from({ length: closest }, (_, i) => base ** (i + 1));
  if (closest !== heads) {
    const extraBase = 2 ** -(2 ** -(Math.log2(2 * closest) - 3));
    const remaining = Math.min(closest, heads - closest);
    for (let i = 0; i < remaining; i++) slopes.push(extraBase ** (2 * i + 1));
  }
  return slopes.map(Math.fround);
}

/** The tanh approximation of GELU that BLOOM uses. */
export function bloomGelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.mul(x, 0.79788456), tf.add(1, tf.mul(tf.mul(x, x), 0.044715)));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

interface Layer {
  ln1G: tf.Variable;
  ln1B: tf.Variable;
  qkvW: tf.Variable;
  qkvB: tf.Variable;
  denseW: tf.Variable;
  denseB: tf.Variable;
  ln2G: tf.Variable;
  ln2B: tf.Variable;
  upW: tf.Variable;
  upB: tf.Variable;
  downW: tf.Variable;
  downB: tf.Variable;
}

export class BloomModel implements SuffixDecoder, Hookable {
  readonly causal = true;
  /** A method's hooks in every layer (models/hooks.ts); null runs the plain model. */
  hooks: LayerHooks | null = null;
  get layerCount(): number {
    return this.layers.length;
  }
  constructor(
    readonly config: BloomConfig,
    readonly embed: RowBlocks,
    readonly embLnG: tf.Variable,
    readonly embLnB: tf.Variable,
    readonly layers: Layer[],
    readonly lnG: tf.Variable,
    readonly lnB: tf.Variable,
  ) {}
  get hidden() {
    return this.config.hidden_size;
  }
  get ffnWidth(): number {
    return 4 * this.config.hidden_size;
  }
  /**
   * q, k, v: query_key_value's columns are per head [q | k | v] of head_dim each (the reference views its
   * output as [.., n_head, 3, head_dim]), so output j of head h = j / dh is column (3h + third)·dh + j % dh.
   */
  projectionWeight(layer: number, name: Projection): ProjectionWeight {
    const L = this.layers[layer], d = this.hidden, dh = d / this.config.n_head;
    const third = ["query", "key", "value"].indexOf(name);
    if (third >= 0) {
      const columns = Array.from({ length: d }, (_, j) => (3 * Math.floor(j / dh) + third) * dh + (j % dh));
      return { w: L.qkvW, b: L.qkvB, columns };
    }
    const [w, b] = name === "attnOut" ? [L.denseW, L.denseB] : name === "ffnIn" ? [L.upW, L.upB] : [L.downW, L.downB];
    return { w, b, columns: columnRange(0, b.size) };
  }
  /** The embedding LayerNorm's, each layer's (its LayerNorms', query_key_value, dense, the MLP's), ln_f's. */
  biases(): tf.Variable[] {
    const layers = this.layers.flatMap((l) => [l.ln1B, l.qkvB, l.denseB, l.ln2B, l.upB, l.downB]);
    return [this.embLnB, ...layers, this.lnB];
  }
  /** ALiBi has no position table: any length fits. */
  tokensAfterPrefix(_P: number): number {
    return Infinity;
  }
  layerNorms(): tf.Variable[] {
    const layers = this.layers.flatMap((l) => [l.ln1G, l.ln1B, l.ln2G, l.ln2B]);
    return [this.embLnG, this.embLnB, ...layers, this.lnG, this.lnB];
  }
  get wordEmbeddings(): RowBlocks {
    return this.embed;
  }
  embedTokens(ids: tf.Tensor2D): tf.Tensor3D {
    return this.embed.gather(ids) as tf.Tensor3D;
  }
  lmLogitsFor(h: tf.Tensor2D, tokenIds: number[]): tf.Tensor2D {
    return mmT(h, this.embed.rowsAt(tokenIds));
  }
  variables(): tf.Variable[] {
    return [
      ...this.embed.blocks,
      this.embLnG,
      this.embLnB,
      ...this.layers.flatMap((l) => Object.values(l)),
      this.lnG,
      this.lnB,
    ];
  }
  parameterCount() {
    return this.variables().reduce((n, v) => n + v.size, 0);
  }
  /** Causal + padding mask plus ALiBi, [B, H, T, T]. */
  bias(mask: number[][]): tf.Tensor4D {
    const B = mask.length, T = mask[0].length;
    // key position: (cumsum(mask) - 1) * mask, per row
    const keyPos = mask.map((row) => {
      let c = 0;
      return row.map((m) => ((c += m), (c - 1) * m));
    });
    return this.alibiHeads(B, T, T, (slope) => causalBias(mask, (b, _i, j) => Math.fround(slope * keyPos[b][j])));
  }
  /** Per-head biases [B, H, R, C] from each head's slope and its [B, 1, R, C] bias (flat). */
  private alibiHeads(B: number, R: number, C: number, one: (slope: number) => Float32Array): tf.Tensor4D {
    const H = this.config.n_head, out = new Float32Array(B * H * R * C);
    alibiSlopes(H).forEach((slope, h) => {
      const o = one(slope);
      for (let b = 0; b < B; b++) out.set(o.subarray(b * R * C, (b + 1) * R * C), (b * H + h) * R * C);
    });
    return tf.tensor4d(out, [B, H, R, C]);
  }
  encodeIds(ids: number[][], mask: number[][]): tf.Tensor3D {
    return this.encode(this.embedTokens(tf.tensor2d(ids, [ids.length, ids[0].length], "int32")), mask);
  }
  /** Final hidden states for input embeddings; the embedding LayerNorm applies to them (as to inputs_embeds in the reference). With `drop`, hidden dropout after the attention and MLP outputs, as the reference applies it. */
  encode(embeds: tf.Tensor3D, mask: number[][], drop?: DropoutCtx): tf.Tensor3D {
    const [B, T, d] = embeds.shape;
    if (this.hooks?.attentionPrefix) return this.encodePrefixed(embeds, mask, this.hooks.attentionPrefix, drop);
    return tf.reshape(this.layersOver(this.embedOutput(embeds), B, T, this.bias(mask), drop), [B, T, d]) as tf.Tensor3D;
  }
  prefixState(embeds: tf.Tensor3D, lengths: number[], drop?: DropoutCtx): PrefixState {
    const [B, N] = embeds.shape;
    const keep = { keys: [] as tf.Tensor3D[], values: [] as tf.Tensor3D[], lengths };
    this.layersOver(
      this.embedOutput(embeds),
      B,
      N,
      this.bias(lengths.map((n) => Array.from({ length: N }, (_, j) => (j < n ? 1 : 0)))),
      drop,
      undefined,
      keep,
    );
    return keep;
  }
  encodeSuffix(prefix: PrefixState, suffix: tf.Tensor3D, drop?: DropoutCtx): tf.Tensor3D {
    const [B, P, d] = suffix.shape, N = prefix.keys[0].shape[1];
    // ALiBi by a key's position in the unpadded sequence: tokens 0..n-1, then the suffix n..n+P-1
    const bias = this.alibiHeads(
      B,
      P,
      N + P,
      (slope) => suffixBias(prefix.lengths, N, P, (_b, pos) => Math.fround(slope * pos)),
    );
    return tf.reshape(this.layersOver(this.embedOutput(suffix), B, P, bias, drop, prefix), [B, P, d]) as tf.Tensor3D;
  }
  /**
   * encode after a method's attention prefix, as the reference runs P past keys and values (the attention mask
   * extended by P ones, ALiBi over it: the prefix at 0..P-1, the tokens from P): the prefix as every row's prefix
   * state, the tokens as its suffix.
   */
  private encodePrefixed(embeds: tf.Tensor3D, mask: number[][], pre: AttentionPrefix, drop?: DropoutCtx): tf.Tensor3D {
    const [B, T, d] = embeds.shape, P = pre.length;
    const bias = this.alibiHeads(
      B,
      T,
      P + T,
      (slope) => prefixedCausalBias(mask, P, (_b, pos) => Math.fround(slope * pos)),
    );
    const past = prefixPast(pre, this.layers.length, d, B);
    return tf.reshape(this.layersOver(this.embedOutput(embeds), B, T, bias, drop, past), [B, T, d]) as tf.Tensor3D;
  }
  private embedOutput(embeds: tf.Tensor3D): tf.Tensor2D {
    const [B, T, d] = embeds.shape;
    return layerNorm(
      tf.reshape(embeds, [B * T, d]),
      this.embLnG,
      this.embLnB,
      this.config.layer_norm_epsilon,
    ) as tf.Tensor2D;
  }
  /** The layers over [B*S, d], then ln_f; `past` and `keep` as in XglmModel's (a suffix after a prefix, a prefix state). */
  private layersOver(
    x: tf.Tensor2D,
    B: number,
    S: number,
    bias: tf.Tensor,
    drop?: DropoutCtx,
    past?: PrefixState,
    keep?: PrefixState,
  ): tf.Tensor2D {
    const c = this.config, d = c.hidden_size, H = c.n_head, dh = d / H, eps = c.layer_norm_epsilon;
    const hk = this.hooks;
    for (const [i, L] of this.layers.entries()) {
      // a method's hooks (models/hooks.ts), only where it set them: without, the same operations as ever
      const { proj, act, sub } = layerHookCalls(hk, i);
      const h = layerNorm(x, L.ln1G, L.ln1B, eps) as tf.Tensor2D;
      // fused layout: [B*S, H, 3, dh]
      const fused = tf.reshape(tf.add(mm(h, L.qkvW as unknown as tf.Tensor2D), L.qkvB), [B * S * H, 3 * dh]);
      const [q0, k0, v0] = tf.split(fused, 3, 1).map((t) => tf.reshape(t, [B * S, d]));
      const [q, k, v] = [proj("query", h, q0), proj("key", h, k0), proj("value", h, v0)];
      if (keep) {
        keep.keys.push(tf.reshape(k, [B, S, d]));
        keep.values.push(tf.reshape(v, [B, S, d]));
        if (i === this.layers.length - 1) return x;
      }
      const ctx = past
        ? attend(
          q,
          withPast(past.keys[i], k, B, S),
          withPast(past.values[i], v, B, S),
          B,
          S,
          H,
          bias,
          1 / Math.sqrt(dh),
          undefined,
          past.keys[i].shape[1] + S,
        )
        : attend(q, k, v, B, S, H, bias, 1 / Math.sqrt(dh));
      const attnOut = proj(
        "attnOut",
        ctx as tf.Tensor2D,
        tf.add(mm(ctx as tf.Tensor2D, L.denseW as unknown as tf.Tensor2D), L.denseB),
      );
      x = tf.add(x, sub("attention", dropout(attnOut, drop))) as tf.Tensor2D;
      const f = layerNorm(x, L.ln2G, L.ln2B, eps) as tf.Tensor2D;
      const up = act(bloomGelu(proj("ffnIn", f, tf.add(mm(f, L.upW as unknown as tf.Tensor2D), L.upB))));
      const ffnOut = proj("ffnOut", up, tf.add(mm(up, L.downW as unknown as tf.Tensor2D), L.downB));
      x = tf.add(x, sub("ffn", dropout(ffnOut, drop))) as tf.Tensor2D;
    }
    return layerNorm(x, this.lnG, this.lnB, eps) as tf.Tensor2D;
  }
  lmLogits(h: tf.Tensor2D): tf.Tensor2D {
    return this.embed.matMulT(h, mmT);
  }
  dispose() {
    for (const v of this.variables()) v.dispose();
  }
}

export function bloomFromTensors(c: BloomConfig, tensors: Map<string, RawTensor>, source: string): BloomModel {
  const r = new WeightReader(tensors, source, "transformer.");
  const d = c.hidden_size;
  const layers: Layer[] = [];
  for (let i = 0; i < c.n_layer; i++) {
    const p = `h.${i}.`;
    layers.push({
      ln1G: r.vec(`${p}input_layernorm.weight`, d),
      ln1B: r.vec(`${p}input_layernorm.bias`, d),
      qkvW: r.linear(`${p}self_attention.query_key_value.weight`, 3 * d, d),
      qkvB: r.vec(`${p}self_attention.query_key_value.bias`, 3 * d),
      denseW: r.linear(`${p}self_attention.dense.weight`, d, d),
      denseB: r.vec(`${p}self_attention.dense.bias`, d),
      ln2G: r.vec(`${p}post_attention_layernorm.weight`, d),
      ln2B: r.vec(`${p}post_attention_layernorm.bias`, d),
      upW: r.linear(`${p}mlp.dense_h_to_4h.weight`, 4 * d, d),
      upB: r.vec(`${p}mlp.dense_h_to_4h.bias`, 4 * d),
      downW: r.linear(`${p}mlp.dense_4h_to_h.weight`, d, 4 * d),
      downB: r.vec(`${p}mlp.dense_4h_to_h.bias`, d),
    });
  }
  const model = new BloomModel(
    c,
    r.table("word_embeddings.weight", c.vocab_size, d),
    r.vec("word_embeddings_layernorm.weight", d),
    r.vec("word_embeddings_layernorm.bias", d),
    layers,
    r.vec("ln_f.weight", d),
    r.vec("ln_f.bias", d),
  );
  r.finish([/^lm_head\.weight$/], "BloomForCausalLM");
  return model;
}

export function randomBloomTensors(c: BloomConfig, seed: number): Map<string, RawTensor> {
  const w = new RandomWeights(seed);
  const d = c.hidden_size, p = "transformer.";
  w.matrix(`${p}word_embeddings.weight`, c.vocab_size, d);
  w.norm(`${p}word_embeddings_layernorm`, d);
  for (let i = 0; i < c.n_layer; i++) {
    const l = `${p}h.${i}.`;
    w.norm(`${l}input_layernorm`, d);
    w.linear(`${l}self_attention.query_key_value`, 3 * d, d);
    w.linear(`${l}self_attention.dense`, d, d);
    w.norm(`${l}post_attention_layernorm`, d);
    w.linear(`${l}mlp.dense_h_to_4h`, 4 * d, d);
    w.linear(`${l}mlp.dense_4h_to_h`, d, 4 * d);
  }
  w.norm(`${p}ln_f`, d);
  return w.tensors;
}
