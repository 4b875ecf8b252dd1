// Numbers to compare between compute backends: run once per backend
// (XLT_BACKEND=wasm, XLT_BACKEND=webgpu), under any runtime, and compare the
// JSON files (test/backend/parity.test.ts). Covers the three architectures on
// transformers' reference fixtures (hidden states, LM logits, the embedding
// gradient of a fixed loss) and every method of the registry (class logits,
// loss, the gradient of every trainable variable, and the logits after one
// AdamW step), all without dropout.
//   usage: <runtime> test/backend/parity-probe.ts OUT.json
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { Example } from "../../datasets/example.ts";
import { Rng } from "../../core/rng.ts";
import { loadTranslations } from "../../datasets/translations.ts";
import { initBackend, tf, webgpuAdapter } from "../../models/backend.ts";
import { parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { parseXglmConfig, randomXglmTensors } from "../../models/xglm.ts";
import { crossEntropy } from "../../methods/losses.ts";
import type { BuildContext, Encoded, Method } from "../../methods/method.ts";
import { createOptimizer } from "../../methods/optim.ts";
import { buildMethod } from "../../methods/registry.ts";
import { makeTinyDecoderDir, makeTinyModelDir, TINY_BLOOM, TINY_XGLM } from "../helpers/tiny-model.ts";
import { removeTempDirs } from "../helpers/mirror.ts";
import { context, EXAMPLES, PAIRS, PARALLEL } from "../methods/helpers.ts";
import { parityCases } from "./parity-cases.ts";

export interface ProbeOutput {
  backend: string;
  adapter: string | null;
  /** name -> flat numbers; each name is compared element by element across backends. */
  values: Record<string, number[]>;
}

const out = process.argv[2];
if (!out) throw new Error("usage: parity-probe.ts OUT.json");
const backend = await initBackend();
const values: Record<string, number[]> = {};
const read = async (t: tf.Tensor) => Array.from(await t.data());

// 1. The architectures on transformers' reference fixtures; then BLOOM's with its
// embeddings in four row blocks, as on an adapter that binds less than the table.
for (const [arch, blocks] of [["xlm-roberta", 1], ["xglm", 1], ["bloom", 1], ["bloom", 4]] as const) {
  const dir = join(PROJECT_ROOT, "test", "fixtures", "reference", arch);
  if (blocks > 1) process.env.XLT_MAX_BINDING_BYTES = String(Math.ceil(1000 / blocks) * 4 * 48);
  const { model } = loadCheckpoint(dir);
  delete process.env.XLT_MAX_BINDING_BYTES;
  if (model.wordEmbeddings.blocks.length !== blocks) {
    throw new Error(`${arch}: ${model.wordEmbeddings.blocks.length} blocks, expected ${blocks}`);
  }
  const name = blocks > 1 ? `${arch} in ${blocks} row blocks` : arch;
  const doc = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  const table = model.wordEmbeddings.blocks;
  for (const v of model.variables()) (v as { trainable: boolean }).trainable = true;
  for (const c of doc.cases as { padding: string; ids: number[][]; mask: number[][] }[]) {
    const T = c.ids[0].length, V = model.config.vocab_size;
    const real = c.mask.flatMap((row, b) => row.flatMap((m, t) => (m ? [b * T + t] : [])));
    const targets = real.map((i) => (c.ids[Math.floor(i / T)][i % T] * 7 + 3) % V);
    const hidden = tf.tidy(() =>
      tf.gather(
        tf.reshape(model.encodeIds(c.ids, c.mask), [c.ids.length * T, model.hidden]),
        tf.tensor1d(real, "int32"),
      )
    );
    const logits = tf.tidy(() => model.lmLogits(hidden as tf.Tensor2D));
    const { value, grads } = tf.variableGrads(() => {
      const hs = model.encodeIds(c.ids, c.mask);
      const l = model.lmLogits(tf.reshape(hs, [c.ids.length * T, model.hidden]) as tf.Tensor2D);
      return crossEntropy(tf.gather(l, tf.tensor1d(real, "int32")) as tf.Tensor2D, targets);
    }, table);
    values[`${name} ${c.padding}: hidden`] = await read(hidden);
    values[`${name} ${c.padding}: logits`] = await read(logits);
    values[`${name} ${c.padding}: loss`] = await read(value);
    for (const [i, b] of table.entries()) {
      values[`${name} ${c.padding}: embedding gradient ${i}`] = await read(grads[b.name]);
    }
    tf.dispose([hidden, logits, value, ...Object.values(grads)]);
  }
  model.dispose();
}

// 2. Every method: logits, loss and gradients on one batch, then one optimizer step.
async function probeMethod(name: string, method: Method, examples: Example[]) {
  const batch = examples.map((e) => method.encode(e, "en"));
  const trainBatch: Encoded[] = examples.map((e) => (method.encodeTrain ?? method.encode).call(method, e, "en"));
  const vars = method.groups.flatMap((g) => g.vars);
  values[`${name}: logits`] = await read(tf.tidy(() => method.logits(batch)));
  const { value, grads } = tf.variableGrads(() => method.loss(trainBatch), vars);
  values[`${name}: loss`] = await read(value);
  const gradMap = new Map(vars.filter((v) => grads[v.name]).map((v) => [v, grads[v.name]] as [tf.Variable, tf.Tensor]));
  let i = 0;
  for (const g of gradMap.values()) values[`${name}: gradient ${i++}`] = await read(g);
  const opt = createOptimizer("adamw", method.groups);
  opt.step(gradMap, 1);
  opt.dispose();
  tf.dispose([value, ...Object.values(grads)]);
  values[`${name}: logits after a step`] = await read(tf.tidy(() => method.logits(batch)));
}

// the registry's methods, each with its cases (parity-cases.ts; a method without one stops the probe, naming it)
const tiny = makeTinyModelDir();
const dirs: Record<string, string> = {
  "xlm-roberta": tiny,
  xglm: makeTinyDecoderDir(TINY_XGLM, randomXglmTensors(parseXglmConfig({ ...TINY_XGLM }, "x"), 21)),
  bloom: makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 22)),
};
for (const c of parityCases()) {
  for (const arch of c.architectures) {
    const { model, tokenizer } = loadCheckpoint(dirs[arch]);
    const ctx: BuildContext<unknown> = c.examples === "single" ? context(model, tokenizer, c.params, [], 3) : {
      backbone: model,
      tokenizer,
      params: c.params,
      numClasses: 3,
      labelWords: ["yes", "maybe", "no"],
      translations: loadTranslations("xnli", 3, "text-pair")!,
      maxLength: 60,
      train: PAIRS.map((example) => ({ example, lang: "en" })),
      task: "text-pair",
      parallel: PARALLEL,
      extras: [],
      rng: new Rng(5),
    };
    const method = await buildMethod(c.method, ctx);
    await probeMethod(`${arch} ${c.name}`, method, c.examples === "single" ? EXAMPLES : PAIRS);
    method.dispose();
    model.dispose();
  }
}

const a = webgpuAdapter();
const result: ProbeOutput = { backend, adapter: a ? `${a.description} (${a.provider})` : null, values };
writeFileSync(out, JSON.stringify(result));
removeTempDirs();
console.log(
  `${backend}: ${Object.keys(values).length} arrays, ${
    Object.values(values).reduce((n, v) => n + v.length, 0)
  } numbers -> ${out}`,
);
