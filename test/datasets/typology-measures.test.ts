import { describe, expect, test } from "bun:test";
import { angularDistance, greatCircleFraction, lineageDistance } from "../../datasets/typology/measures.ts";
import { candidates, toIso639_3 } from "../../datasets/typology/codes.ts";
import { Rng } from "../../core/rng.ts";

describe("angular distance", () => {
  test("a vector is at 0 from itself", () => {
    expect(angularDistance([1, 0, 1, 1], [1, 0, 1, 1])).toBe(0);
  });

  test("orthogonal vectors are at 1", () => {
    expect(angularDistance([1, 0, 0], [0, 1, 1])).toBe(1);
  });

  test("is symmetric and within [0, 1] for non-negative vectors", () => {
    const rng = new Rng(7);
    const rand = () => rng.next();
    for (let k = 0; k < 50; k++) {
      const u = Array.from({ length: 12 }, () => (rand() < 0.5 ? 0 : 1));
      const v = Array.from({ length: 12 }, () => (rand() < 0.5 ? 0 : 1));
      const d = angularDistance(u, v);
      expect(angularDistance(v, u)).toBe(d);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1);
    }
  });

  test("a zero vector stands as the all-ones vector (lang2vec's convention)", () => {
    expect(angularDistance([0, 0], [1, 1])).toBe(0);
    expect(angularDistance([0, 0, 0, 0], [1, 0, 0, 0])).toBeCloseTo((2 * Math.acos(0.5)) / Math.PI, 12);
  });
});

describe("lineage distance", () => {
  test("1 - shared / (longer lineage + 1): frr and dan in URIEL's tree give lang2vec's 0.625", () => {
    // frr: 7 family nodes, dan: 6, sharing Indo-European, Germanic, Northwest Germanic
    expect(lineageDistance([1, 2, 3, 10, 11, 12, 13], [1, 2, 3, 20, 21, 22])).toBe(0.625);
  });

  test("is symmetric", () => {
    expect(lineageDistance([1, 2], [1, 2, 3, 4])).toBe(lineageDistance([1, 2, 3, 4], [1, 2]));
  });

  test("disjoint lineages and isolates are at 1", () => {
    expect(lineageDistance([1, 2], [5, 6, 7])).toBe(1);
    expect(lineageDistance([], [5, 6, 7])).toBe(1);
  });
});

describe("great-circle fraction", () => {
  const frr = { lat: 54.6409, lon: 8.58489 };
  const dan = { lat: 54.8655, lon: 9.36284 };

  test("reproduces lang2vec's README value for frr–dan (0.0028)", () => {
    expect(greatCircleFraction(frr, dan)).toBeCloseTo(0.0028, 4);
  });

  test("a point is at 0 from itself and antipodes are at 1", () => {
    expect(greatCircleFraction(frr, frr)).toBe(0);
    expect(greatCircleFraction({ lat: 10, lon: 20 }, { lat: -10, lon: -160 })).toBeCloseTo(1, 12);
  });

  test("is symmetric", () => {
    expect(greatCircleFraction(frr, dan)).toBe(greatCircleFraction(dan, frr));
  });
});

describe("language codes", () => {
  const known = (iso: string) => ["fra", "arb", "zho", "eng"].includes(iso);

  test("SIB-200 codes drop the script", () => {
    expect(toIso639_3("fra_Latn", known)).toBe("fra");
  });

  test("XNLI/MARC two-letter codes map to the individual languages", () => {
    expect(toIso639_3("ar", known)).toBe("arb");
    expect(toIso639_3("zh", known)).toBe("zho");
  });

  test("an unknown code is named in the error", () => {
    expect(() => toIso639_3("xq", known)).toThrow('unknown language code "xq"');
    expect(() => toIso639_3("qqq", known)).toThrow('unknown language code "qqq"');
    expect(() => toIso639_3("English", known)).toThrow('unknown language code "English"');
  });

  test("stand-ins: an individual language falls back to its macrolanguage, a macrolanguage to its principal member", () => {
    expect(candidates("arb")).toEqual(["arb", "ara"]);
    expect(candidates("zho")).toEqual(["zho", "cmn"]);
    expect(candidates("eng")).toEqual(["eng"]);
  });
});
