// Layer norm and GELU with fewer kernels on the WASM backend. At hidden 128 a
// training step's time goes mostly to tfjs's per-kernel overhead, not to
// arithmetic: layer norm was 9 kernels forward and about 30 in its gradient,
// GELU 5 and about 10. Here each is one kernel each way, a loop in JS over the
// WASM heap, in float64: layer norm's sums, GELU's erf (a rational function,
// more exact than tfjs's and several times faster). Values and gradients
// differ from the op-by-op version's in their last bits. Other backends run
// the plain ops.
import { tf } from "./backend.ts";

interface HeapBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}

const view = (b: HeapBackend, t: tf.TensorInfo) =>
  new Float32Array(b.wasm.HEAPU8.buffer, b.dataIdMap.get(t.dataId).memoryOffset, tf.util.sizeFromShape(t.shape));

const LN = "XltLayerNorm", LN_GRAD = "XltLayerNormGrad", GELU = "XltGelu", GELU_GRAD = "XltGeluGrad";
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  // x [.., d], g [d], b [d] -> y [.., d], mean [rows], rstd [rows]
  tf.registerKernel({
    kernelName: LN,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, g, b } = inputs as Record<string, tf.TensorInfo>;
      const eps = (attrs as unknown as { eps: number }).eps;
      const hb = backend as unknown as HeapBackend;
      const d = x.shape[x.shape.length - 1], rows = tf.util.sizeFromShape(x.shape) / d;
      const outs = [
        hb.makeOutput(x.shape, "float32"),
        hb.makeOutput([rows], "float32"),
        hb.makeOutput([rows], "float32"),
      ];
      const [X, G, B, Y, M, R] = [x, g, b, ...outs].map((t) => view(hb, t));
      for (let r = 0, o = 0; r < rows; r++, o += d) {
        let s = 0;
        for (let j = 0; j < d; j++) s += X[o + j];
        const mean = s / d;
        let v = 0;
        for (let j = 0; j < d; j++) v += (X[o + j] - mean) ** 2;
        const rstd = 1 / Math.sqrt(v / d + eps);
        for (let j = 0; j < d; j++) Y[o + j] = (X[o + j] - mean) * rstd * G[j] + B[j];
        M[r] = mean;
        R[r] = rstd;
      }
      return outs;
    },
  });
  // dy, x, mean, rstd, g -> dx, dg, db
  tf.registerKernel({
    kernelName: LN_GRAD,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x, mean, rstd, g } = inputs as Record<string, tf.TensorInfo>;
      const hb = backend as unknown as HeapBackend;
      const d = x.shape[x.shape.length - 1], rows = tf.util.sizeFromShape(x.shape) / d;
      const outs = [hb.makeOutput(x.shape, "float32"), hb.makeOutput([d], "float32"), hb.makeOutput([d], "float32")];
      const [DY, X, M, R, G, DX, DG, DB] = [dy, x, mean, rstd, g, ...outs].map((t) => view(hb, t));
      const dg = new Float64Array(d), db = new Float64Array(d);
      for (let r = 0, o = 0; r < rows; r++, o += d) {
        const m = M[r], rs = R[r];
        let s1 = 0, s2 = 0;
        for (let j = 0; j < d; j++) {
          const xh = (X[o + j] - m) * rs, gy = DY[o + j] * G[j];
          s1 += gy;
          s2 += gy * xh;
          dg[j] += DY[o + j] * xh;
          db[j] += DY[o + j];
        }
        s1 /= d;
        s2 /= d;
        for (let j = 0; j < d; j++) DX[o + j] = rs * (DY[o + j] * G[j] - s1 - (X[o + j] - m) * rs * s2);
      }
      DG.set(dg);
      DB.set(db);
      return outs;
    },
  });
  // x -> y = x Phi(x), Phi(x) = (1 + erf(x / sqrt 2)) / 2 (saved for the gradient), erf as erfRational
  const sigmoidKernel = tf.getKernel("Sigmoid", "wasm")!.kernelFunc;
  tf.registerKernel({
    kernelName: GELU,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as Record<string, tf.TensorInfo>;
      const hb = backend as unknown as HeapBackend;
      const outs = [hb.makeOutput(x.shape, "float32"), hb.makeOutput(x.shape, "float32")];
      const [X, Y, C] = [x, ...outs].map((t) => view(hb, t));
      for (let i = 0; i < X.length; i++) Y[i] = X[i] * (C[i] = 0.5 * (1 + erfRational(X[i] * Math.SQRT1_2)));
      return outs;
    },
  });
  // dy, x, cdf (Phi(x)) -> dx = dy * (Phi(x) + x phi(x))
  tf.registerKernel({
    kernelName: GELU_GRAD,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x, cdf } = inputs as Record<string, tf.TensorInfo>;
      const hb = backend as unknown as HeapBackend & { disposeData(id: unknown): boolean };
      // exp(-z) = sigmoid(-z) / (1 - sigmoid(-z)) for z = x^2 / 2 >= 0: tfjs's vectorised WASM sigmoid takes about a
      // third of the time of JS's Math.exp over the same elements, and the quotient keeps its relative accuracy
      const z = hb.makeOutput(x.shape, "float32");
      const [X0, Z] = [x, z].map((t) => view(hb, t));
      for (let i = 0; i < Z.length; i++) Z[i] = -0.5 * X0[i] * X0[i];
      const sig = sigmoidKernel({ inputs: { x: z }, attrs: {}, backend }) as tf.TensorInfo;
      hb.disposeData(z.dataId);
      const out = hb.makeOutput(x.shape, "float32");
      const [DY, X, C, S, DX] = [dy, x, cdf, sig, out].map((t) => view(hb, t));
      const k = 1 / Math.sqrt(2 * Math.PI);
      for (let i = 0; i < X.length; i++) DX[i] = DY[i] * (C[i] + X[i] * k * (S[i] / (1 - S[i])));
      hb.disposeData(sig.dataId);
      return out;
    },
  });
}

/**
 * erf(x) as x P(x^2) / Q(x^2) on [-4, 4] and +-1 beyond, in float64 (Eigen's generic_fast_erf_float, the form XLA's
 * GELU uses): within 6.5e-8 of the exact erf everywhere (the A&S formula tfjs's erf kernel evaluates: 1.4e-7), no
 * exp, no branch; tfjs's WASM erf kernel took 1 to 2 ms for a [592, 512] activation, this loop ~0.3 ms.
 */
export function erfRational(v: number): number {
  const x = v > 4 ? 4 : v < -4 ? -4 : v, x2 = x * x;
  let p = -2.72614225801306e-10;
  p = p * x2 + 2.77068142495902e-08;
  p = p * x2 - 2.10102402082508e-06;
  p = p * x2 - 5.69250639462346e-05;
  p = p * x2 - 7.34990630326855e-04;
  p = p * x2 - 2.95459980854025e-03;
  p = p * x2 - 1.60960333262415e-02;
  let q = -1.45660718464996e-05;
  q = q * x2 - 2.13374055278905e-04;
  q = q * x2 - 1.68282697438203e-03;
  q = q * x2 - 7.37332916720468e-03;
  q = q * x2 - 1.42647390514189e-02;
  return (x * p) / q;
}

/** Whether the fused kernels run: the WASM backend, float32. */
const fusedFor = (x: tf.Tensor) => tf.getBackend() === "wasm" && x.dtype === "float32";

/** A kernel's outputs (an array where it returns several, else the tensor). */
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}) =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs) as unknown as tf.Tensor[];

type Grad = Parameters<typeof tf.customGrad>[0];

const fusedLayerNorm = (eps: number) =>
  tf.customGrad(
    ((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      const [y, mean, rstd] = run(LN, { x, g, b }, { eps });
      save([x, mean, rstd, g]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, [sx, sm, sr, sg]: tf.Tensor[]) =>
          run(LN_GRAD, { dy, x: sx, mean: sm, rstd: sr, g: sg }),
      };
    }) as unknown as Grad,
  ) as unknown as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const byEps = new Map<number, ReturnType<typeof fusedLayerNorm>>();

/** Layer norm over the last axis: (x - mean) / sqrt(var + eps) * g + b. */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  if (fusedFor(x)) {
    register();
    if (!byEps.has(eps)) byEps.set(eps, fusedLayerNorm(eps));
    return byEps.get(eps)!(x, g, b);
  }
  const mean = tf.mean(x, -1, true);
  const xc = tf.sub(x, mean);
  const variance = tf.mean(tf.square(xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), g), b);
}

const fusedGelu = tf.customGrad(
  ((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, cdf] = run(GELU, { x });
    save([x, cdf]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sx, sc]: tf.Tensor[]) =>
        run(GELU_GRAD, { dy, x: sx, cdf: sc }) as unknown as tf.Tensor,
    };
  }) as unknown as Grad,
) as unknown as (x: tf.Tensor) => tf.Tensor;

/** Exact GELU, as XLM-R's "gelu": x * Phi(x). */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (fusedFor(x)) {
    register();
    return fusedGelu(x);
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

const ADAMW = "XltAdamW";

/** AdamW's constants for one update, each as tfjs would hold it: a float32 scalar. */
export interface AdamWConsts {
  beta1: number;
  beta2: number;
  /** 1 - beta^t, the bias corrections */
  bc1: number;
  bc2: number;
  eps: number;
  lr: number;
  weightDecay: number;
}

function registerAdamW(): void {
  if (tf.getKernel(ADAMW, "wasm")) return;
  // w, g, m, v -> w', m', v': each step rounded to float32 as the ops of methods/optim.ts round it, in their order
  tf.registerKernel({
    kernelName: ADAMW,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { w, g, m, v } = inputs as Record<string, tf.TensorInfo>;
      const c = attrs as unknown as AdamWConsts;
      const hb = backend as unknown as HeapBackend;
      const outs = [w, m, v].map((t) => hb.makeOutput(t.shape, "float32"));
      const [W, G, M, V, W1, M1, V1] = [w, g, m, v, ...outs].map((t) => view(hb, t));
      const f = Math.fround;
      const b1 = f(c.beta1), nb1 = f(1 - c.beta1), b2 = f(c.beta2), nb2 = f(1 - c.beta2);
      const bc1 = f(c.bc1), bc2 = f(c.bc2), eps = f(c.eps), lr = f(c.lr), keep = f(1 - c.lr * c.weightDecay);
      for (let i = 0; i < W.length; i++) {
        const gi = G[i];
        const mi = (M1[i] = f(f(M[i] * b1) + f(gi * nb1)));
        const vi = (V1[i] = f(f(V[i] * b2) + f(f(gi * gi) * nb2)));
        const update = f(f(mi / bc1) / f(f(Math.sqrt(f(vi / bc2))) + eps));
        W1[i] = f((c.weightDecay > 0 ? f(W[i] * keep) : W[i]) - f(update * lr));
      }
      return outs;
    },
  });
}

/**
 * One AdamW update of w in one kernel on WASM: [w', m', v'], bit for bit what methods/optim.ts's ops give; null
 * elsewhere (its ops run there).
 */
export function fusedAdamW(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, c: AdamWConsts): tf.Tensor[] | null {
  if (!fusedFor(w) || g.dtype !== "float32") return null;
  registerAdamW();
  return run(ADAMW, { w, g, m, v }, c as unknown as Record<string, number>);
}
