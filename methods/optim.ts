// AdamW with parameter groups (each its own learning rate and decoupled weight
// decay), global-norm gradient clipping, and learning-rate schedules. Written
// out rather than taken from tfjs so that decay, groups and clipping are exact
// and the update order is fixed (bit-for-bit repeatable).
import { tf, variableFrom } from "../models/backend.ts";
import type { TrainingConfig } from "../bench/spec/types.ts";

export interface ParamGroup {
  name: string;
  vars: tf.Variable[];
  lr: number;
  weightDecay: number;
}

export class AdamW {
  private m = new Map<tf.Variable, tf.Variable>();
  private v = new Map<tf.Variable, tf.Variable>();
  private t = 0;
  constructor(
    readonly groups: ParamGroup[],
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    for (const g of groups)
      for (const w of g.vars) {
        this.m.set(w, variableFrom(tf.zerosLike(w), false));
        this.v.set(w, variableFrom(tf.zerosLike(w), false));
      }
  }

  get variables(): tf.Variable[] {
    return this.groups.flatMap((g) => g.vars);
  }

  /** One update; `scale` multiplies every group's learning rate (the schedule). */
  step(grads: Map<tf.Variable, tf.Tensor>, scale: number): void {
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      for (const g of this.groups) {
        const lr = g.lr * scale;
        for (const w of g.vars) {
          const grad = grads.get(w);
          if (!grad) continue;
          const m = this.m.get(w)!, v = this.v.get(w)!;
          m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1)));
          v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
          const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), this.eps));
          const decayed = g.weightDecay > 0 ? tf.mul(w, 1 - lr * g.weightDecay) : w;
          w.assign(tf.sub(decayed, tf.mul(update, lr)));
        }
      }
    });
  }

  /** Moments and step count, for checkpoints (moments in the order of `variables`). */
  state(): { t: number; m: Float32Array[]; v: Float32Array[] } {
    const vars = this.variables;
    return { t: this.t, m: vars.map((w) => this.m.get(w)!.dataSync() as Float32Array), v: vars.map((w) => this.v.get(w)!.dataSync() as Float32Array) };
  }

  loadState(s: { t: number; m: Float32Array[]; v: Float32Array[] }): void {
    const vars = this.variables;
    if (s.m.length !== vars.length) throw new Error(`optimizer state has ${s.m.length} tensors, expected ${vars.length}`);
    vars.forEach((w, i) => {
      this.m.get(w)!.assign(tf.tensor(s.m[i], w.shape));
      this.v.get(w)!.assign(tf.tensor(s.v[i], w.shape));
    });
    this.t = s.t;
  }

  dispose(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
  }
}

/** Scale gradients so their global L2 norm is at most maxNorm; returns the norm before clipping. */
export function clipByGlobalNorm(grads: Map<tf.Variable, tf.Tensor>, maxNorm: number): number {
  const t = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))));
  const norm = t.dataSync()[0];
  t.dispose();
  if (norm > maxNorm) {
    for (const [k, g] of grads) {
      grads.set(k, tf.mul(g, maxNorm / (norm + 1e-6)));
      g.dispose();
    }
  }
  return norm;
}

/** Learning-rate multiplier at step (1-based) of total. */
export function scheduleScale(s: TrainingConfig["schedule"], step: number, total: number): number {
  if (s.type === "constant") return 1;
  const warm = Math.floor(s.warmupRatio * total);
  if (step <= warm) return step / Math.max(1, warm);
  const progress = (step - warm) / Math.max(1, total - warm);
  if (s.type === "linear") return Math.max(0, 1 - progress);
  // cosine with hard restarts, as transformers' get_cosine_with_hard_restarts_schedule_with_warmup
  if (progress >= 1) return 0;
  return 0.5 * (1 + Math.cos(Math.PI * ((s.cycles * progress) % 1)));
}

/**
 * A parameter group split as transformers' Trainer splits weight decay: biases
 * and LayerNorm weights (the 1-D tensors) get none, matrices get `weightDecay`.
 */
export function decayGroups(name: string, vars: tf.Variable[], lr: number, weightDecay = 0): ParamGroup[] {
  const matrices = vars.filter((v) => v.rank > 1), vectors = vars.filter((v) => v.rank <= 1);
  return [
    ...(matrices.length ? [{ name, vars: matrices, lr, weightDecay }] : []),
    ...(vectors.length ? [{ name: `${name} (biases, LayerNorm)`, vars: vectors, lr, weightDecay: 0 }] : []),
  ];
}
