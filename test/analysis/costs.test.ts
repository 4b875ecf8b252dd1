// What a row's accuracy costs (analysis/costs.ts): trainable parameters and
// mean training seconds from the row's records, the accuracy at the cost key,
// and the Pareto front over parameters and accuracy.
import { describe, expect, test } from "bun:test";
import { analyze } from "../../analysis/analyze.ts";
import { costKey, type CostPoint, markFront } from "../../analysis/costs.ts";
import { type Plan, planSpec } from "../../plan/plan.ts";
import type { Cell, ResultRecord } from "../../core/record.ts";
import { fakeRecord } from "../helpers/records.ts";
import { fixtureSpec, syntheticLanguages } from "../helpers/specs.ts";

const spec = { ...fixtureSpec("fixture-spt"), costFront: { key: "eng_Latn" } };
const plan: Plan = planSpec(spec, syntheticLanguages(), { profile: "smoke" });

/** Records with a row's parameters, and seconds and accuracy by row and seed. */
function records(params: (c: Cell) => number): ResultRecord[] {
  return plan.cells.map((c) => {
    const r = fakeRecord(c, () => (c.row.method === "spt-mf" ? 0.5 : 0.25) + c.config.seed / 100, { quantize: false });
    const seconds = (c.row.method === "spt-mf" ? 10 : 40) * c.config.seed;
    return { ...r, trainableParameters: params(c), timings: { ...r.timings, trainSeconds: seconds } };
  });
}

const point = (method: string, trainableParameters: number, accuracy: number, k?: number): CostPoint => ({
  backbone: "b",
  method,
  methodLabel: method,
  key: "avg",
  accuracy,
  std: 0,
  n: 1,
  trainableParameters,
  trainSeconds: 1,
  front: false,
  ...(k !== undefined ? { k } : {}),
});

describe("cost points", () => {
  test("each row: its records' parameter count, mean training seconds and its mean accuracy at the key", () => {
    const a = analyze(plan, records((c) => (c.row.method === "spt-mf" ? 7_680 : 2_900_000)));
    const by = Object.fromEntries(a.costs!.map((p) => [p.method, p]));
    expect(by["spt-mf"]).toMatchObject({ key: "eng_Latn", trainableParameters: 7_680, trainSeconds: 15, n: 2 });
    expect(by["spt-mf"].accuracy).toBeCloseTo(51.5, 9);
    expect(by["spt-nomf"]).toMatchObject({ trainableParameters: 2_900_000, trainSeconds: 60 });
    expect(by["spt-mf"].front).toBe(true);
    expect(by["spt-nomf"].front).toBe(false); // more parameters, lower accuracy
  });

  test("a spec without costFront: a point per row at the average over all its targets", () => {
    const a = analyze(
      { ...plan, spec: fixtureSpec("fixture-spt") },
      records((c) => (c.row.method === "spt-mf" ? 7_680 : 2_900_000)),
    );
    expect(a.costs!.map((p) => [p.method, p.key, p.trainableParameters])).toEqual([
      ["spt-mf", "all", 7_680],
      ["spt-nomf", "all", 2_900_000],
    ]);
    // the average over the smoke plan's languages of each seed's accuracy (0.51, 0.52 for spt-mf)
    expect(a.costs![0].accuracy).toBeCloseTo(51.5, 9);
  });

  test("a spec of target groups without an average: its widest group, the last on a tie", () => {
    const xpe = planSpec(fixtureSpec("fixture-xpe-full"), syntheticLanguages(), { profile: "smoke" });
    expect(costKey(xpe)).toBe("divers-all-46");
    const tie = planSpec(fixtureSpec("fixture-xpe"), syntheticLanguages(), { profile: "smoke" });
    expect(Object.values(tie.backbones[0].groups).map((m) => m.length)).toEqual([3, 3, 3, 3]);
    expect(costKey(tie)).toBe("all-wo-j5");
  });

  test("a row whose records disagree on the parameter count is left out, with the reason", () => {
    const a = analyze(plan, records((c) => (c.row.method === "spt-mf" ? 100 + c.config.seed : 5)));
    expect(a.costs!.map((p) => p.method)).toEqual(["spt-nomf"]);
    expect(a.costsLeftOut).toEqual([
      expect.objectContaining({
        method: "spt-mf",
        why: expect.stringContaining("different trainable-parameter counts"),
      }),
    ]);
  });

  test("a row that trains no parameters is left out, with the reason", () => {
    const a = analyze(plan, records((c) => (c.row.method === "spt-mf" ? 0 : 5)));
    expect(a.costsLeftOut!.map((r) => [r.method, r.why])).toEqual([["spt-mf", "its records train no parameters"]]);
  });

  test("a row without records has no point", () => {
    const some = records(() => 1).filter((r) => plan.cells.find((c) => c.id === r.cellId)!.row.method === "spt-mf");
    expect(analyze(plan, some).costs!.map((p) => p.method)).toEqual(["spt-mf"]);
  });
});

describe("the Pareto front", () => {
  test("a row is on it unless another has as many or fewer parameters and as high or higher accuracy", () => {
    const front = (ps: CostPoint[]) => markFront(ps).filter((p) => p.front).map((p) => p.method);
    expect(front([point("a", 10, 50), point("b", 100, 60), point("c", 100, 55), point("d", 1000, 58)])).toEqual([
      "a",
      "b",
    ]);
    // equal on both: neither dominates the other
    expect(front([point("a", 10, 50), point("b", 10, 50)])).toEqual(["a", "b"]);
    // equal parameters, lower accuracy: dominated
    expect(front([point("a", 10, 50), point("b", 10, 49)])).toEqual(["a"]);
  });

  test("a swept value is a point of its row's front, not a front of its own", () => {
    const marked = markFront([{ ...point("a", 10, 50), x: 4 }, { ...point("a", 100, 45), x: 16 }]);
    expect(marked.map((p) => p.front)).toEqual([true, false]);
  });

  test("each k has its own front", () => {
    const marked = markFront([point("a", 10, 50, 4), point("b", 100, 40, 4), point("b", 100, 70, 16)]);
    expect(marked.map((p) => p.front)).toEqual([true, false, true]);
  });
});
