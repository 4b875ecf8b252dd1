// Where a method may act inside a backbone's layers (LoRA, (IA)³, adapters):
// each layer's projections, the FFN's activation, and each sublayer's output
// before its residual add. A backbone runs a hook only where a method set
// one, so a model without hooks computes exactly what it did before.
import type { tf } from "./backend.ts";

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
}

export function isHookable(b: object): b is Hookable {
  const h = b as Partial<Hookable>;
  return "hooks" in b && typeof h.layerCount === "number" && typeof h.ffnWidth === "number" &&
    typeof h.projectionWeight === "function" && typeof h.biases === "function" && typeof h.layerNorms === "function";
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
