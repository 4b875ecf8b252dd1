import { describe, expect, test } from "bun:test";
import { bonferroniAdjust, holmAdjust } from "../../../analysis/stats/corrections.ts";

// Wikipedia's Holm-Bonferroni example (p = 0.01, 0.04, 0.03, 0.005; m = 4): Holm
// rejects H1 and H4 at alpha = 0.05. By hand: sorted 0.005·4 = 0.02, 0.01·3 = 0.03,
// 0.03·2 = 0.06, 0.04·1 = 0.04 → 0.06 (running max). R: p.adjust(p, "holm").
const WIKI = [0.01, 0.04, 0.03, 0.005];

describe("Holm", () => {
  test("Wikipedia example, returned in input order", () => {
    const adjusted = holmAdjust(WIKI);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
  });

  test("step-down values are made monotone (running maximum)", () => {
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09
    const adjusted = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
  });

  test("adjusted values are capped at 1", () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
  });

  test("a p-value outside [0, 1] is rejected naming its position", () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(/^p\[1\]: /);
  });

  test("an empty list is rejected", () => {
    expect(() => holmAdjust([])).toThrow(/^p: /);
  });
});

describe("Bonferroni", () => {
  test("Wikipedia example: m·p", () => {
    const adjusted = bonferroniAdjust(WIKI);
    [0.04, 0.16, 0.12, 0.02].forEach((want, i) => expect(adjusted[i]).toBeCloseTo(want, 15));
  });

  test("adjusted values are capped at 1", () => {
    expect(bonferroniAdjust([0.3, 0.5])).toEqual([0.6, 1]);
  });
});
