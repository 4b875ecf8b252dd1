// What the methods need from a backbone, whatever its architecture: token
// embeddings, an encoder over input embeddings (so soft prompts can be
// spliced in), label-word logits from the tied LM head, and its variables.
import type { tf } from "./backend.ts";
import type { RowBlocks } from "./row-blocks.ts";
import type { DropoutCtx } from "./xlmr.ts";

export interface Backbone {
  readonly hidden: number;
  /** Decoders read the position after the prompt (suffix prompt); encoders take a prefix prompt. */
  readonly causal: boolean;
  /** The token embeddings, tied to the LM head (row blocks where larger than the backend binds at once). */
  readonly wordEmbeddings: RowBlocks;
  embedTokens(ids: tf.Tensor2D): tf.Tensor3D;
  encode(embeds: tf.Tensor3D, mask: number[][], drop?: DropoutCtx): tf.Tensor3D;
  /** LM logits of some vocabulary entries [N, |ids|] for hidden states [N, d]. */
  lmLogitsFor(h: tf.Tensor2D, tokenIds: number[]): tf.Tensor2D;
  variables(): tf.Variable[];
  parameterCount(): number;
  dispose(): void;
}
