// Initial values of the weights methods add (new embeddings, label words), as
// transformers initialises them: N(0, initializer_range).
import { tf } from "../models/backend.ts";
import { normals, type Rng } from "../core/rng.ts";

/** A rows x cols matrix of N(0, std^2) draws from the cell's stream. */
export function normalMatrix(rows: number, cols: number, std: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(normals(rows * cols, std, rng), [rows, cols]);
}

/** The backbone's initializer_range (0.02 when its config does not say). */
export function initializerRange(config: object): number {
  return (config as { initializer_range?: number }).initializer_range ?? 0.02;
}
