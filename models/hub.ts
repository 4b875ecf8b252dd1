// Hugging Face Hub conventions: a model is a local directory or a Hub id at a
// revision. The Hub cache layout (<cache>/models--org--name/{blobs,snapshots,
// refs}) and the usual variables are honoured: HF_HUB_CACHE, HF_HOME,
// HF_ENDPOINT (mirrors), HF_HUB_OFFLINE, HF_TOKEN. Downloads go through
// <endpoint>/<id>/resolve/<revision>/<file>, as the Hub client does.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";

export interface HubEnv {
  cacheDir: string;
  endpoint: string;
  offline: boolean;
  token?: string;
}

export function hubEnv(env: Record<string, string | undefined> = process.env): HubEnv {
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "huggingface");
  const truthy = (v?: string) => !!v && ["1", "true", "yes", "on"].includes(v.toLowerCase());
  return {
    cacheDir: env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(home, "hub"),
    endpoint: (env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/$/, ""),
    offline: truthy(env.HF_HUB_OFFLINE) || truthy(env.TRANSFORMERS_OFFLINE),
    token: env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ??
      (existsSync(join(home, "token")) ? readFileSync(join(home, "token"), "utf8").trim() : undefined),
  };
}

export function repoCacheDir(id: string, env: HubEnv): string {
  return join(env.cacheDir, `models--${id.replace(/\//g, "--")}`);
}

/** The snapshot folder of a cached revision (a commit hash or a ref such as "main"), or null. */
export function cachedSnapshot(id: string, revision: string, env: HubEnv, needed = "config.json"): string | null {
  const repo = repoCacheDir(id, env);
  const ref = join(repo, "refs", revision);
  const commit = existsSync(ref) ? readFileSync(ref, "utf8").trim() : revision;
  const dir = join(repo, "snapshots", commit);
  return existsSync(join(dir, needed)) ? dir : null;
}

class HubError extends Error {}

async function download(
  id: string,
  revision: string,
  file: string,
  env: HubEnv,
  optional: boolean,
): Promise<{ commit: string; bytes: Uint8Array } | null> {
  const url = `${env.endpoint}/${id}/resolve/${encodeURIComponent(revision)}/${file}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: env.token ? { authorization: `Bearer ${env.token}` } : {} });
  } catch (e) {
    throw new HubError(
      `cannot reach ${env.endpoint} for ${id}/${file} (${
        (e as Error).message
      }); set HF_ENDPOINT to a mirror, or HF_HUB_OFFLINE=1 with the files in ${env.cacheDir}`,
    );
  }
  if (res.status === 404 && optional) return null;
  if (res.status === 401 || res.status === 403) {
    throw new HubError(`${url}: HTTP ${res.status}: ${id} needs access; set HF_TOKEN`);
  }
  if (!res.ok) throw new HubError(`${url}: HTTP ${res.status}`);
  const commit = res.headers.get("x-repo-commit") ?? (/^[0-9a-f]{40}$/.test(revision) ? revision : null);
  if (!commit) {
    throw new HubError(
      `${url}: the endpoint sent no X-Repo-Commit header, so the revision "${revision}" cannot be pinned`,
    );
  }
  return { commit, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function store(id: string, commit: string, revision: string, file: string, bytes: Uint8Array, env: HubEnv): void {
  const repo = repoCacheDir(id, env);
  const blob = join(repo, "blobs", createHash("sha256").update(bytes).digest("hex"));
  mkdirSync(dirname(blob), { recursive: true });
  if (!existsSync(blob)) {
    writeFileSync(`${blob}.incomplete`, bytes);
    renameSync(`${blob}.incomplete`, blob);
  }
  const link = join(repo, "snapshots", commit, file);
  mkdirSync(dirname(link), { recursive: true });
  if (existsSync(link)) unlinkSync(link);
  symlinkSync(relative(dirname(link), blob), link);
  if (revision !== commit) {
    mkdirSync(join(repo, "refs"), { recursive: true });
    writeFileSync(join(repo, "refs", revision), commit);
  }
}

/**
 * A local directory with the model's files: `ref` itself when it is a folder,
 * else the Hub cache's snapshot, downloading what is missing unless offline.
 */
export async function resolveModelDir(
  ref: string,
  revision = "main",
  env: HubEnv = hubEnv(),
  log?: (m: string) => void,
): Promise<string> {
  if (existsSync(ref) && statSync(ref).isDirectory()) {
    if (!existsSync(join(ref, "config.json"))) {
      throw new Error(`${ref}: no config.json (expected a model directory in the Hugging Face layout)`);
    }
    return ref;
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(ref)) throw new Error(`"${ref}" is neither a directory nor a Hub id (org/name)`);
  const cached = cachedSnapshot(ref, revision, env);
  if (
    cached &&
    (existsSync(join(cached, "model.safetensors")) || existsSync(join(cached, "model.safetensors.index.json")))
  ) return cached;
  if (env.offline) {
    throw new Error(
      `${ref}@${revision} is not in the Hub cache (${
        repoCacheDir(ref, env)
      }) and HF_HUB_OFFLINE is set; download it on a connected machine or point HF_HUB_CACHE at a copy`,
    );
  }
  log?.(`downloading ${ref}@${revision} from ${env.endpoint}`);
  const config = await download(ref, revision, "config.json", env, false);
  const commit = config!.commit;
  store(ref, commit, revision, "config.json", config!.bytes, env);
  for (const f of ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]) {
    const r = await download(ref, commit, f, env, true);
    if (r) store(ref, commit, revision, f, r.bytes, env);
  }
  const single = await download(ref, commit, "model.safetensors", env, true);
  if (single) store(ref, commit, revision, "model.safetensors", single.bytes, env);
  else {
    const index = await download(ref, commit, "model.safetensors.index.json", env, true);
    if (!index) {
      throw new Error(
        `${ref}@${commit} has neither model.safetensors nor model.safetensors.index.json (only safetensors weights are supported)`,
      );
    }
    store(ref, commit, revision, "model.safetensors.index.json", index.bytes, env);
    const shards = [
      ...new Set(Object.values(JSON.parse(new TextDecoder().decode(index.bytes)).weight_map as Record<string, string>)),
    ].sort();
    for (const s of shards) {
      const r = await download(ref, commit, s, env, false);
      store(ref, commit, revision, s, r!.bytes, env);
    }
  }
  return join(repoCacheDir(ref, env), "snapshots", commit);
}
