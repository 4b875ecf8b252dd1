import { expect, test } from "bun:test";
import { docBowTargets } from "../../models/doc-bow.ts";

// piece 9 ("the") is in every sentence; 0 is a special token
const sentences = [
  { id: 10, pieces: [0, 9, 100, 101, 100] },
  { id: 11, pieces: [0, 9, 102] },
  { id: 14, pieces: [0, 9, 103] },
  { id: 40, pieces: [0, 9, 104] },
];
const opts = { window: 2, neighbourWeight: 0.5, maxDocFrequency: 0.5, exclude: [0] };

test("a sentence's targets are its own content pieces (weight 1) and its neighbours' (weight 0.5), normalised", () => {
  const t = docBowTargets(sentences, opts);
  // id 10: own 100, 101 (once each: a set), neighbour 11 (|10-11| <= 2) gives 102; 14 is too far
  expect(t.get(10)).toEqual([[100, 1 / 2.5], [101, 1 / 2.5], [102, 0.5 / 2.5]]);
  expect(t.get(40)).toEqual([[104, 1]]);
});

test("pieces above the document-frequency cut and excluded ids are never targets", () => {
  const t = docBowTargets(sentences, opts);
  for (const row of t.values()) for (const [p] of row) expect([0, 9]).not.toContain(p);
});

test("each target distribution sums to 1, and a sentence with no content piece has none", () => {
  const t = docBowTargets([...sentences, { id: 70, pieces: [0, 9] }], opts);
  for (const row of t.values()) expect(row.reduce((s, [, w]) => s + w, 0)).toBeCloseTo(1, 12);
  expect(t.has(70)).toBe(false);
});

test("neighbours are found by id whatever the input order", () => {
  const shuffled = [sentences[2], sentences[0], sentences[3], sentences[1]];
  expect(docBowTargets(shuffled, opts)).toEqual(docBowTargets(sentences, opts));
});
