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

/** A backbone whose layers run hooks: set once, by the method built on it (a cell's backbone is its own). */
export interface Hookable {
  hooks: LayerHooks | null;
  /** The layer count, for methods that add a module per layer. */
  readonly layerCount: number;
}

export function isHookable(b: object): b is Hookable {
  return "hooks" in b && typeof (b as Partial<Hookable>).layerCount === "number";
}

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
