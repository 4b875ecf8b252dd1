// BitFit and the bottleneck adapters on the tiny encoder, with parameters.test.ts's
// checks: the trainable parameters are exactly the method's and their count is
// the formula of docs/methods.md; gradients reach each of them and no frozen
// weight; training leaves every frozen weight bit for bit; no tensor leaks; the
// same seed gives the same loss bit for bit; and an adapter starts as the
// identity (the frozen model's hidden states) through the sublayer hook.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import { adapterBottleneck, Bottleneck } from "../../methods/adapter.ts";
import { checkMethodParams } from "../../methods/registry.ts";
import type { Method } from "../../methods/method.ts";
import { train } from "../../methods/train.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, EXAMPLES, TOY_TRAINING } from "./helpers.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const C = 5; // helpers.ts's classes
const CASES: Record<string, { method: string; params: Record<string, unknown> }> = {
  bitfit: { method: "bitfit", params: { lr: 0.01 } },
  "adapter, houlsby": { method: "adapter", params: { placement: "houlsby", bottleneck: 4, lr: 0.01 } },
  "adapter, houlsby, layer norms trained": {
    method: "adapter",
    params: { placement: "houlsby", bottleneck: 4, trainLayerNorms: true, nonlinearity: "gelu", lr: 0.01 },
  },
  "adapter, pfeiffer": { method: "adapter", params: { placement: "pfeiffer", bottleneck: 3, lr: 0.01 } },
  "adapter, pfeiffer, default bottleneck (d / 16)": { method: "adapter", params: { placement: "pfeiffer", lr: 0.01 } },
};

interface Shape {
  L: number;
  d: number;
  dff: number;
}
/** The head on <s>: dense d x d, projection d x C, their biases. */
const headCount = (d: number) => d * d + d + d * C + C;
/** docs/methods.md's formulas, without the head. */
const bitfitCount = ({ L, d, dff }: Shape) => L * (7 * d + dff) + d;
const adapterCount = ({ L, d }: Shape, perLayer: number, m: number, norms: boolean) =>
  L * perLayer * (2 * d * m + d + m) + (norms ? L * 4 * d + 2 * d : 0);

/** What each case trains: backbone variables by identity, new ones by shape, and the formula's count. */
function expected(name: string, model: XlmrModel): { backbone: tf.Variable[]; extra: string[]; count: number } {
  const w = model.w, d = model.hidden;
  const shape = { L: model.layerCount, d, dff: model.config.intermediate_size };
  const head = [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`];
  const p = CASES[name].params;
  if (name === "bitfit") {
    const biases = w.layers.flatMap((l) => [l.qkvB, l.attnOutB, l.attnLnB, l.interB, l.outB, l.outLnB]);
    return { backbone: [w.embLnB, ...biases], extra: head, count: bitfitCount(shape) + headCount(d) };
  }
  const perLayer = p.placement === "houlsby" ? 2 : 1, m = adapterBottleneck(p as { bottleneck?: number }, d);
  const one = [`${d}x${m}`, `${m}`, `${m}x${d}`, `${d}`];
  const norms = p.trainLayerNorms
    ? [w.embLnG, w.embLnB, ...w.layers.flatMap((l) => [l.attnLnG, l.attnLnB, l.outLnG, l.outLnB])]
    : [];
  return {
    backbone: norms,
    extra: [...Array.from({ length: model.layerCount * perLayer }, () => one).flat(), ...head],
    count: adapterCount(shape, perLayer, m, !!p.trainLayerNorms) + headCount(d),
  };
}

const shapes = (vs: tf.Variable[]) => vs.map((v) => v.shape.join("x")).sort();
const trainedOf = (method: Method) => method.groups.flatMap((g) => g.vars);
const bytes = (v: tf.Variable) => Buffer.from(v.dataSync().slice().buffer);
const TRAINING = TOY_TRAINING;
const maxAbs = (g: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]);
/** The gradients of the loss on the toy batch for the trained and the frozen variables. */
function gradients(model: XlmrModel, method: Method) {
  const trained = trainedOf(method);
  const frozen = model.variables().filter((v) => !trained.includes(v));
  const batch = EXAMPLES.map((e) => method.encode(e, "en"));
  const { value, grads } = tf.variableGrads(() => method.loss(batch) as tf.Scalar, [...trained, ...frozen]);
  value.dispose();
  return { trained, frozen, grads };
}
const disposeGrads = (grads: Record<string, tf.Tensor | null>) =>
  tf.dispose(Object.values(grads).filter((g): g is tf.Tensor => g !== null));

describe.each(Object.keys(CASES))("%s", (name) => {
  test("trains exactly its parameters, as many as the formula says", async () => {
    const { model, method } = await build(dir, CASES[name]);
    const trained = trainedOf(method);
    const own = new Set(model.variables());
    const e = expected(name, model);
    expect(new Set(trained.filter((v) => own.has(v)))).toEqual(new Set(e.backbone));
    expect(shapes(trained.filter((v) => !own.has(v)))).toEqual([...e.extra].sort());
    expect(new Set(trained).size).toBe(trained.length);
    expect(trained.reduce((n, v) => n + v.size, 0)).toBe(e.count);
    method.dispose();
    model.dispose();
  });

  test("gradients reach every trainable parameter and no frozen weight", async () => {
    const { model, method } = await build(dir, CASES[name]);
    const { trained, frozen, grads } = gradients(model, method);
    // with the up-projection at zero, nothing flows back into the down-projection (W_down [d, m], b_down [m])
    const own = new Set(model.variables()), p = CASES[name].params as { bottleneck?: number };
    const m = name === "bitfit" ? 0 : adapterBottleneck(p, model.hidden);
    const down = (v: tf.Variable) => !own.has(v) && [`${model.hidden}x${m}`, `${m}`].includes(v.shape.join("x"));
    for (const v of trained) {
      expect(grads[v.name], `no gradient reaches ${v.name} [${v.shape}]`).toBeTruthy();
      if (down(v)) expect(maxAbs(grads[v.name]!), `${v.name}: up-projection is zero`).toBe(0);
      else expect(maxAbs(grads[v.name]!), `zero gradient for ${v.name} [${v.shape}]`).toBeGreaterThan(0);
    }
    for (const v of frozen) expect(grads[v.name] ?? null, `a gradient reaches frozen ${v.name}`).toBeNull();
    disposeGrads(grads);
    // once the up-projections are not zero (as after a step), the down-projections get theirs too
    const ups = trained.filter((v) => !own.has(v) && v.shape.join("x") === `${m}x${model.hidden}`);
    for (const v of ups) tf.tidy(() => v.assign(tf.fill(v.shape, 0.01)));
    const after = gradients(model, method).grads;
    for (const v of trained) {
      expect(maxAbs(after[v.name]!), `zero gradient for ${v.name} [${v.shape}]`).toBeGreaterThan(0);
    }
    disposeGrads(after);
    method.dispose();
    model.dispose();
  });

  test("training changes every trainable parameter and leaves every frozen weight bit for bit", async () => {
    const { model, method } = await build(dir, CASES[name]);
    const trained = trainedOf(method);
    const frozen = model.variables().filter((v) => !trained.includes(v));
    const before = frozen.map(bytes), trainedBefore = trained.map(bytes);
    const data = EXAMPLES.map((e) => method.encode(e, "en"));
    await train(method, { train: data, dev: data }, TRAINING, 1);
    frozen.forEach((v, i) => expect(bytes(v).equals(before[i]), `frozen ${v.name} changed`).toBe(true));
    expect(trained.filter((v, i) => bytes(v).equals(trainedBefore[i])).map((v) => v.name)).toEqual([]);
    method.dispose();
    model.dispose();
  });

  test("leaves no tensor behind: build, train, predict inside tf.tidy, dispose", async () => {
    const before = tf.memory().numTensors;
    const { model, method } = await build(dir, CASES[name]);
    const data = EXAMPLES.map((e) => method.encode(e, "en"));
    await train(method, { train: data, dev: data }, { ...TRAINING, maxSteps: 2, evalEvery: 1 }, 1);
    method.cacheForInference();
    const around = tf.memory().numTensors;
    tf.tidy(() => void method.logits(data.slice(0, 3)));
    expect(tf.memory().numTensors).toBe(around);
    method.dispose();
    expect(model.hooks).toBeNull();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test("the same seed gives the same loss bit for bit, before and after training; another seed another", async () => {
    const losses = async (seed: number) => {
      const { model, method } = await build(dir, CASES[name], seed);
      const data = EXAMPLES.map((e) => method.encode(e, "en"));
      const at = () => tf.tidy(() => method.loss(data).dataSync()[0]);
      const first = at();
      await train(method, { train: data, dev: data }, TRAINING, 1);
      const out = [first, at()];
      method.dispose();
      model.dispose();
      return out;
    };
    const [a, b, c] = [await losses(3), await losses(3), await losses(4)];
    expect(b).toEqual(a);
    expect(c[0]).not.toBe(a[0]);
  });
});

describe("adapter", () => {
  const ids = [[0, 5, 9, 17, 2], [0, 44, 2, 1, 1]];
  const mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]];
  const hidden = (model: XlmrModel) => tf.tidy(() => model.encodeIds(ids, mask).arraySync());

  test.each(["houlsby", "pfeiffer"])(
    "%s starts as the identity: the frozen model's hidden states",
    async (placement) => {
      const { model, method } = await build(dir, { method: "adapter", params: { placement, bottleneck: 4, lr: 0.01 } });
      const hooks = model.hooks;
      expect(hooks?.sublayer).toBeDefined();
      const adapted = hidden(model);
      model.hooks = null;
      const plain = hidden(model);
      model.hooks = hooks;
      expect(adapted).toEqual(plain);
      // and the hook is live: a non-zero up-projection moves them
      const ups = trainedOf(method).filter((v) => v.shape.join("x") === `4x${model.hidden}`);
      expect(ups.length).toBe(placement === "houlsby" ? 4 : 2);
      tf.tidy(() => ups[ups.length - 1].assign(tf.fill(ups[ups.length - 1].shape, 0.5)));
      expect(hidden(model)).not.toEqual(plain);
      method.dispose();
      model.dispose();
    },
  );

  test("one bottleneck computes out + up(f(down(out)))", () => {
    const a = new Bottleneck(3, 2, new Rng(5), (x) => tf.relu(x));
    tf.tidy(() => {
      a.upW.assign(tf.tensor2d([[1, 0, 2], [0, -1, 1]]));
      a.upB.assign(tf.tensor1d([0.5, 0, 0]));
    });
    const out = tf.tensor2d([[1, -2, 3]]);
    const [dW, dB] = [a.downW.arraySync() as number[][], a.downB.arraySync() as number[]];
    const z = [0, 1].map((j) => Math.max(0, out.arraySync()[0].reduce((s, x, i) => s + x * dW[i][j], 0) + dB[j]));
    const want = [1 + z[0] + 0.5, -2 - z[1], 3 + 2 * z[0] + z[1]];
    const got = tf.tidy(() => a.apply(out).arraySync()[0]);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
    out.dispose();
    a.variables().forEach((v) => v.dispose());
  });

  test("parameters: placement is required, a misspelt field is an error naming it", () => {
    expect(() => checkMethodParams("adapter", { lr: 0.01 }, "params", "t")).toThrow(/placement/);
    expect(() => checkMethodParams("adapter", { placement: "houlsby", botleneck: 4, lr: 0.01 }, "params", "t"))
      .toThrow(/botleneck/);
    expect(() => checkMethodParams("adapter", { placement: "both", lr: 0.01 }, "params", "t")).toThrow(/placement/);
    expect(() => checkMethodParams("bitfit", { lr: 0.01, bias: "all" }, "params", "t")).toThrow(/bias/);
  });
});

test("the formulas on XLM-R base (L 12, d 768, d_ff 3072), as docs/methods.md gives them", () => {
  const base = { L: 12, d: 768, dff: 3072 };
  const m = adapterBottleneck({}, base.d);
  expect(m).toBe(48);
  expect(bitfitCount(base)).toBe(102_144);
  expect(adapterCount(base, 2, m, false)).toBe(1_789_056);
  expect(adapterCount(base, 1, m, false)).toBe(894_528);
  expect(adapterCount(base, 2, m, true)).toBe(1_827_456);
  expect(headCount(base.d)).toBe(594_437);
});
