// Project settings, declared once: every XLT_* environment variable and every
// xlt-bench.config.json key, with its default, its meaning and who reads it
// (SETTINGS, listed by `bun run bench help settings`), and the typed accessors
// the rooms call instead of reading process.env. The config file sits at the
// project root (XLT_CONFIG names another); paths in it are relative to its folder.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, isAbsolute, join, resolve } from "node:path";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export type Env = Record<string, string | undefined>;

export interface SettingDecl {
  /** The environment variable (XLT_*), when there is one. */
  env?: string;
  /** The xlt-bench.config.json key, when there is one (the variable wins over it). */
  key?: string;
  default: string;
  meaning: string;
  /** The commands and rooms that read it. */
  readBy: string;
  /** Read only by tests and scripts/, never by a run. */
  testOnly?: boolean;
}

export const SETTINGS = [
  {
    env: "XLT_DATA_MIRRORS",
    key: "dataMirrors",
    default: "https://raw.githubusercontent.com",
    meaning: "hosts or folders laid out like raw GitHub, tried in order (comma-separated in the variable)",
    readBy: "every command that fetches data (datasets/)",
  },
  {
    env: "XLT_CACHE_DIR",
    key: "cacheDir",
    default: ".cache",
    meaning: "download cache (data, built models)",
    readBy: "every command that fetches data (datasets/, run/)",
  },
  {
    env: "XLT_RESULTS_DIR",
    key: "resultsDir",
    default: "results",
    meaning: "default results folder (--results overrides it)",
    readBy: "run, check, report, record-golden, leaderboard",
  },
  {
    env: "XLT_SPECS_DIR",
    key: "specsDir",
    default: "specs",
    meaning: "a folder of specs instead of the project's specs/ (the variable is relative to the working directory)",
    readBy: "run, check, report, record-golden, list, compare, leaderboard, --slurm, scripts/",
  },
  {
    env: "XLT_USER_SPECS",
    key: "userSpecs",
    default: "(none)",
    meaning:
      "folders of your own specs, joining the shipped ones (comma-separated in the variable, relative to the working directory; --specs DIR adds one)",
    readBy: "every command that loads specs (cli/specs.ts), --slurm",
  },
  {
    env: "XLT_PLUGINS",
    key: "plugins",
    default: "(none)",
    meaning:
      "plug-in method modules, loaded before specs (comma-separated in the variable, relative to the working directory; --plugin FILE adds one)",
    readBy: "every command (cli/main.ts), workers and Slurm tasks (through their job files)",
  },
  {
    env: "XLT_CONFIG",
    default: "xlt-bench.config.json (project root)",
    meaning: "the config file to read; paths in a config file are relative to its folder",
    readBy: "every command (core/settings.ts)",
  },
  {
    env: "XLT_GOLDEN_DIR",
    default: "golden",
    meaning: "golden files from another folder (e.g. a candidate set under review)",
    readBy: "check, run, report, record-golden, spt-table1 (analysis/golden.ts)",
  },
  {
    env: "XLT_BACKEND",
    default: "auto",
    meaning: "compute backend: wasm, cpu, tensorflow, webgpu or auto (tfjs-node when installed, else wasm)",
    readBy: "run, backends, workers (models/backend.ts, run/preflight.ts)",
  },
  {
    env: "XLT_TFJS_NODE",
    default: "@tensorflow/tfjs-node",
    meaning: "the tfjs-node package the tensorflow backend loads (e.g. @tensorflow/tfjs-node-gpu)",
    readBy: "run, backends, workers (models/backend.ts, run/preflight.ts)",
  },
  {
    env: "XLT_MODELS",
    default: "(none)",
    meaning: "local checkpoint folders for Hub ids: hub-id=dir,hub-id2=dir2",
    readBy: "run, model, workers (models/resolve.ts)",
  },
  {
    env: "XLT_NATIVE_GEMM",
    default: "(on)",
    meaning: "0: keep the WASM matmul kernel, not OpenBLAS's GEMM",
    readBy: "backends, workers (models/native-gemm.ts)",
  },
  {
    env: "XLT_OPENBLAS",
    default: "(the platform's libopenblas)",
    meaning: "the OpenBLAS library tried first for the native GEMM",
    readBy: "backends, workers (models/openblas.ts)",
  },
  {
    env: "XLT_BLAS_THREADS",
    default: "1",
    meaning: "OpenBLAS threads per worker",
    readBy: "workers (models/native-gemm.ts)",
  },
  {
    env: "XLT_DAWN_BACKEND",
    default: "(vulkan, then opengles)",
    meaning: "the Dawn backend WebGPU uses under Bun and Node (vulkan, opengles, ...)",
    readBy: "backends, workers (models/webgpu.ts)",
  },
  {
    env: "XLT_WEBGPU_MATMUL",
    default: "3",
    meaning: "tfjs-backend-webgpu's matmul program type (3: tiled, no split-K, so steps repeat bit for bit)",
    readBy: "workers on webgpu (models/backend.ts)",
  },
  {
    env: "XLT_MAX_BINDING_BYTES",
    default: "(the adapter's limit)",
    meaning: "largest tensor bound at once, in bytes (tests of row blocks)",
    readBy: "workers (models/binding-limit.ts)",
  },
  {
    env: "XLT_PREFIX_CACHE_MB",
    default: "1024",
    meaning: "byte budget of the prefix cache, in MiB; beyond it rows are computed per batch",
    readBy: "workers (methods/prefix-cache.ts)",
  },
  {
    env: "XLT_LEASE_TTL_S",
    default: "120",
    meaning: "seconds after which a cell's lease is stale (renewed every ttl/4)",
    readBy: "run, --slurm tasks (run/lease.ts)",
  },
  {
    env: "XLT_PYTHON",
    default: "/usr/bin/python3",
    meaning: "the Python that pretrains an embedded backbone",
    readBy: "scripts/pretrain-embedded.ts",
  },
  {
    env: "XLT_REPORT_DIFFS",
    default: "off",
    meaning:
      "1: the float-tolerance tests print each measured difference next to its bound (test/helpers/tolerance.ts)",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_TEST_MIRROR",
    default: "../shared/mirror/github",
    meaning: "the data mirror tests read; without it they skip",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_CHROMIUM",
    default: "/usr/bin/chromium",
    meaning: "the browser the leaderboard tests drive",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_REQUIRE_BROWSER",
    default: "(skip)",
    meaning: "1: a missing chromium fails the browser tests",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_REQUIRE_WEBGPU",
    default: "(skip)",
    meaning: "1: a missing WebGPU adapter fails the GPU tests",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_REQUIRE_OPENBLAS",
    default: "(skip)",
    meaning: "1: a missing OpenBLAS fails the native GEMM tests",
    readBy: "test/",
    testOnly: true,
  },
  {
    env: "XLT_REQUIRE_SLURM",
    default: "(skip)",
    meaning: "1: a missing Slurm fails the job-array test",
    readBy: "test/",
    testOnly: true,
  },
] as const satisfies readonly SettingDecl[];

/** A declared variable's name: reading an undeclared one does not compile. */
export type SettingVar = (typeof SETTINGS)[number]["env"];

/** A declared variable's raw value (undefined when unset). */
export function envValue(name: SettingVar, env: Env = process.env): string | undefined {
  return env[name];
}

export interface Settings {
  /** Hosts or folders laid out like raw GitHub, tried in order. */
  dataMirrors: string[];
  /** Download cache (data, built models). */
  cacheDir: string;
  /** Default results folder. */
  resultsDir: string;
  /** The folder of shipped specs every command loads. */
  specsDir: string;
  /** The user's spec folders, loaded beside specsDir. */
  userSpecs: string[];
  /** Plug-in method modules (absolute paths), loaded before any spec. */
  plugins: string[];
}

/** The config file's keys: the settings, each a path or a list of paths relative to the file's folder. */
type ConfigFile = Partial<Omit<Settings, "userSpecs" | "plugins"> & { userSpecs: string[]; plugins: string[] }>;

/** The config file a run reads: XLT_CONFIG, else the project root's. */
export function configFile(env: Env = process.env): string {
  return env.XLT_CONFIG ? resolve(env.XLT_CONFIG) : join(PROJECT_ROOT, "xlt-bench.config.json");
}

function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return {};
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof file !== "object" || file === null || Array.isArray(file)) throw new Error(`${path}: expected an object`);
  for (const key of ["dataMirrors", "userSpecs", "plugins"] as const) {
    const v = (file as Record<string, unknown>)[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== "string"))) {
      throw new Error(`${path}: ${key}: expected a list of paths (strings)`);
    }
  }
  return file as ConfigFile;
}

/** A comma-separated variable's entries (undefined when unset). */
function commaList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(",").map((s) => s.trim()).filter(Boolean);
}

/** A comma-separated variable's paths, resolved against the working directory. */
function pathList(value: string | undefined): string[] | undefined {
  return commaList(value)?.map((p) => resolve(p));
}

export function loadSettings(env: Env = process.env): Settings {
  const path = configFile(env);
  const file = readConfig(path);
  // a config file's paths are relative to its folder (the project root's file: the project root)
  const fromFile = (p: string) => (isAbsolute(p) || /^[a-z]+:\/\//.test(p) ? p : join(dirname(path), p));
  const mirrors = (env.XLT_DATA_MIRRORS ? commaList(env.XLT_DATA_MIRRORS) : undefined) ?? file.dataMirrors ??
    ["https://raw.githubusercontent.com"];
  return {
    dataMirrors: mirrors.map(fromFile),
    cacheDir: fromFile(env.XLT_CACHE_DIR ?? file.cacheDir ?? ".cache"),
    resultsDir: fromFile(env.XLT_RESULTS_DIR ?? file.resultsDir ?? "results"),
    // a variable is a path as the user typed it (working directory); the file's, relative to the file
    specsDir: env.XLT_SPECS_DIR ? resolve(env.XLT_SPECS_DIR) : fromFile(file.specsDir ?? "specs"),
    userSpecs: [...new Set(pathList(env.XLT_USER_SPECS) ?? (file.userSpecs ?? []).map(fromFile))],
    plugins: [...new Set(pathList(env.XLT_PLUGINS) ?? (file.plugins ?? []).map(fromFile))],
  };
}

/** The folder every command loads its specs from. */
export function specsDir(settings: Settings): string {
  return settings.specsDir;
}

/** Where golden files live. */
export function goldenDir(env: Env = process.env): string {
  return env.XLT_GOLDEN_DIR ?? join(PROJECT_ROOT, "golden");
}

/** The backend XLT_BACKEND asks for ("auto" when unset): the one choice models/backend.ts makes and run/preflight.ts predicts. */
export function requestedBackend(env: Env = process.env): string {
  return env.XLT_BACKEND ?? "auto";
}

/** The tfjs-node package the tensorflow backend loads. */
export function tfjsNodePackage(env: Env = process.env): string {
  return env.XLT_TFJS_NODE ?? "@tensorflow/tfjs-node";
}

/** XLT_MODELS=id=dir,id2=dir2: Hub ids mapped to local directories. */
export function modelDirs(env: Env = process.env): Record<string, string> {
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

/** XLT_NATIVE_GEMM=0 turns OpenBLAS's GEMM off. */
export function nativeGemmOff(env: Env = process.env): boolean {
  return env.XLT_NATIVE_GEMM === "0";
}

export function openblasLibrary(env: Env = process.env): string | undefined {
  return env.XLT_OPENBLAS;
}

export function blasThreads(env: Env = process.env): number {
  const threads = Number(env.XLT_BLAS_THREADS ?? 1);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`XLT_BLAS_THREADS: expected a positive integer, got "${env.XLT_BLAS_THREADS}"`);
  }
  return threads;
}

/** The Dawn backend asked for, if any. */
export function dawnBackend(env: Env = process.env): string | undefined {
  return env.XLT_DAWN_BACKEND || undefined;
}

/** tfjs-backend-webgpu's matmul program type, when asked for (else the caller's default). */
export function webgpuMatmul(env: Env = process.env): number | undefined {
  return env.XLT_WEBGPU_MATMUL === undefined ? undefined : Number(env.XLT_WEBGPU_MATMUL);
}

/** The binding limit override in bytes, when a positive number. */
export function maxBindingBytesOverride(env: Env = process.env): number | undefined {
  const n = Number(env.XLT_MAX_BINDING_BYTES);
  return n > 0 ? n : undefined;
}

/** The prefix cache's budget in MiB (default 1024). */
export function prefixCacheMb(env: Env = process.env): number {
  const raw = env.XLT_PREFIX_CACHE_MB;
  if (raw === undefined || raw === "") return 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0) {
    throw new Error(`XLT_PREFIX_CACHE_MB: expected a number of MiB >= 0, got "${raw}"`);
  }
  return mb;
}

/** A lease's time to live in seconds (default 120). */
export function leaseTtlSeconds(env: Env = process.env): number {
  const raw = env.XLT_LEASE_TTL_S;
  if (raw === undefined || raw === "") return 120;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0) {
    throw new Error(`XLT_LEASE_TTL_S: expected a positive number of seconds, got "${raw}"`);
  }
  return s;
}

export function pythonPath(env: Env = process.env): string {
  return env.XLT_PYTHON ?? "/usr/bin/python3";
}
