// XLM-R encoder (XLMRobertaForMaskedLM) in TensorFlow.js: word + position
// (offset by the padding index) + token-type embeddings, post-LayerNorm
// transformer layers with exact GELU, and the MLM head whose decoder is tied to
// the word embeddings. Linear weights are stored pre-transposed ([in, out]) and
// Q/K/V fused into one matrix so the hot matmuls stay 2-D (fast on WASM).
import { tf, variableFrom } from "./backend.ts";
import { attend, paddingBias, prefixRows, withPast } from "./attention.ts";
import { dropoutMultiplier, fusedAttend, fusedAttendFits } from "./fused-attention.ts";
import { linearProduct, mmT } from "./linalg.ts";
import { RowBlocks } from "./row-blocks.ts";
import {
  type Hookable,
  layerHookCalls,
  type LayerHooks,
  prefixStates,
  type Projection,
  type ProjectionWeight,
} from "./hooks.ts";
import { type LayerWeights, xlmrBiases, xlmrLayerNorms, xlmrProjection, type XlmrWeights } from "./xlmr-weights.ts";
import { type XlmrConfig, xlmrPositions } from "./config.ts";
import type { RawTensor } from "./safetensors.ts";
import type { Rng } from "../core/rng.ts";
import { layerKeys, ROBERTA as P } from "./xlmr-random.ts";
// where its importers have always found it
export { randomXlmrTensors } from "./xlmr-random.ts";

type V = tf.Variable;
export type { LayerWeights, XlmrWeights } from "./xlmr-weights.ts";

/** Deterministic dropout: each call draws its seed from the cell's stream. */
export interface DropoutCtx {
  rate: number;
  rng: Rng;
}

// one kernel each way on WASM (models/fused.ts); where its importers have always found them
export { gelu, layerNorm } from "./fused.ts";
import { gelu, layerNorm } from "./fused.ts";

export function dropout(x: tf.Tensor, ctx: DropoutCtx | undefined): tf.Tensor {
  if (!ctx || ctx.rate <= 0) return x;
  return tf.dropout(x, ctx.rate, undefined, ctx.rng.int(2 ** 31));
}

const linear = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
  tf.add(linearProduct(x as tf.Tensor2D, w as tf.Tensor2D), b);

export class XlmrModel implements Hookable {
  readonly causal = false;
  /** A method's hooks in every layer (models/hooks.ts); null runs the plain model. */
  hooks: LayerHooks | null = null;
  constructor(
    readonly config: XlmrConfig,
    readonly w: XlmrWeights,
  ) {}

  get layerCount(): number {
    return this.w.layers.length;
  }

  get hidden(): number {
    return this.config.hidden_size;
  }

  get ffnWidth(): number {
    return this.config.intermediate_size;
  }

  projectionWeight(layer: number, name: Projection): ProjectionWeight {
    return xlmrProjection(this.w.layers[layer], name, this.hidden);
  }

  biases(): V[] {
    return xlmrBiases(this.w);
  }

  /** Positions run from padding_idx + 1 + P after a prefix of P (positionIds). */
  tokensAfterPrefix(P: number): number {
    return xlmrPositions(this.config) - P;
  }
  layerNorms(): V[] {
    return xlmrLayerNorms(this.w);
  }

  get wordEmbeddings(): RowBlocks {
    return this.w.wordEmb;
  }

  /** Every backbone variable (for "without model freezing"). */
  variables(): V[] {
    const { layers, wordEmb, ...top } = this.w;
    return [...wordEmb.blocks, ...Object.values(top), ...layers.flatMap((l) => Object.values(l))];
  }

  /** The encoder's variables: embeddings (word, position, type, LayerNorm) and every layer. */
  encoderVariables(): V[] {
    const w = this.w;
    return [...w.wordEmb.blocks, w.posEmb, w.typeEmb, w.embLnG, w.embLnB, ...w.layers.flatMap((l) => Object.values(l))];
  }

  /** The MLM head's own variables (its decoder is tied to the word embeddings). */
  lmHeadVariables(): V[] {
    return [this.w.lmDenseW, this.w.lmDenseB, this.w.lmLnG, this.w.lmLnB, this.w.lmBias];
  }

  parameterCount(): number {
    return this.variables().reduce((n, v) => n + v.size, 0);
  }

  embedTokens(ids: tf.Tensor2D): tf.Tensor3D {
    return this.w.wordEmb.gather(ids) as tf.Tensor3D;
  }

  /**
   * Position ids as the reference builds them from input ids: padding_idx + 1 +
   * index for real tokens, padding_idx for padding (right-padded batches); after
   * `past` positions (an attention prefix) from padding_idx + 1 + past, as its
   * create_position_ids_from_input_ids(past_key_values_length) counts.
   */
  positionIds(mask: number[][], past = 0): tf.Tensor2D {
    const pad = this.config.pad_token_id;
    const rows = mask.map((r) => r.map((m, i) => (m ? pad + 1 + past + i : pad)));
    const maxPos = this.config.max_position_embeddings;
    const worst = Math.max(...rows.flat());
    if (worst >= maxPos) {
      const after = past
        ? ` after a ${past}-position attention prefix (at most ${maxPos - pad - 1 - past} tokens fit)`
        : "";
      throw new Error(`sequence needs position ${worst}${after}, beyond max_position_embeddings ${maxPos}`);
    }
    return tf.tensor2d(rows, undefined, "int32");
  }

  /** Final hidden states [B, T, d] for token ids and their 0/1 mask. */
  encodeIds(ids: number[][], mask: number[][]): tf.Tensor3D {
    return this.encode(this.embedTokens(tf.tensor2d(ids, [ids.length, ids[0].length], "int32")), mask);
  }

  /** Final hidden states [B, T, d] for input embeddings and a 0/1 mask [B][T]. */
  encode(embeds: tf.Tensor3D, mask: number[][], drop?: DropoutCtx): tf.Tensor3D {
    const [B, T, d] = embeds.shape;
    return tf.reshape(this.runLayers(this.embeddingOutput(embeds, mask, drop), mask, this.w.layers, drop), [B, T, d]);
  }

  /** The embedding layer's output [B*T, d]: input embeddings + positions + token type, LayerNorm, dropout. */
  embeddingOutput(embeds: tf.Tensor3D, mask: number[][], drop?: DropoutCtx): tf.Tensor2D {
    const [B, T, d] = embeds.shape;
    const pos = this.positionIds(mask, this.hooks?.attentionPrefix?.length);
    const x = tf.reshape(
      tf.add(tf.add(embeds, tf.gather(this.w.posEmb, pos)), tf.slice(this.w.typeEmb, [0, 0], [1, d])),
      [B * T, d],
    );
    return dropout(layerNorm(x, this.w.embLnG, this.w.embLnB, this.config.layer_norm_eps), drop) as tf.Tensor2D;
  }

  /**
   * Transformer layers (any of this model's, or others of the same shape, e.g.
   * a copy serving as a second tower) over hidden states [B*T, d] with a 0/1 mask [B][T].
   */
  runLayers(x: tf.Tensor2D, mask: number[][], layers: LayerWeights[], drop?: DropoutCtx): tf.Tensor2D {
    const c = this.config;
    const B = mask.length, T = mask[0].length;
    const H = c.num_attention_heads;
    const hk = this.hooks;
    // an attention prefix: P more keys that every query sees (the padding mask extended by P ones, as PEFT's)
    const pre = hk?.attentionPrefix && prefixStates(hk.attentionPrefix, layers.length, c.hidden_size);
    const past = pre ? hk.attentionPrefix!.length : 0;
    const bias = paddingBias(past ? mask.map((r) => [...Array(past).fill(1), ...r]) : mask);
    let h: tf.Tensor = x;
    for (const [i, L] of layers.entries()) {
      if (hk) {
        h = this.hookedLayer(i, L, h as tf.Tensor2D, B, T, bias, hk, drop, pre);
        continue;
      }
      const merged = this.attention(linear(h, L.qkvW, L.qkvB) as tf.Tensor2D, B, T, H, bias, drop);
      const attn = dropout(linear(merged, L.attnOutW, L.attnOutB), drop);
      h = layerNorm(tf.add(attn, h), L.attnLnG, L.attnLnB, c.layer_norm_eps);
      const inter = gelu(linear(h, L.interW, L.interB));
      const out = dropout(linear(inter, L.outW, L.outB), drop);
      h = layerNorm(tf.add(out, h), L.outLnG, L.outLnB, c.layer_norm_eps);
    }
    return h as tf.Tensor2D;
  }

  /** Self-attention from the fused q|k|v projection: one kernel each way where OpenBLAS runs (models/fused-attention.ts). */
  private attention(qkv: tf.Tensor2D, B: number, T: number, H: number, bias: tf.Tensor, drop?: DropoutCtx) {
    const scale = 1 / Math.sqrt(this.config.hidden_size / H);
    if (fusedAttendFits(bias, B, T)) {
      const rate = drop?.rate ?? 0;
      const keep = rate > 0 ? dropoutMultiplier([B, H, T, T], rate, drop!.rng.int(2 ** 31)) : undefined;
      return fusedAttend(qkv, B, T, H, bias, scale, keep);
    }
    const [q, k, v] = tf.split(qkv, 3, 1);
    return attend(q, k, v, B, T, H, bias, scale, drop && ((p) => dropout(p, drop)));
  }

  /** One layer with a method's hooks (the plain loop above stays as it was, so a model without hooks is unchanged). */
  private hookedLayer(
    i: number,
    L: LayerWeights,
    h: tf.Tensor2D,
    B: number,
    T: number,
    bias: tf.Tensor,
    hk: LayerHooks,
    drop?: DropoutCtx,
    pre?: { keys: tf.Tensor2D[]; values: tf.Tensor2D[] },
  ): tf.Tensor2D {
    const c = this.config;
    const H = c.num_attention_heads;
    const { proj, act, sub } = layerHookCalls(hk, i);
    const [q0, k0, v0] = tf.split(linear(h, L.qkvW, L.qkvB), 3, 1);
    const [q, k, v] = [proj("query", h, q0), proj("key", h, k0), proj("value", h, v0)];
    const scale = 1 / Math.sqrt(c.hidden_size / H);
    const kv = (t: tf.Tensor, p?: tf.Tensor2D[]) => (p ? withPast(prefixRows(p[i], B), t, B, T) : t);
    const Tk = T + (pre ? pre.keys[i].shape[0] : 0);
    const drops = drop && ((p: tf.Tensor) => dropout(p, drop));
    const merged = attend(q, kv(k, pre?.keys), kv(v, pre?.values), B, T, H, bias, scale, drops, Tk) as tf.Tensor2D;
    const attn = sub("attention", dropout(proj("attnOut", merged, linear(merged, L.attnOutW, L.attnOutB)), drop));
    const h1 = layerNorm(tf.add(attn, h), L.attnLnG, L.attnLnB, c.layer_norm_eps) as tf.Tensor2D;
    const inter = act(gelu(proj("ffnIn", h1, linear(h1, L.interW, L.interB))));
    const out = sub("ffn", dropout(proj("ffnOut", inter, linear(inter, L.outW, L.outB)), drop));
    return layerNorm(tf.add(out, h1), L.outLnG, L.outLnB, c.layer_norm_eps) as tf.Tensor2D;
  }

  /** The MLM head's transform (dense, GELU, LayerNorm) of hidden states [N, d]. */
  lmTransform(h: tf.Tensor2D): tf.Tensor2D {
    return layerNorm(
      gelu(linear(h, this.w.lmDenseW, this.w.lmDenseB)),
      this.w.lmLnG,
      this.w.lmLnB,
      this.config.layer_norm_eps,
    ) as tf.Tensor2D;
  }

  /** MLM logits [N, |tokenIds|] restricted to some vocabulary entries (tied decoder). */
  lmLogitsFor(h: tf.Tensor2D, tokenIds: number[]): tf.Tensor2D {
    const ids = tf.tensor1d(tokenIds, "int32");
    const emb = this.w.wordEmb.gather(ids);
    return tf.add(mmT(this.lmTransform(h), emb as tf.Tensor2D), tf.gather(this.w.lmBias, ids));
  }

  /** Full-vocabulary MLM logits [N, vocab]. */
  lmLogits(h: tf.Tensor2D): tf.Tensor2D {
    return tf.add(this.w.wordEmb.matMulT(this.lmTransform(h), mmT), this.w.lmBias);
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

// ---- Hugging Face weight names <-> this layout ----

/** Names the reference has that this model does not use (pooler, buffers, tied decoder). */
const IGNORABLE = [/^roberta\.pooler\./, /position_ids$/, /^lm_head\.decoder\.(weight|bias)$/];

export function xlmrFromTensors(config: XlmrConfig, tensors: Map<string, RawTensor>, source: string): XlmrModel {
  // Checkpoints saved from the bare model have no "roberta." prefix.
  const hasPrefix = [...tensors.keys()].some((k) => k.startsWith(P));
  const used = new Set<string>();
  const get = (name: string, shape: number[]): RawTensor => {
    const key = hasPrefix || !name.startsWith(P) ? name : name.slice(P.length);
    const t = tensors.get(key);
    if (!t) throw new Error(`${source}: missing weight "${key}"`);
    if (t.shape.join() !== shape.join()) {
      throw new Error(`${source}: weight "${key}" has shape [${t.shape}], expected [${shape}]`);
    }
    used.add(key);
    return t;
  };
  const c = config;
  const d = c.hidden_size, I = c.intermediate_size;
  const vec = (name: string, n: number) => variableFrom(tf.tensor1d(get(name, [n]).data), false);
  const mat = (name: string, r: number, k: number) => variableFrom(tf.tensor2d(get(name, [r, k]).data, [r, k]), false);
  // HF Linear weights are [out, in]; stored here as [in, out]
  const linW = (name: string, out: number, inp: number) =>
    tf.tidy(() => tf.transpose(tf.tensor2d(get(name, [out, inp]).data, [out, inp])));
  const layers: LayerWeights[] = [];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const k = layerKeys(i);
    const qkvW = tf.tidy(() =>
      tf.concat(["query", "key", "value"].map((n) => linW(`${k}attention.self.${n}.weight`, d, d)), 1)
    );
    const qkvB = tf.tidy(() =>
      tf.concat(["query", "key", "value"].map((n) => tf.tensor1d(get(`${k}attention.self.${n}.bias`, [d]).data)))
    );
    const asVar = (t: tf.Tensor) => variableFrom(t, false);
    layers.push({
      qkvW: asVar(qkvW),
      qkvB: asVar(qkvB),
      attnOutW: asVar(linW(`${k}attention.output.dense.weight`, d, d)),
      attnOutB: vec(`${k}attention.output.dense.bias`, d),
      attnLnG: vec(`${k}attention.output.LayerNorm.weight`, d),
      attnLnB: vec(`${k}attention.output.LayerNorm.bias`, d),
      interW: asVar(linW(`${k}intermediate.dense.weight`, I, d)),
      interB: vec(`${k}intermediate.dense.bias`, I),
      outW: asVar(linW(`${k}output.dense.weight`, d, I)),
      outB: vec(`${k}output.dense.bias`, d),
      outLnG: vec(`${k}output.LayerNorm.weight`, d),
      outLnB: vec(`${k}output.LayerNorm.bias`, d),
    });
  }
  const lmDense = linW("lm_head.dense.weight", d, d);
  const w: XlmrWeights = {
    wordEmb: RowBlocks.fromData(
      get(`${P}embeddings.word_embeddings.weight`, [c.vocab_size, d]).data,
      c.vocab_size,
      d,
      false,
    ),
    posEmb: mat(`${P}embeddings.position_embeddings.weight`, c.max_position_embeddings, d),
    typeEmb: mat(`${P}embeddings.token_type_embeddings.weight`, c.type_vocab_size, d),
    embLnG: vec(`${P}embeddings.LayerNorm.weight`, d),
    embLnB: vec(`${P}embeddings.LayerNorm.bias`, d),
    layers,
    lmDenseW: variableFrom(lmDense, false),
    lmDenseB: vec("lm_head.dense.bias", d),
    lmLnG: vec("lm_head.layer_norm.weight", d),
    lmLnB: vec("lm_head.layer_norm.bias", d),
    lmBias: vec("lm_head.bias", c.vocab_size),
  };
  const unexpected = [...tensors.keys()].filter((k) => !used.has(k) && !IGNORABLE.some((r) => r.test(k)));
  if (unexpected.length) {
    throw new Error(
      `${source}: unexpected weights not used by XLMRobertaForMaskedLM: ${unexpected.slice(0, 10).join(", ")}${
        unexpected.length > 10 ? ` (+${unexpected.length - 10} more)` : ""
      }`,
    );
  }
  return new XlmrModel(config, w);
}

/** The model's weights under their Hugging Face names and layouts ([out, in] linears, tied decoder omitted). */
export function xlmrToTensors(m: XlmrModel): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  const put = (name: string, t: tf.Tensor) => out.set(name, { shape: t.shape, data: t.dataSync() as Float32Array });
  const putLin = (name: string, t: tf.Tensor) =>
    tf.tidy(() => {
      put(name, tf.transpose(t));
    });
  out.set(`${P}embeddings.word_embeddings.weight`, { shape: m.w.wordEmb.shape, data: m.w.wordEmb.dataSync() });
  put(`${P}embeddings.position_embeddings.weight`, m.w.posEmb);
  put(`${P}embeddings.token_type_embeddings.weight`, m.w.typeEmb);
  put(`${P}embeddings.LayerNorm.weight`, m.w.embLnG);
  put(`${P}embeddings.LayerNorm.bias`, m.w.embLnB);
  m.w.layers.forEach((L, i) => {
    const k = layerKeys(i);
    tf.tidy(() => {
      const ws = tf.split(L.qkvW, 3, 1), bs = tf.split(L.qkvB, 3);
      ["query", "key", "value"].forEach((n, j) => {
        putLin(`${k}attention.self.${n}.weight`, ws[j]);
        put(`${k}attention.self.${n}.bias`, bs[j]);
      });
    });
    putLin(`${k}attention.output.dense.weight`, L.attnOutW);
    put(`${k}attention.output.dense.bias`, L.attnOutB);
    put(`${k}attention.output.LayerNorm.weight`, L.attnLnG);
    put(`${k}attention.output.LayerNorm.bias`, L.attnLnB);
    putLin(`${k}intermediate.dense.weight`, L.interW);
    put(`${k}intermediate.dense.bias`, L.interB);
    putLin(`${k}output.dense.weight`, L.outW);
    put(`${k}output.dense.bias`, L.outB);
    put(`${k}output.LayerNorm.weight`, L.outLnG);
    put(`${k}output.LayerNorm.bias`, L.outLnB);
  });
  putLin("lm_head.dense.weight", m.w.lmDenseW);
  put("lm_head.dense.bias", m.w.lmDenseB);
  put("lm_head.layer_norm.weight", m.w.lmLnG);
  put("lm_head.layer_norm.bias", m.w.lmLnB);
  put("lm_head.bias", m.w.lmBias);
  return out;
}
