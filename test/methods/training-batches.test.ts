// The training loop's batches (methods/train.ts trainingBatches): the plain
// seeded shuffle, and transformers-style length grouping, which keeps every
// example once an epoch and cuts padding.
import { describe, expect, test } from "bun:test";
import { deriveSeed, Rng } from "../../core/rng.ts";
import { trainingBatches } from "../../methods/train.ts";

const rng = new Rng(9);
// a long-tailed length distribution, as sentences are
const DATA = Array.from(
  { length: 200 },
  (_, i) => ({ id: i, label: i % 3, lang: "en", length: 4 + Math.floor(60 * rng.next() ** 3) }),
);

function epochs(groupByLength: boolean, n: number, seed = 5) {
  const it = trainingBatches(DATA, 8, seed, groupByLength);
  const per = Math.ceil(DATA.length / 8);
  return Array.from({ length: n }, () => Array.from({ length: per }, () => it.next().value as typeof DATA));
}

const padding = (batches: (typeof DATA)[]) =>
  batches.reduce((n, b) => n + b.length * Math.max(...b.map((e) => e.length)) - b.reduce((s, e) => s + e.length, 0), 0);

describe("trainingBatches", () => {
  test("the plain shuffle is the epoch's seeded permutation, cut in order", () => {
    const [first] = epochs(false, 1);
    expect(first.flat()).toEqual(new Rng(deriveSeed("epoch", 5, 0)).shuffle(DATA));
  });

  test("grouped by length: every example once an epoch, the same batches for the same seed", () => {
    const a = epochs(true, 3), b = epochs(true, 3);
    expect(a.map((e) => e.flat().map((x) => x.id))).toEqual(b.map((e) => e.flat().map((x) => x.id)));
    for (const epoch of a) expect(epoch.flat().map((x) => x.id).sort((p, q) => p - q)).toEqual(DATA.map((x) => x.id));
    expect(a[0].flat()).not.toEqual(a[1].flat());
  });

  test("grouped by length: far less padding than the plain shuffle", () => {
    const grouped = padding(epochs(true, 1)[0]), plain = padding(epochs(false, 1)[0]);
    expect(grouped).toBeLessThan(plain / 3);
  });
});
