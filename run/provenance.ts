// Where a number came from: code version, runtime, libraries, backend.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../core/settings.ts";
import { nativeGemm } from "../models/native-gemm.ts";
import type { Provenance } from "../core/record.ts";

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim();
  } catch {
    return null;
  }
}

export function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  return `node ${process.version}`;
}

/** An installed package's version, or "absent". */
export function pkgVersion(name: string): string {
  try {
    return JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "absent";
  }
}

let cached: Omit<Provenance, "backend"> | null = null;
export function provenance(backend: string, adapter?: string | null): Provenance {
  cached ??= {
    gitCommit: git(["rev-parse", "HEAD"]),
    gitDirty: (() => {
      const s = git(["status", "--porcelain", "--untracked-files=no"]);
      return s === null ? null : s.length > 0;
    })(),
    runtime: runtimeName(),
    platform: `${process.platform}-${process.arch}`,
    libraries: Object.fromEntries(
      [
        "@tensorflow/tfjs-core",
        "@tensorflow/tfjs-backend-wasm",
        ...(backend === "webgpu" ? ["@tensorflow/tfjs-backend-webgpu", "webgpu"] : []),
        "@huggingface/tokenizers",
        "arquero",
        "simple-statistics",
        "vega",
        "vega-lite",
      ].map((n) => [n, pkgVersion(n)]),
    ),
  };
  const gemm = backend.startsWith("wasm+openblas") ? nativeGemm() : null;
  return {
    ...cached,
    ...(gemm
      ? {
        libraries: {
          ...cached.libraries,
          openblas: `${gemm.config} (${gemm.library}, ${gemm.threads} thread${gemm.threads > 1 ? "s" : ""})`,
        },
      }
      : {}),
    backend,
    ...(adapter ? { adapter } : {}),
  };
}
