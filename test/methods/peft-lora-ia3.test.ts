// LoRA and (IA)³ (methods/lora.ts, methods/ia3.ts) on the tiny checkpoint: each
// trains exactly its own parameters (their count the papers' formula plus the
// head), gradients reach them and no frozen weight, training leaves the
// backbone bit for bit, nothing leaks, two builds of one seed agree, each starts
// as the frozen model with fine-tuning's head, and LoRA's merged weights give
// the hooked model's logits. The counts on XLM-R base's shape are checked on a
// weightless stand-in of that shape (the methods read only its config).
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { parseXlmrConfig, xlmrConfigJson } from "../../models/config.ts";
import { PROJECTIONS } from "../../models/hooks.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";
import { XlmrModel, type XlmrWeights } from "../../models/xlmr.ts";
import { projectionShape } from "../../methods/lora.ts";
import { type Method, trainableCount } from "../../methods/method.ts";
import { buildMethod } from "../../methods/registry.ts";
import { train } from "../../methods/train.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, context, EXAMPLES, TOY_TRAINING } from "./helpers.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const C = 5; // the toy task's classes (helpers.ts)
const ALL_SIX = { lr: 0.05, targets: [...PROJECTIONS], r: 3, alpha: 6, dropout: 0.1 };
const CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  "lora (PEFT's defaults: query and value, r 8, alpha 8)": { method: "lora", params: { lr: 0.05 } },
  "lora (all six projections, r 3, alpha 6, dropout 0.1)": { method: "lora", params: ALL_SIX },
  ia3: { method: "ia3", params: { lr: 0.05 } },
};

const STEPS = TOY_TRAINING;

/** The classifier head's shapes: dense d x d and its bias, projection d x C and its bias. */
const headShapes = (d: number) => [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`];

/** The shapes each case adds beside the head, layer by layer, as the papers define them. */
function ownShapes(c: { method: string; params: Record<string, unknown> }, L: number, d: number, dFf: number) {
  if (c.method === "ia3") return Array.from({ length: L }, () => [`${d}`, `${d}`, `${dFf}`]).flat(); // l_k, l_v, l_ff
  const r = (c.params.r as number | undefined) ?? 8;
  const targets = (c.params.targets as string[] | undefined) ?? ["query", "value"];
  return Array.from({ length: L }, () =>
    targets.flatMap((t) => {
      const [i, o] = projectionShape(t as (typeof PROJECTIONS)[number], d, dFf);
      return [`${i}x${r}`, `${r}x${o}`]; // A, B
    })).flat();
}

/** The trainable count by the papers' formulas: LoRA r(d_in + d_out) per adapted matrix and layer, (IA)³ L(2d + d_ff); plus the head. */
function formula(c: { method: string; params: Record<string, unknown> }, L: number, d: number, dFf: number): number {
  const head = d * d + d + d * C + C;
  if (c.method === "ia3") return L * (2 * d + dFf) + head;
  const r = (c.params.r as number | undefined) ?? 8;
  const targets = (c.params.targets as string[] | undefined) ?? ["query", "value"];
  const perLayer = targets.reduce((n, t) => {
    const [i, o] = projectionShape(t as (typeof PROJECTIONS)[number], d, dFf);
    return n + r * (i + o);
  }, 0);
  return L * perLayer + head;
}

const trainables = (m: Method) => m.groups.flatMap((g) => g.vars);
const shapes = (vs: tf.Variable[]) => vs.map((v) => v.shape.join("x")).sort();
const bits = (v: tf.Variable) => Buffer.from(v.dataSync().slice().buffer);
const batchOf = (m: Method) => EXAMPLES.map((e) => m.encode(e, "en"));

describe.each(Object.keys(CASES))("%s", (name) => {
  const c = CASES[name];

  test("trains exactly its own parameters and the head; their count is the formula's", async () => {
    const { model, method } = await build(dir, c);
    const own = new Set(model.variables());
    const vars = trainables(method);
    const { hidden: d, layerCount: L } = model, dFf = model.config.intermediate_size;
    expect(vars.filter((v) => own.has(v))).toEqual([]);
    expect(model.variables().filter((v) => v.trainable)).toEqual([]);
    expect(shapes(vars)).toEqual([...headShapes(d), ...ownShapes(c, L, d, dFf)].sort());
    expect(new Set(vars).size).toBe(vars.length);
    expect(trainableCount(method)).toBe(formula(c, L, d, dFf));
    method.dispose();
    model.dispose();
  });

  test("gradients reach every trainable parameter and no frozen weight", async () => {
    const { model, method } = await build(dir, c);
    const vars = trainables(method);
    const frozen = model.variables();
    // LoRA's A gets no gradient while B is zero (dL/dA = x^T (dL/dy) B^T s): a few steps move B first
    await train(method, { train: batchOf(method), dev: batchOf(method) }, STEPS, 1);
    const { value, grads } = tf.variableGrads(() => method.loss(batchOf(method)), [...vars, ...frozen]);
    for (const v of vars) {
      const g = grads[v.name];
      expect(g, `no gradient reaches trainable ${v.name} [${v.shape}]`).toBeTruthy();
      expect(tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]), `zero gradient for ${v.name}`).toBeGreaterThan(0);
    }
    for (const v of frozen) expect(grads[v.name] ?? null, `a gradient reaches frozen ${v.name}`).toBeNull();
    tf.dispose([value, ...Object.values(grads).filter((g): g is tf.Tensor => g !== null)]);
    method.dispose();
    model.dispose();
  });

  test("training changes every trainable parameter and leaves every backbone weight bit for bit", async () => {
    const { model, method } = await build(dir, c);
    const vars = trainables(method);
    const before = model.variables().map(bits);
    const trainedBefore = vars.map(bits);
    await train(method, { train: batchOf(method), dev: batchOf(method) }, STEPS, 1);
    model.variables().forEach((v, i) => expect(bits(v).equals(before[i]), `frozen ${v.name} changed`).toBe(true));
    expect(vars.filter((v, i) => bits(v).equals(trainedBefore[i])).map((v) => `${v.name} [${v.shape}]`)).toEqual([]);
    method.dispose();
    model.dispose();
  });

  test("leaves no tensor behind: a logits call in tf.tidy, and training, caching and predicting, then dispose", async () => {
    const start = tf.memory().numTensors;
    const { model, method } = await build(dir, c);
    const data = batchOf(method);
    const built = tf.memory().numTensors;
    tf.tidy(() => void method.logits(data.slice(0, 3)));
    expect(tf.memory().numTensors).toBe(built);
    await train(method, { train: data, dev: data }, { ...STEPS, maxSteps: 4, evalEvery: 2 }, 1);
    method.cacheForInference();
    tf.tidy(() => void method.logits(data.slice(0, 3)));
    method.dispose();
    expect(model.hooks).toBeNull();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  test("two builds of one seed give the same loss bit for bit after training (dropout on), another seed another", async () => {
    const lossOf = async (seed: number) => {
      const { model, method } = await build(dir, c, seed);
      // trained first: while LoRA's B is zero its input dropout changes nothing
      await train(method, { train: batchOf(method), dev: batchOf(method) }, STEPS, 1);
      const drop = { rate: 0.1, rng: new Rng(5) };
      const loss = tf.tidy(() => method.loss(batchOf(method), drop).dataSync()[0]);
      method.dispose();
      model.dispose();
      return loss;
    };
    const a = await lossOf(3);
    expect(await lossOf(3)).toBe(a);
    expect(await lossOf(4)).not.toBe(a);
  });

  test("starts as the frozen model with fine-tuning's head: the same logits bit for bit", async () => {
    const logitsOf = async (m: { method: string; params: unknown }) => {
      const { model, method } = await build(dir, m);
      const out = tf.tidy(() => method.logits(batchOf(method)).arraySync());
      method.dispose();
      model.dispose();
      return out;
    };
    const base = await logitsOf({ method: "finetune", params: { lr: 0.01 } });
    expect(await logitsOf(c)).toEqual(base);
  });
});

test("lora: merged weights give the hooked model's logits (within 1e-5), the hook removed, merging once", async () => {
  const { model, method } = await build(dir, { method: "lora", params: ALL_SIX });
  const data = batchOf(method);
  await train(method, { train: data, dev: data }, { ...STEPS, maxSteps: 6 }, 1);
  const hooks = model.hooks;
  const hooked = tf.tidy(() => method.logits(data).arraySync()).flat();
  model.hooks = null;
  const plain = tf.tidy(() => method.logits(data).arraySync()).flat();
  model.hooks = hooks;
  const qkv = bits(model.w.layers[0].qkvW);
  method.cacheForInference();
  expect(model.hooks).toBeNull();
  expect(bits(model.w.layers[0].qkvW).equals(qkv)).toBe(false);
  const merged = tf.tidy(() => method.logits(data).arraySync()).flat();
  method.cacheForInference(); // a second call must not add the update again
  const again = tf.tidy(() => method.logits(data).arraySync()).flat();
  const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
  console.log(
    `[lora] merged vs hooked logits: max |diff| ${maxDiff(merged, hooked).toExponential(2)}; ` +
      `the adapters' own effect: max |diff| ${maxDiff(plain, hooked).toExponential(2)}`,
  );
  expect(maxDiff(plain, hooked)).toBeGreaterThan(1e-3);
  expect(maxDiff(merged, hooked)).toBeLessThan(1e-5);
  expect(again).toEqual(merged);
  method.dispose();
  model.dispose();
});

test("lora: a misspelt or unknown parameter is an error naming it", async () => {
  const { model, tokenizer, method } = await build(dir, { method: "finetune", params: { lr: 0.01 } });
  await expect(buildMethod("lora", context(model, tokenizer, { lr: 0.01, rank: 4 }))).rejects.toThrow(/rank/);
  await expect(buildMethod("lora", context(model, tokenizer, { lr: 0.01, targets: ["dense"] }))).rejects.toThrow(
    /targets\[0\]/,
  );
  method.dispose();
  model.dispose();
});

// XLM-R base: L = 12, d = 768, d_ff = 3072. The stand-in has the config and no weights (the methods read only
// the config and the layer count before cacheForInference), so the count is of the variables a real build makes.
const BASE = parseXlmrConfig(
  xlmrConfigJson({
    vocab_size: 250002,
    hidden_size: 768,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 3072,
    max_position_embeddings: 514,
  }),
  "xlm-roberta-base shape",
);
test.each([
  ["lora", {}, 294_912],
  ["lora", { targets: [...PROJECTIONS] }, 1_327_104],
  ["ia3", {}, 55_296],
])("%s %j on XLM-R base's shape: its own parameters as the formula counts them, plus the head", async (id, p, own) => {
  const stub = new XlmrModel(BASE, { layers: Array.from({ length: 12 }, () => ({})) } as unknown as XlmrWeights);
  const c = { method: id, params: { lr: 0.01, ...p } };
  const method = await buildMethod(id, context(stub, loadTokenizer(dir), c.params));
  const head = 768 * 768 + 768 + 768 * C + C;
  expect(formula(c, 12, 768, 3072)).toBe(own + head);
  expect(trainableCount(method)).toBe(own + head);
  method.dispose();
});
