import { describe, expect, test } from "bun:test";
import { analyze } from "../../analysis/analyze.ts";
import { type Plan, planSpec } from "../../plan/plan.ts";
import type { ResultRecord } from "../../core/record.ts";

import { fakeRecord } from "../helpers/records.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";

const spec = fixtureSpec("fixture-spt");
const langs = flatLanguages();
const plan: Plan = planSpec(spec, langs, { profile: "smoke", seeds: [1], langs: ["eng_Latn", "fra_Latn"] });

/** A record for every cell: accuracy per language, with or without gold class counts. */
function records(counts: Record<string, number[] | undefined>): ResultRecord[] {
  return plan.cells.map((c) => ({
    ...fakeRecord(c, () => 0.5),
    metrics: Object.fromEntries(
      Object.entries(counts).map((
        [l, cc],
      ) => [l, { accuracy: 0.5, n: 10, predictions: [], ...(cc ? { classCounts: cc } : {}) }]),
    ),
  }));
}

describe("analysis baselines", () => {
  test("the majority-class rate and chance come from the records' gold class counts", () => {
    const a = analyze(plan, records({ eng_Latn: [6, 2, 2, 0], fra_Latn: [1, 1, 1, 1] }));
    const get = (key: string) => a.baselines.find((b) => b.key === key)!;
    expect(get("eng_Latn")).toMatchObject({ kind: "language", majority: 60, chance: 25 });
    expect(get("fra_Latn")).toMatchObject({ kind: "language", majority: 25, chance: 25 });
  });

  test("a group's baseline is the mean of its languages', as its accuracy is", () => {
    const a = analyze(plan, records({ eng_Latn: [6, 2, 2, 0], fra_Latn: [1, 1, 1, 1] }));
    expect(a.baselines.find((b) => b.kind === "group" && b.key === "all")).toMatchObject({
      majority: 42.5,
      chance: 25,
    });
  });

  test("records written before the counts were kept give no baseline rather than a wrong one", () => {
    const a = analyze(plan, records({ eng_Latn: [6, 2, 2, 0], fra_Latn: undefined }));
    expect(a.baselines.map((b) => b.key)).toEqual(["eng_Latn"]);
    expect(a.rows.find((r) => r.kind === "group")!.mean).toBe(50);
  });
});
