#!/usr/bin/env bun
// bun run bench:perf — forward and soft-prompt training-step time (frozen
// encoder; prompt and classification head trained with Adam) for the embedded
// backbone's shape and an XLM-R-base shape, on the compute backend in use,
// next to PyTorch (scripts/perf_torch.py: same shapes, same thread count, same
// step) measured in the same run. Medians of PERF_REPS runs after a warm-up.
import { spawnSync } from "node:child_process";
import { Rng } from "../datasets/rng.ts";
import { initBackend, tf } from "../models/backend.ts";
import { parseXlmrConfig, xlmrConfigJson } from "../models/config.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../models/xlmr.ts";
import { ClassifierHead } from "../methods/heads.ts";
import { AdamW } from "../methods/optim.ts";
import { crossEntropy } from "../methods/losses.ts";
import { PromptModel, type TokenRow } from "../methods/prompt-model.ts";
import { sampledVocabInit, SoftPrompt } from "../methods/prompts.ts";

const REPS = Number(process.env.PERF_REPS ?? 5);
const PYTHON = process.env.PERF_PYTHON ?? "/usr/bin/python3";
const SHAPES = [
  { name: "embedded (4 x 128)", vocab: 8000, hidden: 128, layers: 4, heads: 4, ffn: 512, batch: 8, seq: 64, prompt: 10 },
  { name: "XLM-R base shape (12 x 768, vocab 8000)", vocab: 8000, hidden: 768, layers: 12, heads: 12, ffn: 3072, batch: 4, seq: 64, prompt: 20 },
];
const only = process.env.PERF_SHAPES?.split(",").map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f: () => void) => {
  f();
  const xs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    f();
    xs.push((performance.now() - t) / 1000);
  }
  return median(xs);
};

function measureTfjs(s: (typeof SHAPES)[number]) {
  const config = parseXlmrConfig(
    xlmrConfigJson({ vocab_size: s.vocab, hidden_size: s.hidden, num_hidden_layers: s.layers, num_attention_heads: s.heads, intermediate_size: s.ffn, max_position_embeddings: s.seq + s.prompt + 4 }),
    "perf",
  );
  const model = xlmrFromTensors(config, randomXlmrTensors(config, 1), "perf");
  const rng = new Rng(3);
  const batch: (TokenRow & { label: number })[] = Array.from({ length: s.batch }, (_, i) => ({ ids: Array.from({ length: s.seq }, () => 4 + rng.int(s.vocab - 5)), label: i % 7, readAt: 0 }));
  // the SPT method's model (methods/registry.ts "spt" with a classifier head and a frozen backbone)
  const init = new Rng(1);
  const prompt = new SoftPrompt(sampledVocabInit(model.wordEmbeddings, s.prompt, init));
  const head = new ClassifierHead(s.hidden, 7, init);
  const pm = new PromptModel(model, prompt, head, 1, [{ name: "prompt", vars: prompt.trainable(), lr: 1e-3, weightDecay: 0 }, { name: "head", vars: head.trainable(), lr: 1e-3, weightDecay: 0 }], true);
  const opt = new AdamW(pm.groups);
  const forward = time(() => tf.tidy(() => void pm.logits(batch).dataSync()));
  const step = time(() => {
    const { value, grads } = tf.variableGrads(() => crossEntropy(pm.logits(batch), batch.map((e) => e.label)), opt.variables);
    value.dataSync();
    opt.step(new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor])), 1);
    tf.dispose([value, ...Object.values(grads)]);
  });
  opt.dispose();
  pm.dispose();
  model.dispose();
  return { forward, step };
}

function measureTorch(s: (typeof SHAPES)[number]): { forward: number; step: number; torch: string } | string {
  // one thread for torch's own pool and for the BLAS library underneath (OpenBLAS starts its own otherwise)
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync(PYTHON, [new URL("./perf_torch.py", import.meta.url).pathname, JSON.stringify({ ...s, reps: REPS, threads: 1 })], { encoding: "utf8", env });
  if (r.status !== 0) return (r.stderr || r.error?.message || "failed").trim().split("\n").slice(-1)[0];
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const backend = await initBackend();
console.log(`bench:perf — backend ${backend} (single thread), PyTorch with 1 thread; median of ${REPS} after a warm-up`);
for (const [i, s] of SHAPES.entries()) {
  if (only && !only.includes(i)) continue;
  const tokens = s.batch * (s.seq + s.prompt);
  const ours = measureTfjs(s);
  const ref = measureTorch(s);
  const fmt = (sec: number) => `${(sec * 1000).toFixed(1)} ms (${Math.round(tokens / sec)} tok/s)`;
  console.log(`\n${s.name}: batch ${s.batch} x ${s.seq} tokens + ${s.prompt} prompt vectors`);
  console.log(`  tfjs ${backend.padEnd(8)} forward ${fmt(ours.forward)}   train step ${fmt(ours.step)}`);
  if (typeof ref === "string") console.log(`  PyTorch: not measured (${ref}); install with: apt-get install python3-torch libopenblas0-pthread`);
  else {
    console.log(`  PyTorch ${ref.torch.padEnd(5)} forward ${fmt(ref.forward)}   train step ${fmt(ref.step)}`);
    console.log(`  ratio tfjs/PyTorch: forward ${(ours.forward / ref.forward).toFixed(2)}x, train step ${(ours.step / ref.step).toFixed(2)}x`);
  }
}
