// A backbone's layer hooks (models/hooks.ts) on the XLM-R encoder: hooks that
// change nothing give the plain model's outputs bit for bit, and each hook runs
// where it says (every layer, every projection, the FFN activation, both
// sublayers), so a method's change reaches the output.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { LayerHooks, Projection } from "../../models/hooks.ts";
import { isHookable } from "../../models/hooks.ts";
import { parseXlmrConfig } from "../../models/config.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../../models/xlmr.ts";
import { TINY_CONFIG } from "../helpers/tiny-model.ts";

const config = parseXlmrConfig({ ...TINY_CONFIG }, "tiny");
let model: ReturnType<typeof xlmrFromTensors>;
beforeAll(async () => {
  await initBackend();
  model = xlmrFromTensors(config, randomXlmrTensors(config, 3), "tiny");
});
const ids = [[0, 5, 9, 17, 2], [0, 44, 2, 1, 1]];
const mask = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]];
const run = (hooks: LayerHooks | null) => {
  model.hooks = hooks;
  try {
    return tf.tidy(() => model.encodeIds(ids, mask).arraySync());
  } finally {
    model.hooks = null;
  }
};

describe("layer hooks (XLM-R)", () => {
  test("the model is hookable, with its layer count", () => {
    expect(isHookable(model)).toBe(true);
    expect(model.layerCount).toBe(config.num_hidden_layers);
  });

  test("hooks that return what they get: the plain model's outputs, bit for bit", () => {
    const plain = run(null);
    const same = run({ projection: (_l, _n, _x, y) => y, activation: (_l, a) => a, sublayer: (_l, _n, o) => o });
    expect(same).toEqual(plain);
  });

  test("every layer calls every projection, the activation and both sublayers, with the shapes they have", () => {
    const seen: string[] = [];
    const d = config.hidden_size, I = config.intermediate_size;
    const shapes: Record<Projection, [number, number]> = {
      query: [d, d],
      key: [d, d],
      value: [d, d],
      attnOut: [d, d],
      ffnIn: [d, I],
      ffnOut: [I, d],
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

  test("a hook's change reaches the output", () => {
    const plain = run(null);
    const scaled = run({ projection: (l, n, _x, y) => (l === 1 && n === "value" ? tf.mul(y, 2) : y) });
    expect(scaled).not.toEqual(plain);
  });
});
