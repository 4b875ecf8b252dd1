// `bench backends`: which compute backends this host can use, the WebGPU
// adapter and its limits, and which backend a run will pick (XLT_BACKEND, or
// auto: tfjs-node when installed, else WASM). A GPU is never picked by auto:
// its numbers differ from WASM's in the last bits, and the smoke goldens are exact.
import { loadOpenBlas } from "../../models/openblas.ts";
import { adapterLine, provideWebGPU, type WebGPUAdapter } from "../../models/webgpu.ts";
import { expectedBackend } from "../../models/backend-choice.ts";
import { type Env, envValue, nativeGemmOff, tfjsNodePackage } from "../../core/settings.ts";
import type { IO } from "../io.ts";
import { pkgVersion, runtimeName } from "../../run/provenance.ts";
import { textTable } from "../../core/text-table.ts";
import { BACKENDS_FLAGS } from "../command-flags.ts";
import { NONE, parseFlags } from "../flags.ts";

export const help = `usage: bun run bench backends [--json]

The compute backends this host can use (wasm, cpu, tensorflow, webgpu), the WebGPU
adapter and its limits, OpenBLAS under wasm, and which backend a run picks (XLT_BACKEND,
or auto: tfjs-node when installed, else wasm). Exit 1 when the picked backend is not usable.

  --json   one JSON object`;

export interface BackendStatus {
  backend: "wasm" | "cpu" | "tensorflow" | "webgpu";
  available: boolean;
  detail: string;
  adapter?: WebGPUAdapter;
}

export interface BackendsReport {
  runtime: string;
  backends: BackendStatus[];
  /** OpenBLAS under the WASM backend (models/native-gemm.ts): the library, or why there is none. */
  nativeGemm: { available: boolean; detail: string };
  /** What a run started now with this environment uses. */
  picked: string;
  pickedBecause: string;
}

export async function backendsReport(env: Record<string, string | undefined> = process.env): Promise<BackendsReport> {
  const tfNode = tfjsNodePackage(env);
  const v = pkgVersion(tfNode);
  const tfNodeVersion = v === "absent" ? null : v;
  const probe = await provideWebGPU(env);
  const backends: BackendStatus[] = [
    {
      backend: "wasm",
      available: true,
      detail: `@tensorflow/tfjs-backend-wasm ${
        pkgVersion("@tensorflow/tfjs-backend-wasm")
      }: SIMD, one thread, at most 4 GB`,
    },
    { backend: "cpu", available: true, detail: "pure JavaScript: about 30x slower than wasm; for debugging" },
    {
      backend: "tensorflow",
      available: tfNodeVersion !== null,
      detail: tfNodeVersion ? `${tfNode} ${tfNodeVersion} (libtensorflow)` : `${tfNode} is not installed`,
    },
    probe.ok
      ? { backend: "webgpu", available: true, detail: adapterLine(probe.adapter), adapter: probe.adapter }
      : { backend: "webgpu", available: false, detail: probe.reason },
  ];
  const blas = nativeGemmOff(env) ? "XLT_NATIVE_GEMM=0" : await loadOpenBlas(env);
  const nativeGemm = typeof blas === "string" ? { available: false, detail: blas } : {
    available: true,
    detail:
      `${blas.config} (${blas.library}); the wasm backend's matmuls run on it, one thread (XLT_BLAS_THREADS), compute path wasm+openblas-${blas.core.toLowerCase()}`,
  };
  const picked = expectedBackend(env);
  const asked = envValue("XLT_BACKEND", env);
  const pickedBecause = asked
    ? `XLT_BACKEND=${asked}`
    : picked === "tensorflow"
    ? `auto: ${tfNode} is installed`
    : "auto (set XLT_BACKEND=webgpu to train on the GPU)";
  return { runtime: runtimeName(), backends, nativeGemm, picked, pickedBecause };
}

export async function backendsCommand(
  argv: string[],
  print: (s: string) => void,
  env: Env = process.env,
): Promise<number> {
  const { values } = parseFlags(argv, BACKENDS_FLAGS, "backends", NONE);
  if (values.help) {
    print(help);
    return 0;
  }
  const json = !!values.json;
  const r = await backendsReport(env);
  if (json) {
    print(JSON.stringify(r, null, 2));
    return 0;
  }
  print(`runtime: ${r.runtime}`);
  print(
    textTable(
      ["backend", "usable", "detail"],
      r.backends.map((b) => [b.backend, b.available ? "yes" : "no", b.detail]),
    ),
  );
  const a = r.backends.find((b) => b.adapter)?.adapter;
  if (a) print(`webgpu adapter limits: ${Object.entries(a.limits).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  print(`native GEMM under wasm: ${r.nativeGemm.available ? r.nativeGemm.detail : `no: ${r.nativeGemm.detail}`}`);
  print(`a run picks: ${r.picked} (${r.pickedBecause})`);
  const chosen = r.backends.find((b) => b.backend === r.picked);
  if (chosen && !chosen.available) {
    print(`but ${r.picked} is not usable here: ${chosen.detail}`);
    return 1;
  }
  return 0;
}

export function run(argv: string[], io: IO): Promise<number> {
  return backendsCommand(argv, io.print, io.env);
}
