// Token embeddings held in row blocks (models/row-blocks.ts), as on a WebGPU
// adapter that binds less than the table: the same hidden states, LM logits
// and embedding gradient as one tensor, for each architecture.
import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import { RowBlocks } from "../../models/row-blocks.ts";
import { crossEntropy } from "../../methods/losses.ts";

beforeAll(() => initBackend());
afterEach(() => delete process.env.XLT_MAX_BINDING_BYTES);

const IDS = [[0, 5, 17, 999, 300, 2], [0, 998, 5, 5, 2, 1]];
const MASK = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]];

/** Hidden states, full-vocabulary logits, and the gradient of a fixed loss w.r.t. the embeddings (rows in order). */
function outputs(dir: string) {
  const { model } = loadCheckpoint(dir);
  const table = model.wordEmbeddings;
  for (const v of model.variables()) (v as { trainable: boolean }).trainable = table.blocks.includes(v);
  const T = IDS[0].length, d = model.hidden;
  const run = () => model.lmLogits(tf.reshape(model.encodeIds(IDS, MASK), [IDS.length * T, d]) as tf.Tensor2D);
  const logits = tf.tidy(() => run().arraySync() as number[][]);
  const hidden = tf.tidy(() => model.encodeIds(IDS, MASK).arraySync());
  const { grads } = tf.variableGrads(() => crossEntropy(run(), IDS.flat().map((i) => (i * 7 + 3) % model.config.vocab_size)), table.blocks);
  const gradient = tf.tidy(() => tf.concat(table.blocks.map((b) => grads[b.name]), 0).arraySync() as number[][]);
  tf.dispose(Object.values(grads));
  const blocks = table.blocks.length;
  model.dispose();
  return { hidden, logits, gradient, blocks };
}

const worst = (a: unknown, b: unknown) => {
  const x = (a as number[]).flat(3) as number[], y = (b as number[]).flat(3) as number[];
  expect(y.length).toBe(x.length);
  return x.reduce((w, v, i) => Math.max(w, Math.abs(v - y[i])), 0);
};

describe.each(["xlm-roberta", "xglm", "bloom"])("%s with its embeddings in row blocks", (arch) => {
  const dir = join(PROJECT_ROOT, "test", "fixtures", "reference", arch);

  test("outputs and the embedding gradient equal those of one tensor", () => {
    const whole = outputs(dir);
    expect(whole.blocks).toBe(1);
    // about 300 rows a block: a 1000-row vocabulary in 4 blocks, the last one short
    const d = loadCheckpoint(dir).model;
    process.env.XLT_MAX_BINDING_BYTES = String(300 * 4 * d.hidden);
    d.dispose();
    const split = outputs(dir);
    expect(split.blocks).toBe(4);
    expect(worst(split.hidden, whole.hidden)).toBe(0);
    expect(worst(split.logits, whole.logits)).toBeLessThan(1e-6);
    expect(worst(split.gradient, whole.gradient)).toBeLessThan(1e-6); // the tied head sums block by block
  });
});

test("a table in blocks has no single tensor, and says so", () => {
  const t = RowBlocks.fromData(new Float32Array(12), 6, 2, false);
  expect(t.blocks).toHaveLength(1);
  expect(t.whole.shape).toEqual([6, 2]);
  t.dispose();
  process.env.XLT_MAX_BINDING_BYTES = "16";
  const s = RowBlocks.fromData(Float32Array.from({ length: 12 }, (_, i) => i), 6, 2, false);
  expect(s.blocks.map((b) => b.shape[0])).toEqual([2, 2, 2]);
  expect(() => s.whole).toThrow("held in 3 row blocks");
  expect(s.rowsAt([5, 0, 3]).arraySync()).toEqual([[10, 11], [0, 1], [6, 7]]);
  expect(Array.from(s.dataSync())).toEqual(Array.from({ length: 12 }, (_, i) => i));
  s.dispose();
});
