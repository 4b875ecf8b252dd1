// XLM-R configuration (config.json, Hugging Face field names). Fields the
// implementation does not support are errors, not silent differences.
export interface XlmrConfig {
  model_type: "xlm-roberta";
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: "gelu";
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  pad_token_id: number;
  bos_token_id: number;
  eos_token_id: number;
  position_embedding_type?: "absolute";
  architectures?: string[];
}

const POSITIVE_INTS = [
  "vocab_size",
  "hidden_size",
  "num_hidden_layers",
  "num_attention_heads",
  "intermediate_size",
  "max_position_embeddings",
  "type_vocab_size",
] as const;

/** Token positions of an XLM-R: position ids start after padding_idx (RoBERTa's create_position_ids_from_input_ids). */
export function xlmrPositions(c: Pick<XlmrConfig, "max_position_embeddings" | "pad_token_id">): number {
  return c.max_position_embeddings - c.pad_token_id - 1;
}

export function parseXlmrConfig(raw: Record<string, unknown>, source: string): XlmrConfig {
  const bad = (field: string, why: string) => new Error(`${source}: field "${field}" ${why}`);
  if (raw.model_type !== "xlm-roberta" && raw.model_type !== "roberta") {
    throw bad("model_type", `is ${JSON.stringify(raw.model_type)}; this loader supports "xlm-roberta"`);
  }
  for (const f of POSITIVE_INTS) {
    const v = raw[f];
    if (!Number.isInteger(v) || (v as number) <= 0) {
      throw bad(f, `must be a positive integer, got ${JSON.stringify(v)}`);
    }
  }
  if ((raw.hidden_size as number) % (raw.num_attention_heads as number) !== 0) {
    throw bad("num_attention_heads", `(${raw.num_attention_heads}) must divide hidden_size (${raw.hidden_size})`);
  }
  if (raw.hidden_act !== "gelu") throw bad("hidden_act", `is ${JSON.stringify(raw.hidden_act)}; supported: "gelu"`);
  const pet = raw.position_embedding_type ?? "absolute";
  if (pet !== "absolute") throw bad("position_embedding_type", `is ${JSON.stringify(pet)}; supported: "absolute"`);
  if (raw.is_decoder === true || raw.add_cross_attention === true) {
    throw bad("is_decoder", "is set; only the encoder is supported");
  }
  return {
    ...(raw as object),
    model_type: "xlm-roberta",
    hidden_act: "gelu",
    hidden_dropout_prob: (raw.hidden_dropout_prob as number) ?? 0.1,
    attention_probs_dropout_prob: (raw.attention_probs_dropout_prob as number) ?? 0.1,
    layer_norm_eps: (raw.layer_norm_eps as number) ?? 1e-5,
    pad_token_id: (raw.pad_token_id as number) ?? 1,
    bos_token_id: (raw.bos_token_id as number) ?? 0,
    eos_token_id: (raw.eos_token_id as number) ?? 2,
  } as XlmrConfig;
}

/** The size of an XLM-R model; everything else takes the reference defaults. */
export interface XlmrShape {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
}

/** FacebookAI/xlm-roberta-base's shape (its config.json): for parameter counts and sizing without its weights. */
export const XLMR_BASE_SHAPE: XlmrShape = {
  vocab_size: 250002,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 514,
};

/** A complete config.json object for XLMRobertaForMaskedLM of the given shape. */
export function xlmrConfigJson(shape: XlmrShape) {
  return {
    architectures: ["XLMRobertaForMaskedLM"],
    model_type: "xlm-roberta",
    ...shape,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    type_vocab_size: 1,
    layer_norm_eps: 1e-5,
    pad_token_id: 1,
    bos_token_id: 0,
    eos_token_id: 2,
    position_embedding_type: "absolute",
  };
}
