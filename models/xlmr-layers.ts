// XLM-R layers as parts: a second tower copies (or newly initialises) some of a
// model's layers (UniPrompt's template tower, a prompt translator's encoder).
import { tf, variableFrom } from "./backend.ts";
import type { XlmrConfig } from "./config.ts";
import type { LayerWeights } from "./xlmr.ts";
import { normals, type Rng } from "../core/rng.ts";

/** An independent copy of some layers (own variables), e.g. UniPrompt's template tower initialised from the backbone's bottom layers. */
export function cloneLayers(layers: LayerWeights[], trainable: boolean): LayerWeights[] {
  return layers.map((L) =>
    Object.fromEntries(
      Object.entries(L).map(([k, v]) => [k, variableFrom(tf.clone(v), trainable)]),
    ) as unknown as LayerWeights
  );
}

/** Freshly initialised layers as the reference initialises them: N(0, initializer_range) weights, zero biases, unit LayerNorm. */
export function randomLayers(c: XlmrConfig, n: number, rng: Rng, trainable: boolean): LayerWeights[] {
  const std = (c as { initializer_range?: number }).initializer_range ?? 0.02;
  const d = c.hidden_size, I = c.intermediate_size;
  const normal = (r: number, k: number) => variableFrom(tf.tensor2d(normals(r * k, std, rng), [r, k]), trainable);
  const zeros = (k: number) => variableFrom(tf.zeros([k]), trainable);
  const ones = (k: number) => variableFrom(tf.ones([k]), trainable);
  return Array.from({ length: n }, () => ({
    qkvW: normal(d, 3 * d),
    qkvB: zeros(3 * d),
    attnOutW: normal(d, d),
    attnOutB: zeros(d),
    attnLnG: ones(d),
    attnLnB: zeros(d),
    interW: normal(d, I),
    interB: zeros(I),
    outW: normal(I, d),
    outB: zeros(d),
    outLnG: ones(d),
    outLnB: zeros(d),
  }));
}

export function layerVariables(layers: LayerWeights[]): tf.Variable[] {
  return layers.flatMap((l) => Object.values(l));
}
