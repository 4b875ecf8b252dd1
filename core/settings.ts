// Project settings: xlt-bench.config.json at the project root, overridden by
// environment variables. Paths in the file are relative to the project root.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isAbsolute, join, resolve } from "node:path";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface Settings {
  /** Hosts or folders laid out like raw GitHub, tried in order. */
  dataMirrors: string[];
  /** Download cache (data, built models). */
  cacheDir: string;
  /** Default results folder. */
  resultsDir: string;
}

const CONFIG_FILE = join(PROJECT_ROOT, "xlt-bench.config.json");

function fromRoot(p: string): string {
  return isAbsolute(p) || /^[a-z]+:\/\//.test(p) ? p : join(PROJECT_ROOT, p);
}

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  let file: Partial<Settings> = {};
  if (existsSync(CONFIG_FILE)) {
    try {
      file = JSON.parse(readFileSync(CONFIG_FILE, "utf8"));
    } catch (e) {
      throw new Error(`${CONFIG_FILE}: not valid JSON (${(e as Error).message})`);
    }
  }
  const mirrors = env.XLT_DATA_MIRRORS
    ? env.XLT_DATA_MIRRORS.split(",").map((s) => s.trim()).filter(Boolean)
    : file.dataMirrors ?? ["https://raw.githubusercontent.com"];
  return {
    dataMirrors: mirrors.map(fromRoot),
    cacheDir: fromRoot(env.XLT_CACHE_DIR ?? file.cacheDir ?? ".cache"),
    resultsDir: fromRoot(env.XLT_RESULTS_DIR ?? file.resultsDir ?? "results"),
  };
}
