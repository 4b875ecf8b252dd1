// Kernels the WASM backend lacks or runs slowly. UnsortedSegmentSum is the
// gradient of gather (embedding lookups, reading one position per row); this
// JS version sums in index order, so it is deterministic. Slice, SplitV and
// Unpack: tfjs's WASM versions read their input through readSync, which copies the
// whole tensor out of the heap on every call (splitting a layer's fused q|k|v
// took 31 ms of an XLM-R base step's ~2 s, 12 times); these copy each run of
// the last axis within the heap instead. Copies are exact: no result changes.
import { tf } from "./backend.ts";

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

function registerHeapSlices(): void {
  const slice = tf.getKernel("Slice", "wasm")!, split = tf.getKernel("SplitV", "wasm")!, unpack = tf.getKernel("Unpack", "wasm")!;
  tf.unregisterKernel("Slice", "wasm");
  tf.registerKernel({
    kernelName: "Slice",
    backendName: "wasm",
    kernelFunc: function heapSlice(args) {
      const x = args.inputs.x as tf.TensorInfo;
      if (!FOUR_BYTES.has(x.dtype) || x.shape.length === 0) return slice.kernelFunc(args);
      const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [b0, s0] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
      const b = args.backend as unknown as WasmBackendLike;
      const out = b.makeOutput(s0, x.dtype);
      if (tf.util.sizeFromShape(s0) > 0) copyBox(b, x, b0, s0, out);
      return out;
    },
  });
  tf.unregisterKernel("SplitV", "wasm");
  tf.registerKernel({
    kernelName: "SplitV",
    backendName: "wasm",
    kernelFunc: function heapSplit(args) {
      const x = args.inputs.x as tf.TensorInfo;
      if (!FOUR_BYTES.has(x.dtype)) return split.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      const ax = tf.util.parseAxisParam(axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, ax);
      const b = args.backend as unknown as WasmBackendLike;
      // every output first: an allocation may grow (move) the heap that copyBox then views
      const outs = sizes.map((n) => b.makeOutput(x.shape.map((d, i) => (i === ax ? n : d)), x.dtype));
      let at = 0;
      outs.forEach((out, i) => {
        const begin = x.shape.map((_, j) => (j === ax ? at : 0));
        if (tf.util.sizeFromShape(out.shape) > 0) copyBox(b, x, begin, out.shape, out);
        at += sizes[i];
      });
      return outs;
    },
  });
  tf.unregisterKernel("Unpack", "wasm");
  tf.registerKernel({
    kernelName: "Unpack",
    backendName: "wasm",
    kernelFunc: function heapUnpack(args) {
      const x = args.inputs.value as tf.TensorInfo;
      if (!FOUR_BYTES.has(x.dtype)) return unpack.kernelFunc(args);
      const rank = x.shape.length;
      const ax = ((args.attrs as unknown as { axis: number }).axis + rank) % rank;
      const b = args.backend as unknown as WasmBackendLike;
      const one = x.shape.map((d, i) => (i === ax ? 1 : d));
      const outs = Array.from({ length: x.shape[ax] }, () => b.makeOutput(one, x.dtype));
      outs.forEach((out, i) => {
        if (tf.util.sizeFromShape(one) > 0) copyBox(b, x, x.shape.map((_, j) => (j === ax ? i : 0)), one, out);
      });
      return outs.map(({ dataId, dtype }) => ({ dataId, dtype, shape: x.shape.filter((_, i) => i !== ax) }));
    },
  });
}

export function registerWasmKernels(): void {
  if (tf.getKernel("UnsortedSegmentSum", "wasm")) return;
  registerHeapSlices();
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
