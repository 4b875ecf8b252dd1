// Where a backbone's files are: the embedded model in the project cache, or a
// Hugging Face checkpoint in a local directory or the Hub cache
// ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { BackboneRef } from "../bench/spec/types.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { EMBEDDED_RANDOM, ensureEmbeddedBackbone } from "./embedded.ts";

export function hubCacheDir(env = process.env): string {
  return env.HF_HUB_CACHE ?? join(env.HF_HOME ?? join(homedir(), ".cache", "huggingface"), "hub");
}

/** `XLT_MODELS=id=dir,id2=dir2` maps Hub ids to local directories. */
export function localOverrides(env = process.env): Record<string, string> {
  return Object.fromEntries(
    (env.XLT_MODELS ?? "")
      .split(",")
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf("=");
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
  );
}

function hubSnapshot(id: string, revision: string, env = process.env): string | null {
  const repo = join(hubCacheDir(env), `models--${id.replace(/\//g, "--")}`);
  const ref = join(repo, "refs", revision);
  const commit = existsSync(ref) ? readFileSync(ref, "utf8").trim() : revision;
  const dir = join(repo, "snapshots", commit);
  return existsSync(join(dir, "config.json")) ? dir : null;
}

export async function resolveBackbone(ref: BackboneRef, cacheDir: string, fetchOpts: FetchOptions, log?: (m: string) => void): Promise<string> {
  if (ref.kind === "embedded") {
    if (ref.id !== EMBEDDED_RANDOM.id) throw new Error(`unknown embedded backbone "${ref.id}" (available: ${EMBEDDED_RANDOM.id})`);
    return ensureEmbeddedBackbone(cacheDir, fetchOpts, log);
  }
  if (ref.architecture !== "xlm-roberta") {
    throw new Error(`backbone ${ref.id}: the ${ref.architecture} architecture is not supported yet (only xlm-roberta encoders run today)`);
  }
  const dir = localOverrides()[ref.id] ?? hubSnapshot(ref.id, ref.revision);
  if (!dir || !existsSync(join(dir, "config.json"))) {
    throw new Error(
      `backbone ${ref.id}@${ref.revision} is not available locally. Provide config.json, model.safetensors and tokenizer.json ` +
        `either in the Hub cache (${hubCacheDir()}/models--${ref.id.replace(/\//g, "--")}/snapshots/<commit>/, e.g. via huggingface-cli download on a connected machine) ` +
        `or in any directory named by XLT_MODELS=${ref.id}=/path/to/dir.`,
    );
  }
  return dir;
}
