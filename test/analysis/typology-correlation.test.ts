// Typology correlations added to an accuracy table (analysis/typology-correlation.ts):
// r and rho with their p-values against SciPy, one entry per row and column,
// what is left out and why, and the real lang2vec variables (with the mirror).
import { beforeAll, describe, expect, test } from "bun:test";
import type { SeedRow } from "../../core/aggregate.ts";
import {
  type LanguageVariables,
  languageVariables,
  typologyCorrelations,
} from "../../analysis/typology-correlation.ts";
import { expectRelative } from "./stats/relative.ts";
import type { Typology } from "../../datasets/distances.ts";
import type { PretrainingShares } from "../../datasets/pretraining-shares.ts";
import { HAS_MIRROR, typologyFromMirror } from "../helpers/mirror.ts";

// scripts/typology_correlation_references.py: scipy.stats.pearsonr and spearmanr (SciPy 1.17.1) over the seed means
const SCIPY = {
  pearson: { r: 0.9609092125704131, p: 0.00014499156630692233 },
  spearman: { rho: 0.9518763181059628, p: 0.00026866325984835853 },
};
const LANGS = ["l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8"];
const VALUES = [-0.1, -0.3, -0.3, -0.5, -0.6, -0.6, -0.8, -0.9];
const SEEDS = [
  [61.0, 63.5, 62.0],
  [58.5, 57.0, 60.0],
  [59.0, 55.5, 57.5],
  [52.0, 54.0, 50.5],
  [55.0, 53.0, 54.5],
  [47.5, 49.0, 50.0],
  [50.0, 48.5, 46.0],
  [44.0, 47.0, 45.5],
];

/** The fixture's values in column "syn"; "geo" has none for l8; "data" is unavailable for every backbone. */
const variables: LanguageVariables = {
  value: (column, _backbone, language) => {
    const i = LANGS.indexOf(language);
    return column === "geo" && language === "l8" ? null : i < 0 ? null : VALUES[i] * (column === "geo" ? 2 : 1);
  },
  unavailable: (column) => (column === "data" ? "no shares" : null),
};

function seedRows(over: Partial<SeedRow> = {}, accuracy = (l: number, s: number) => SEEDS[l][s]): SeedRow[] {
  return LANGS.flatMap((key, l) =>
    [1, 2, 3].map((seed, s) => ({
      backbone: "b",
      method: "m",
      methodLabel: "M",
      goldenMethod: "m",
      setting: "",
      k: null,
      x: null,
      seed,
      key,
      acc: accuracy(l, s),
      cells: [],
      ...over,
    }))
  );
}

const fast = { resamples: 300, confidence: 0.95 };

describe("typology correlations of an accuracy table", () => {
  test("r and rho with their p-values are SciPy's (relative 1e-10)", () => {
    const [c] = typologyCorrelations(seedRows(), ["syn"], variables, fast);
    expectRelative(c.pearson!.estimate, SCIPY.pearson.r, 1e-10);
    expectRelative(c.pearson!.pValue, SCIPY.pearson.p, 1e-10);
    expectRelative(c.spearman!.estimate, SCIPY.spearman.rho, 1e-10);
    expectRelative(c.spearman!.pValue, SCIPY.spearman.p, 1e-10);
    expect(c).toMatchObject({ n: 8, seeds: [3, 3], missing: [], resamples: 300 });
    expect(c.pearson!.ci![0]).toBeLessThan(c.pearson!.estimate);
    expect(c.pearson!.ci![1]).toBeGreaterThanOrEqual(c.pearson!.estimate);
  });

  test("one entry per row (setting, k) and available column; a language without data is listed", () => {
    const rows = [...seedRows(), ...seedRows({ k: 8 }), ...seedRows({ setting: "source:Seen" })];
    const out = typologyCorrelations(rows, ["data", "syn", "geo"], variables, fast);
    expect(out.map((c) => `${c.setting ?? ""}|${c.k ?? ""}|${c.key}`).sort()).toEqual(
      ["source:Seen||geo", "source:Seen||syn", "|8|geo", "|8|syn", "||geo", "||syn"],
    );
    const geo = out.find((c) => c.key === "geo" && c.k === undefined && !c.setting)!;
    expect(geo).toMatchObject({ n: 7, missing: ["l8"] });
  });

  test("the intervals do not depend on the order of the records", () => {
    const rows = seedRows();
    const a = typologyCorrelations(rows, ["syn"], variables, fast);
    expect(typologyCorrelations(rows.slice().reverse(), ["syn"], variables, fast)).toEqual(a);
  });

  test("the same accuracy in every language: no r, and why", () => {
    const [c] = typologyCorrelations(seedRows({}, () => 33.3), ["syn"], variables, fast);
    expect(c.pearson).toBeNull();
    expect(c.spearman).toBeNull();
    expect(c.undefinedBecause).toMatch(/accuracy is the same in every language/);
  });

  test("fewer than 3 languages with data: no r, and why", () => {
    const few = seedRows().filter((r) => ["l1", "l2"].includes(r.key));
    expect(typologyCorrelations(few, ["syn"], variables, fast)[0].undefinedBecause).toMatch(/2 languages with data/);
  });
});

describe.skipIf(!HAS_MIRROR)("lang2vec variables (uses the shared mirror)", () => {
  let typology: Typology, shares: PretrainingShares;
  beforeAll(async () => {
    ({ typology, shares } = await typologyFromMirror());
  }, 120_000);

  test("XNLI and SIB-200 codes are similarity to English; an unknown code has no data", () => {
    const v = languageVariables(typology, shares);
    expect(v.value("syn", "xlm-r", "de")).toBe(-typology.fromEnglish("syntactic", "deu")!);
    expect(v.value("geo", "xlm-r", "deu_Latn")).toBe(-typology.fromEnglish("geographic", "deu")!);
    expect(v.value("syn", "xlm-r", "qqq")).toBeNull();
    expect(v.unavailable("data", "xlm-r")).toMatch(/DATA is left out/);
    expect(v.value("data", "bigscience/bloom-560m", "fr")).toBeGreaterThan(0);
  });
});
