// BitFit and the bottleneck adapters on the tiny encoder, with method-properties.ts's
// properties: the trainable parameters are exactly the method's and their count is
// the formula of docs/methods.md; gradients reach each of them (an adapter's
// down-projection none while its up-projection is zero) and no frozen weight;
// training leaves every frozen weight bit for bit; no tensor leaks; the same
// seed gives the same loss bit for bit. And an adapter starts as the identity
// (the frozen model's hidden states) through the sublayer hook.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import { adapterBottleneck, Bottleneck } from "../../methods/adapter.ts";
import { checkMethodParams } from "../../methods/registry.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build } from "./helpers.ts";
import { type Built, methodProperties, trainedOf, type Trains } from "./method-properties.ts";

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
function expected(name: string, model: XlmrModel): Trains {
  const w = model.w, d = model.hidden;
  const shape = { L: model.layerCount, d, dff: model.config.intermediate_size };
  const head = [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`];
  const p = CASES[name].params;
  if (name === "bitfit") {
    const biases = w.layers.flatMap((l) => [l.qkvB, l.attnOutB, l.attnLnB, l.interB, l.outB, l.outLnB]);
    return { backbone: [w.embLnB, ...biases], shapes: head, count: bitfitCount(shape) + headCount(d) };
  }
  const perLayer = p.placement === "houlsby" ? 2 : 1, m = adapterBottleneck(p as { bottleneck?: number }, d);
  const one = [`${d}x${m}`, `${m}`, `${m}x${d}`, `${d}`];
  const norms = p.trainLayerNorms
    ? [w.embLnG, w.embLnB, ...w.layers.flatMap((l) => [l.attnLnG, l.attnLnB, l.outLnG, l.outLnB])]
    : [];
  return {
    backbone: norms,
    shapes: [...Array.from({ length: model.layerCount * perLayer }, () => one).flat(), ...head],
    count: adapterCount(shape, perLayer, m, !!p.trainLayerNorms) + headCount(d),
  };
}

/** An adapter's new variables of these shapes ("d1xd2"), by the case's bottleneck m (none for bitfit). */
function adapterVars(name: string, { model, method }: Built<XlmrModel>, shapesOf: (d: number, m: number) => string[]) {
  if (name === "bitfit") return [];
  const m = adapterBottleneck(CASES[name].params as { bottleneck?: number }, model.hidden), own = model.variables();
  return trainedOf(method).filter((v) => !own.includes(v) && shapesOf(model.hidden, m).includes(v.shape.join("x")));
}

for (const name of Object.keys(CASES)) {
  methodProperties<XlmrModel>(name, {
    build: (seed) => build(dir, CASES[name], seed),
    trains: (model) => expected(name, model),
    gradients: {
      when: "at the start (a down-projection's zero) and with the up-projections set",
      // with the up-projection at zero, nothing flows back into the down-projection (W_down [d, m], b_down [m])
      zeroAtStart: (v, b) => adapterVars(name, b, (d, m) => [`${d}x${m}`, `${m}`]).includes(v),
      // as after a step: once the up-projections are not zero, the down-projections get theirs too
      prepare: (b) => {
        for (const v of adapterVars(name, b, (d, m) => [`${m}x${d}`])) tf.tidy(() => v.assign(tf.fill(v.shape, 0.01)));
      },
    },
  });
}

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
