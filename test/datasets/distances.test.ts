import { beforeAll, describe, expect, test } from "bun:test";
import { DISTANCE_TYPES, loadTypology, METHODS, Typology } from "../../datasets/distances.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

// A toy URIEL: eng and deu share a lineage, jpn has its own, arb has no
// phonology (its macrolanguage ara has), eus is an isolate, xxx has nothing.
const names = ["S_a", "S_b", "P_a", "P_b", "INV_a", "INV_b"];
const union: Record<string, number[]> = {
  eng: [1, 0, 1, 0, 1, 0],
  deu: [1, 1, 1, 1, 1, 1],
  jpn: [0, 1, 0, 1, 0, 1],
  arb: [1, 1, -1, -1, 1, 0],
  ara: [1, 1, 0, 1, 1, 0],
  eus: [0, 1, 1, 1, 1, 1],
  xxx: [-1, -1, -1, -1, -1, -1],
};
const rows = Object.keys(union);
const toy = new Typology(
  { rows: new Map(rows.map((r, i) => [r, i])), names, union: new Float32Array(rows.flatMap((r) => union[r])) },
  new Map([["eng", [0, 1, 2]], ["deu", [0, 1, 3]], ["jpn", [7]], ["arb", [4, 5]], ["ara", [4]]]),
  new Map([["eng", { lat: 53, lon: -1 }], ["deu", { lat: 48.6, lon: 12.5 }], ["jpn", { lat: 35, lon: 135 }], ["arb", { lat: 28, lon: 44 }], ["eus", { lat: 43, lon: -2 }]]),
  new Map([["eng", "English"], ["deu", "German"], ["jpn", "Japanese"], ["arb", "Standard Arabic"], ["ara", "Arabic"], ["eus", "Basque"], ["xxx", "Nothing"]]),
);

describe("typological distances (toy tables)", () => {
  test("a language is at 0 from itself, for every type", () => {
    for (const t of DISTANCE_TYPES) expect(toy.distance(t, "deu", "deu_Latn")).toBe(0);
  });

  test("distances are symmetric", () => {
    for (const t of DISTANCE_TYPES) expect(toy.distance(t, "eng", "jpn")).toBe(toy.distance(t, "jpn", "eng"));
  });

  test("distances lie in [0, 1]", () => {
    for (const t of DISTANCE_TYPES)
      for (const a of ["eng", "deu", "jpn", "arb"])
        for (const b of ["eng", "deu", "jpn", "arb"]) {
          const d = toy.distance(t, a, b)!;
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(1);
        }
  });

  test("related languages are closer genetically than unrelated ones", () => {
    expect(toy.distance("genetic", "eng", "deu")).toBe(1 - 2 / 4);
    expect(toy.distance("genetic", "eng", "jpn")).toBe(1);
  });

  test("a language without data of a type uses its macrolanguage's, and says so", () => {
    expect(toy.measure("phonological", "eng", "arb")).toEqual({ type: "phonological", value: 1, used: ["eng", "ara"] });
  });

  test("no data even through stand-ins gives null", () => {
    expect(toy.distance("syntactic", "eng", "xxx")).toBeNull();
    expect(toy.distance("geographic", "eng", "xxx")).toBeNull();
  });

  test("an isolate is at genetic distance 1 from everything else", () => {
    expect(toy.distance("genetic", "eus", "eng")).toBe(1);
  });

  test("dataset codes resolve: SIB-200 and two-letter", () => {
    expect(toy.distance("syntactic", "en", "de")).toBe(toy.distance("syntactic", "eng_Latn", "deu_Latn"));
  });

  test("an unknown code is named", () => {
    expect(() => toy.distance("syntactic", "eng", "zzz")).toThrow('unknown language code "zzz"');
  });

  test("coverage lists the code used for each type", () => {
    expect(toy.coverage("arb_Arab").data).toEqual({ syntactic: "arb", geographic: "arb", inventory: "arb", genetic: "arb", phonological: "ara", featural: "arb" });
  });

  test("every type has a label and a one-line description", () => {
    for (const t of DISTANCE_TYPES) {
      expect(["exact", "approximate"]).toContain(METHODS[t].fidelity);
      expect(METHODS[t].how).not.toContain("\n");
    }
  });
});

describe.skipIf(!HAS_MIRROR)("typological distances from the pinned URIEL files (uses the shared mirror)", () => {
  let typology: Promise<Typology>;
  beforeAll(() => {
    typology = loadTypology({ mirrors: [MIRROR], cacheDir: tempDir() });
  });

  test("German is genetically closer to English than Japanese is", async () => {
    const t = await typology;
    expect(t.fromEnglish("genetic", "deu")!).toBeLessThan(t.fromEnglish("genetic", "jpn")!);
  });

  test("French is geographically closer to English than Japanese is", async () => {
    const t = await typology;
    expect(t.fromEnglish("geographic", "fra")!).toBeLessThan(t.fromEnglish("geographic", "jpn")!);
  });

  test("lang2vec's README values: frr–dan genetic 0.625, featural 1.0; frr/dan/deu geographic", async () => {
    const t = await typology;
    expect(t.distance("genetic", "frr", "dan")).toBeCloseTo(0.625, 4);
    expect(t.distance("featural", "frr", "dan")).toBeCloseTo(1, 4);
    expect(t.distance("geographic", "frr", "dan")).toBeCloseTo(0.0028, 4);
    expect(t.distance("geographic", "frr", "deu")).toBeCloseTo(0.0359, 4);
    expect(t.distance("geographic", "dan", "deu")).toBeCloseTo(0.0361, 4);
  });

  test("lang2vec's values in LangRank's data: ben–hin and ben–ron, all six types to 4 dp", async () => {
    const t = await typology;
    const expected = {
      hin: { syntactic: 0.5316, phonological: 0.3613, inventory: 0.3481, featural: 0.4115, genetic: 0.625, geographic: 0.0659 },
      ron: { syntactic: 0.6943, phonological: 0.3824, inventory: 0.4997, featural: 0.5646, genetic: 0.8889, geographic: 0.3135 },
    };
    for (const [b, values] of Object.entries(expected))
      for (const [type, v] of Object.entries(values)) expect([b, type, Number(t.distance(type as never, "ben", b)!.toFixed(4))]).toEqual([b, type, v]);
  });

  test("macrolanguage stand-ins: zho's coordinates are cmn's, twi's family is aka's", async () => {
    const t = await typology;
    expect(t.measure("geographic", "eng", "zho_Hans").used).toEqual(["eng", "cmn"]);
    expect(t.coverage("twi_Latn").data.genetic).toBe("aka");
  });

  test("N'Ko has no URIEL data of any type", async () => {
    const t = await typology;
    expect(Object.values(t.coverage("nqo_Nkoo").data)).toEqual([null, null, null, null, null, null]);
  });
});
