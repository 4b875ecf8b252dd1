// Native GEMM under the WASM backend. tfjs's WASM matmul runs at about a
// seventh of what OpenBLAS does on one core, and its batched (attention)
// matmul is a scalar loop, so when a system OpenBLAS loads, BatchMatMul (every
// tf.matMul and its gradients) calls cblas_sgemm through the runtime's FFI
// (models/openblas.ts) directly on the WASM heap: the operands and the output
// stay where tfjs keeps them, no copy. Without the library (or with
// XLT_NATIVE_GEMM=0) the WASM kernel stays. OpenBLAS is pinned to one thread by default (XLT_BLAS_THREADS),
// so parallel cell workers do not oversubscribe the cores, and one thread sums
// in one fixed order: a run stays bit-for-bit repeatable.
import * as tf from "@tensorflow/tfjs-core";
import { loadOpenBlas, type OpenBlas } from "./openblas.ts";
import { blasThreads, nativeGemmOff } from "../core/settings.ts";

export interface NativeGemm {
  /** The library file that loaded, and OpenBLAS's own description of its build. */
  library: string;
  config: string;
  /** The kernel set OpenBLAS picked for this CPU (Haswell, SkylakeX...): another set sums in another order. */
  core: string;
  threads: number;
}

/** The compute path of a WASM backend with this GEMM: what a record's numbers repeat on bit for bit. */
export function computePath(g: NativeGemm | null): string {
  return g ? `wasm+openblas-${g.core.toLowerCase()}` : "wasm";
}

interface WasmHeapBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}

let state: NativeGemm | null | undefined;
let wasmKernel: tf.KernelConfig | null = null, nativeKernel: tf.KernelConfig | null = null;
let active = false;
let blasLib: OpenBlas | null = null;

/** Whether BatchMatMul runs on OpenBLAS right now (models/linalg.ts then multiplies with transpose flags, which cost it nothing). */
export function nativeGemmActive(): boolean {
  return active;
}

/** The OpenBLAS that BatchMatMul runs on right now, or null: for other kernels on the WASM heap (models/fused-attention.ts). */
export function activeBlas(): OpenBlas | null {
  return active ? blasLib : null;
}

/** Switch BatchMatMul between OpenBLAS and tfjs's WASM kernel (parity tests and bench:perf measure both in one process); false when no native GEMM loaded. */
export function useNativeGemm(on: boolean): boolean {
  if (!wasmKernel || !nativeKernel) return false;
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel(on ? nativeKernel : wasmKernel);
  active = on;
  return true;
}

/** The native GEMM in use, or null (pure WASM); registerNativeGemm decides it once. */
export function nativeGemm(): NativeGemm | null {
  return state ?? null;
}

/** Why the native GEMM is not in use, for `bench backends` (null when it is). */
export let nativeGemmAbsent: string | null = "not initialised";

/** Register the OpenBLAS BatchMatMul over the WASM backend's, when the library loads. */
export async function registerNativeGemm(
  env: Record<string, string | undefined> = process.env,
): Promise<NativeGemm | null> {
  if (state !== undefined) return state;
  state = null;
  if (nativeGemmOff(env)) {
    nativeGemmAbsent = "XLT_NATIVE_GEMM=0";
    return null;
  }
  const blas = await loadOpenBlas(env);
  if (typeof blas === "string") {
    nativeGemmAbsent = blas;
    return null;
  }
  const threads = blasThreads(env);
  blas.setThreads(threads);
  blasLib = blas;

  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (a.dtype !== "float32" || b.dtype !== "float32") {
      throw new Error(`BatchMatMul: float32 only, got ${a.dtype} and ${b.dtype}`);
    }
    const ra = a.shape.length, rb = b.shape.length;
    const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    if (k !== kb) {
      throw new Error(
        `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
      );
    }
    const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2)), batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
    const batch = tf.util.sizeFromShape(outer);
    // tfjs's own kernel broadcasts only a batch of 1 against the other's; so does this one
    if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) {
      throw new Error(
        `BatchMatMul: batch shapes ${a.shape.slice(0, -2)} and ${
          b.shape.slice(0, -2)
        } broadcast only from a batch of 1`,
      );
    }
    const wb = backend as unknown as WasmHeapBackend;
    const out = wb.makeOutput([...outer, m, n], "float32");
    // the heap is read after the output is allocated: an allocation may grow (move) the memory
    const heap = wb.wasm.HEAPU8;
    const offA = wb.dataIdMap.get(a.dataId).memoryOffset,
      offB = wb.dataIdMap.get(b.dataId).memoryOffset,
      offC = wb.dataIdMap.get(out.dataId).memoryOffset;
    if (k === 0) {
      new Float32Array(heap.buffer, offC, batch * m * n).fill(0);
      return out;
    }
    const lda = transposeA ? m : k, ldb = transposeB ? k : n;
    for (let i = 0; i < batch; i++) {
      blas.sgemm(
        heap,
        transposeA,
        transposeB,
        m,
        n,
        k,
        offA + (batchA === 1 ? 0 : i * m * k * 4),
        lda,
        offB + (batchB === 1 ? 0 : i * k * n * 4),
        ldb,
        offC + i * m * n * 4,
        n,
      );
    }
    return out;
  };
  wasmKernel = tf.getKernel("BatchMatMul", "wasm")!;
  nativeKernel = { kernelName: "BatchMatMul", backendName: "wasm", kernelFunc };
  useNativeGemm(true);
  state = { library: blas.library, config: blas.config, core: blas.core, threads };
  nativeGemmAbsent = null;
  return state;
}
