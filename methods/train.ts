// The training loop: seeded batches, AdamW or Adafactor with a schedule, dev
// evaluation every evalEvery steps keeping the best state, NaN detection with
// the step number, and no tensor left behind per step.
import { tf } from "../models/backend.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import type { CurvePoint } from "../core/record.ts";
import type { TrainingConfig } from "../core/spec.ts";
import { clipByGlobalNorm, createOptimizer, scheduleScale } from "./optim.ts";
import type { Encoded, Method } from "./method.ts";
import { accuracyOf } from "./evaluate.ts";

export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(`loss is ${loss} at step ${step}: training diverged (lower the learning rate or check the data)`);
  }
}

export interface TrainEvent {
  step: number;
  totalSteps: number;
  loss: number;
  lr: number;
  devAccuracy?: number;
}

export interface TrainResult {
  steps: number;
  bestStep: number;
  bestDevAccuracy: number;
  curve: CurvePoint[];
}

export function totalSteps(cfg: TrainingConfig, trainSize: number): number {
  return cfg.maxSteps ?? Math.ceil(((cfg.epochs ?? 1) * trainSize) / cfg.batchSize);
}

/**
 * Batches of a fresh seeded permutation per epoch. With `groupByLength` (transformers' group_by_length),
 * the permutation is cut into megabatches of up to 50 batches (fewer for a small set, as transformers
 * sizes them), each sorted by length, longest first, then cut into batches: every example still comes
 * once an epoch in a seeded order, with less padding, but in other batches than the plain shuffle, and
 * a batch's mean gradient depends on which examples it holds.
 */
export function* trainingBatches<E extends Encoded>(
  data: E[],
  size: number,
  seed: number,
  groupByLength = false,
): Generator<E[]> {
  for (let epoch = 0;; epoch++) {
    let order = new Rng(deriveSeed("epoch", seed, epoch)).shuffle(data);
    if (groupByLength) {
      const mega = size * Math.max(1, Math.min(50, Math.floor(order.length / (size * 4))));
      const groups: E[][] = [];
      for (let i = 0; i < order.length; i += mega) {
        groups.push(order.slice(i, i + mega).sort((a, b) => b.length - a.length));
      }
      order = groups.flat();
    }
    for (let i = 0; i < order.length; i += size) yield order.slice(i, i + size);
  }
}

export async function train<E extends Encoded>(
  method: Method<E>,
  data: { train: E[]; dev: E[] },
  cfg: TrainingConfig,
  seed: number,
  onEvent: (e: TrainEvent) => void = () => {},
): Promise<TrainResult> {
  const total = totalSteps(cfg, data.train.length);
  const opt = createOptimizer(cfg.optimizer, method.groups);
  const vars = opt.variables;
  const dropRng = new Rng(deriveSeed("dropout", seed));
  const drop = cfg.dropout ? { rate: cfg.dropout, rng: dropRng } : undefined;
  const curve: CurvePoint[] = [];
  let best = { step: 0, acc: -1, state: null as tf.Tensor[] | null };
  const it = trainingBatches(data.train, cfg.batchSize, seed, cfg.groupByLength);
  try {
    for (let step = 1; step <= total; step++) {
      const batch = it.next().value as E[];
      const scale = scheduleScale(cfg.schedule, step, total);
      const { value, grads } = tf.variableGrads(() => method.loss(batch, drop), vars);
      const loss = (await value.data())[0];
      value.dispose();
      // a trainable variable the loss does not reach has no gradient (e.g. the MLM head under a classifier): it is left out
      const gradMap = new Map(
        vars.filter((v) => grads[v.name]).map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]),
      );
      if (!Number.isFinite(loss)) {
        tf.dispose(Object.values(grads));
        throw new NonFiniteLossError(step, loss);
      }
      if (cfg.gradClip) await clipByGlobalNorm(gradMap, cfg.gradClip);
      opt.step(gradMap, scale);
      tf.dispose([...gradMap.values()]);
      const point: CurvePoint = { step, loss };
      if (step % cfg.evalEvery === 0 || step === total) {
        const dev = cfg.maxDevExamples ? data.dev.slice(0, cfg.maxDevExamples) : data.dev;
        point.devAccuracy = (await accuracyOf(method, dev)).accuracy;
        if (point.devAccuracy > best.acc) {
          tf.dispose(best.state ?? []);
          best = { step, acc: point.devAccuracy, state: vars.map((v) => tf.clone(v)) };
        }
      }
      curve.push(point);
      onEvent({ step, totalSteps: total, loss, lr: scale, devAccuracy: point.devAccuracy });
      if (step % 8 === 0) await new Promise((r) => setTimeout(r, 0)); // let signals and I/O through
    }
    // keep the best checkpoint on dev
    if (best.state) vars.forEach((v, i) => v.assign(best.state![i]));
  } finally {
    tf.dispose(best.state ?? []);
    opt.dispose();
  }
  return { steps: total, bestStep: best.step, bestDevAccuracy: best.acc, curve };
}
