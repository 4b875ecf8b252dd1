// Where a method may act inside a backbone's layers (LoRA, (IA)³, adapters,
// prefix-tuning): each layer's projections, the FFN's activation, each
// sublayer's output before its residual add, and keys and values that every
// query attends to before the tokens'. A backbone runs a hook only where a
// method set one, so a model without hooks computes exactly what it did before.
import type { tf } from "./backend.ts";
import { prefixRows } from "./attention.ts";

/** A layer's linear maps, by the role they play (a fused q|k|v weight is split into its three). */
export type Projection = "query" | "key" | "value" | "attnOut" | "ffnIn" | "ffnOut";
export const PROJECTIONS = ["query", "key", "value", "attnOut", "ffnIn", "ffnOut"] as const satisfies Projection[];

/** A sublayer whose output (after its output projection and dropout, before the residual add) a hook may change. */
export type Sublayer = "attention" | "ffn";

export interface LayerHooks {
  /** A projection's output y [N, out] given its input x [N, in]: LoRA adds x·A·B·s, (IA)³ rescales y. */
  projection?(layer: number, name: Projection, x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D;
  /** The FFN's activation a [N, d_ff] (the input of ffnOut): (IA)³'s l_ff. */
  activation?(layer: number, a: tf.Tensor2D): tf.Tensor2D;
  /** A sublayer's output [N, d] before the residual add: a bottleneck adapter. */
  sublayer?(layer: number, name: Sublayer, out: tf.Tensor2D): tf.Tensor2D;
  /** Keys and values before the tokens' in every layer's attention: prefix-tuning, P-tuning v2. */
  attentionPrefix?: AttentionPrefix;
}

/**
 * P positions of keys and values, the same for every row of a batch, that each layer's queries see before the
 * tokens' own (Hugging Face's past_key_values of length P with the attention mask extended by P ones): in an
 * encoder every token sees all of them, in a decoder too (they come before every token). The tokens' positions
 * then count from P, as after P cached positions (XLM-R: padding_idx + 1 + P onwards; XGLM's sinusoids and BLOOM's
 * ALiBi: from P). The `key` and `value` projection hooks act on the tokens' keys and values only.
 */
export interface AttentionPrefix {
  /** P, at least 1. */
  readonly length: number;
  /**
   * Each layer's prefix keys and values [P, d] (one per layer, in layer order), in the projected space: after the
   * key or value projection and its bias, before the head split (head h reads columns h·d/H to (h+1)·d/H). Called
   * once per forward pass, inside its tidy and gradient scope, so that gradients reach what they are computed from.
   */
  states(): { keys: tf.Tensor2D[]; values: tf.Tensor2D[] };
}

/** A hook's prefix states, checked against a model of `layers` layers and width d (one clear error, whatever the model). */
export function prefixStates(
  pre: AttentionPrefix,
  layers: number,
  d: number,
): { keys: tf.Tensor2D[]; values: tf.Tensor2D[] } {
  const P = pre.length;
  if (!Number.isInteger(P) || P < 1) throw new Error(`attention prefix: length must be a positive integer, got ${P}`);
  const s = pre.states();
  for (const [what, ts] of [["keys", s.keys], ["values", s.values]] as const) {
    if (ts.length !== layers || ts.some((t) => t.shape[0] !== P || t.shape[1] !== d)) {
      throw new Error(
        `attention prefix: ${what} must be ${layers} tensors [${P}, ${d}] (one per layer); got ${ts.length}: ${
          ts.map((t) => `[${t.shape}]`).join(", ")
        }`,
      );
    }
  }
  return s;
}

/**
 * Where a projection's frozen weights live: the weight w, stored [in, out], and the bias b it shares, with
 * the columns of both that are this projection's outputs, in order (output j is column columns[j]): a fused
 * q|k|v weight holds three projections, and BLOOM's interleaves them per head.
 */
export interface ProjectionWeight {
  w: tf.Variable;
  b: tf.Variable;
  columns: number[];
}

/**
 * A backbone whose layers run hooks: set once, by the method built on it (a cell's backbone is its own).
 * What a method reads of the layers' layout comes through here, so that one method runs on every
 * architecture that implements it (XLM-R, XGLM, BLOOM).
 */
export interface Hookable {
  hooks: LayerHooks | null;
  /** The layer count, for methods that add a module per layer. */
  readonly layerCount: number;
  /** The FFN's inner width d_ff: ffnIn's output, the activation, ffnOut's input. */
  readonly ffnWidth: number;
  /** The frozen weight and bias a layer's projection lives in (LoRA merges its update there). */
  projectionWeight(layer: number, name: Projection): ProjectionWeight;
  /** Every bias of the transformer, LayerNorms' included (not the LM head's), in model order: BitFit's set. */
  biases(): tf.Variable[];
  /** Every LayerNorm's gain and bias (embeddings', layers', final), in model order: what adapters may also train. */
  layerNorms(): tf.Variable[];
  /** How many tokens fit after an attention prefix of P positions (Infinity where positions are unbounded). */
  tokensAfterPrefix(P: number): number;
}

export function isHookable(b: object): b is Hookable {
  const h = b as Partial<Hookable>;
  return "hooks" in b && typeof h.layerCount === "number" && typeof h.ffnWidth === "number" &&
    typeof h.projectionWeight === "function" && typeof h.biases === "function" && typeof h.layerNorms === "function" &&
    typeof h.tokensAfterPrefix === "function";
}

/** The backbone as a hookable one, or an error naming the method that needs it. */
export function asHookable<B extends object>(backbone: B, method: string): B & Hookable {
  if (!isHookable(backbone)) throw new Error(`${method}: the backbone runs no layer hooks (models/hooks.ts)`);
  return backbone;
}

/** The columns [from, from + width) of a weight, as a projection's (a contiguous block of a fused weight). */
export const columnRange = (from: number, width: number): number[] => Array.from({ length: width }, (_, j) => from + j);

/** Set a method's hooks on a backbone that runs none; returns what takes them off again (its dispose). */
export function attachHooks(model: Hookable, hooks: LayerHooks, method: string): () => void {
  if (model.hooks) throw new Error(`${method}: the backbone already runs another method's layer hooks`);
  model.hooks = hooks;
  return () => {
    if (model.hooks === hooks) model.hooks = null;
  };
}

/** One layer's hook calls, each the identity where the method set no hook (what every architecture's layer calls). */
export function layerHookCalls(hk: LayerHooks | null, layer: number) {
  return {
    proj: (n: Projection, x: tf.Tensor2D, y: tf.Tensor): tf.Tensor2D =>
      hk?.projection ? hk.projection(layer, n, x, y as tf.Tensor2D) : y as tf.Tensor2D,
    act: (a: tf.Tensor): tf.Tensor2D => hk?.activation ? hk.activation(layer, a as tf.Tensor2D) : a as tf.Tensor2D,
    sub: (n: Sublayer, out: tf.Tensor): tf.Tensor => hk?.sublayer ? hk.sublayer(layer, n, out as tf.Tensor2D) : out,
  };
}

/** A decoder's prefix state (backbone.ts PrefixState) of B rows that all start with the hook's P positions. */
export function prefixPast(
  pre: AttentionPrefix,
  layers: number,
  d: number,
  B: number,
): { keys: tf.Tensor3D[]; values: tf.Tensor3D[]; lengths: number[] } {
  const { keys, values } = prefixStates(pre, layers, d);
  const rows = (ts: tf.Tensor2D[]) => ts.map((t) => prefixRows(t, B));
  return { keys: rows(keys), values: rows(values), lengths: Array(B).fill(pre.length) };
}
