#!/usr/bin/env bun
// bun run bench:perf — forward and soft-prompt training-step time (frozen
// encoder; prompt and classification head trained with Adam) for the embedded
// backbone's shape and an XLM-R-base shape, on the compute backend in use,
// next to PyTorch (scripts/perf_torch.py: same shapes, same thread count, same
// step) measured in the same run. Medians of PERF_REPS runs after a warm-up.
// Where this runtime finds a WebGPU adapter (bench backends), a WebGPU column
// is measured in a child process of the same runtime (deno task bench:perf for
// Deno's wgpu). Where OpenBLAS loads (models/native-gemm.ts), the WASM backend
// is measured twice in one process: with tfjs's own matmul kernel and with
// OpenBLAS's. PERF_SHAPES=0,1,2 picks shapes; 2 (XLM-R large) is for GPUs.
// PERF_WEBGPU=0 skips the WebGPU column (on a software adapter it takes minutes).
// Then the SPT paper's decoder step (XGLM-564M's layer shape, 118 tokens and a
// 10-vector suffix prompt: the authors pad every example to 128), with the
// prefix cache (methods/prefix-cache.ts) and without, with and without dropout;
// PERF_DECODER=0 skips it. --smoke [spec...] also times `bun run bench <spec>`
// (smoke profile, a fresh results folder) for each spec of the quick start,
// --wasm as well without OpenBLAS; PERF_SHAPES= PERF_DECODER=0 for that alone.
import { spawnSync } from "node:child_process";
import { runtimeCommand } from "../run/runtime.ts";
import { smokeWallTimes } from "./perf-smoke.ts";
import { Rng } from "../core/rng.ts";
import { initBackend, tf, webgpuAdapter } from "../models/backend.ts";
import { adapterLine, provideWebGPU } from "../models/webgpu.ts";
import { nativeGemm, nativeGemmAbsent, useNativeGemm } from "../models/native-gemm.ts";
import { parseXlmrConfig, xlmrConfigJson } from "../models/config.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../models/xlmr.ts";
import { parseXglmConfig, randomXglmTensors, xglmFromTensors } from "../models/xglm.ts";
import { ClassifierHead, VerbalizerHead } from "../methods/heads.ts";
import { AdamW } from "../methods/optim.ts";
import { crossEntropy } from "../methods/losses.ts";
import { PromptModel, type TokenRow } from "../methods/prompt-model.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import { sampledVocabInit, SoftPrompt } from "../methods/prompts.ts";

const REPS = Number(process.env.PERF_REPS ?? 5);
const PYTHON = process.env.PERF_PYTHON ?? "/usr/bin/python3";
const SHAPES = [
  {
    name: "embedded (4 x 128)",
    vocab: 8000,
    hidden: 128,
    layers: 4,
    heads: 4,
    ffn: 512,
    batch: 8,
    seq: 64,
    prompt: 10,
  },
  {
    name: "XLM-R base shape (12 x 768, vocab 8000)",
    vocab: 8000,
    hidden: 768,
    layers: 12,
    heads: 12,
    ffn: 3072,
    batch: 4,
    seq: 64,
    prompt: 20,
  },
  {
    name: "XLM-R large shape (24 x 1024, vocab 8000)",
    vocab: 8000,
    hidden: 1024,
    layers: 24,
    heads: 16,
    ffn: 4096,
    batch: 4,
    seq: 64,
    prompt: 20,
  },
];
const only = (process.env.PERF_SHAPES ?? "0,1").split(",").filter(Boolean).map(Number);
// XGLM-564M's layers (d 1024, 16 heads, FFN 4096), 4 of its 24: the ratios do not depend on depth
const DECODER = {
  name: "XGLM-564M layer shape (4 of 24 layers x 1024, vocab 8000)",
  vocab: 8000,
  hidden: 1024,
  layers: 4,
  heads: 16,
  ffn: 4096,
  batch: 8,
  seq: 118,
  prompt: 10,
};
const CHILD = process.argv[2] === "--child";
// PERF_TORCH_DEVICE=cuda: PyTorch on the GPU, the reference for the WebGPU column on a GPU machine
const TORCH_DEVICE = process.env.PERF_TORCH_DEVICE ?? "cpu";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// asynchronous: a GPU step has finished only when its result has been read back
const time = async (f: () => Promise<void>) => {
  await f();
  const xs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await f();
    xs.push((performance.now() - t) / 1000);
  }
  return median(xs);
};

/** A forward pass (no dropout) and a training step (Adam on the model's groups), each the median of REPS after a warm-up. */
async function timeForwardAndStep(
  pm: PromptModel,
  batch: (TokenRow & { label: number })[],
  drop?: DropoutCtx,
): Promise<{ forward: number; step: number }> {
  const opt = new AdamW(pm.groups);
  const forward = await time(async () => {
    const l = tf.tidy(() => pm.logits(batch));
    await l.data();
    l.dispose();
  });
  const step = await time(async () => {
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(pm.logits(batch, drop), batch.map((e) => e.label)),
      opt.variables,
    );
    opt.step(new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor])), 1);
    await value.data();
    // the optimizer's last update must be done too: read one updated weight
    await opt.variables[0].data();
    tf.dispose([value, ...Object.values(grads)]);
  });
  opt.dispose();
  return { forward, step };
}

async function measureTfjs(s: (typeof SHAPES)[number], withHooks = false): Promise<Timing & { hooked?: Timing }> {
  const config = parseXlmrConfig(
    xlmrConfigJson({
      vocab_size: s.vocab,
      hidden_size: s.hidden,
      num_hidden_layers: s.layers,
      num_attention_heads: s.heads,
      intermediate_size: s.ffn,
      max_position_embeddings: s.seq + s.prompt + 4,
    }),
    "perf",
  );
  const model = xlmrFromTensors(config, randomXlmrTensors(config, 1), "perf");
  const rng = new Rng(3);
  const batch: (TokenRow & { label: number })[] = Array.from(
    { length: s.batch },
    (_, i) => ({ ids: Array.from({ length: s.seq }, () => 4 + rng.int(s.vocab - 5)), label: i % 7, readAt: 0 }),
  );
  // the SPT method's model (methods/registry.ts "spt" with a classifier head and a frozen backbone)
  const init = new Rng(1);
  const prompt = new SoftPrompt(sampledVocabInit(model.wordEmbeddings, s.prompt, init));
  const head = new ClassifierHead(s.hidden, 7, init);
  const pm = new PromptModel(model, prompt, head, 1, [{
    name: "prompt",
    vars: prompt.trainable(),
    lr: 1e-3,
    weightDecay: 0,
  }, { name: "head", vars: head.trainable(), lr: 1e-3, weightDecay: 0 }], true);
  const timing: Timing & { hooked?: Timing } = await timeForwardAndStep(pm, batch);
  if (withHooks) {
    // hooks that change nothing (models/hooks.ts): what running the hooked layer costs against the plain one
    model.hooks = { projection: (_l, _n, _x, y) => y, activation: (_l, a) => a, sublayer: (_l, _n, o) => o };
    timing.hooked = await timeForwardAndStep(pm, batch);
    model.hooks = null;
  }
  pm.dispose();
  model.dispose();
  return timing;
}

type DecoderTiming = Record<"full" | "hooked" | "cached" | "fullDropout" | "perBatchDropout", Timing>;

/** SPT on a frozen XGLM-shaped decoder (verbalizer over 7 label rows of the tied LM head), the full forward against the prefix cache, without and with dropout 0.1. */
async function measureDecoder(s: typeof DECODER): Promise<DecoderTiming> {
  const config = parseXglmConfig({
    model_type: "xglm",
    vocab_size: s.vocab,
    d_model: s.hidden,
    ffn_dim: s.ffn,
    num_layers: s.layers,
    attention_heads: s.heads,
    max_position_embeddings: s.seq + s.prompt + 4,
  }, "perf");
  const model = xglmFromTensors(config, randomXglmTensors(config, 1), "perf");
  const rng = new Rng(3);
  const batch: (TokenRow & { label: number })[] = Array.from(
    { length: s.batch },
    (_, i) => ({ ids: Array.from({ length: s.seq }, () => 4 + rng.int(s.vocab - 5)), label: i % 7, readAt: 0 }),
  );
  const prompt = new SoftPrompt(sampledVocabInit(model.wordEmbeddings, s.prompt, new Rng(1)));
  const head = new VerbalizerHead(model, [10, 11, 12, 13, 14, 15, 16].map((id) => [id]));
  const groups = [{ name: "prompt", vars: prompt.trainable(), lr: 1e-3, weightDecay: 0 }];
  const run = async (prefixCache: boolean, rate: number): Promise<Timing> => {
    const pm = new PromptModel(model, prompt, head, 1, groups, false, { prefixCache });
    const timing = await timeForwardAndStep(pm, batch, rate ? { rate, rng: new Rng(5) } : undefined);
    pm.prefixes?.dispose(); // the prompt and head are shared by the four runs
    return timing;
  };
  const full = await run(false, 0);
  // hooks that change nothing (models/hooks.ts) on the decoder's layers: their cost against the plain forward
  model.hooks = { projection: (_l, _n, _x, y) => y, activation: (_l, a) => a, sublayer: (_l, _n, o) => o };
  const hooked = await run(false, 0);
  model.hooks = null;
  const out = {
    full,
    hooked,
    cached: await run(true, 0),
    fullDropout: await run(false, 0.1),
    perBatchDropout: await run(true, 0.1),
  };
  prompt.dispose();
  head.dispose();
  model.dispose();
  return out;
}

function measureTorch(
  s: (typeof SHAPES)[number] | (typeof DECODER & { arch: "decoder" }),
): { forward: number; step: number; torch: string } | string {
  // one thread for torch's own pool and for the BLAS library underneath (OpenBLAS starts its own otherwise)
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync(PYTHON, [
    new URL("./perf_torch.py", import.meta.url).pathname,
    JSON.stringify({ ...s, reps: REPS, threads: 1, device: TORCH_DEVICE }),
  ], { encoding: "utf8", env });
  if (r.status !== 0) return (r.stderr || r.error?.message || "failed").trim().split("\n").slice(-1)[0];
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

type Timing = { forward: number; step: number };

/** The same shapes on WebGPU, in a child process of this runtime (a process has one backend). */
function measureWebGPU(): { adapter: string; timings: Record<number, Timing> } | string {
  const [cmd, ...args] = runtimeCommand();
  const r = spawnSync(cmd, [...args, new URL(import.meta.url).pathname, "--child"], {
    encoding: "utf8",
    env: { ...process.env, XLT_BACKEND: "webgpu" },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    return (r.stderr || "failed").trim().split("\n").filter((l) => l.startsWith("error")).slice(-1)[0] ?? "failed";
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const backend = await initBackend();
if (CHILD) {
  const timings: Record<number, Timing> = {};
  for (const [i, s] of SHAPES.entries()) if (only.includes(i)) timings[i] = await measureTfjs(s);
  const a = webgpuAdapter();
  console.log(JSON.stringify({ adapter: a ? adapterLine(a) : backend, timings }));
  process.exit(0);
}
const probe = backend === "webgpu" || process.env.PERF_WEBGPU === "0" ? null : await provideWebGPU();
const gpu = probe?.ok ? measureWebGPU() : null;
console.log(
  `bench:perf — backend ${backend} (single thread), PyTorch on ${TORCH_DEVICE}${
    TORCH_DEVICE === "cpu" ? " with 1 thread" : " (fp32, TF32 off)"
  }; median of ${REPS} after a warm-up`,
);
const gemm = nativeGemm();
console.log(
  gemm
    ? `native GEMM: ${gemm.config} (${gemm.library}, ${gemm.threads} thread); the WASM rows are measured with tfjs's own matmul and with OpenBLAS's`
    : `native GEMM: not measured (${nativeGemmAbsent})`,
);
if (gpu && typeof gpu !== "string") console.log(`WebGPU: ${gpu.adapter}`);
else {console.log(`WebGPU: not measured (${
    typeof gpu === "string"
      ? gpu
      : probe && !probe.ok
      ? probe.reason
      : process.env.PERF_WEBGPU === "0"
      ? "PERF_WEBGPU=0"
      : "no adapter"
  })`);}
for (const [i, s] of SHAPES.entries()) {
  if (!only.includes(i)) continue;
  const tokens = s.batch * (s.seq + s.prompt);
  useNativeGemm(false);
  const ours = await measureTfjs(s, true);
  useNativeGemm(true);
  const blas = gemm ? await measureTfjs(s) : null;
  const ref = measureTorch(s);
  const fmt = (sec: number) => `${(sec * 1000).toFixed(1)} ms (${Math.round(tokens / sec)} tok/s)`;
  const cpuName = backend.startsWith("wasm") ? "wasm" : backend;
  console.log(`\n${s.name}: batch ${s.batch} x ${s.seq} tokens + ${s.prompt} prompt vectors`);
  console.log(`  tfjs ${cpuName.padEnd(13)} forward ${fmt(ours.forward)}   train step ${fmt(ours.step)}`);
  if (ours.hooked) {
    const h = ours.hooked;
    console.log(
      `  tfjs ${cpuName} with identity layer hooks: forward ${fmt(h.forward)}   train step ${
        fmt(h.step)
      }   (hooked/plain: forward ${(h.forward / ours.forward).toFixed(2)}x, step ${
        (h.step / ours.step).toFixed(2)
      }x; a model without hooks runs the plain loop)`,
    );
  }
  if (blas) {
    console.log(
      `  tfjs wasm+openblas forward ${fmt(blas.forward)}   train step ${fmt(blas.step)}   (wasm/openblas: forward ${
        (ours.forward / blas.forward).toFixed(2)
      }x, step ${(ours.step / blas.step).toFixed(2)}x)`,
    );
  }
  const g = gpu && typeof gpu !== "string" ? gpu.timings[i] : null;
  if (g) {
    console.log(
      `  tfjs webgpu        forward ${fmt(g.forward)}   train step ${fmt(g.step)}   (${backend}/webgpu: forward ${
        (ours.forward / g.forward).toFixed(2)
      }x, step ${(ours.step / g.step).toFixed(2)}x)`,
    );
  }
  if (typeof ref === "string") {
    console.log(`  PyTorch: not measured (${ref}); install with: apt-get install python3-torch libopenblas0-pthread`);
  } else {
    console.log(`  PyTorch ${ref.torch.padEnd(10)} forward ${fmt(ref.forward)}   train step ${fmt(ref.step)}`);
    console.log(
      `  ratio tfjs/PyTorch: forward ${(ours.forward / ref.forward).toFixed(2)}x, train step ${
        (ours.step / ref.step).toFixed(2)
      }x${
        blas
          ? `; wasm+openblas/PyTorch: forward ${(blas.forward / ref.forward).toFixed(2)}x, step ${
            (blas.step / ref.step).toFixed(2)
          }x`
          : ""
      }${
        g
          ? `; webgpu/PyTorch: forward ${(g.forward / ref.forward).toFixed(2)}x, step ${
            (g.step / ref.step).toFixed(2)
          }x`
          : ""
      }`,
    );
  }
}

if (process.env.PERF_DECODER !== "0") {
  const s = DECODER, tokens = s.batch * (s.seq + s.prompt);
  const t = await measureDecoder(s);
  const ref = measureTorch({ ...s, arch: "decoder" });
  const ms = (sec: number) => `${(sec * 1000).toFixed(1)} ms`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  console.log(
    `\nSPT decoder step, ${s.name}: batch ${s.batch} x ${s.seq} tokens + ${s.prompt} suffix prompt vectors (${tokens} positions), frozen, verbalizer; ${backend}`,
  );
  console.log(`  full forward over [tokens; prompt]   forward ${ms(t.full.forward)}   train step ${ms(t.full.step)}`);
  console.log(
    `  with identity layer hooks            forward ${ms(t.hooked.forward)}   train step ${
      ms(t.hooked.step)
    }   (hooked/plain: forward ${x(t.hooked.forward, t.full.forward)}, step ${x(t.hooked.step, t.full.step)})`,
  );
  console.log(
    `  prefix cache (no dropout)            forward ${ms(t.cached.forward)}   train step ${
      ms(t.cached.step)
    }   (full/cached: forward ${x(t.full.forward, t.cached.forward)}, step ${x(t.full.step, t.cached.step)})`,
  );
  console.log(
    `  dropout 0.1: full forward step ${
      ms(t.fullDropout.step)
    }, prefix per batch (no backward through the tokens) step ${ms(t.perBatchDropout.step)}   (${
      x(t.fullDropout.step, t.perBatchDropout.step)
    })`,
  );
  if (typeof ref === "string") console.log(`  PyTorch: not measured (${ref})`);
  else {
    console.log(
      `  PyTorch ${ref.torch.padEnd(10)} full forward, as the authors' code: forward ${ms(ref.forward)}   train step ${
        ms(ref.step)
      }`,
    );
    console.log(
      `  ratio to PyTorch: full step ${x(t.full.step, ref.step)}, cached step ${
        x(t.cached.step, ref.step)
      }, cached forward ${x(t.cached.forward, ref.forward)}`,
    );
  }
}

const smokeAt = process.argv.indexOf("--smoke");
if (smokeAt >= 0) {
  await smokeWallTimes(process.argv.slice(smokeAt + 1), backend, !!gemm && process.argv.includes("--wasm"));
}
