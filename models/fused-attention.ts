// Multi-head attention as one kernel each way, with OpenBLAS under WASM
// (models/native-gemm.ts). attend() (models/attention.ts) runs about 13 tfjs
// kernels forward (split, reshapes, head transposes, two products, scale, bias,
// softmax) and about 25 in its gradient; at hidden 128 their per-kernel
// overhead, not the arithmetic, is most of a training step. Here the products
// read each head straight out of the fused q|k|v rows (leading dimension 3d)
// and write the context straight into [B*T, d] rows, so nothing is transposed,
// and the softmax (and its gradient) is a JS loop over the heap. The products
// are OpenBLAS's, as before; the softmax sums in float64, so results differ
// from attend()'s in their last bits. Dropout on the probabilities takes the
// multiplier tf.dropout would draw (same seed, same mask).
import { tf } from "./backend.ts";
import { activeBlas } from "./native-gemm.ts";

interface HeapBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  disposeData(dataId: unknown): boolean;
}
interface Dims {
  B: number;
  T: number;
  H: number;
  scale: number;
}

const ATTEND = "XltAttention", ATTEND_GRAD = "XltAttentionGrad";
let registered = false;

const offset = (b: HeapBackend, t: tf.TensorInfo) => b.dataIdMap.get(t.dataId).memoryOffset;
const view = (b: HeapBackend, t: tf.TensorInfo) =>
  new Float32Array(b.wasm.HEAPU8.buffer, offset(b, t), tf.util.sizeFromShape(t.shape));

function register(): void {
  if (registered) return;
  registered = true;
  const softmaxKernel = tf.getKernel("Softmax", "wasm")!.kernelFunc;
  // qkv [B*T, 3d], bias [B, 1, 1, T], keep (dropout multiplier, optional) [B, H, T, T] -> context [B*T, d], probs [B, H, T, T]
  tf.registerKernel({
    kernelName: ATTEND,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { qkv, bias, keep } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { B, T, H, scale } = attrs as unknown as Dims;
      const hb = backend as unknown as HeapBackend, blas = activeBlas()!;
      const d = qkv!.shape[1] / 3, dh = d / H, TT = T * T;
      const scores = hb.makeOutput([B, H, T, T], "float32");
      let heap = hb.wasm.HEAPU8;
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          const q = offset(hb, qkv!) + (b * T * 3 * d + h * dh) * 4;
          blas.sgemm(
            heap,
            false,
            true,
            T,
            T,
            dh,
            q,
            3 * d,
            q + d * 4,
            3 * d,
            offset(hb, scores) + (b * H + h) * TT * 4,
            T,
          );
        }
      }
      // scaled, then the bias added, each rounded to float32 as tf.mul and tf.add round them
      const S = view(hb, scores), bias_ = view(hb, bias!);
      for (let r = 0; r < B * H * T; r++) {
        const o = r * T, bo = Math.floor(r / (H * T)) * T;
        for (let j = 0; j < T; j++) S[o + j] = Math.fround(S[o + j] * scale) + bias_[bo + j];
      }
      // tfjs's own WASM softmax kernel, called directly (no tfjs op around it)
      const probs = softmaxKernel({ inputs: { logits: scores }, attrs: { dim: 3 }, backend }) as tf.TensorInfo;
      hb.disposeData(scores.dataId);
      const ctx = hb.makeOutput([B * T, d], "float32");
      const dropped = keep ? hb.makeOutput([B, H, T, T], "float32") : null;
      let a0 = offset(hb, probs);
      if (dropped) {
        const P = view(hb, probs), K = view(hb, keep!), D = view(hb, dropped);
        for (let i = 0; i < D.length; i++) D[i] = P[i] * K[i];
        a0 = offset(hb, dropped);
      }
      heap = hb.wasm.HEAPU8;
      const q0 = offset(hb, qkv!), c0 = offset(hb, ctx);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          const v = q0 + (b * T * 3 * d + 2 * d + h * dh) * 4;
          blas.sgemm(
            heap,
            false,
            false,
            T,
            dh,
            T,
            a0 + (b * H + h) * TT * 4,
            T,
            v,
            3 * d,
            c0 + (b * T * d + h * dh) * 4,
            d,
          );
        }
      }
      if (dropped) hb.disposeData(dropped.dataId);
      return [ctx, probs];
    },
  });
  // dctx [B*T, d], qkv, probs, keep (optional) -> dqkv [B*T, 3d]
  tf.registerKernel({
    kernelName: ATTEND_GRAD,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, qkv, probs, keep } = inputs as Record<string, tf.TensorInfo | undefined>;
      const { B, T, H, scale } = attrs as unknown as Dims;
      const hb = backend as unknown as HeapBackend, blas = activeBlas()!;
      const d = qkv!.shape[1] / 3, dh = d / H, TT = T * T, D3 = 3 * d;
      const dqkv = hb.makeOutput([B * T, D3], "float32"), dS = hb.makeOutput([T, T], "float32");
      const dropped = keep ? hb.makeOutput([T, T], "float32") : null;
      const heap = hb.wasm.HEAPU8, q0 = offset(hb, qkv!), g0 = offset(hb, dy!), o0 = offset(hb, dqkv);
      const s0 = offset(hb, dS), p0 = offset(hb, probs!);
      const P = view(hb, probs!), S = view(hb, dS), K = keep ? view(hb, keep) : null, Pd = dropped && view(hb, dropped);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          const at = (b * H + h) * TT, rows = b * T;
          const q = q0 + (rows * D3 + h * dh) * 4, g = g0 + (rows * d + h * dh) * 4, o = o0 + (rows * D3 + h * dh) * 4;
          // dV = P'^T dctx, with P' the probabilities after dropout
          let pa = p0 + at * 4;
          if (Pd) {
            for (let i = 0; i < TT; i++) Pd[i] = P[at + i] * K![at + i];
            pa = offset(hb, dropped!);
          }
          blas.sgemm(heap, true, false, T, dh, T, pa, T, g, d, o + 2 * d * 4, D3);
          // dP' = dctx V^T; dS = scale * P * (dP - rowsum(dP * P)), dP = dP' * keep
          blas.sgemm(heap, false, true, T, T, dh, g, d, q + 2 * d * 4, D3, s0, T);
          for (let i = 0; i < T; i++) {
            const r = i * T;
            let dot = 0;
            for (let j = 0; j < T; j++) {
              if (K) S[r + j] *= K[at + r + j];
              dot += S[r + j] * P[at + r + j];
            }
            for (let j = 0; j < T; j++) S[r + j] = scale * P[at + r + j] * (S[r + j] - dot);
          }
          // dQ = dS K, dK = dS^T Q
          blas.sgemm(heap, false, false, T, dh, T, s0, T, q + d * 4, D3, o, D3);
          blas.sgemm(heap, true, false, T, dh, T, s0, T, q, D3, o + d * 4, D3);
        }
      }
      hb.disposeData(dS.dataId);
      if (dropped) hb.disposeData(dropped.dataId);
      return dqkv;
    },
  });
}

/** Whether fusedAttend runs here: the WASM backend with OpenBLAS, and a padding bias [B, 1, 1, T]. */
export function fusedAttendFits(bias: tf.Tensor, B: number, T: number): boolean {
  return tf.getBackend() === "wasm" && activeBlas() !== null && bias.shape.join() === [B, 1, 1, T].join();
}

type Grad = Parameters<typeof tf.customGrad>[0];

/** The dropout multiplier tf.dropout(probs, rate, undefined, seed) would draw: 0 or 1 / (1 - rate). */
export function dropoutMultiplier(shape: number[], rate: number, seed: number): tf.Tensor {
  const keepProb = 1 - rate;
  return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, "float32", seed), keepProb)), keepProb);
}

/**
 * softmax(q k^T * scale + bias) v per head, from the fused projection qkv [B*T, 3d] (q | k | v) -> [B*T, d];
 * attend(q, k, v, B, T, H, bias, scale) in one kernel (see fusedAttendFits). `keep`: a dropout multiplier on the
 * probabilities [B, H, T, T] (dropoutMultiplier).
 */
export function fusedAttend(
  qkv: tf.Tensor2D,
  B: number,
  T: number,
  H: number,
  bias: tf.Tensor,
  scale: number,
  keep?: tf.Tensor,
): tf.Tensor2D {
  register();
  const attrs = { B, T, H, scale } as unknown as tf.NamedAttrMap;
  const run = (name: string, inputs: Record<string, tf.Tensor>) =>
    tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor[];
  const f = tf.customGrad(
    ((x: tf.Tensor, save: tf.GradSaveFunc) => {
      const [ctx, probs] = run(ATTEND, keep ? { qkv: x, bias, keep } : { qkv: x, bias });
      // the multiplier too: tensors made during the forward pass are gone by the backward one unless saved
      save(keep ? [x, probs, keep] : [x, probs]);
      return {
        value: ctx,
        gradFunc: (dy: tf.Tensor, [sx, sp, sk]: tf.Tensor[]) =>
          run(
            ATTEND_GRAD,
            sk ? { dy, qkv: sx, probs: sp, keep: sk } : { dy, qkv: sx, probs: sp },
          ) as unknown as tf.Tensor,
      };
    }) as unknown as Grad,
  ) as unknown as (x: tf.Tensor) => tf.Tensor2D;
  return f(qkv);
}
