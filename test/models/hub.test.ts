import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { initBackend } from "../../models/backend.ts";
import { hubEnv, resolveModelDir } from "../../models/hub.ts";
import { loadPretrained } from "../../models/pretrained.ts";
import { readSafetensors, writeSafetensors } from "../../models/safetensors.ts";
import { tempDir } from "../helpers/mirror.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
let server: Server, endpoint: string;
const repos = new Map<string, { dir: string; token?: string }>();
const requests: string[] = [];

beforeAll(async () => {
  await initBackend();
  const tiny = makeTinyModelDir();
  repos.set("acme/tiny", { dir: tiny });
  repos.set("acme/gated", { dir: tiny, token: "s3cret" });
  // the same weights as two shards with an index
  const sharded = tempDir();
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) {
    copyFileSync(join(tiny, f), join(sharded, f));
  }
  const all = readSafetensors(new Uint8Array(readFileSync(join(tiny, "model.safetensors")))).tensors;
  const names = [...all.keys()].sort();
  const half = Math.ceil(names.length / 2);
  const weightMap: Record<string, string> = {};
  [names.slice(0, half), names.slice(half)].forEach((part, i) => {
    const file = `model-0000${i + 1}-of-00002.safetensors`;
    writeFileSync(join(sharded, file), writeSafetensors(new Map(part.map((n) => [n, all.get(n)!]))));
    for (const n of part) weightMap[n] = file;
  });
  writeFileSync(join(sharded, "model.safetensors.index.json"), JSON.stringify({ metadata: {}, weight_map: weightMap }));
  repos.set("acme/sharded", { dir: sharded });

  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const m = /^\/([\w-]+\/[\w-]+)\/resolve\/([^/]+)\/(.+)$/.exec(req.url ?? "");
    const repo = m && repos.get(m[1]);
    if (!m || !repo) return void res.writeHead(404).end();
    if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) return void res.writeHead(401).end();
    const file = join(repo.dir, m[3]);
    if (!existsSync(file)) return void res.writeHead(404, { "x-repo-commit": COMMIT }).end();
    res.writeHead(200, { "x-repo-commit": COMMIT }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const env = (extra: Record<string, string> = {}) =>
  hubEnv({ HF_HUB_CACHE: extra.cache ?? tempDir(), HF_ENDPOINT: endpoint, HF_HOME: tempDir(), ...extra });

describe("Hub-style loading (loopback endpoint)", () => {
  test("downloads into the Hub cache layout and loads from the snapshot", async () => {
    const e = env();
    const dir = await resolveModelDir("acme/tiny", "main", e);
    expect(dir).toBe(join(e.cacheDir, "models--acme--tiny", "snapshots", COMMIT));
    expect(readFileSync(join(e.cacheDir, "models--acme--tiny", "refs", "main"), "utf8")).toBe(COMMIT);
    expect(lstatSync(join(dir, "model.safetensors")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "model.safetensors"))).toMatch(/^\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/);
    const m = loadPretrained(dir);
    expect(m.model.config.hidden_size).toBe(16);
    m.model.dispose();
  });

  test("offline mode uses the cache and sends no request", async () => {
    const cache = tempDir();
    await resolveModelDir("acme/tiny", "main", env({ cache }));
    const before = requests.length;
    const dir = await resolveModelDir("acme/tiny", "main", env({ cache, HF_HUB_OFFLINE: "1" }));
    expect(existsSync(join(dir, "config.json"))).toBe(true);
    expect(requests.length).toBe(before);
  });

  test("offline with nothing cached is a clear error", async () => {
    await expect(resolveModelDir("acme/tiny", "main", env({ HF_HUB_OFFLINE: "1" }))).rejects.toThrow(
      "HF_HUB_OFFLINE is set",
    );
  });

  test("sharded checkpoints load through their index", async () => {
    const dir = await resolveModelDir("acme/sharded", "main", env());
    expect(existsSync(join(dir, "model-00002-of-00002.safetensors"))).toBe(true);
    const m = loadPretrained(dir);
    expect(Object.keys(m.weightsSha256)).toEqual([
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
    ]);
    m.model.dispose();
  });

  test("a gated repository needs HF_TOKEN, which is sent as a bearer token", async () => {
    await expect(resolveModelDir("acme/gated", "main", env())).rejects.toThrow("set HF_TOKEN");
    const dir = await resolveModelDir("acme/gated", "main", env({ HF_TOKEN: "s3cret" }));
    expect(existsSync(join(dir, "tokenizer.json"))).toBe(true);
  });

  test("a local directory is used as it is", async () => {
    const d = makeTinyModelDir();
    expect(await resolveModelDir(d)).toBe(d);
    const empty = tempDir();
    mkdirSync(join(empty, "x"));
    await expect(resolveModelDir(join(empty, "x"))).rejects.toThrow("no config.json");
  });
});
