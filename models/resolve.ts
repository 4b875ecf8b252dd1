// Where a backbone's files are: an embedded model (built into the cache, or
// shipped in models/embedded/), or a Hugging Face checkpoint: a directory named
// in XLT_MODELS, else the Hub cache (downloaded there unless offline).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BackboneRef } from "../core/spec.ts";
import { modelDirs } from "../core/settings.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { EMBEDDED_RANDOM, ensureEmbeddedBackbone } from "./embedded.ts";
import { hubEnv, repoCacheDir, resolveModelDir } from "./hub.ts";

const SHIPPED = fileURLToPath(new URL("./embedded/", import.meta.url));

/** `XLT_MODELS=id=dir,id2=dir2` maps Hub ids to local directories. */
export function localOverrides(env = process.env): Record<string, string> {
  return modelDirs(env);
}

export async function resolveBackbone(
  ref: BackboneRef,
  cacheDir: string,
  fetchOpts: FetchOptions,
  log?: (m: string) => void,
): Promise<string> {
  if (ref.kind === "embedded") {
    if (ref.id === EMBEDDED_RANDOM.id) return ensureEmbeddedBackbone(cacheDir, fetchOpts, log);
    const dir = join(SHIPPED, ref.id);
    if (!existsSync(join(dir, "config.json"))) {
      throw new Error(
        `embedded backbone "${ref.id}" is not in ${SHIPPED} (shipped: the pretrained one is made by scripts/pretrain-embedded.ts; also available: ${EMBEDDED_RANDOM.id})`,
      );
    }
    return dir;
  }
  const local = localOverrides()[ref.id];
  if (local) return resolveModelDir(local);
  const env = hubEnv();
  try {
    return await resolveModelDir(ref.id, ref.revision, env, log);
  } catch (e) {
    throw new Error(
      `backbone ${ref.id}@${ref.revision} is not available: ${
        (e as Error).message
      }. Provide config.json, model.safetensors and tokenizer.json ` +
        `in the Hub cache (${
          repoCacheDir(ref.id, env)
        }/snapshots/<commit>/, e.g. downloaded on a connected machine), ` +
        `or in any directory named by XLT_MODELS=${ref.id}=/path/to/dir.`,
    );
  }
}
