// Everything that would stop a run, found before any cell starts: checkpoints
// that are not there (the backbones and the ones methods load, e.g. a template
// tower's), methods on an architecture they are not defined for, parameters
// that do not fit the backbone (its config, or the token positions its
// maxLength and a method's prompt take), an optimizer not implemented, and a
// compute backend too small for the model (WASM holds at most 4 GB). The
// message names what a host must provide.
import type { FetchOptions } from "../datasets/fetch.ts";
import { checkpointLargestTensor, checkpointParameterCount } from "../models/pretrained.ts";
import { adapterLine, provideWebGPU, type WebGPUAdapter } from "../models/webgpu.ts";
import { resolveBackbone } from "../models/resolve.ts";
import { expectedBackend } from "../models/backend-choice.ts";
import { architectureFor } from "../models/architectures.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OPTIMIZERS } from "../methods/optim.ts";
import type { ShapeConfig } from "../methods/define.ts";
import { methodInfo } from "../methods/registry.ts";
import { backboneKey, type Plan } from "../plan/plan.ts";
import type { BackboneRef } from "../core/spec.ts";

const WASM_BYTES = 4 * 1024 ** 3;
const GB = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
const size = (bytes: number) => (bytes >= 1e9 ? GB(bytes) : `${(bytes / 1e6).toFixed(1)} MB`);

// the backend a worker will initialise, decided where models/backend.ts decides it
export { expectedBackend };

/**
 * Cells at once: one worker process per core on a CPU backend; one on a GPU
 * (one device: processes would each claim it and compete for its memory, so
 * cells queue for it).
 */
export function workerSlots(
  backend: string,
  requested: number | undefined,
  cores: number,
): { jobs: number; note?: string } {
  if (backend !== "webgpu") return { jobs: requested ?? cores };
  if (requested !== undefined && requested > 1) {
    return {
      jobs: 1,
      note: `backend webgpu: one device, so cells queue for it one at a time (--jobs ${requested} ignored)`,
    };
  }
  return { jobs: 1 };
}

const architectureOf = (ref: BackboneRef) => (ref.kind === "embedded" ? "xlm-roberta" : ref.architecture);

/**
 * Memory a run needs at least: float32 weights, plus gradients and the two
 * AdamW moments of every trained weight (activations come on top).
 */
export function trainingBytes(parameters: number, trained: number): number {
  return 4 * parameters + 12 * trained;
}

/** Token-embedding tables, which the models hold in row blocks when larger than one binding. */
const ROW_BLOCKED = /(word_embeddings|embed_tokens)\.weight$/;

/**
 * What of a checkpoint a WebGPU adapter cannot hold: a weight larger than one
 * storage binding or one buffer (tfjs binds each tensor whole), other than the
 * token embeddings, which are split into row blocks. WebGPU reports no memory
 * size, so the total is not checked.
 */
export function webgpuFit(id: string, dir: string, a: WebGPUAdapter): string[] {
  const big = checkpointLargestTensor(dir, (name) => !ROW_BLOCKED.test(name));
  const bytes = 4 * big.elements;
  const limit = Math.min(a.limits.maxStorageBufferBindingSize, a.limits.maxBufferSize);
  if (bytes <= limit) return [];
  return [
    `backend webgpu: ${id}'s weight ${big.name} [${big.shape.join(", ")}] takes ${
      size(bytes)
    } in float32, more than the adapter binds at once ` +
    `(maxStorageBufferBindingSize ${size(a.limits.maxStorageBufferBindingSize)}, maxBufferSize ${
      size(a.limits.maxBufferSize)
    }; ${adapterLine(a)}); ` +
    "only token embeddings are split into row blocks: use an adapter with larger limits",
  ];
}

export async function preflightProblems(
  plan: Plan,
  cacheDir: string,
  fetch: FetchOptions,
  log: (s: string) => void,
  env = process.env,
): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const resolve = async (ref: BackboneRef, what: string): Promise<string | null> => {
    try {
      return await resolveBackbone(ref, cacheDir, fetch, log);
    } catch (e) {
      const key = ref.kind === "hub" ? `${ref.id}@${ref.revision}` : ref.id;
      if (!seen.has(key)) problems.push(`${what}${(e as Error).message}`);
      seen.add(key);
      return null;
    }
  };
  const backend = expectedBackend(env);
  let gpuProbe: Promise<WebGPUAdapter | null> | null = null;
  const webgpu = () => (gpuProbe ??= provideWebGPU(env).then((p) => {
    if (p.ok) return p.adapter;
    problems.push(`backend webgpu (XLT_BACKEND=webgpu): ${p.reason}`);
    return null;
  }));
  const shapes = new Map<string, ShapeConfig | null>();
  const shapeOf = (dir: string | null): ShapeConfig | null => {
    if (!dir) return null;
    if (!shapes.has(dir)) shapes.set(dir, JSON.parse(readFileSync(join(dir, "config.json"), "utf8")));
    return shapes.get(dir)!;
  };
  // a config.json this harness cannot read has no positions here: loading the checkpoint names what is wrong
  const positionsOf = (dir: string): number | null => {
    const raw = shapeOf(dir) as unknown as Record<string, unknown>, path = join(dir, "config.json");
    try {
      const arch = architectureFor(raw.model_type, path);
      return arch.positions(arch.parseConfig(raw, path));
    } catch {
      return null;
    }
  };
  for (const bp of plan.backbones) {
    const ref = bp.entry.backbone;
    const key = backboneKey(bp.entry);
    const dir = await resolve(ref, "");
    const positions = dir ? positionsOf(dir) : null;
    const t = plan.profile;
    for (const [field, training] of [["training", t.training], ["targetTraining", t.targetTraining]] as const) {
      if (training && positions !== null && training.maxLength > positions) {
        problems.push(
          `${plan.spec.id}: profiles.${plan.profileName}.${field}.maxLength ${training.maxLength} is more than the ${positions} token positions of ${ref.id}: a longer example would stop its cell mid-run; lower maxLength`,
        );
      }
    }
    let fullWeights: string[] = [];
    // every distinct method setting of this backbone's cells (profile and backbone overrides and sweep values
    // merged), at each maxLength it trains with (a full-supervision profile's two stages may differ)
    const settings = new Map(
      [...plan.prerequisites, ...plan.cells].filter((c) => backboneKey({ backbone: c.config.backbone }) === key).map((
        c,
      ) => [JSON.stringify([c.row.method, c.config.method.params, c.config.training.maxLength]), c]),
    );
    for (const cell of settings.values()) {
      const m = cell.config.method;
      const def = methodInfo(m.method);
      const where = `${plan.spec.id} ${cell.row.label}${
        cell.row.x !== undefined ? ` (${plan.spec.sweep!.param} ${cell.row.x})` : ""
      }`;
      const params = def.params(m.params, "params", where);
      if (def.architectures && !def.architectures.includes(architectureOf(ref))) {
        problems.push(
          `${where}: method ${m.method} is defined for ${def.architectures.join(", ")} backbones; ${ref.id} is ${
            architectureOf(ref)
          }`,
        );
      }
      const extras: Record<string, ShapeConfig> = {};
      for (const extra of def.extraBackbones?.(params) ?? []) {
        const shape = shapeOf(await resolve(extra, `${where} loads another checkpoint: `));
        if (shape) extras[extra.id] = shape;
      }
      const backboneShape = shapeOf(dir);
      const room = { maxLength: cell.config.training.maxLength, positions: positions ?? Infinity };
      const misfit = backboneShape && def.checkShapes?.(params, backboneShape, extras, room);
      if (misfit) problems.push(`${where}: ${misfit}`);
      if (def.trainsBackbone?.(params) ?? true) fullWeights.push(m.id);
    }
    fullWeights = [...new Set(fullWeights)];
    if (backend === "webgpu") {
      const gpu = await webgpu();
      if (gpu && dir) problems.push(...webgpuFit(ref.id, dir, gpu));
      continue;
    }
    if (backend !== "wasm") continue;
    if (dir) {
      const n = checkpointParameterCount(dir);
      const need = trainingBytes(n, fullWeights.length ? n : 0);
      if (need > WASM_BYTES) {
        problems.push(
          `backend wasm holds at most 4 GB; ${ref.id} has ${(n / 1e6).toFixed(0)}M parameters, and ${
            fullWeights.length
              ? `training all of them (${fullWeights.join(", ")}) needs at least ${
                GB(need)
              } for weights, gradients and AdamW moments`
              : `its weights alone take ${GB(4 * n)}`
          }. ` +
            "Run on a host with @tensorflow/tfjs-node-gpu (XLT_BACKEND=tensorflow) or on a GPU with WebGPU (XLT_BACKEND=webgpu; see bench backends)",
        );
      }
    } else if (ref.kind === "hub" && fullWeights.length) {
      problems.push(
        `backend wasm holds at most 4 GB: training every weight of ${ref.id} (${
          fullWeights.join(", ")
        }) takes at least 16 bytes per parameter (weights, gradients, AdamW moments), so WASM stops near 250M parameters; ` +
          "a host for this profile needs @tensorflow/tfjs-node-gpu (XLT_BACKEND=tensorflow) or a GPU with WebGPU (XLT_BACKEND=webgpu; see bench backends)",
      );
    }
  }
  const training = plan.profile.training;
  if (!(OPTIMIZERS as readonly string[]).includes(training.optimizer)) {
    problems.push(
      `optimizer "${training.optimizer}" (profiles.${plan.profileName}.training.optimizer) is not supported; supported: ${
        OPTIMIZERS.join(", ")
      }`,
    );
  }
  return problems;
}
