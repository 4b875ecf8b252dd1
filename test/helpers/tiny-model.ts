// A tiny XLM-R checkpoint in the Hugging Face layout, made by the project's
// own code (random weights, tokenizer trained on a few sentences).
import { join } from "node:path";
import { parseXlmrConfig, xlmrConfigJson } from "../../models/config.ts";
import { savePretrained } from "../../models/pretrained.ts";
import { trainUnigramTokenizer, XLMR_TOKENIZER_CONFIG } from "../../models/tokenizer-trainer.ts";
import { randomXlmrTensors } from "../../models/xlmr.ts";
import { tempDir } from "./mirror.ts";

export const TINY_TEXTS = [
  "The match ended in a draw after extra time.",
  "Le musée ouvre ses portes aux visiteurs le matin.",
  "Die Regierung hat neue Gesetze beschlossen.",
  "La ciencia avanza gracias a la investigación.",
  "Travel by train is popular in the mountains.",
  "Health experts recommend regular exercise.",
  "science travel politics sports health entertainment geography",
];

export const TINY_CONFIG = xlmrConfigJson({
  vocab_size: 300,
  hidden_size: 16,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 32,
  max_position_embeddings: 130,
});

export function makeTinyModelDir(seed = 7, configJson: Record<string, unknown> = TINY_CONFIG): string {
  const dir = join(tempDir("xlt-tiny-"), "model");
  const tokenizer = trainUnigramTokenizer(TINY_TEXTS, { vocabSize: 300, minCharCount: 1 });
  const config = parseXlmrConfig({ ...configJson }, "tiny");
  savePretrained(
    dir,
    { config: configJson, tokenizer, tokenizerConfig: XLMR_TOKENIZER_CONFIG },
    randomXlmrTensors(config, seed),
  );
  return dir;
}

export const TINY_XGLM = {
  architectures: ["XGLMForCausalLM"],
  model_type: "xglm",
  vocab_size: 300,
  d_model: 16,
  ffn_dim: 32,
  num_layers: 2,
  attention_heads: 2,
  max_position_embeddings: 64,
  activation_function: "gelu",
  scale_embedding: true,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
};

export const TINY_BLOOM = {
  architectures: ["BloomForCausalLM"],
  model_type: "bloom",
  vocab_size: 300,
  hidden_size: 24,
  n_layer: 2,
  n_head: 6,
  layer_norm_epsilon: 1e-5,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
};

/** A decoder checkpoint (XGLM or BLOOM layout) with random weights and the tiny tokenizer. */
export function makeTinyDecoderDir(
  config: object,
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
): string {
  const dir = join(tempDir("xlt-tiny-dec-"), "model");
  const tokenizer = trainUnigramTokenizer(TINY_TEXTS, { vocabSize: 300, minCharCount: 1 });
  savePretrained(dir, { config, tokenizer, tokenizerConfig: XLMR_TOKENIZER_CONFIG }, tensors);
  return dir;
}
