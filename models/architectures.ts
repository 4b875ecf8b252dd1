// The backbone architectures, one definition each: the config.json model_type it
// reads, the transformers class whose checkpoints it loads, and how to build the
// model from config.json and the weights. Typed by core's list of architecture
// ids, so an id without a definition (or the reverse) does not compile.
import type { Architecture } from "../core/architectures.ts";
import type { BloomModel } from "./bloom.ts";
import { bloomFromTensors, parseBloomConfig } from "./bloom.ts";
import { parseXlmrConfig, type XlmrConfig, xlmrPositions } from "./config.ts";
import type { RawTensor } from "./safetensors.ts";
import { parseXglmConfig, xglmFromTensors, type XglmModel } from "./xglm.ts";
import { xlmrFromTensors, type XlmrModel } from "./xlmr.ts";

/** Any supported architecture's model. */
export type AnyModel = XlmrModel | XglmModel | BloomModel;

export interface ArchitectureDef<C extends { vocab_size: number } = { vocab_size: number }> {
  id: Architecture;
  /** The transformers class of the checkpoints it loads (provenance names it). */
  hfClass: string;
  /** An encoder reads a <mask> (MLM head); a decoder predicts the next token. */
  kind: "encoder" | "decoder";
  /** config.json's fields it needs, checked (`cfgPath` names the file in errors), before any weight is read. */
  parseConfig(raw: Record<string, unknown>, cfgPath: string): C;
  /** The model from its config and the checkpoint's tensors by name (`dir` names the checkpoint in errors). */
  fromTensors(config: C, tensors: Map<string, RawTensor>, dir: string): AnyModel;
  /** How many token positions the model has (Infinity where none are embedded: ALiBi); the models' tokensAfterPrefix(0). */
  positions(config: C): number;
}

/** An architecture, typed by its config; stored untyped (a config only ever reaches the fromTensors of its own parseConfig). */
export function defineArchitecture<C extends { vocab_size: number }>(d: ArchitectureDef<C>): ArchitectureDef {
  return d as unknown as ArchitectureDef;
}

const xlmr = (id: "xlm-roberta" | "roberta") =>
  defineArchitecture<XlmrConfig>({
    id,
    hfClass: "XLMRobertaForMaskedLM",
    kind: "encoder",
    parseConfig: parseXlmrConfig,
    fromTensors: xlmrFromTensors,
    positions: xlmrPositions,
  });

export const ARCHITECTURE_DEFS: Record<Architecture, ArchitectureDef> = {
  "xlm-roberta": xlmr("xlm-roberta"),
  roberta: xlmr("roberta"),
  xglm: defineArchitecture({
    id: "xglm",
    hfClass: "XGLMForCausalLM",
    kind: "decoder",
    parseConfig: parseXglmConfig,
    fromTensors: xglmFromTensors,
    positions: (c) => c.max_position_embeddings,
  }),
  bloom: defineArchitecture({
    id: "bloom",
    hfClass: "BloomForCausalLM",
    kind: "decoder",
    parseConfig: parseBloomConfig,
    fromTensors: bloomFromTensors,
    positions: () => Infinity,
  }),
};

/** The definition for a config.json's model_type; an unsupported one is an error naming the file and the choices. */
export function architectureFor(modelType: unknown, cfgPath: string): ArchitectureDef {
  const d = typeof modelType === "string"
    ? (ARCHITECTURE_DEFS as Record<string, ArchitectureDef>)[modelType]
    : undefined;
  if (!d) {
    throw new Error(
      `${cfgPath}: model_type ${JSON.stringify(modelType)} is not supported (supported: ${
        Object.keys(ARCHITECTURE_DEFS).join(", ")
      })`,
    );
  }
  return d;
}
