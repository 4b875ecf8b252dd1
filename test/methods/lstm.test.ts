// The LSTM against torch.nn.LSTM: the same weights give the same outputs
// (test/fixtures/lstm-reference.json, made by scripts/lstm_reference.py).
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Rng } from "../../core/rng.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { Lstm } from "../../methods/lstm.ts";

const ref = JSON.parse(readFileSync(new URL("../fixtures/lstm-reference.json", import.meta.url), "utf8"));
const transpose = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));

beforeAll(async () => {
  await initBackend();
});

describe("LSTM", () => {
  for (const c of ref.cases) {
    test(`${c.layers} layer(s)${c.bidirectional ? ", bidirectional" : ""}: outputs equal torch's for torch's weights`, () => {
      const lstm = new Lstm(ref.inputSize, ref.hidden, c.layers, c.bidirectional, new Rng(1));
      lstm.layers.forEach((layer, l) =>
        layer.forEach((d, i) => {
          const sfx = `_l${l}${i === 1 ? "_reverse" : ""}`;
          d.wIh.assign(tf.tensor2d(transpose(c.params[`weight_ih${sfx}`])));
          d.wHh.assign(tf.tensor2d(transpose(c.params[`weight_hh${sfx}`])));
          d.bIh.assign(tf.tensor1d(c.params[`bias_ih${sfx}`]));
          d.bHh.assign(tf.tensor1d(c.params[`bias_hh${sfx}`]));
        })
      );
      const out = tf.tidy(() => lstm.apply(tf.tensor2d(ref.input)).arraySync());
      expect(out.length).toBe(ref.input.length);
      out.flat().forEach((v, i) => expect(v).toBeCloseTo(c.output.flat()[i], 5));
      // torch's parameter count: 4H(in + H) + 8H per direction and layer
      const count = Object.values(c.params as Record<string, number[] | number[][]>).reduce(
        (n, p) => n + p.flat().length,
        0,
      );
      expect(lstm.variables().reduce((n, v) => n + v.size, 0)).toBe(count);
      lstm.dispose();
    });
  }

  test("leaves no tensor behind inside tidy", () => {
    const lstm = new Lstm(4, 2, 2, true, new Rng(2));
    const before = tf.memory().numTensors;
    tf.tidy(() => lstm.apply(tf.ones([3, 4]))).dispose();
    expect(tf.memory().numTensors).toBe(before);
    lstm.dispose();
  });
});
