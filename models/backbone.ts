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

/** Each layer's keys and values [B, N, d] over right-padded token prefixes of `lengths` (N = the longest). */
export interface PrefixState {
  keys: tf.Tensor3D[];
  values: tf.Tensor3D[];
  lengths: number[];
}

/**
 * A decoder that can run a suffix (SPT's suffix prompt) against its token prefix's keys and values
 * (XGLM, BLOOM): in a causal model the prefix never sees the suffix, so with frozen weights and no
 * dropout its keys and values can be computed once and reused.
 */
export interface SuffixDecoder {
  /** The prefix's keys and values for input embeddings [B, N, d] (right-padded; rows of `lengths` tokens); dropout as in encode. */
  prefixState(embeds: tf.Tensor3D, lengths: number[], drop?: DropoutCtx): PrefixState;
  /** Final hidden states [B, P, d] of suffix embeddings [B, P, d] placed right after each row's prefix: those of encode over [tokens; suffix]. */
  encodeSuffix(prefix: PrefixState, suffix: tf.Tensor3D, drop?: DropoutCtx): tf.Tensor3D;
}

export function isSuffixDecoder(b: Backbone): b is Backbone & SuffixDecoder {
  const d = b as Partial<SuffixDecoder>;
  return b.causal && typeof d.prefixState === "function" && typeof d.encodeSuffix === "function";
}
