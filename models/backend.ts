// Compute backend selection. WASM is the default that always works; native
// (tfjs-node / tfjs-node-gpu) is used when installed; WebGPU (models/webgpu.ts)
// only when XLT_BACKEND=webgpu asks for it. Gradients are registered here once.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-cpu";
import { adapterLine, provideWebGPU, type WebGPUAdapter } from "./webgpu.ts";
import { setMaxBindingBytes } from "./binding-limit.ts";
import { chooseBackend } from "./backend-choice.ts";
import { requestedBackend, tfjsNodePackage, webgpuMatmul } from "../core/settings.ts";

// Gradient functions. Bun loads tfjs-core's ES modules, whose extensionless
// imports Deno (Node's rules) refuses; Deno loads tfjs-core's CommonJS build,
// which has none, so there the umbrella package's CommonJS bundle registers
// them (into the same global registry, same code, same numbers).
declare const Deno: unknown;
if (typeof Deno !== "undefined") await import("@tensorflow/tfjs");
else await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");

export type BackendName = "wasm" | "cpu" | "tensorflow" | "webgpu";
export { tf };

let ready: Promise<string> | null = null;
let adapter: WebGPUAdapter | null = null;

async function tryImport(name: string): Promise<boolean> {
  try {
    await import(name);
    return true;
  } catch {
    return false;
  }
}

/** The WebGPU adapter in use, when the backend is webgpu (for provenance). */
export function webgpuAdapter(): WebGPUAdapter | null {
  return adapter;
}

/** tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram (the tiled kernel; no atomics). */
const MATMUL_PACKED = 3;

async function initWebGPU(): Promise<void> {
  const probe = await provideWebGPU();
  if (!probe.ok) throw new Error(`backend "webgpu": ${probe.reason}`);
  // imported only now: the package registers its backend only if navigator.gpu exists at import
  await import("@tensorflow/tfjs-backend-webgpu");
  // Matmuls without split-K: split-K sums partial products with float atomics, in
  // whatever order the GPU finishes them, so a step would not repeat bit for bit.
  tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", webgpuMatmul() ?? MATMUL_PACKED);
  if (!(await tf.setBackend("webgpu"))) {
    throw new Error(`backend "webgpu" failed to initialise on ${adapterLine(probe.adapter)}`);
  }
  await tf.ready();
  adapter = probe.adapter;
  // tfjs binds a tensor whole: larger token-embedding tables are held in row blocks (models/row-blocks.ts)
  setMaxBindingBytes(Math.min(adapter.limits.maxStorageBufferBindingSize, adapter.limits.maxBufferSize));
}

/** Initialise tfjs once per process; returns the backend in use. */
export function initBackend(requested: string = requestedBackend()): Promise<string> {
  ready ??= (async () => {
    const want = requested;
    // native bindings are optional dependencies; absent here, present on GPU hosts
    const pkg = tfjsNodePackage();
    const tfjsNode = (want === "tensorflow" || want === "auto") && (await tryImport(pkg)) &&
      (await tf.setBackend("tensorflow"));
    const name = chooseBackend(want, tfjsNode);
    if (name === "tensorflow") {
      if (!tfjsNode) throw new Error(`backend "tensorflow" needs ${pkg}, which is not installed`);
      return "tensorflow";
    }
    if (name === "webgpu") {
      await initWebGPU();
      return "webgpu";
    }
    if (!["wasm", "cpu"].includes(name)) {
      throw new Error(`unknown backend "${want}" (XLT_BACKEND): wasm, cpu, tensorflow, webgpu or auto`);
    }
    if (!(await tf.setBackend(name))) throw new Error(`backend "${name}" failed to initialise`);
    await tf.ready();
    if (name !== "wasm") return name;
    (await import("./wasm-kernels.ts")).registerWasmKernels();
    // OpenBLAS's GEMM under the WASM backend when the library loads (models/native-gemm.ts); the name says so,
    // because its sums run in another order: records, goldens and comparisons keep the two apart
    const { computePath, registerNativeGemm } = await import("./native-gemm.ts");
    return computePath(await registerNativeGemm());
  })();
  return ready;
}

/** A variable that takes over a fresh tensor (tf.variable keeps the initial tensor alive otherwise). */
export function variableFrom(t: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(t, trainable);
  t.dispose();
  return v;
}
