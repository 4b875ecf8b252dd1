// XLM-R's weights as this project stores them (linears [in, out], query, key
// and value fused into one [d, 3d] matrix), and where each role the layer
// hooks name lives in them: what XlmrModel tells a method through Hookable.
import type { tf } from "./backend.ts";
import { columnRange, type Projection, type ProjectionWeight } from "./hooks.ts";
import type { RowBlocks } from "./row-blocks.ts";

type V = tf.Variable;
export interface LayerWeights {
  qkvW: V; // [d, 3d]
  qkvB: V; // [3d]
  attnOutW: V;
  attnOutB: V;
  attnLnG: V;
  attnLnB: V;
  interW: V; // [d, I]
  interB: V;
  outW: V; // [I, d]
  outB: V;
  outLnG: V;
  outLnB: V;
}
export interface XlmrWeights {
  wordEmb: RowBlocks; // [vocab, d], tied to the MLM decoder
  posEmb: V;
  typeEmb: V;
  embLnG: V;
  embLnB: V;
  layers: LayerWeights[];
  lmDenseW: V;
  lmDenseB: V;
  lmLnG: V;
  lmLnB: V;
  lmBias: V; // [vocab]
}

/** A projection's weight and bias in a layer of width d: q, k, v are the thirds of the fused matrix. */
export function xlmrProjection(L: LayerWeights, name: Projection, d: number): ProjectionWeight {
  const third = ["query", "key", "value"].indexOf(name);
  if (third >= 0) return { w: L.qkvW, b: L.qkvB, columns: columnRange(third * d, d) };
  const [w, b] = name === "attnOut"
    ? [L.attnOutW, L.attnOutB]
    : name === "ffnIn"
    ? [L.interW, L.interB]
    : [L.outW, L.outB];
  return { w, b, columns: columnRange(0, b.size) };
}

/** Every bias of the encoder (the MLM head's aside): the embedding LayerNorm's, then each layer's. */
export function xlmrBiases(w: XlmrWeights): V[] {
  return [w.embLnB, ...w.layers.flatMap((l) => [l.qkvB, l.attnOutB, l.attnLnB, l.interB, l.outB, l.outLnB])];
}

/** Every LayerNorm of the encoder (the MLM head's aside): the embeddings', then each layer's two. */
export function xlmrLayerNorms(w: XlmrWeights): V[] {
  return [w.embLnG, w.embLnB, ...w.layers.flatMap((l) => [l.attnLnG, l.attnLnB, l.outLnG, l.outLnB])];
}
