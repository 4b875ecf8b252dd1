// Kernels the WASM backend lacks but training needs. UnsortedSegmentSum is the
// gradient of gather (embedding lookups, reading one position per row); this
// JS version sums in index order, so it is deterministic.
import { tf } from "./backend.ts";

interface WasmBackendLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): tf.TensorInfo;
}

export function registerWasmKernels(): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const b = backend as unknown as WasmBackendLike;
      const xv = b.readSync(x.dataId);
      const ids = b.readSync(segmentIds.dataId);
      const outer = ids.length;
      const inner = outer ? xv.length / outer : 0;
      const out = new Float32Array(numSegments * inner);
      for (let i = 0; i < outer; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner, k = i * inner;
        for (let j = 0; j < inner; j++) out[o + j] += xv[k + j];
      }
      return b.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype, undefined, out);
    },
  });
}
