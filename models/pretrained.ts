// A model directory in the Hugging Face layout: config.json, model.safetensors
// (or shards listed in model.safetensors.index.json), tokenizer.json.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseXlmrConfig } from "./config.ts";
import {
  type RawTensor,
  readSafetensors,
  safetensorsElementCount,
  safetensorsShapes,
  writeSafetensors,
} from "./safetensors.ts";
import { loadTokenizer, type TextTokenizer } from "./tokenizer.ts";
import { xlmrFromTensors, XlmrModel, xlmrToTensors } from "./xlmr.ts";
import { type AnyModel, architectureFor } from "./architectures.ts";

export interface LoadedModel {
  dir: string;
  model: XlmrModel;
  tokenizer: TextTokenizer;
  /** sha256 of each weight file, for provenance. */
  weightsSha256: Record<string, string>;
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new Error(`${path}: not found`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

export function readWeights(dir: string): { tensors: Map<string, RawTensor>; sha256: Record<string, string> } {
  const single = join(dir, "model.safetensors");
  const index = join(dir, "model.safetensors.index.json");
  const files = existsSync(single)
    ? ["model.safetensors"]
    : existsSync(index)
    ? [...new Set(Object.values((readJson(index).weight_map ?? {}) as Record<string, string>))].sort()
    : [];
  if (!files.length) throw new Error(`${dir}: no model.safetensors or model.safetensors.index.json`);
  const tensors = new Map<string, RawTensor>();
  const sha256: Record<string, string> = {};
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    sha256[f] = createHash("sha256").update(bytes).digest("hex");
    for (const [k, v] of readSafetensors(bytes, join(dir, f)).tensors) tensors.set(k, v);
  }
  return { tensors, sha256 };
}

/** Parameters of a checkpoint, counted from its weight files' headers (nothing is loaded). */
function weightFiles(dir: string): string[] {
  const single = join(dir, "model.safetensors");
  const index = join(dir, "model.safetensors.index.json");
  return existsSync(single)
    ? ["model.safetensors"]
    : [...new Set(Object.values((readJson(index).weight_map ?? {}) as Record<string, string>))];
}

export function checkpointParameterCount(dir: string): number {
  return weightFiles(dir).reduce((n, f) => n + safetensorsElementCount(join(dir, f)), 0);
}

/** The checkpoint's largest tensor (of those `among` accepts), by element count, from the headers alone. */
export function checkpointLargestTensor(
  dir: string,
  among: (name: string) => boolean = () => true,
): { name: string; shape: number[]; elements: number } {
  let best = { name: "", shape: [] as number[], elements: 0 };
  for (const f of weightFiles(dir)) {
    for (const [name, shape] of safetensorsShapes(join(dir, f))) {
      if (!among(name)) continue;
      const elements = shape.reduce((a, b) => a * b, 1);
      if (elements > best.elements) best = { name, shape, elements };
    }
  }
  return best;
}

export function loadPretrained(dir: string): LoadedModel {
  const cfgPath = join(dir, "config.json");
  const config = parseXlmrConfig(readJson(cfgPath), cfgPath);
  const tokenizer = loadTokenizer(dir);
  if (tokenizer.vocabSize > config.vocab_size) {
    throw new Error(
      `${dir}: tokenizer has ${tokenizer.vocabSize} tokens but config vocab_size is ${config.vocab_size}`,
    );
  }
  const { tensors, sha256 } = readWeights(dir);
  return { dir, model: xlmrFromTensors(config, tensors, dir), tokenizer, weightsSha256: sha256 };
}

interface LoadedWeights {
  model: AnyModel;
  weightsSha256: Record<string, string>;
  architecture: string;
}

function modelFromConfig(dir: string, raw: Record<string, unknown>, cfgPath: string): LoadedWeights {
  const arch = architectureFor(raw.model_type, cfgPath);
  const config = arch.parseConfig(raw, cfgPath);
  const { tensors, sha256 } = readWeights(dir);
  return { model: arch.fromTensors(config, tensors, dir), weightsSha256: sha256, architecture: arch.hfClass };
}

/** The model alone (config.json and weights, no tokenizer), for checkpoints that ship without one. */
export function loadModel(dir: string): LoadedWeights {
  const cfgPath = join(dir, "config.json");
  return modelFromConfig(dir, readJson(cfgPath), cfgPath);
}

export function loadCheckpoint(dir: string): { dir: string; tokenizer: TextTokenizer } & LoadedWeights {
  const cfgPath = join(dir, "config.json");
  const raw = readJson(cfgPath);
  const arch = architectureFor(raw.model_type, cfgPath);
  const config = arch.parseConfig(raw, cfgPath);
  const tokenizer = loadTokenizer(dir);
  // an encoder's verbalizer and templates embed any token id: each must have a row (checked before the weights are read)
  if (arch.kind === "encoder" && tokenizer.vocabSize > config.vocab_size) {
    throw new Error(
      `${dir}: tokenizer has ${tokenizer.vocabSize} tokens but config vocab_size is ${config.vocab_size}`,
    );
  }
  const { tensors, sha256 } = readWeights(dir);
  return {
    dir,
    tokenizer,
    model: arch.fromTensors(config, tensors, dir),
    weightsSha256: sha256,
    architecture: arch.hfClass,
  };
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Write a model directory; config and tokenizer files are given as JSON objects. */
export function savePretrained(
  dir: string,
  files: { config: object; tokenizer: object; tokenizerConfig: object; readme?: string },
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  dtype: "F32" | "F16" = "F32",
): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, "model.safetensors"), writeSafetensors(tensors, { format: "pt" }, dtype));
  writeAtomic(join(dir, "tokenizer.json"), JSON.stringify(files.tokenizer));
  writeAtomic(join(dir, "tokenizer_config.json"), JSON.stringify(files.tokenizerConfig, null, 2));
  if (files.readme) writeAtomic(join(dir, "README.md"), files.readme);
  // config.json last: its presence marks a complete directory
  writeAtomic(join(dir, "config.json"), JSON.stringify(files.config, null, 2));
}

export { xlmrToTensors };
