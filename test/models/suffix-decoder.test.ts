// A suffix run against a decoder's prefix state (models/backbone.ts SuffixDecoder)
// gives the hidden states of the full forward over [tokens; suffix; padding],
// whatever the rows' lengths and however far the prefix state is padded.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { Backbone, PrefixState, SuffixDecoder } from "../../models/backbone.ts";
import { bloomFromTensors, parseBloomConfig, randomBloomTensors } from "../../models/bloom.ts";
import { parseXglmConfig, randomXglmTensors, xglmFromTensors } from "../../models/xglm.ts";
import { Rng } from "../../core/rng.ts";
import { TINY_BLOOM, TINY_XGLM } from "../helpers/tiny-model.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";

beforeAll(async () => {
  await initBackend();
});

type Decoder = Backbone & SuffixDecoder;
const MODELS: [string, () => Decoder][] = [
  ["XGLM", () => {
    const c = parseXglmConfig({ ...TINY_XGLM }, "x");
    return xglmFromTensors(c, randomXglmTensors(c, 11), "x");
  }],
  ["BLOOM", () => {
    const c = parseBloomConfig({ ...TINY_BLOOM }, "b");
    return bloomFromTensors(c, randomBloomTensors(c, 12), "b");
  }],
];

function rows(lengths: number[], seed: number): number[][] {
  const rng = new Rng(seed);
  return lengths.map((n) => Array.from({ length: n }, () => 3 + rng.int(290)));
}

/** Hidden states of each row's suffix from the full forward over [tokens; suffix; pad] (PromptModel's decoder layout). */
function fullSuffix(m: Decoder, ids: number[][], suffix: tf.Tensor2D[]): number[][][] {
  return tf.tidy(() => {
    const P = suffix[0].shape[0], S = Math.max(...ids.map((r) => r.length)) + P;
    const embeds = ids.map((r, b) => {
      const tok = tf.squeeze(m.embedTokens(tf.tensor2d([r], [1, r.length], "int32")), [0]);
      return tf.concat([tok, suffix[b], tf.zeros([S - r.length - P, m.hidden])], 0);
    });
    const mask = ids.map((r) => Array.from({ length: S }, (_, s) => (s < r.length + P ? 1 : 0)));
    const h = m.encode(tf.stack(embeds) as tf.Tensor3D, mask).arraySync() as number[][][];
    return h.map((row, b) => row.slice(ids[b].length, ids[b].length + P));
  });
}

function prefixOf(m: Decoder, ids: number[][], padTo?: number): PrefixState {
  const N = padTo ?? Math.max(...ids.map((r) => r.length));
  const padded = ids.map((r) => [...r, ...Array(N - r.length).fill(1)]);
  return m.prefixState(m.embedTokens(tf.tensor2d(padded, [ids.length, N], "int32")), ids.map((r) => r.length));
}

// the cached and the full forward multiply matrices of other shapes: each layer's sums may run in another order
const within = (what: string, m: Decoder, a: unknown, b: unknown) =>
  expectWithin(what, a, b, networkTolerance({ layers: 2, longestSum: 4 * m.hidden, values: b }));

describe.each(MODELS)("%s suffix after a prefix state", (name, make) => {
  let m: Decoder;
  beforeAll(() => {
    m = make();
  });

  test.each([
    ["rows of different lengths, one of a single token", [7, 1, 4, 7], 3],
    ["one row, a one-vector suffix", [5], 1],
    ["rows of equal length (no padding)", [4, 4], 2],
  ])("%s: the full forward's hidden states within float32 tolerance", (what, lengths, P) => {
    const ids = rows(lengths, 3);
    const suffix = lengths.map((_, b) => tf.randomNormal([P, m.hidden], 0, 1, "float32", 40 + b) as tf.Tensor2D);
    const full = fullSuffix(m, ids, suffix);
    const cached = tf.tidy(() =>
      m.encodeSuffix(prefixOf(m, ids), tf.stack(suffix) as tf.Tensor3D).arraySync() as number[][][]
    );
    expect(cached.length).toBe(lengths.length);
    expect(cached[0].length).toBe(P);
    within(`${name} ${what}`, m, cached, full);
    tf.dispose(suffix);
  });

  test("a prefix state padded beyond its longest row gives the same suffix states", () => {
    const ids = rows([3, 6], 5);
    const suffix = tf.randomNormal([2, 2, m.hidden], 0, 1, "float32", 9) as tf.Tensor3D;
    const tight = tf.tidy(() => m.encodeSuffix(prefixOf(m, ids), suffix).arraySync() as number[][][]);
    const loose = tf.tidy(() => m.encodeSuffix(prefixOf(m, ids, 11), suffix).arraySync() as number[][][]);
    within(`${name} padded prefix state`, m, tight, loose);
    suffix.dispose();
  });

  test("the prefix state does not depend on the other rows of its batch", () => {
    const ids = rows([6, 2, 5], 8);
    const alone = tf.tidy(() => prefixOf(m, [ids[1]]).keys.map((k) => k.arraySync() as number[][][]));
    const inBatch = tf.tidy(() =>
      prefixOf(m, ids).keys.map((k) => (tf.slice(k, [1, 0, 0], [1, 2, m.hidden]).arraySync() as number[][][]))
    );
    for (let l = 0; l < alone.length; l++) {
      within(`${name} prefix keys alone/in batch, layer ${l}`, m, alone[l], inBatch[l]);
    }
  });

  test("a prefix state has one key and value tensor [B, N, d] per layer", () => {
    const before = tf.memory().numTensors;
    const shapes = tf.tidy(() => {
      const s = prefixOf(m, rows([4, 2], 1));
      return { keys: s.keys.map((k) => k.shape), values: s.values.map((v) => v.shape) };
    });
    expect(shapes.keys.length).toBe(2);
    expect(shapes.keys[0]).toEqual([2, 4, m.hidden]);
    expect(shapes.values).toEqual(shapes.keys);
    expect(tf.memory().numTensors).toBe(before);
  });
});
