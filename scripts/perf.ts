#!/usr/bin/env bun
// bun run bench:perf — speed of the embedded backbone's forward pass and of one
// soft-prompt training step (frozen backbone, batch 8 x 64 tokens + 10 prompt
// vectors), on the default backend and, as the baseline measured in the same
// run, on tfjs's pure-JS CPU backend. Prints medians and the ratio.
import { Rng } from "../datasets/rng.ts";
import { initBackend, tf } from "../models/backend.ts";
import { parseXlmrConfig } from "../models/config.ts";
import { EMBEDDED_RANDOM } from "../models/embedded.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../models/xlmr.ts";
import { buildMethod } from "../methods/registry.ts";
import { AdamW } from "../methods/optim.ts";
import { crossEntropy } from "../methods/train.ts";
import type { EncodedExample } from "../methods/prompt-model.ts";

const B = 8, T = 64, REPS = Number(process.env.PERF_REPS ?? 5);
const config = parseXlmrConfig({ ...EMBEDDED_RANDOM.config }, "perf");
const tensors = randomXlmrTensors(config, 1);
const rng = new Rng(3);
const batch: EncodedExample[] = Array.from({ length: B }, (_, i) => ({
  ids: [0, ...Array.from({ length: T - 2 }, () => 4 + rng.int(config.vocab_size - 5)), 2],
  label: i % 7,
  readAt: 0,
}));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(backend: string): Promise<{ forward: number; step: number }> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = xlmrFromTensors(config, tensors, "perf");
  const pm = buildMethod("spt", {
    backbone: model,
    params: { promptLength: 10, freezeBackbone: true, head: "classifier", lr: { prompt: 0.01, head: 0.001 } },
    numClasses: 7,
    padId: 1,
    rng: new Rng(1),
  });
  const opt = new AdamW(pm.groups);
  const time = (f: () => void) => {
    f(); // warm-up
    const xs: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      f();
      xs.push((performance.now() - t) / 1000);
    }
    return median(xs);
  };
  const forward = time(() => tf.tidy(() => pm.logits(batch).dataSync()));
  const step = time(() => {
    const { value, grads } = tf.variableGrads(() => crossEntropy(pm.logits(batch), batch.map((e) => e.label)), opt.variables);
    value.dataSync();
    const g = new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]));
    opt.step(g, 1);
    tf.dispose([value, ...Object.values(grads)]);
  });
  opt.dispose();
  pm.dispose();
  model.dispose();
  return { forward, step };
}

await initBackend();
const main = tf.getBackend();
const tokens = B * (T + 10);
const a = await measure(main);
const base = await measure("cpu");
const row = (name: string, r: { forward: number; step: number }) =>
  `${name.padEnd(22)} forward ${(r.forward * 1000).toFixed(1).padStart(8)} ms (${Math.round(tokens / r.forward)} tok/s)   train step ${(r.step * 1000).toFixed(1).padStart(8)} ms (${Math.round(tokens / r.step)} tok/s)`;
console.log(`embedded backbone ${EMBEDDED_RANDOM.id}: ${config.num_hidden_layers} layers, hidden ${config.hidden_size}; batch ${B} x ${T} tokens + 10 prompt vectors; median of ${REPS}`);
console.log(row(`${main} (in use)`, a));
console.log(row("cpu (baseline)", base));
console.log(`speed-up over baseline: forward ${(base.forward / a.forward).toFixed(2)}x, train step ${(base.step / a.step).toFixed(2)}x`);
