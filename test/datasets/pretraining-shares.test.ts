import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadPretrainingShares, parseShareSheet, SHARE_MODELS, shareOf } from "../../datasets/pretraining-shares.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const DERIVED = join(PROJECT_ROOT, "..", "shared", "data", "derived");

describe("pretraining shares", () => {
  test("a sheet parses into ISO code, name and fraction", () => {
    const rows = [["lang_code_3", "name", "ratio"], ["eng", "English", 0.49], [null, null, null]];
    expect(parseShareSheet(rows, "s")).toEqual([{ iso: "eng", name: "English", fraction: 0.49 }]);
  });

  test("a ratio outside 0..1 names the row", () => {
    expect(() => parseShareSheet([["lang_code_3", "name", "ratio"], ["eng", "English", 49]], "s")).toThrow(
      "s row 2: ratio 49 is not a fraction",
    );
  });

  test("a language the sheet does not list has no share (null, not 0)", () => {
    const shares = { xglm: [{ iso: "eng", name: "English", fraction: 0.49 }], bloom: [] };
    expect(shareOf(shares, "xglm", "eng")).toBe(0.49);
    expect(shareOf(shares, "bloom", "eng")).toBeNull();
  });

  test.skipIf(!HAS_MIRROR || !existsSync(DERIVED))(
    "the pinned xlsx equals the derived CSVs (uses the shared mirror)",
    async () => {
      const shares = await loadPretrainingShares({ mirrors: [MIRROR], cacheDir: tempDir() });
      for (const model of SHARE_MODELS) {
        const csv = readFileSync(join(DERIVED, `lang_distribution.${model}.csv`), "utf8").trim().split(/\r?\n/).slice(
          1,
        );
        const expected = csv.map((line) => {
          const [iso, name, ratio] = line.split(",");
          return { iso, name, fraction: Number(ratio) };
        });
        expect(shares[model]).toEqual(expected);
      }
      expect(shares.xglm).toHaveLength(30);
      expect(shares.bloom).toHaveLength(38);
    },
  );

  test.skipIf(!HAS_MIRROR)("XGLM's shares sum to 1 (uses the shared mirror)", async () => {
    const shares = await loadPretrainingShares({ mirrors: [MIRROR], cacheDir: tempDir() });
    expect(shares.xglm.reduce((s, x) => s + x.fraction, 0)).toBeCloseTo(1, 5);
  });
});
