// XGLM decoder (XGLMForCausalLM) in TensorFlow.js: token embeddings scaled by
// sqrt(d_model), sinusoidal positions offset by 2 (position ids 0..T-1 as the
// reference builds them, whatever the padding), pre-LayerNorm layers with exact
// GELU, causal attention, a final LayerNorm, LM head tied to the embeddings.
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
import { dropout, type DropoutCtx, gelu, layerNorm } from "./xlmr.ts";

export interface XglmConfig {
  model_type: "xglm";
  vocab_size: number;
  d_model: number;
  ffn_dim: number;
  num_layers: number;
  attention_heads: number;
  max_position_embeddings: number;
  activation_function: "gelu";
  scale_embedding: boolean;
  pad_token_id: number;
  layer_norm_eps: number;
}

export function parseXglmConfig(raw: Record<string, unknown>, source: string): XglmConfig {
  if (raw.model_type !== "xglm") {
    throw new Error(`${source}: field "model_type" is ${JSON.stringify(raw.model_type)}, expected "xglm"`);
  }
  requireInts(
    raw,
    ["vocab_size", "d_model", "ffn_dim", "num_layers", "attention_heads", "max_position_embeddings"],
    source,
  );
  const act = raw.activation_function ?? "gelu";
  if (act !== "gelu") {
    throw new Error(`${source}: field "activation_function" is ${JSON.stringify(act)}; supported: "gelu"`);
  }
  if ((raw.d_model as number) % (raw.attention_heads as number)) {
    throw new Error(`${source}: field "attention_heads" must divide d_model`);
  }
  return {
    ...(raw as object),
    activation_function: "gelu",
    scale_embedding: (raw.scale_embedding as boolean) ?? true,
    pad_token_id: (raw.pad_token_id as number) ?? 1,
    layer_norm_eps: 1e-5,
  } as XglmConfig;
}

const OFFSET = 2;

/** The reference's sinusoidal table: [sin | cos] halves, padding row zeroed. */
export function sinusoidalTable(rows: number, dim: number, paddingIdx: number): Float32Array {
  const half = Math.floor(dim / 2);
  const step = Math.fround(Math.log(10000) / (half - 1));
  const freqs = Float32Array.from({ length: half }, (_, i) => Math.fround(Math.exp(Math.fround(i * -step))));
  const out = new Float32Array(rows * dim);
  for (let p = 0; p < rows; p++) {
    for (let i = 0; i < half; i++) {
      const a = Math.fround(p * freqs[i]);
      out[p * dim + i] = Math.sin(a);
      out[p * dim + half + i] = Math.cos(a);
    }
  }
  out.fill(0, paddingIdx * dim, (paddingIdx + 1) * dim);
  return out;
}

interface Layer {
  qkvW: tf.Variable;
  qkvB: tf.Variable;
  outW: tf.Variable;
  outB: tf.Variable;
  ln1G: tf.Variable;
  ln1B: tf.Variable;
  fc1W: tf.Variable;
  fc1B: tf.Variable;
  fc2W: tf.Variable;
  fc2B: tf.Variable;
  ln2G: tf.Variable;
  ln2B: tf.Variable;
}

export class XglmModel implements SuffixDecoder, Hookable {
  readonly causal = true;
  /** A method's hooks in every layer (models/hooks.ts); null runs the plain model. */
  hooks: LayerHooks | null = null;
  get layerCount(): number {
    return this.layers.length;
  }
  readonly positions: tf.Tensor2D;
  constructor(
    readonly config: XglmConfig,
    readonly embed: RowBlocks,
    readonly layers: Layer[],
    readonly lnG: tf.Variable,
    readonly lnB: tf.Variable,
  ) {
    const c = config;
    this.positions = tf.tensor2d(sinusoidalTable(c.max_position_embeddings + OFFSET, c.d_model, c.pad_token_id), [
      c.max_position_embeddings + OFFSET,
      c.d_model,
    ]);
  }
  get hidden() {
    return this.config.d_model;
  }
  get ffnWidth(): number {
    return this.config.ffn_dim;
  }
  /** q, k, v: the thirds of the fused [d, 3d] matrix (q_proj | k_proj | v_proj); the others whole. */
  projectionWeight(layer: number, name: Projection): ProjectionWeight {
    const L = this.layers[layer], d = this.hidden;
    const third = ["query", "key", "value"].indexOf(name);
    if (third >= 0) return { w: L.qkvW, b: L.qkvB, columns: columnRange(third * d, d) };
    const [w, b] = name === "attnOut" ? [L.outW, L.outB] : name === "ffnIn" ? [L.fc1W, L.fc1B] : [L.fc2W, L.fc2B];
    return { w, b, columns: columnRange(0, b.size) };
  }
  /** Each layer's (its LayerNorms', q|k|v, out_proj, fc1, fc2), then the final LayerNorm's. */
  biases(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.ln1B, l.qkvB, l.outB, l.ln2B, l.fc1B, l.fc2B]), this.lnB];
  }
  /** The tokens sit at positions P..P+T-1 after a prefix of P (encodePrefixed). */
  tokensAfterPrefix(P: number): number {
    return this.config.max_position_embeddings - P;
  }
  layerNorms(): tf.Variable[] {
    return [...this.layers.flatMap((l) => [l.ln1G, l.ln1B, l.ln2G, l.ln2B]), this.lnG, this.lnB];
  }
  get wordEmbeddings(): RowBlocks {
    return this.embed;
  }
  /** Token embeddings, scaled by sqrt(d_model) as the reference's scaled embedding does. */
  embedTokens(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.mul(
      this.embed.gather(ids),
      this.config.scale_embedding ? Math.sqrt(this.config.d_model) : 1,
    ) as tf.Tensor3D;
  }
  variables(): tf.Variable[] {
    return [...this.embed.blocks, ...this.layers.flatMap((l) => Object.values(l)), this.lnG, this.lnB];
  }
  parameterCount() {
    return this.variables().reduce((n, v) => n + v.size, 0);
  }
  /** Final hidden states [B, T, d] for token ids (left or right padded) and their 0/1 mask. */
  encodeIds(ids: number[][], mask: number[][]): tf.Tensor3D {
    return this.encode(this.embedTokens(tf.tensor2d(ids, [ids.length, ids[0].length], "int32")), mask);
  }
  /** Final hidden states for input embeddings (already scaled, or soft prompt vectors as given); with `drop`, dropout where the reference applies it (embeddings, attention and FFN outputs). */
  encode(tok: tf.Tensor3D, mask: number[][], drop?: DropoutCtx): tf.Tensor3D {
    const [B, T, d] = tok.shape;
    if (this.hooks?.attentionPrefix) return this.encodePrefixed(tok, mask, this.hooks.attentionPrefix, drop);
    const x = this.embedOutput(tok, tf.slice(this.positions, [OFFSET, 0], [this.checkLength(T), d]), drop);
    const h = this.layersOver(x, B, T, tf.tensor4d(causalBias(mask), [B, 1, T, T]), drop);
    return tf.reshape(h, [B, T, d]) as tf.Tensor3D;
  }
  prefixState(tok: tf.Tensor3D, lengths: number[], drop?: DropoutCtx): PrefixState {
    const [B, N, d] = tok.shape;
    const x = this.embedOutput(tok, tf.slice(this.positions, [OFFSET, 0], [this.checkLength(N), d]), drop);
    const mask = lengths.map((n) => Array.from({ length: N }, (_, j) => (j < n ? 1 : 0)));
    const keep = { keys: [] as tf.Tensor3D[], values: [] as tf.Tensor3D[], lengths };
    this.layersOver(x, B, N, tf.tensor4d(causalBias(mask), [B, 1, N, N]), drop, undefined, keep);
    return keep;
  }
  encodeSuffix(prefix: PrefixState, suffix: tf.Tensor3D, drop?: DropoutCtx): tf.Tensor3D {
    const [B, P, d] = suffix.shape, N = prefix.keys[0].shape[1];
    this.checkLength(Math.max(...prefix.lengths) + P);
    // each row's suffix sits at positions n..n+P-1 after its n tokens, as in encode over [tokens; suffix; pad]
    const at = prefix.lengths.flatMap((n) => Array.from({ length: P }, (_, i) => OFFSET + n + i));
    const pos = tf.reshape(tf.gather(this.positions, tf.tensor1d(at, "int32")), [B, P, d]);
    const x = this.embedOutput(suffix, pos, drop);
    const bias = tf.tensor4d(suffixBias(prefix.lengths, N, P), [B, 1, P, N + P]);
    return tf.reshape(this.layersOver(x, B, P, bias, drop, prefix), [B, P, d]) as tf.Tensor3D;
  }
  /**
   * encode after a method's attention prefix, as the reference runs P past keys and values (the attention mask
   * extended by P ones): the prefix as every row's prefix state, the tokens as its suffix at positions P..P+T-1.
   */
  private encodePrefixed(tok: tf.Tensor3D, mask: number[][], pre: AttentionPrefix, drop?: DropoutCtx): tf.Tensor3D {
    const [B, T, d] = tok.shape, P = pre.length;
    const x = this.embedOutput(tok, tf.slice(this.positions, [OFFSET + P, 0], [this.checkLength(T, P), d]), drop);
    const bias = tf.tensor4d(prefixedCausalBias(mask, P), [B, 1, T, P + T]);
    const past = prefixPast(pre, this.layers.length, d, B);
    return tf.reshape(this.layersOver(x, B, T, bias, drop, past), [B, T, d]) as tf.Tensor3D;
  }
  private checkLength(T: number, past = 0): number {
    if (past + T > this.config.max_position_embeddings) {
      const after = past ? ` after a ${past}-position attention prefix` : "";
      throw new Error(
        `sequence of ${T} tokens${after} exceeds max_position_embeddings ${this.config.max_position_embeddings}`,
      );
    }
    return T;
  }
  private embedOutput(tok: tf.Tensor3D, pos: tf.Tensor, drop?: DropoutCtx): tf.Tensor2D {
    const [B, T, d] = tok.shape;
    return dropout(tf.reshape(tf.add(tok, pos), [B * T, d]), drop) as tf.Tensor2D;
  }
  /**
   * The layers over hidden states [B*S, d] of S positions, then the final LayerNorm. With `past`, each
   * layer's queries also attend to the prefix's keys and values (bias [B, 1, S, N + S]). With `keep`,
   * each layer's keys and values are collected and the work stops at the last layer's (a prefix state).
   */
  private layersOver(
    x: tf.Tensor2D,
    B: number,
    S: number,
    bias: tf.Tensor,
    drop?: DropoutCtx,
    past?: PrefixState,
    keep?: PrefixState,
  ): tf.Tensor2D {
    const c = this.config, d = c.d_model, H = c.attention_heads;
    const hk = this.hooks;
    for (const [i, L] of this.layers.entries()) {
      // a method's hooks (models/hooks.ts), only where it set them: without, the same operations as ever
      const { proj, act, sub } = layerHookCalls(hk, i);
      const h = layerNorm(x, L.ln1G, L.ln1B, c.layer_norm_eps) as tf.Tensor2D;
      const [q0, k0, v0] = tf.split(tf.add(mm(h, L.qkvW as unknown as tf.Tensor2D), L.qkvB), 3, 1);
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
          1 / Math.sqrt(d / H),
          undefined,
          past.keys[i].shape[1] + S,
        )
        : attend(q, k, v, B, S, H, bias, 1 / Math.sqrt(d / H));
      const attnOut = proj(
        "attnOut",
        ctx as tf.Tensor2D,
        tf.add(mm(ctx as tf.Tensor2D, L.outW as unknown as tf.Tensor2D), L.outB),
      );
      x = tf.add(x, sub("attention", dropout(attnOut, drop))) as tf.Tensor2D;
      const f = layerNorm(x, L.ln2G, L.ln2B, c.layer_norm_eps) as tf.Tensor2D;
      const inner = act(gelu(proj("ffnIn", f, tf.add(mm(f, L.fc1W as unknown as tf.Tensor2D), L.fc1B))));
      const ffnOut = proj("ffnOut", inner, tf.add(mm(inner, L.fc2W as unknown as tf.Tensor2D), L.fc2B));
      x = tf.add(x, sub("ffn", dropout(ffnOut, drop))) as tf.Tensor2D;
    }
    return layerNorm(x, this.lnG, this.lnB, c.layer_norm_eps) as tf.Tensor2D;
  }
  lmLogitsFor(h: tf.Tensor2D, tokenIds: number[]): tf.Tensor2D {
    return mmT(h, this.embed.rowsAt(tokenIds));
  }
  /** LM logits [N, vocab] (head tied to the token embeddings, no bias). */
  lmLogits(h: tf.Tensor2D): tf.Tensor2D {
    return this.embed.matMulT(h, mmT);
  }
  dispose() {
    for (const v of this.variables()) v.dispose();
    this.positions.dispose();
  }
}

export function xglmFromTensors(c: XglmConfig, tensors: Map<string, RawTensor>, source: string): XglmModel {
  const r = new WeightReader(tensors, source, "model.");
  const d = c.d_model, F = c.ffn_dim;
  const layers: Layer[] = [];
  for (let i = 0; i < c.num_layers; i++) {
    const p = `layers.${i}.`;
    const lin = (n: string, o: number, inp: number) => r.linear(`${p}${n}.weight`, o, inp);
    const qkv = ["q_proj", "k_proj", "v_proj"].map((n) => `${p}self_attn.${n}`);
    layers.push({
      qkvW: r.linearConcat(qkv.map((n) => `${n}.weight`), d, d),
      qkvB: r.vecConcat(qkv.map((n) => `${n}.bias`), d),
      outW: lin("self_attn.out_proj", d, d),
      outB: r.vec(`${p}self_attn.out_proj.bias`, d),
      ln1G: r.vec(`${p}self_attn_layer_norm.weight`, d),
      ln1B: r.vec(`${p}self_attn_layer_norm.bias`, d),
      fc1W: lin("fc1", F, d),
      fc1B: r.vec(`${p}fc1.bias`, F),
      fc2W: lin("fc2", d, F),
      fc2B: r.vec(`${p}fc2.bias`, d),
      ln2G: r.vec(`${p}final_layer_norm.weight`, d),
      ln2B: r.vec(`${p}final_layer_norm.bias`, d),
    });
  }
  const model = new XglmModel(
    c,
    r.table("embed_tokens.weight", c.vocab_size, d),
    layers,
    r.vec("layer_norm.weight", d),
    r.vec("layer_norm.bias", d),
  );
  r.finish([/embed_positions/, /^lm_head\.weight$/], "XGLMForCausalLM");
  return model;
}

export function randomXglmTensors(c: XglmConfig, seed: number): Map<string, RawTensor> {
  const w = new RandomWeights(seed);
  const d = c.d_model;
  w.matrix("model.embed_tokens.weight", c.vocab_size, d, c.pad_token_id);
  for (let i = 0; i < c.num_layers; i++) {
    const p = `model.layers.${i}.`;
    for (const n of ["q_proj", "k_proj", "v_proj", "out_proj"]) w.linear(`${p}self_attn.${n}`, d, d);
    w.norm(`${p}self_attn_layer_norm`, d);
    w.linear(`${p}fc1`, c.ffn_dim, d);
    w.linear(`${p}fc2`, d, c.ffn_dim);
    w.norm(`${p}final_layer_norm`, d);
  }
  w.norm("model.layer_norm", d);
  return w.tensors;
}
