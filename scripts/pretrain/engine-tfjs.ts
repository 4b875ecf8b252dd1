// The tfjs engine: stage 1 (masked LM) in this process, on any machine with
// Bun. Batches and dropout derive from (seed, step), and a checkpoint with the
// AdamW state is written every --ckpt-every steps, so an interrupted run
// resumes where it stopped and trains as if it had not been interrupted.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deriveSeed, Rng } from "../../core/rng.ts";
import { tf } from "../../models/backend.ts";
import type { XlmrConfig } from "../../models/config.ts";
import { readSafetensors, writeSafetensors } from "../../models/safetensors.ts";
import { randomXlmrTensors, xlmrFromTensors, xlmrToTensors } from "../../models/xlmr.ts";
import { AdamW, clipByGlobalNorm, scheduleScale } from "../../methods/optim.ts";
import { makeBatch, type Masking } from "./batches.ts";
import { log } from "./log.ts";
import { mlm } from "./mlm.ts";
import type { PretrainOptions } from "./options.ts";
import type { Trained } from "./trained.ts";

export type TfjsOptions = Pick<
  PretrainOptions,
  "id" | "steps" | "bowFrom" | "batch" | "lr" | "seed" | "minutes" | "ckptEvery"
>;

export async function trainWithTfjs(
  work: string,
  config: XlmrConfig,
  train: number[][],
  masking: Masking,
  o: TfjsOptions,
): Promise<Trained> {
  // stage 2 (the bag-of-words objective) is implemented by the torch engine only
  if (o.bowFrom < o.steps) {
    throw new Error(`--engine tfjs runs stage 1 only: pass --bow-from ${o.steps} (= --steps), or use --engine torch`);
  }
  let startStep = 0;
  const ckpt = join(work, "checkpoint.safetensors");
  let tensors = randomXlmrTensors(config, deriveSeed("init", o.seed));
  let saved: ReturnType<typeof readSafetensors> | null = null;
  if (existsSync(ckpt)) {
    saved = readSafetensors(new Uint8Array(readFileSync(ckpt)));
    tensors = new Map([...saved.tensors].filter(([k]) => !k.startsWith("adam.")));
    startStep = Number(saved.metadata.step);
    log(`resuming from step ${startStep}`);
  }
  const model = xlmrFromTensors(config, tensors, o.id);
  for (const v of model.variables()) (v as { trainable: boolean }).trainable = true;
  const w = model.w;
  const decayed = new Set([
    ...w.layers.flatMap((l) => [l.qkvW, l.attnOutW, l.interW, l.outW]),
    w.lmDenseW,
    ...w.wordEmb.blocks,
    w.posEmb,
  ]);
  const opt = new AdamW([
    { name: "matrices", vars: model.variables().filter((v) => decayed.has(v)), lr: o.lr, weightDecay: 0.01 },
    { name: "vectors", vars: model.variables().filter((v) => !decayed.has(v)), lr: o.lr, weightDecay: 0 },
  ]);
  if (saved) {
    const n = opt.variables.length;
    opt.loadState({
      t: startStep,
      m: Array.from({ length: n }, (_, i) => saved!.tensors.get(`adam.m.${i}`)!.data),
      v: Array.from({ length: n }, (_, i) => saved!.tensors.get(`adam.v.${i}`)!.data),
    });
  }
  const saveCheckpoint = (step: number) => {
    const t = xlmrToTensors(model);
    const st = opt.state();
    st.m.forEach((m, i) => t.set(`adam.m.${i}`, { shape: [m.length], data: m }));
    st.v.forEach((v, i) => t.set(`adam.v.${i}`, { shape: [v.length], data: v }));
    writeFileSync(`${ckpt}.tmp`, writeSafetensors(t, { step: String(step) }));
    renameSync(`${ckpt}.tmp`, ckpt);
  };
  const sched = { type: "linear" as const, warmupRatio: 0.05 };
  let step = startStep, recent: number[] = [], stop = false;
  process.on("SIGINT", () => (stop = true));
  const tStart = performance.now();
  while (step < o.steps && !stop) {
    step++;
    const rng = new Rng(deriveSeed("batch", o.seed, step));
    const b = makeBatch(Array.from({ length: o.batch }, () => train[rng.int(train.length)]), rng, masking);
    const drop = { rate: 0.1, rng: new Rng(deriveSeed("dropout", o.seed, step)) };
    const { value, grads } = tf.variableGrads(() => mlm(model, config.hidden_size, b, drop).loss, opt.variables);
    const loss = value.dataSync()[0];
    value.dispose();
    if (!Number.isFinite(loss)) throw new Error(`MLM loss is ${loss} at step ${step}`);
    const g = new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]));
    await clipByGlobalNorm(g, 1.0);
    opt.step(g, scheduleScale(sched, step, o.steps));
    tf.dispose([...g.values()]);
    recent.push(loss);
    const elapsed = (performance.now() - tStart) / 1000;
    if (step % 25 === 0) {
      const per = elapsed / (step - startStep);
      const mean = recent.reduce((x, y) => x + y, 0) / recent.length;
      log(
        `step ${step}/${o.steps} loss ${mean.toFixed(3)} | ${per.toFixed(2)} s/step | ETA ${
          ((o.steps - step) * per / 60).toFixed(1)
        } min`,
      );
      recent = [];
    }
    if (step % o.ckptEvery === 0) saveCheckpoint(step);
    if (o.minutes && elapsed > o.minutes * 60) {
      log(`time budget of ${o.minutes} min reached at step ${step}`);
      break;
    }
    if (step % 8 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  saveCheckpoint(step);
  return { model, steps: step, engine: "tfjs WASM backend, one CPU thread" };
}
