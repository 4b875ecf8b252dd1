// SPT Table 1 from result rows (analysis/correlate.ts) agrees with the from-golden
// recomputation (analysis/spt-table1.ts) when fed Table 4's published accuracies,
// and judges the published r against our interval.
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Aggregate } from "../../core/aggregate.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { checkCorrelations, columnUnavailable, correlate } from "../../analysis/correlate.ts";
import { loadGolden } from "../../analysis/golden.ts";
import { recomputeSptTable1 } from "../../analysis/spt-table1.ts";
import type { Typology } from "../../datasets/distances.ts";
import type { PretrainingShares } from "../../datasets/pretraining-shares.ts";
import { HAS_MIRROR, typologyFromMirror } from "../helpers/mirror.ts";

const golden = (f: string) => loadGolden(join(PROJECT_ROOT, "golden", f))!;
const COLUMNS = ["data", "syn", "geo", "inv", "gen", "phon", "fea"];

/** Table 4's published per-language means as the rows an analysis of our records gives. */
function table4Rows(): Aggregate[] {
  return golden("spt-table4.json").cells.filter((c) => c.kind === "language" && c.mean !== null).map((c) => ({
    backbone: c.backbone,
    method: c.method,
    methodLabel: c.method,
    goldenMethod: c.method,
    kind: "language",
    key: c.key,
    mean: c.mean!,
    std: 0,
    n: 4,
  }));
}

describe.skipIf(!HAS_MIRROR)("correlations of result rows (uses the shared mirror)", () => {
  let typology: Typology, shares: PretrainingShares;
  beforeAll(async () => {
    ({ typology, shares } = await typologyFromMirror());
  }, 120_000);

  test("every column's r equals the from-golden recomputation on the same accuracies", () => {
    const ours = correlate(table4Rows(), COLUMNS, typology, shares);
    const ref = recomputeSptTable1(golden("spt-table4.json"), golden("spt-table1.json"), typology, shares);
    expect(ours).toHaveLength(56);
    for (const r of ref) {
      const o = ours.find((x) => x.backbone === r.backbone && x.method === r.method && x.key === r.key)!;
      expect(o.r!).toBeCloseTo(r.recomputed!, 12);
      expect(o.points.length).toBe(r.n);
    }
  });

  test("each r carries its p-value and a 95% interval around it", () => {
    for (const r of correlate(table4Rows(), ["data"], typology, shares)) {
      expect(r.ci![0]).toBeLessThan(r.r!);
      expect(r.ci![1]).toBeGreaterThan(r.r!);
      expect(r.pValue!).toBeGreaterThan(0);
      // BLOOM's DATA r is about 0.5-0.7 over 38 languages; XGLM's about 0.25 over 30 is not significant
      expect(r.pValue! < 0.01).toBe(/bloom/.test(r.backbone));
    }
  });

  test("the published DATA values lie inside our intervals (they are reproduced exactly)", () => {
    const rows = correlate(table4Rows(), ["data"], typology, shares);
    const checks = checkCorrelations(golden("spt-table1.json"), rows).filter((c) => c.key === "data");
    expect(checks.map((c) => c.verdict)).toEqual(Array(8).fill("pass"));
  });

  test("a result far outside the interval fails", () => {
    const rows = correlate(table4Rows(), ["data"], typology, shares).map((r) => ({
      ...r,
      r: -0.9,
      ci: [-0.95, -0.8] as [number, number],
    }));
    expect(
      checkCorrelations(golden("spt-table1.json"), rows).filter((c) => c.key === "data").every((c) =>
        c.verdict === "fail"
      ),
    ).toBe(true);
  });

  test("DATA is left out for a backbone that publishes no pretraining shares, the distances are not", () => {
    const rows = table4Rows().map((r) => ({ ...r, backbone: "xlt-embedded-mini-v4" }));
    expect(columnUnavailable("data", "xlt-embedded-mini-v4")).toContain("DATA is left out");
    expect(new Set(correlate(rows, COLUMNS, typology, shares).map((r) => r.key))).toEqual(new Set(COLUMNS.slice(1)));
  });
});

(HAS_MIRROR ? describe : describe.skip)("constant data", () => {
  test(
    "a method with the same accuracy in every language gets no r and says why, instead of failing the analysis",
    async () => {
      const { typology, shares } = await typologyFromMirror();
      const langs = ["fra_Latn", "deu_Latn", "rus_Cyrl", "zho_Hans"];
      const rows = langs.map((key) => ({
        backbone: "b",
        method: "m",
        methodLabel: "M",
        goldenMethod: "m",
        kind: "language" as const,
        key,
        mean: 40,
        std: 0,
        n: 2,
      }));
      const [row] = correlate(rows, ["syn"], typology, shares);
      expect(row.r).toBeNull();
      expect(row.undefinedBecause).toContain("same in every language");
    },
    60_000,
  ); // the typology takes seconds to unpack on a busy machine
});
