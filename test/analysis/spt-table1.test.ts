// SPT Table 1 from SPT Table 4's published accuracies: the DATA and GEO
// columns' inputs are exact, so under the paper's conventions they must come
// back to the printed rounding; the other distance columns are approximate and
// are only reported.
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadGolden } from "../../analysis/golden.ts";
import { type GoldenFile } from "../../core/golden.ts";
import { recomputeSptTable1 } from "../../analysis/spt-table1.ts";
import type { Typology } from "../../datasets/distances.ts";
import type { PretrainingShares } from "../../datasets/pretraining-shares.ts";
import { HAS_MIRROR, typologyFromMirror } from "../helpers/mirror.ts";

const golden = (f: string) => loadGolden(join(PROJECT_ROOT, "golden", f))!;

describe.skipIf(!HAS_MIRROR)("spt-table1 from the golden Table 4 (uses the shared mirror)", () => {
  let typology: Typology, shares: PretrainingShares;
  beforeAll(async () => {
    ({ typology, shares } = await typologyFromMirror());
  }, 120_000);

  test("the DATA column reproduces all 8 printed values within their rounding", () => {
    const rows = recomputeSptTable1(golden("spt-table4.json"), golden("spt-table1.json"), typology, shares).filter((
      r,
    ) => r.key === "data");
    expect(rows.length).toBe(8);
    for (const r of rows) expect(Math.abs(r.diff!)).toBeLessThanOrEqual(0.5e-4);
    expect(rows.map((r) => r.n).sort()).toEqual([30, 30, 30, 30, 38, 38, 38, 38]);
  });

  test("leaving English out breaks the DATA column: the paper's correlations include it", () => {
    const t4 = golden("spt-table4.json");
    const noEnglish: GoldenFile = { ...t4, cells: t4.cells.filter((c) => c.iso639_3 !== "eng") };
    const rows = recomputeSptTable1(noEnglish, golden("spt-table1.json"), typology, shares).filter((r) =>
      r.key === "data"
    );
    expect(rows.filter((r) => Math.abs(r.diff!) > 0.005).length).toBeGreaterThan(4);
  });

  test("the GEO column reproduces all 8 printed values within their rounding (lang2vec's one-decimal geographic distances)", () => {
    const rows = recomputeSptTable1(golden("spt-table4.json"), golden("spt-table1.json"), typology, shares).filter((
      r,
    ) => r.key === "geo");
    expect(rows.length).toBe(8);
    for (const r of rows) {
      expect(r.inputs).toBe("exact");
      expect(Math.abs(r.diff!)).toBeLessThanOrEqual(0.5e-4);
      expect(r.missing).toEqual([]);
    }
    expect(rows.map((r) => r.n).sort()).toEqual([30, 30, 30, 30, 38, 38, 38, 38]);
  });

  test("every other distance column is labelled approximate and names the languages left out", () => {
    const rows = recomputeSptTable1(golden("spt-table4.json"), golden("spt-table1.json"), typology, shares).filter((
      r,
    ) => r.key !== "data" && r.key !== "geo");
    expect(rows.length).toBe(40);
    expect(rows.every((r) => r.inputs === "approximate" && r.recomputed !== null && Math.abs(r.recomputed) <= 1)).toBe(
      true,
    );
    const phon = rows.find((r) => r.key === "phon" && r.backbone.startsWith("facebook/xglm-564M"))!;
    expect(phon.n + phon.missing.length).toBe(30);
  });
});
