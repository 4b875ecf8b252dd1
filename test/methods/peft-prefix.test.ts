// Prefix-tuning (methods/prefix-tuning.ts) on the tiny checkpoint, with and
// without the reparameterisation MLP: method-properties.ts's properties (it
// trains exactly its prefix and the head, their count the formula of
// docs/methods.md; gradients reach them and no frozen weight; training leaves
// the backbone bit for bit; nothing leaks; two builds of one seed agree); the
// prefix acts from the start and caching leaves the logits; the prefix is laid
// out and drawn as PEFT's PrefixEncoder; the counts on XLM-R base's shape are
// checked on a weightless stand-in of that shape (the method reads only its config).
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import { PrefixEncoder } from "../../methods/prefix-tuning.ts";
import { trainableCount } from "../../methods/method.ts";
import { buildMethod, checkMethodParams } from "../../methods/registry.ts";
import { train } from "../../methods/train.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, context, TOY_TRAINING, xlmrBaseStandIn } from "./helpers.ts";
import { batchOf, logitsOnce, methodProperties } from "./method-properties.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const C = 5; // helpers.ts's classes
type Params = { prefixLength: number; projection?: boolean; projectionHidden?: number };
const CASES: Record<string, Params & { lr: number }> = {
  "prefix-tuning (P 4)": { lr: 0.05, prefixLength: 4 },
  "prefix-tuning, projection (P 3, h 8)": { lr: 0.05, prefixLength: 3, projection: true, projectionHidden: 8 },
  "prefix-tuning, projection (P 2, h = d)": { lr: 0.05, prefixLength: 2, projection: true },
};

/** The head on <s>: dense d x d and its bias, projection d x C and its bias. */
const headShapes = (d: number) => [`${d}x${d}`, `${d}`, `${d}x${C}`, `${C}`];
const headCount = (d: number) => d * d + d + d * C + C;
/** PEFT's PrefixEncoder: a [P, 2Ld] table, or Embedding(P, d), Linear(d, h), Linear(h, 2Ld). */
function ownShapes(p: Params, L: number, d: number): string[] {
  const P = p.prefixLength, h = p.projectionHidden ?? d, w = 2 * L * d;
  return p.projection ? [`${P}x${d}`, `${d}x${h}`, `${h}`, `${h}x${w}`, `${w}`] : [`${P}x${w}`];
}
/** docs/methods.md's formulas, without the head: P·2·L·d, or P·d + d·h + h + h·2Ld + 2Ld. */
function formula(p: Params, L: number, d: number): number {
  const P = p.prefixLength, h = p.projectionHidden ?? d, w = 2 * L * d;
  return p.projection ? P * d + d * h + h + h * w + w : P * w;
}

const of = (params: object) => ({ method: "prefix-tuning", params });
const FINETUNE = { method: "finetune", params: { lr: 0.01 } };

for (const [name, p] of Object.entries(CASES)) {
  methodProperties<XlmrModel>(name, {
    build: (seed) => build(dir, of(p), seed),
    trains: ({ hidden: d, layerCount: L }) => ({
      backbone: [],
      shapes: [...headShapes(d), ...ownShapes(p, L, d)],
      count: formula(p, L, d) + headCount(d),
    }),
    // the table is drawn non-zero, so every gradient flows from the first step
    gradients: { when: "at the start", prepare: () => {} },
  });
}

describe.each(Object.keys(CASES))("%s", (name) => {
  const p = CASES[name];

  test("the prefix acts: other logits than the frozen model's with the same head", async () => {
    // the head draws first, as fine-tuning's: only the prefix differs
    const base = await logitsOnce(() => build(dir, FINETUNE));
    expect(await logitsOnce(() => build(dir, of(p)))).not.toEqual(base);
  });

  test("after training, cacheForInference leaves the logits bit for bit", async () => {
    const { model, method } = await build(dir, of(p));
    const data = batchOf(method);
    await train(method, { train: data, dev: data }, TOY_TRAINING, 1);
    const before = tf.tidy(() => method.logits(data).arraySync());
    method.cacheForInference();
    expect(tf.tidy(() => method.logits(data).arraySync())).toEqual(before);
    method.dispose();
    model.dispose();
  });
});

describe("the prefix, as PEFT's PrefixEncoder", () => {
  test("each layer's keys and values are the table's column blocks, key then value per layer", () => {
    const P = 2, d = 3, L = 2;
    const enc = new PrefixEncoder(P, d, L, new Rng(1));
    tf.tidy(() => enc.vars[0].assign(tf.reshape(tf.range(0, P * 2 * L * d, 1, "float32"), [P, 2 * L * d])));
    const { keys, values } = tf.tidy(() => {
      const s = enc.states(L);
      return { keys: s.keys.map((k) => k.arraySync()), values: s.values.map((v) => v.arraySync()) };
    });
    // row p holds [layer 0 key | layer 0 value | layer 1 key | layer 1 value], 12 columns
    expect(keys).toEqual([[[0, 1, 2], [12, 13, 14]], [[6, 7, 8], [18, 19, 20]]]);
    expect(values).toEqual([[[3, 4, 5], [15, 16, 17]], [[9, 10, 11], [21, 22, 23]]]);
    enc.dispose();
  });

  test("initialisation: the table N(0, 1) (nn.Embedding); the MLP's linears U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (nn.Linear)", () => {
    const stats = (v: tf.Variable) => {
      const a = Array.from(v.dataSync());
      const mean = a.reduce((s, x) => s + x, 0) / a.length;
      const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
      return { mean, sd, max: Math.max(...a.map(Math.abs)) };
    };
    const table = new PrefixEncoder(40, 16, 2, new Rng(2));
    const t = stats(table.vars[0]); // 2560 draws
    expect(Math.abs(t.mean)).toBeLessThan(0.1);
    expect(Math.abs(t.sd - 1)).toBeLessThan(0.05);
    const mlp = new PrefixEncoder(40, 16, 2, new Rng(2), 32);
    expect(Math.abs(stats(mlp.vars[0]).sd - 1)).toBeLessThan(0.1);
    // W1 [16, 32], b1: fan_in 16; W2 [32, 64], b2: fan_in 32; uniform: sd = bound / sqrt(3)
    mlp.vars.slice(1).forEach((v, i) => {
      const bound = 1 / Math.sqrt(i < 2 ? 16 : 32), s = stats(v);
      expect(s.max).toBeLessThanOrEqual(bound);
      if (v.size > 100) expect(Math.abs(s.sd - bound / Math.sqrt(3)) / bound).toBeLessThan(0.05);
    });
    table.dispose();
    mlp.dispose();
  });
});

describe("prefix-tuning parameters", () => {
  test("prefixLength is required; projectionHidden only with projection; a misspelt field is named", () => {
    const check = (x: object) => () => checkMethodParams("prefix-tuning", x, "params", "t");
    expect(check({ lr: 0.01 })).toThrow(/prefixLength/);
    expect(check({ lr: 0.01, prefixLength: 0 })).toThrow(/prefixLength/);
    expect(check({ lr: 0.01, prefixLength: 4, projectionHidden: 8 })).toThrow(
      /params\.projectionHidden: only with projection: true/,
    );
    expect(check({ lr: 0.01, prefixLength: 4, projection: false, projectionHidden: 8 })).toThrow(/projectionHidden/);
    expect(check({ lr: 0.01, prefixLength: 4, prefix_projection: true })).toThrow(/prefix_projection/);
    expect(check({ lr: 0.01, prefixLength: 4, projection: true, projectionHidden: 8 })()).toBeTruthy();
  });

  test("a prefix that leaves maxLength no positions is refused at build, saying how many tokens fit", async () => {
    const { model, tokenizer, method } = await build(dir, of({ lr: 0.01, prefixLength: 1 }));
    method.dispose();
    // tiny: 130 positions from padding_idx + 1 = 2, so 128 - P tokens; the context's maxLength is 40
    await expect(buildMethod("prefix-tuning", context(model, tokenizer, { lr: 0.01, prefixLength: 89 }))).rejects
      .toThrow("prefix-tuning: a prefix of 89 leaves room for 39 tokens");
    expect(model.hooks).toBeNull();
    const fits = await buildMethod("prefix-tuning", context(model, tokenizer, { lr: 0.01, prefixLength: 88 }));
    fits.dispose();
    model.dispose();
  });
});

// XLM-R base: L = 12, d = 768, on a weightless stand-in (helpers.ts).
test.each([
  [{ prefixLength: 20 }, 368_640],
  [{ prefixLength: 20, projection: true }, 14_780_160],
  [{ prefixLength: 20, projection: true, projectionHidden: 512 }, 9_864_704],
])("%j on XLM-R base's shape: its own parameters as the formula counts them, plus the head", async (p, own) => {
  const stub = xlmrBaseStandIn();
  const method = await buildMethod("prefix-tuning", context(stub, loadTokenizer(dir), { lr: 0.01, ...p }));
  expect(formula(p, 12, 768)).toBe(own);
  expect(trainableCount(method)).toBe(own + headCount(768));
  method.dispose();
});
