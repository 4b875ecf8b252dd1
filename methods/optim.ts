// AdamW and Adafactor with parameter groups (each its own learning rate and
// decoupled weight decay), global-norm gradient clipping, and learning-rate
// schedules. Written out rather than taken from tfjs so that decay, groups and
// clipping are exact and the update order is fixed (bit-for-bit repeatable).
import { tf, variableFrom } from "../models/backend.ts";
import { fusedAdamW } from "../models/fused.ts";
import type { TrainingConfig } from "../core/spec.ts";

export interface ParamGroup {
  name: string;
  vars: tf.Variable[];
  lr: number;
  weightDecay: number;
}

/** What the training loop needs of an optimizer (training.optimizer in a spec profile picks one). */
export interface Optimizer {
  readonly groups: ParamGroup[];
  readonly variables: tf.Variable[];
  /** One update; `scale` multiplies every group's learning rate (the schedule). */
  step(grads: Map<tf.Variable, tf.Tensor>, scale: number): void;
  dispose(): void;
}

export const OPTIMIZERS = ["adamw", "adafactor"] as const satisfies readonly TrainingConfig["optimizer"][];

export function createOptimizer(name: TrainingConfig["optimizer"], groups: ParamGroup[]): Optimizer {
  if (name === "adamw") return new AdamW(groups);
  if (name === "adafactor") return new Adafactor(groups);
  throw new Error(`optimizer "${name}" is not supported (supported: ${OPTIMIZERS.join(", ")})`);
}

/** Each trained variable with its gradient, its group's learning rate this step and its weight decay, in one tidy scope (a variable without a gradient is left as it is). */
function eachUpdate(
  groups: ParamGroup[],
  grads: Map<tf.Variable, tf.Tensor>,
  scale: number,
  update: (w: tf.Variable, grad: tf.Tensor, lr: number, weightDecay: number) => void,
): void {
  tf.tidy(() => {
    for (const g of groups) {
      const lr = g.lr * scale;
      for (const w of g.vars) {
        const grad = grads.get(w);
        if (grad) update(w, grad, lr, g.weightDecay);
      }
    }
  });
}

export class AdamW implements Optimizer {
  private m = new Map<tf.Variable, tf.Variable>();
  private v = new Map<tf.Variable, tf.Variable>();
  private t = 0;
  constructor(
    readonly groups: ParamGroup[],
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    for (const g of groups) {
      for (const w of g.vars) {
        this.m.set(w, variableFrom(tf.zerosLike(w), false));
        this.v.set(w, variableFrom(tf.zerosLike(w), false));
      }
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
    eachUpdate(this.groups, grads, scale, (w, grad, lr, weightDecay) => {
      const m = this.m.get(w)!, v = this.v.get(w)!;
      // one kernel on WASM (models/fused.ts), the same bits as the ops below
      const fused = fusedAdamW(w, grad, m, v, {
        beta1: this.beta1,
        beta2: this.beta2,
        bc1,
        bc2,
        eps: this.eps,
        lr,
        weightDecay,
      });
      if (fused) {
        w.assign(fused[0]);
        m.assign(fused[1]);
        v.assign(fused[2]);
        return;
      }
      m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1)));
      v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
      const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), this.eps));
      const decayed = weightDecay > 0 ? tf.mul(w, 1 - lr * weightDecay) : w;
      w.assign(tf.sub(decayed, tf.mul(update, lr)));
    });
  }

  /** Moments and step count, for checkpoints (moments in the order of `variables`). */
  state(): { t: number; m: Float32Array[]; v: Float32Array[] } {
    const vars = this.variables;
    return {
      t: this.t,
      m: vars.map((w) => this.m.get(w)!.dataSync() as Float32Array),
      v: vars.map((w) => this.v.get(w)!.dataSync() as Float32Array),
    };
  }

  loadState(s: { t: number; m: Float32Array[]; v: Float32Array[] }): void {
    const vars = this.variables;
    if (s.m.length !== vars.length) {
      throw new Error(`optimizer state has ${s.m.length} tensors, expected ${vars.length}`);
    }
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

/**
 * Adafactor (Shazeer & Stern 2018) as transformers' Trainer builds it for
 * optim="adafactor": `transformers.optimization.Adafactor` with
 * scale_parameter=False, relative_step=False, warmup_init=False, beta1=None
 * (no first moment), eps=(1e-30, 1e-3), clip_threshold=1.0, decay_rate=-0.8,
 * and the group's scheduled learning rate. Per weight, at its own step t
 * (counted only on steps that give it a gradient):
 *
 *   beta2t = 1 - t^decayRate
 *   u      = grad^2 + eps1
 *   rank >= 2 (factored over the last two dims; leading dims are a batch):
 *     R = beta2t R + (1 - beta2t) mean(u, last dim)
 *     C = beta2t C + (1 - beta2t) mean(u, second-last dim)
 *     update = rsqrt(R / mean(R, last dim)) [..., :, None] * rsqrt(C) [..., None, :] * grad
 *   rank <= 1: V = beta2t V + (1 - beta2t) u;  update = rsqrt(V) * grad
 *   update = update / max(1, RMS(update) / clipThreshold)   (RMS over the whole tensor)
 *   w = w - weightDecay * lr * w;  w = w - lr * update
 *
 * With scale_parameter=False the learning rate is not multiplied by RMS(w),
 * so eps2 (1e-3) plays no part and is not kept.
 */
export class Adafactor implements Optimizer {
  private row = new Map<tf.Variable, tf.Variable>();
  private col = new Map<tf.Variable, tf.Variable>();
  private v = new Map<tf.Variable, tf.Variable>();
  private t = new Map<tf.Variable, number>();
  constructor(
    readonly groups: ParamGroup[],
    readonly eps1 = 1e-30,
    readonly clipThreshold = 1,
    readonly decayRate = -0.8,
  ) {
    for (const g of groups) {
      for (const w of g.vars) {
        if (w.rank >= 2) {
          this.row.set(w, variableFrom(tf.zeros(w.shape.slice(0, -1)), false));
          this.col.set(w, variableFrom(tf.zeros([...w.shape.slice(0, -2), w.shape[w.rank - 1]]), false));
        } else this.v.set(w, variableFrom(tf.zerosLike(w), false));
      }
    }
  }

  get variables(): tf.Variable[] {
    return this.groups.flatMap((g) => g.vars);
  }

  step(grads: Map<tf.Variable, tf.Tensor>, scale: number): void {
    eachUpdate(this.groups, grads, scale, (w, grad, lr, weightDecay) => {
      const t = (this.t.get(w) ?? 0) + 1;
      this.t.set(w, t);
      const beta2t = 1 - t ** this.decayRate;
      const u = tf.add(tf.square(grad), this.eps1);
      let update: tf.Tensor;
      if (w.rank >= 2) {
        const row = this.row.get(w)!, col = this.col.get(w)!;
        row.assign(tf.add(tf.mul(row, beta2t), tf.mul(tf.mean(u, w.rank - 1), 1 - beta2t)));
        col.assign(tf.add(tf.mul(col, beta2t), tf.mul(tf.mean(u, w.rank - 2), 1 - beta2t)));
        const r = tf.expandDims(tf.rsqrt(tf.div(row, tf.mean(row, row.rank - 1, true))), -1);
        const c = tf.expandDims(tf.rsqrt(col), -2);
        update = tf.mul(tf.mul(r, c), grad);
      } else {
        const v = this.v.get(w)!;
        v.assign(tf.add(tf.mul(v, beta2t), tf.mul(u, 1 - beta2t)));
        update = tf.mul(tf.rsqrt(v), grad);
      }
      const rms = tf.div(tf.sqrt(tf.sum(tf.square(update))), Math.sqrt(update.size));
      update = tf.div(update, tf.maximum(tf.div(rms, this.clipThreshold), 1));
      const decayed = weightDecay > 0 ? tf.sub(w, tf.mul(w, weightDecay * lr)) : w;
      w.assign(tf.sub(decayed, tf.mul(update, lr)));
    });
  }

  dispose(): void {
    for (const x of [...this.row.values(), ...this.col.values(), ...this.v.values()]) x.dispose();
  }
}

/** Scale gradients so their global L2 norm is at most maxNorm; returns the norm before clipping. */
export async function clipByGlobalNorm(grads: Map<tf.Variable, tf.Tensor>, maxNorm: number): Promise<number> {
  const t = tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))));
  const norm = (await t.data())[0];
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
