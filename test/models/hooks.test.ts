// A backbone's layer hooks (models/hooks.ts) on XLM-R, XGLM and BLOOM: hooks
// that change nothing give the plain model's outputs bit for bit, and each hook
// runs where it says (every layer, every projection, the FFN activation, both
// sublayers) with the shapes it names, so a method's change reaches the output;
// and what the model says of its layout is right: each projection's output is
// x·W[:, columns] + b[columns] of the weight projectionWeight names (BLOOM's
// fused q|k|v interleaved per head), ffnWidth is the FFN's width.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { asHookable, type Hookable, isHookable, type LayerHooks, type Projection } from "../../models/hooks.ts";
import { parseXlmrConfig } from "../../models/config.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../../models/xlmr.ts";
import { parseXglmConfig, randomXglmTensors, xglmFromTensors } from "../../models/xglm.ts";
import { bloomFromTensors, parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { TINY_BLOOM, TINY_CONFIG, TINY_XGLM } from "../helpers/tiny-model.ts";

type Model = Hookable & {
  encodeIds(ids: number[][], mask: number[][]): tf.Tensor3D;
  hidden: number;
  variables(): tf.Variable[];
};

/** Each architecture's tiny model and its FFN width. */
const MAKERS: [string, () => { model: Model; ffn: number }][] = [
  ["XLM-R", () => {
    const c = parseXlmrConfig({ ...TINY_CONFIG }, "tiny");
    return { model: xlmrFromTensors(c, randomXlmrTensors(c, 3), "tiny"), ffn: c.intermediate_size };
  }],
  ["XGLM", () => {
    const c = parseXglmConfig({ ...TINY_XGLM }, "tiny");
    return { model: xglmFromTensors(c, randomXglmTensors(c, 11), "tiny"), ffn: c.ffn_dim };
  }],
  ["BLOOM", () => {
    const c = parseBloomConfig({ ...TINY_BLOOM }, "tiny");
    return { model: bloomFromTensors(c, randomBloomTensors(c, 12), "tiny"), ffn: 4 * c.hidden_size };
  }],
];

beforeAll(async () => {
  await initBackend();
});

const ids = [[0, 5, 9, 17, 2], [0, 44, 2, 1, 1]];
const mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]];

describe.each(MAKERS)("layer hooks (%s)", (_name, make) => {
  let model: Model, ffn: number;
  beforeAll(() => ({ model, ffn } = make()));
  const run = (hooks: LayerHooks | null) => {
    model.hooks = hooks;
    try {
      return tf.tidy(() => model.encodeIds(ids, mask).arraySync());
    } finally {
      model.hooks = null;
    }
  };

  test("the model is hookable, with its layer count", () => {
    expect(isHookable(model)).toBe(true);
    expect(model.layerCount).toBe(2);
  });

  test("hooks that return what they get: the plain model's outputs, bit for bit", () => {
    const plain = run(null);
    const same = run({ projection: (_l, _n, _x, y) => y, activation: (_l, a) => a, sublayer: (_l, _n, o) => o });
    expect(same).toEqual(plain);
  });

  test("every layer calls every projection, the activation and both sublayers, with the shapes they have", () => {
    const seen: string[] = [];
    const d = model.hidden;
    const shapes: Record<Projection, [number, number]> = {
      query: [d, d],
      key: [d, d],
      value: [d, d],
      attnOut: [d, d],
      ffnIn: [d, ffn],
      ffnOut: [ffn, d],
    };
    run({
      projection: (l, n, x, y) => {
        expect([x.shape[1], y.shape[1]]).toEqual(shapes[n]);
        seen.push(`${l}:${n}`);
        return y;
      },
      activation: (l, a) => (seen.push(`${l}:act`), a),
      sublayer: (l, n, o) => (seen.push(`${l}:${n}`), o),
    });
    const one = ["query", "key", "value", "attnOut", "attention", "ffnIn", "act", "ffnOut", "ffn"];
    expect(seen).toEqual([0, 1].flatMap((l) => one.map((n) => `${l}:${n}`)));
  });

  test("ffnWidth is the FFN's inner width", () => {
    expect(model.ffnWidth).toBe(ffn);
  });

  test("projectionWeight: every projection's output is x·W[:, columns] + b[columns] of the weight it names", () => {
    const diffs: string[] = [];
    let seen = 0;
    run({
      projection: (l, n, x, y) => {
        const { w, b, columns } = model.projectionWeight(l, n);
        expect(columns.length).toBe(y.shape[1]);
        const at = tf.tensor1d(columns, "int32");
        const want = tf.add(tf.matMul(x, tf.gather(w, at, 1)), tf.gather(b, at));
        const d = tf.max(tf.abs(tf.sub(want, y))).dataSync()[0];
        if (!(d < 1e-5)) diffs.push(`${l}:${n} ${d}`);
        seen++;
        return y;
      },
    });
    expect(seen).toBe(2 * 6);
    expect(diffs).toEqual([]);
  });

  test("biases and layerNorms: distinct variables of the model, LayerNorms as gain and bias pairs", () => {
    const all = new Set(model.variables());
    for (const vs of [model.biases(), model.layerNorms()]) {
      expect(vs.every((v) => all.has(v) && v.rank === 1)).toBe(true);
      expect(new Set(vs).size).toBe(vs.length);
    }
    const norms = model.layerNorms(), biases = new Set(model.biases());
    // each LayerNorm's bias (every second entry) is one of the biases, its gain is not
    expect(norms.filter((_, i) => i % 2 === 1).every((v) => biases.has(v))).toBe(true);
    expect(norms.filter((_, i) => i % 2 === 0).some((v) => biases.has(v))).toBe(false);
  });

  test("a hook's change reaches the output", () => {
    const plain = run(null);
    const scaled = run({ projection: (l, n, _x, y) => (l === 1 && n === "value" ? tf.mul(y, 2) : y) });
    expect(scaled).not.toEqual(plain);
  });
});

test("isHookable wants the layout members too; asHookable names the method it refuses", () => {
  expect(isHookable({ hooks: null, layerCount: 2 })).toBe(false);
  expect(() => asHookable({ hooks: null, layerCount: 2 }, "lora")).toThrow(/^lora: /);
});
