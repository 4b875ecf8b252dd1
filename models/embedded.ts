// The embedded smoke backbone: a small XLM-R-architecture encoder with seeded
// random weights and a Unigram tokenizer trained on SIB-200 train text. It is
// built once into the cache in the Hugging Face layout and then loaded by the
// same code as any checkpoint. Its weights are random: smoke results measure
// the harness, not transfer. The smoke profiles use the pretrained
// models/embedded/xlt-embedded-mini-v4; this one stays for tests and for specs
// that name it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SIB200_LANGUAGES } from "../datasets/sib200.ts";
import { sib200TrainTexts } from "./corpus.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { parseXlmrConfig, xlmrConfigJson } from "./config.ts";
import { savePretrained } from "./pretrained.ts";
import { trainUnigramTokenizer, XLMR_TOKENIZER_CONFIG } from "./tokenizer-trainer.ts";
import { randomXlmrTensors } from "./xlmr.ts";

export const EMBEDDED_RANDOM = {
  // v2: the tokenizer trainer merges a whole word's count with the same
  // string as a substring (v1's vocabulary listed such pieces twice)
  id: "xlt-embedded-random-v2",
  seed: 20240501,
  vocabSize: 8000,
  config: xlmrConfigJson({
    vocab_size: 8000,
    hidden_size: 64,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 128,
    max_position_embeddings: 258,
  }),
};

export function embeddedDir(cacheDir: string): string {
  return join(cacheDir, "models", EMBEDDED_RANDOM.id);
}

/** Build the embedded backbone unless the cache already has it; returns its directory. */
export async function ensureEmbeddedBackbone(
  cacheDir: string,
  fetchOpts: FetchOptions,
  log = (_: string) => {},
): Promise<string> {
  const dir = embeddedDir(cacheDir);
  if (existsSync(join(dir, "config.json"))) return dir;
  log(
    `building the embedded backbone ${EMBEDDED_RANDOM.id} (tokenizer from SIB-200 train text of ${SIB200_LANGUAGES.length} languages)`,
  );
  const tokenizer = trainUnigramTokenizer(await sib200TrainTexts(fetchOpts), { vocabSize: EMBEDDED_RANDOM.vocabSize });
  const config = parseXlmrConfig({ ...EMBEDDED_RANDOM.config }, EMBEDDED_RANDOM.id);
  const tensors = randomXlmrTensors(config, EMBEDDED_RANDOM.seed);
  savePretrained(dir, {
    config: EMBEDDED_RANDOM.config,
    tokenizer,
    tokenizerConfig: XLMR_TOKENIZER_CONFIG,
    readme:
      `# ${EMBEDDED_RANDOM.id}\n\nRandom-initialised XLM-R-architecture encoder (seed ${EMBEDDED_RANDOM.seed}) for smoke runs; Unigram tokenizer (${EMBEDDED_RANDOM.vocabSize} pieces) trained on the SIB-200 train split of all ${SIB200_LANGUAGES.length} languages. Not pretrained.\n`,
  }, tensors);
  return dir;
}
