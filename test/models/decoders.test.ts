import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { alibiSlopes, parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import type { AnyModel } from "../../models/architectures.ts";
import { loadCheckpoint, readWeights } from "../../models/pretrained.ts";
import { parseXglmConfig, randomXglmTensors, sinusoidalTable } from "../../models/xglm.ts";
import { Rng } from "../../core/rng.ts";
import { makeTinyDecoderDir, TINY_BLOOM, TINY_XGLM } from "../helpers/tiny-model.ts";
import { expectWithin, floatTolerance, networkTolerance } from "../helpers/tolerance.ts";

let xglmDir: string, bloomDir: string;
beforeAll(async () => {
  await initBackend();
  xglmDir = makeTinyDecoderDir(TINY_XGLM, randomXglmTensors(parseXglmConfig({ ...TINY_XGLM }, "x"), 11));
  bloomDir = makeTinyDecoderDir(TINY_BLOOM, randomBloomTensors(parseBloomConfig({ ...TINY_BLOOM }, "b"), 12));
});

const IDS = [0, 17, 42, 99, 7, 230, 2];

function hidden(m: AnyModel, rows: number[][], mask: number[][]): number[][][] {
  return tf.tidy(() => m.encodeIds(rows, mask).arraySync() as number[][][]);
}
const maxDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((r, i) => r.map((x, j) => Math.abs(x - b[i][j]))));
// rows of another length or padding make products of other shapes, whose sums a GEMM kernel may order otherwise
const within = (what: string, m: AnyModel, a: number[][], b: number[][]) =>
  expectWithin(what, a, b, networkTolerance({ layers: 2, longestSum: 4 * m.hidden, values: b }));

describe.each([
  ["XGLM", () => xglmDir],
  ["BLOOM", () => bloomDir],
])("%s decoder", (name, dir) => {
  test("causal: a later token does not change earlier positions", () => {
    const { model } = loadCheckpoint(dir());
    const full = hidden(model, [IDS], [IDS.map(() => 1)])[0];
    const prefix = hidden(model, [IDS.slice(0, 4)], [[1, 1, 1, 1]])[0];
    within(`${name} causal prefix`, model, prefix, full.slice(0, 4));
    model.dispose();
  });

  test("right padding does not change the real positions", () => {
    const { model } = loadCheckpoint(dir());
    const plain = hidden(model, [IDS], [IDS.map(() => 1)])[0];
    const padded = hidden(model, [[...IDS, 1, 1, 1]], [[...IDS.map(() => 1), 0, 0, 0]])[0];
    within(`${name} right padding`, model, plain, padded.slice(0, IDS.length));
    model.dispose();
  });

  test("dropout in training mode: outputs change, repeatably per seed; none without a context", () => {
    const { model } = loadCheckpoint(dir());
    const run = (seed?: number) =>
      tf.tidy(() => {
        const embeds = model.embedTokens(tf.tensor2d([IDS], [1, IDS.length], "int32"));
        return model.encode(embeds, [IDS.map(() =>
          1
        )], seed === undefined ? undefined : { rate: 0.3, rng: new Rng(seed) }).arraySync() as number[][][];
      })[0];
    const plain = run(), a = run(5), b = run(5), c = run(6);
    expect(maxDiff(plain, hidden(model, [IDS], [IDS.map(() => 1)])[0])).toBe(0);
    expect(maxDiff(a, plain)).toBeGreaterThan(1e-3);
    expect(maxDiff(a, b)).toBe(0);
    expect(maxDiff(a, c)).toBeGreaterThan(1e-3);
    model.dispose();
  });

  test("the LM head is tied to the token embeddings", () => {
    const { model } = loadCheckpoint(dir());
    const [a, b, terms] = tf.tidy(() => {
      const h = tf.reshape(model.encodeIds([IDS], [IDS.map(() => 1)]), [IDS.length, model.hidden]) as tf.Tensor2D;
      const e = model.wordEmbeddings.whole;
      // sum_k |h_k e_k| of every logit: the size of the terms its dot product adds
      const size = tf.max(tf.matMul(tf.abs(h), tf.abs(e), false, true)).dataSync()[0];
      return [
        model.lmLogits(h).arraySync() as number[][],
        tf.matMul(h, e, false, true).arraySync() as number[][],
        size,
      ] as const;
    });
    // one product of length d each, which the head may compute with other transpose flags (another order)
    expectWithin(`${name} tied head`, a, b, floatTolerance({ reductionLength: model.hidden, magnitude: terms }));
    model.dispose();
  });

  test(`bench model prints tokens, hidden summary and top-k logits (${name})`, () => {
    const r = spawnSync(process.execPath, [
      join(PROJECT_ROOT, "cli", "main.ts"),
      "model",
      dir(),
      "--ids",
      "0,5,6,2",
      "--top",
      "3",
      "--json",
    ], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.hidden.shape[1]).toBe(4);
    expect(out.logits.top).toHaveLength(4);
    expect(out.logits.top[0]).toHaveLength(3);
  });
});

describe("BLOOM specifics", () => {
  test("left padding changes nothing either (ALiBi positions follow the mask)", () => {
    const { model } = loadCheckpoint(bloomDir);
    const plain = hidden(model, [IDS], [IDS.map(() => 1)])[0];
    const left = hidden(model, [[3, 3, ...IDS]], [[0, 0, ...IDS.map(() => 1)]])[0];
    within("BLOOM left padding", model, plain, left.slice(2));
    model.dispose();
  });

  test("ALiBi slopes, including a head count that is not a power of two", () => {
    expect(alibiSlopes(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => 2 ** -i));
    expect(alibiSlopes(6)).toEqual([0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125]);
  });

  test("the fused query_key_value weight is read as stored (per head [q; k; v] rows)", () => {
    const { model } = loadCheckpoint(bloomDir);
    const raw = readWeights(bloomDir).tensors.get("transformer.h.0.self_attention.query_key_value.weight")!;
    const stored = tf.tidy(() =>
      tf.transpose((model as { layers: { qkvW: tf.Variable }[] }).layers[0].qkvW).arraySync() as number[][]
    );
    expect(Array.from(raw.data.slice(0, 24))).toEqual(stored[0].map((x) => Math.fround(x)));
    model.dispose();
  });
});

describe("XGLM specifics", () => {
  test("sinusoidal table: [sin | cos] halves, padding row zero", () => {
    const t = sinusoidalTable(6, 8, 1);
    expect(Array.from(t.slice(0, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(t.slice(8, 16))).toEqual(new Array(8).fill(0));
    expect(t[2 * 8]).toBeCloseTo(Math.sin(2), 6);
    expect(t[2 * 8 + 5]).toBeCloseTo(Math.cos(2 * Math.exp(-Math.log(10000) / 3)), 6);
  });

  test("an unsupported activation is named", () => {
    expect(() => parseXglmConfig({ ...TINY_XGLM, activation_function: "relu" }, "config.json")).toThrow(
      'field "activation_function"',
    );
  });
});
