// The attention-prefix hook (models/hooks.ts AttentionPrefix: P keys and values
// before the tokens' own in every layer, as prefix-tuning trains them) on XLM-R,
// XGLM and BLOOM, checked against what Hugging Face computes for past_key_values
// of length P with the attention mask extended by P ones: XLM-R against the
// reference encoder (an unpadded row at a time, positions from padding_idx + 1 + P)
// and, for one layer, against the plain model over [some tokens; the row] when
// the prefix holds those tokens' own keys and values; the decoders against
// encodeSuffix (bit for bit) and the plain forward over [tokens; the row].
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { AttentionPrefix, Hookable } from "../../models/hooks.ts";
import { parseXlmrConfig } from "../../models/config.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { randomXlmrTensors, xlmrFromTensors, type XlmrModel } from "../../models/xlmr.ts";
import { parseXglmConfig, randomXglmTensors, xglmFromTensors } from "../../models/xglm.ts";
import { bloomFromTensors, parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import type { Backbone, SuffixDecoder } from "../../models/backbone.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyModelDir, TINY_BLOOM, TINY_CONFIG, TINY_XGLM } from "../helpers/tiny-model.ts";
import { ReferenceEncoder } from "../helpers/reference-encoder.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";

type Model = Backbone & Hookable & { encodeIds(ids: number[][], mask: number[][]): tf.Tensor3D };
type Decoder = Model & SuffixDecoder;
const PAD = 1;
const P = 3;

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

/** Rows of random token ids (never the padding id) of these lengths. */
function rows(lengths: number[], seed: number): number[][] {
  const rng = new Rng(seed);
  return lengths.map((n) => Array.from({ length: n }, () => 3 + rng.int(290)));
}
/** Right-padded ids and their mask. */
function padded(rs: number[][]): { ids: number[][]; mask: number[][] } {
  const T = Math.max(...rs.map((r) => r.length));
  return {
    ids: rs.map((r) => [...r, ...Array(T - r.length).fill(PAD)]),
    mask: rs.map((r) => Array.from({ length: T }, (_, j) => (j < r.length ? 1 : 0))),
  };
}
/** Random prefix keys and values [P, d] per layer, N(0, 1) as PEFT's embedding starts. */
function randomStates(layers: number, d: number, seed: number): { keys: tf.Tensor2D[]; values: tf.Tensor2D[] } {
  const one = (i: number) => tf.randomNormal([P, d], 0, 1, "float32", seed + i) as tf.Tensor2D;
  return {
    keys: Array.from({ length: layers }, (_, l) => one(2 * l)),
    values: Array.from({ length: layers }, (_, l) => one(2 * l + 1)),
  };
}
const hookOf = (s: { keys: tf.Tensor2D[]; values: tf.Tensor2D[] }): AttentionPrefix => ({
  length: s.keys[0].shape[0],
  states: () => s,
});
/** f's result with the model running the prefix (and no hook afterwards). */
function withPrefix<T>(m: Hookable, pre: AttentionPrefix, f: () => T): T {
  m.hooks = { attentionPrefix: pre };
  try {
    return f();
  } finally {
    m.hooks = null;
  }
}
const hiddenOf = (m: Model, rs: number[][]) =>
  tf.tidy(() => {
    const { ids, mask } = padded(rs);
    return m.encodeIds(ids, mask).arraySync() as number[][][];
  });
const within = (what: string, m: Model, a: unknown, b: unknown) =>
  expectWithin(what, a, b, networkTolerance({ layers: 2, longestSum: 4 * m.hidden, values: b }));

describe("XLM-R with an attention prefix", () => {
  let model: XlmrModel, ref: ReferenceEncoder;
  beforeAll(() => {
    model = loadCheckpoint(dir).model as XlmrModel;
    ref = new ReferenceEncoder(dir, TINY_CONFIG.num_hidden_layers, TINY_CONFIG.num_attention_heads);
  });

  test("each row's hidden states are the reference encoder's over the row alone, the prefix before its keys and values in every layer, positions from padding_idx + 1 + P", () => {
    const s = randomStates(model.layerCount, model.hidden, 20);
    const rs = rows([6, 2, 5], 1);
    const got = withPrefix(model, hookOf(s), () => hiddenOf(model, rs));
    rs.forEach((r, b) => {
      const want = tf.tidy(() =>
        ref.run(ref.embed(r, P), 0, model.layerCount, (l) => ({ keys: s.keys[l], values: s.values[l] })).arraySync()
      );
      within(`row ${b}`, model, got[b].slice(0, r.length), want);
    });
    // the prefix acts: without it, other states
    const plain = hiddenOf(model, rs);
    expect(plain[0]).not.toEqual(got[0]);
    tf.dispose([...s.keys, ...s.values]);
  });

  test("one layer whose prefix holds some tokens' own keys and values: the plain forward over [those tokens; the row]", () => {
    const c1 = parseXlmrConfig({ ...TINY_CONFIG, num_hidden_layers: 1 }, "one layer");
    const one = xlmrFromTensors(c1, randomXlmrTensors(c1, 7), "one layer");
    const lead = rows([P], 9)[0], rs = rows([4, 7], 2);
    // the tokens' layer-0 keys and values at positions padding_idx + 1 .. padding_idx + P, as the full forward has them
    const [k, v] = tf.tidy(() => {
      const x = one.embeddingOutput(one.embedTokens(tf.tensor2d([lead], [1, P], "int32")), [lead.map(() => 1)]);
      const L = one.w.layers[0];
      return tf.split(tf.add(tf.matMul(x, L.qkvW), L.qkvB), 3, 1).slice(1).map((t) => tf.keep(t as tf.Tensor2D));
    });
    const got = withPrefix(one, hookOf({ keys: [k], values: [v] }), () => hiddenOf(one, rs));
    const full = hiddenOf(one, rs.map((r) => [...lead, ...r]));
    rs.forEach((r, b) => within(`row ${b}`, one, got[b].slice(0, r.length), full[b].slice(P, P + r.length)));
    tf.dispose([k, v]);
    one.dispose();
  });

  test("positions past max_position_embeddings: an error naming the prefix and how many tokens fit", () => {
    const s = randomStates(model.layerCount, model.hidden, 30);
    // 130 positions, the first two padding_idx + 1 = 2 taken: 128 - P tokens fit after the prefix
    const fits = 128 - P;
    withPrefix(model, hookOf(s), () => {
      expect(() => tf.tidy(() => void hiddenOf(model, rows([fits + 1], 4)))).toThrow(
        `after a ${P}-position attention prefix (at most ${fits} tokens fit), beyond max_position_embeddings 130`,
      );
      expect(hiddenOf(model, rows([fits], 4))[0].length).toBe(fits);
    });
    tf.dispose([...s.keys, ...s.values]);
  });
});

const DECODERS: [string, () => Decoder][] = [
  ["XGLM", () => {
    const c = parseXglmConfig({ ...TINY_XGLM }, "x");
    return xglmFromTensors(c, randomXglmTensors(c, 11), "x") as Decoder;
  }],
  ["BLOOM", () => {
    const c = parseBloomConfig({ ...TINY_BLOOM }, "b");
    return bloomFromTensors(c, randomBloomTensors(c, 12), "b") as Decoder;
  }],
];

describe.each(DECODERS)("%s with an attention prefix", (name, make) => {
  let m: Decoder;
  beforeAll(() => {
    m = make();
  });
  /** Each layer's keys and values of one row of tokens [P, d] (prefixState), kept. */
  const tokenStates = (lead: number[]) =>
    tf.tidy(() => {
      const s = m.prefixState(m.embedTokens(tf.tensor2d([lead], [1, lead.length], "int32")), [lead.length]);
      const flat = (ts: tf.Tensor3D[]) => ts.map((t) => tf.keep(tf.reshape(t, [lead.length, m.hidden]) as tf.Tensor2D));
      return { keys: flat(s.keys), values: flat(s.values) };
    });

  test("a prefix holding some tokens' keys and values (prefixState) gives encodeSuffix's states of the rows after them, bit for bit", () => {
    const s = tokenStates(rows([P], 5)[0]);
    const rs = rows([4, 4, 4], 6);
    const want = tf.tidy(() => {
      const B = rs.length,
        tile = (ts: tf.Tensor2D[]) => ts.map((t) => tf.tile(tf.expandDims(t, 0), [B, 1, 1]) as tf.Tensor3D);
      const past = { keys: tile(s.keys), values: tile(s.values), lengths: rs.map(() => P) };
      return m.encodeSuffix(past, m.embedTokens(tf.tensor2d(rs, [B, 4], "int32"))).arraySync();
    });
    expect(withPrefix(m, hookOf(s), () => hiddenOf(m, rs))).toEqual(want);
    tf.dispose([...s.keys, ...s.values]);
  });

  test("... and the plain forward over [those tokens; the row] for rows of different lengths, right-padded", () => {
    const lead = rows([P], 5)[0], s = tokenStates(lead);
    const rs = rows([5, 1, 3], 7);
    const got = withPrefix(m, hookOf(s), () => hiddenOf(m, rs));
    const full = hiddenOf(m, rs.map((r) => [...lead, ...r]));
    rs.forEach((r, b) => within(`${name} row ${b}`, m, got[b].slice(0, r.length), full[b].slice(P, P + r.length)));
    tf.dispose([...s.keys, ...s.values]);
  });
});

test("XGLM: positions past max_position_embeddings are an error naming the prefix", () => {
  const m = DECODERS[0][1]();
  const s = randomStates(m.layerCount, m.hidden, 40);
  withPrefix(m, hookOf(s), () => {
    expect(() => hiddenOf(m, rows([64 - P + 1], 3))).toThrow(
      `sequence of ${64 - P + 1} tokens after a ${P}-position attention prefix exceeds max_position_embeddings 64`,
    );
    expect(hiddenOf(m, rows([64 - P], 3))[0].length).toBe(64 - P);
  });
  tf.dispose([...s.keys, ...s.values]);
  m.dispose();
});

const ALL: [string, () => Model][] = [
  ["XLM-R", () => loadCheckpoint(dir).model as XlmrModel],
  ...DECODERS,
];

describe.each(ALL)("%s: the attention prefix", (name, make) => {
  let m: Model;
  beforeAll(() => {
    m = make();
  });

  test("a row's hidden states do not depend on the other rows of its batch or their padding", () => {
    const s = randomStates(m.layerCount, m.hidden, 50);
    const rs = rows([3, 7, 5], 8);
    const [alone] = withPrefix(m, hookOf(s), () => hiddenOf(m, [rs[0]]));
    const inBatch = withPrefix(m, hookOf(s), () => hiddenOf(m, rs))[0].slice(0, rs[0].length);
    within(`${name} row alone / in a padded batch`, m, inBatch, alone);
    tf.dispose([...s.keys, ...s.values]);
  });

  test("gradients reach every layer's prefix keys and values", () => {
    const s = randomStates(m.layerCount, m.hidden, 60);
    const vars = [...s.keys, ...s.values].map((t) => tf.variable(t));
    const L = m.layerCount;
    const pre = hookOf({
      keys: vars.slice(0, L) as unknown as tf.Tensor2D[],
      values: vars.slice(L) as unknown as tf.Tensor2D[],
    });
    const { ids, mask } = padded(rows([4, 2], 3));
    const { value, grads } = withPrefix(
      m,
      pre,
      () => tf.variableGrads(() => tf.sum(tf.square(m.encodeIds(ids, mask))) as tf.Scalar, vars),
    );
    for (const v of vars) {
      expect(tf.tidy(() => tf.max(tf.abs(grads[v.name])).dataSync()[0]), `${v.name}`).toBeGreaterThan(0);
    }
    tf.dispose([value, ...Object.values(grads), ...vars, ...s.keys, ...s.values]);
  });

  test("states that do not fit the model: an error naming what they should be", () => {
    const s = randomStates(m.layerCount - 1, m.hidden, 70);
    withPrefix(m, hookOf(s), () => {
      expect(() => tf.tidy(() => void hiddenOf(m, rows([3], 1)))).toThrow(
        `attention prefix: keys must be ${m.layerCount} tensors [${P}, ${m.hidden}] (one per layer); got ${
          m.layerCount - 1
        }`,
      );
    });
    tf.dispose([...s.keys, ...s.values]);
  });
});
