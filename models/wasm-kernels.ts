// Kernels the WASM backend lacks or runs slowly. UnsortedSegmentSum is the
// gradient of gather (embedding lookups, reading one position per row); this
// JS version sums in index order, so it is deterministic. Slice, SplitV and
// Unpack: tfjs's WASM versions read their input through readSync, which copies the
// whole tensor out of the heap on every call (splitting a layer's fused q|k|v
// took 31 ms of an XLM-R base step's ~2 s, 12 times); these copy each run of
// the last axis within the heap instead. Copies are exact: no result changes.
// Identity and Cast to the same dtype copied the whole tensor on every call;
// tfjs saves each tensor a gradient needs through Identity (326 copies in an
// embedded-shape training step), so they now share the input's data, as
// tfjs's CPU and WebGL kernels do (tensors are immutable: nothing writes into
// an existing tensor's memory). No result changes. GatherV2 (token and
// position embeddings, a row per example) took ~1.4 ms for 592 rows of 128;
// here each gathered run is a copy within the heap.
// tfjs-core itself, as native-gemm.ts: backend.ts loads this module when it picks the WASM backend
import * as tf from "@tensorflow/tfjs-core";

interface WasmBackendLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): tf.TensorInfo;
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
}

/** Copy the box [begin, begin + size) of x into out, both on the heap, a run of the last axis at a time (4-byte elements). */
function copyBox(b: WasmBackendLike, x: tf.TensorInfo, begin: number[], size: number[], out: tf.TensorInfo): void {
  const rank = x.shape.length, last = size[rank - 1];
  const strides = tf.util.computeStrides(x.shape);
  const heap = new Int32Array(b.wasm.HEAPU8.buffer);
  const src = b.dataIdMap.get(x.dataId).memoryOffset / 4, dst = b.dataIdMap.get(out.dataId).memoryOffset / 4;
  const runs = tf.util.sizeFromShape(size) / Math.max(last, 1);
  const idx = new Array(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0; r < runs; r++) {
    let from = src + begin[rank - 1];
    for (let a = 0; a < rank - 1; a++) from += (begin[a] + idx[a]) * strides[a];
    heap.copyWithin(dst + r * last, from, from + last);
    for (let a = rank - 2; a >= 0 && ++idx[a] === size[a]; a--) idx[a] = 0;
  }
}

const FOUR_BYTES = new Set(["float32", "int32"]);

/** The parts of x along an axis, of the given sizes, each copied within the heap. */
function splitOnHeap(b: WasmBackendLike, x: tf.TensorInfo, axis: number, sizes: number[]): tf.TensorInfo[] {
  // every output first: an allocation may grow (move) the heap that copyBox then views
  const outs = sizes.map((n) => b.makeOutput(x.shape.map((d, i) => (i === axis ? n : d)), x.dtype));
  let at = 0;
  outs.forEach((out, i) => {
    if (tf.util.sizeFromShape(out.shape) > 0) {
      copyBox(b, x, x.shape.map((_, j) => (j === axis ? at : 0)), out.shape, out);
    }
    at += sizes[i];
  });
  return outs;
}

type HeapKernel = (
  x: tf.TensorInfo,
  attrs: Record<string, unknown>,
  b: WasmBackendLike,
) => tf.TensorInfo | tf.TensorInfo[];

/** Put `heap` in place of the WASM backend's kernel for float32 and int32 inputs of rank >= 1; tfjs's own takes the rest. */
function overWasmKernel(kernelName: string, input: string, heap: HeapKernel): void {
  const original = tf.getKernel(kernelName, "wasm")!;
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs[input as keyof typeof args.inputs] as tf.TensorInfo;
    if (!FOUR_BYTES.has(x.dtype) || x.shape.length === 0) return original.kernelFunc(args);
    return heap(x, args.attrs as Record<string, unknown>, args.backend as unknown as WasmBackendLike);
  };
  Object.defineProperty(kernelFunc, "name", { value: `heap${kernelName}` });
  tf.unregisterKernel(kernelName, "wasm");
  tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc });
}

function registerHeapSlices(): void {
  overWasmKernel("Slice", "x", (x, attrs, b) => {
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as unknown as tf.Tensor,
      attrs.begin as number[],
      attrs.size as number[],
    );
    const out = b.makeOutput(size, x.dtype);
    if (tf.util.sizeFromShape(size) > 0) copyBox(b, x, begin, size, out);
    return out;
  });
  overWasmKernel("SplitV", "x", (x, attrs, b) => {
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    return splitOnHeap(
      b,
      x,
      axis,
      tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits as number[], axis),
    );
  });
  overWasmKernel("Unpack", "value", (x, attrs, b) => {
    const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
    const shape = x.shape.filter((_, i) => i !== axis);
    return splitOnHeap(b, x, axis, new Array(x.shape[axis]).fill(1)).map(({ dataId, dtype }) => ({
      dataId,
      dtype,
      shape,
    }));
  });
}

/** GatherV2 without batch dimensions: each index's run of the axes after `axis` copied within the heap. */
function registerHeapGather(): void {
  const original = tf.getKernel("GatherV2", "wasm")!;
  const kernelFunc: tf.KernelFunc = (args) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (!FOUR_BYTES.has(x.dtype) || indices.dtype !== "int32" || batchDims || x.shape.length === 0) {
      return original.kernelFunc(args);
    }
    const b = args.backend as unknown as WasmBackendLike;
    const ax = tf.util.parseAxisParam(axis, x.shape)[0];
    const dim = x.shape[ax], n = tf.util.sizeFromShape(indices.shape);
    const outer = tf.util.sizeFromShape(x.shape.slice(0, ax)), inner = tf.util.sizeFromShape(x.shape.slice(ax + 1));
    const out = b.makeOutput([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], x.dtype);
    const heap = new Int32Array(b.wasm.HEAPU8.buffer);
    const src = b.dataIdMap.get(x.dataId).memoryOffset / 4, dst = b.dataIdMap.get(out.dataId).memoryOffset / 4;
    const ids = heap.subarray(
      b.dataIdMap.get(indices.dataId).memoryOffset / 4,
      b.dataIdMap.get(indices.dataId).memoryOffset / 4 + n,
    );
    for (const i of ids) {
      if (!(i >= 0 && i < dim)) throw new Error(`GatherV2: the index value ${i} is not in [0, ${dim - 1}]`);
    }
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        const from = src + (o * dim + ids[k]) * inner;
        heap.copyWithin(dst + (o * n + k) * inner, from, from + inner);
      }
    }
    return out;
  };
  Object.defineProperty(kernelFunc, "name", { value: "heapGatherV2" });
  tf.unregisterKernel("GatherV2", "wasm");
  tf.registerKernel({ kernelName: "GatherV2", backendName: "wasm", kernelFunc });
}

/** Identity, and Cast to the dtype the input has: the output shares the input's data (a reference more), no copy. */
function registerSharedIdentity(): void {
  for (const kernelName of ["Identity", "Cast"]) {
    const original = tf.getKernel(kernelName, "wasm")!;
    const kernelFunc: tf.KernelFunc = (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      const dtype = (args.attrs as { dtype?: string } | undefined)?.dtype ?? x.dtype;
      if (dtype !== x.dtype || x.dtype === "string") return original.kernelFunc(args);
      (args.backend as unknown as { incRef(dataId: unknown): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    };
    Object.defineProperty(kernelFunc, "name", { value: `shared${kernelName}` });
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc });
  }
}

export function registerWasmKernels(): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  registerHeapSlices();
  registerSharedIdentity();
  registerHeapGather();
  tf.registerKernel({
    kernelName: "UnsortedSegmentSum",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const b = backend as unknown as WasmBackendLike;
      const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const outer = tf.util.sizeFromShape(segmentIds.shape);
      const inner = outer ? tf.util.sizeFromShape(x.shape) / outer : 0;
      const float = x.dtype === "float32" && segmentIds.dtype === "int32";
      // float32: summed in place on the heap (no copies out of it); the same order, the same bits
      const res = float ? b.makeOutput(shape, x.dtype) : null;
      const at = (t: tf.TensorInfo) => b.dataIdMap.get(t.dataId).memoryOffset;
      const buf = b.wasm.HEAPU8.buffer;
      const xv = float ? new Float32Array(buf, at(x), outer * inner) : b.readSync(x.dataId);
      const ids = float ? new Int32Array(buf, at(segmentIds), outer) : b.readSync(segmentIds.dataId);
      const out = res
        ? new Float32Array(buf, at(res), numSegments * inner).fill(0)
        : new Float32Array(numSegments * inner);
      for (let i = 0; i < outer; i++) {
        const s = ids[i];
        if (s < 0 || s >= numSegments) continue;
        const o = s * inner, k = i * inner;
        for (let j = 0; j < inner; j++) out[o + j] += xv[k + j];
      }
      if (res) return res;
      return b.makeOutput(shape, x.dtype, undefined, out);
    },
  });
}
