// The backbone architectures, one definition each: the config.json model_type it
// reads, the transformers class whose checkpoints it loads, and how to build the
// model from config.json and the weights. Typed by core's list of architecture
// ids, so an id without a definition (or the reverse) does not compile.
import type { Architecture } from "../core/architectures.ts";
import type { BloomModel } from "./bloom.ts";
import { bloomFromTensors, parseBloomConfig } from "./bloom.ts";
import { parseXlmrConfig } from "./config.ts";
import type { RawTensor } from "./safetensors.ts";
import { parseXglmConfig, xglmFromTensors, type XglmModel } from "./xglm.ts";
import { xlmrFromTensors, type XlmrModel } from "./xlmr.ts";

/** Any supported architecture's model. */
export type AnyModel = XlmrModel | XglmModel | BloomModel;

export interface ArchitectureDef {
  id: Architecture;
  /** The transformers class of the checkpoints it loads (provenance names it). */
  hfClass: string;
  /** An encoder reads a <mask> (MLM head); a decoder predicts the next token. */
  kind: "encoder" | "decoder";
  /** The model from a parsed config.json (`cfgPath` names it in errors) and the checkpoint's tensors. */
  load(raw: Record<string, unknown>, cfgPath: string, tensors: Map<string, RawTensor>, dir: string): AnyModel;
}

export function defineArchitecture(d: ArchitectureDef): ArchitectureDef {
  return d;
}

const xlmr = (id: "xlm-roberta" | "roberta") =>
  defineArchitecture({ id, hfClass: "XLMRobertaForMaskedLM", kind: "encoder", load: (raw, cfgPath, tensors, dir) => xlmrFromTensors(parseXlmrConfig(raw, cfgPath), tensors, dir) });

export const ARCHITECTURE_DEFS: Record<Architecture, ArchitectureDef> = {
  "xlm-roberta": xlmr("xlm-roberta"),
  roberta: xlmr("roberta"),
  xglm: defineArchitecture({ id: "xglm", hfClass: "XGLMForCausalLM", kind: "decoder", load: (raw, cfgPath, tensors, dir) => xglmFromTensors(parseXglmConfig(raw, cfgPath), tensors, dir) }),
  bloom: defineArchitecture({ id: "bloom", hfClass: "BloomForCausalLM", kind: "decoder", load: (raw, cfgPath, tensors, dir) => bloomFromTensors(parseBloomConfig(raw, cfgPath), tensors, dir) }),
};

/** The definition for a config.json's model_type; an unsupported one is an error naming the file and the choices. */
export function architectureFor(modelType: unknown, cfgPath: string): ArchitectureDef {
  const d = typeof modelType === "string" ? (ARCHITECTURE_DEFS as Record<string, ArchitectureDef>)[modelType] : undefined;
  if (!d) throw new Error(`${cfgPath}: model_type ${JSON.stringify(modelType)} is not supported (supported: ${Object.keys(ARCHITECTURE_DEFS).join(", ")})`);
  return d;
}
