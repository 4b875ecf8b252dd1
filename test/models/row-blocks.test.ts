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
import { expectWithin, floatTolerance, maxAbs, maxAbsDiff } from "../helpers/tolerance.ts";

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
  const { grads } = tf.variableGrads(
    () => crossEntropy(run(), IDS.flat().map((i) => (i * 7 + 3) % model.config.vocab_size)),
    table.blocks,
  );
  const gradient = tf.tidy(() => tf.concat(table.blocks.map((b) => grads[b.name]), 0).arraySync() as number[][]);
  tf.dispose(Object.values(grads));
  // sum_k |h_k e_k| for every logit: the size of the terms the head's dot products add
  const terms = tf.tidy(() => {
    const h = tf.abs(tf.reshape(model.encodeIds(IDS, MASK), [IDS.length * T, d]));
    return Math.max(...table.blocks.map((b) => tf.max(tf.matMul(h, tf.abs(b), false, true)).dataSync()[0]));
  });
  const blocks = table.blocks.length, vocab = model.config.vocab_size;
  model.dispose();
  return { hidden, logits, gradient, blocks, terms, d, vocab };
}

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
    // the encoder never reads the table whole: the same kernels in the same order
    expect(maxAbsDiff(split.hidden, whole.hidden)).toBe(0);
    // each logit is one dot product of length d, which a GEMM over a block of
    // rows may sum in another order than the GEMM over the whole table
    expectWithin(
      `${arch} logits`,
      split.logits,
      whole.logits,
      floatTolerance({ reductionLength: whole.d, magnitude: whole.terms }),
    );
    // the tied head sums dL/dh = dL/dlogits . E over the vocabulary block by
    // block (V terms, each under the largest gradient entry: |dL/dlogits| sums
    // to at most 2/rows a row); the layers then carry that difference back to
    // the lookup in the same order on both sides
    expectWithin(
      `${arch} embedding gradient`,
      split.gradient,
      whole.gradient,
      floatTolerance({ reductionLength: whole.vocab, magnitude: maxAbs(whole.gradient) }),
    );
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
