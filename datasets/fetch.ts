// Fetch a pinned file once into the local cache, verifying its sha256 on every
// read: a cached file that no longer matches is fetched again, a mirror that
// serves other bytes is skipped with a note.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Settings } from "../core/settings.ts";
import type { PinnedFile } from "./sources.ts";

export interface FetchOptions {
  mirrors: string[];
  cacheDir: string;
  /** Called with a human-readable note (cache repaired, mirror skipped). */
  log?: (msg: string) => void;
}

/** Where pinned data comes from and is cached, as the fetchers take it. */
export function fetchOptions(settings: Settings, log?: (s: string) => void): FetchOptions {
  return { mirrors: settings.dataMirrors, cacheDir: settings.cacheDir, log };
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function cachePath(file: PinnedFile, cacheDir: string): string {
  return join(cacheDir, "data", file.path);
}

/** Hosts that failed at the network level: skipped for the rest of the process instead of timing out per file. */
const unreachable = new Map<string, string>();

class MirrorUnreachable extends Error {}

async function readFromMirror(mirror: string, path: string): Promise<Uint8Array> {
  if (/^https?:\/\//.test(mirror)) {
    const url = `${mirror.replace(/\/$/, "")}/${path}`;
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new MirrorUnreachable(`unreachable (${(e as Error).message})`);
    }
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    return new Uint8Array(await res.arrayBuffer());
  }
  const dir = mirror.startsWith("file://") ? new URL(mirror).pathname : mirror;
  const p = join(dir, path);
  if (!existsSync(p)) throw new Error(`no file ${p}`);
  return new Uint8Array(readFileSync(p));
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`${path}: cannot write the cached file (${(e as Error).message}); free space or set XLT_CACHE_DIR`);
  }
}

/** The verified bytes of a pinned file, from the cache or the first mirror that has them. */
export async function fetchPinned(file: PinnedFile, opts: FetchOptions): Promise<Uint8Array> {
  const local = cachePath(file, opts.cacheDir);
  if (existsSync(local) && statSync(local).isFile()) {
    const bytes = new Uint8Array(readFileSync(local));
    const got = sha256(bytes);
    if (got === file.sha256) return bytes;
    opts.log?.(`cache: ${local} has sha256 ${got}, expected ${file.sha256}; fetching it again`);
  }
  const failures: string[] = [];
  for (const mirror of opts.mirrors) {
    const down = unreachable.get(mirror);
    if (down) {
      failures.push(`${mirror}: ${down}`);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFromMirror(mirror, file.path);
    } catch (e) {
      // Concurrent fetches can all fail on the same host: say so once.
      if (e instanceof MirrorUnreachable && !unreachable.has(mirror)) {
        unreachable.set(mirror, e.message);
        opts.log?.(`fetch: ${mirror} is ${e.message}; trying the next mirror for the rest of this run`);
      }
      failures.push(`${mirror}: ${(e as Error).message}`);
      continue;
    }
    const got = sha256(bytes);
    if (got !== file.sha256) {
      failures.push(`${mirror}: sha256 ${got}, expected ${file.sha256}`);
      opts.log?.(`fetch: ${mirror} served other bytes for ${file.path}; skipped`);
      continue;
    }
    writeAtomic(local, bytes);
    return bytes;
  }
  throw new Error(
    `could not fetch ${file.path}:\n  ${failures.join("\n  ")}\n` +
      `Set XLT_DATA_MIRRORS (comma-separated URLs or folders in raw-GitHub layout) or "dataMirrors" in xlt-bench.config.json.`,
  );
}

export async function fetchText(file: PinnedFile, opts: FetchOptions): Promise<string> {
  return new TextDecoder().decode(await fetchPinned(file, opts));
}
