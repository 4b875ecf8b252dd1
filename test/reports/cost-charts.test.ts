// The cost charts (reports/cost-charts.ts) compile and render, and the dashed
// front line goes through exactly the points on the Pareto front.
import { describe, expect, test } from "bun:test";
import { compile } from "vega-lite";
import type { CostPoint } from "../../analysis/costs.ts";
import { markFront } from "../../analysis/costs.ts";
import { paramsChart, timeChart } from "../../reports/cost-charts.ts";
import { toSvg } from "../../reports/render.ts";

const points: CostPoint[] = markFront(
  [["LoRA", 300_000, 61], ["BitFit", 100_000, 58], ["FT", 278_000_000, 60]].map(([m, p, a]) => ({
    backbone: "XLM-R base",
    method: String(m),
    methodLabel: String(m),
    key: "avg",
    accuracy: Number(a),
    std: 1,
    n: 2,
    trainableParameters: Number(p),
    trainSeconds: Number(p) / 1e4,
    front: false,
  })),
);

describe("cost charts", () => {
  test("accuracy against parameters: log x, every row a point, the front line over the front rows only", async () => {
    const chart = paramsChart(points, "XLM-R base") as unknown as { data: { values: CostPoint[] }; layer: unknown[] };
    expect(chart.data.values.filter((v) => v.front).map((v) => v.method)).toEqual(["LoRA", "BitFit"]);
    expect(JSON.stringify(chart.layer[0])).toContain('"filter":"datum.front"');
    expect(JSON.stringify(chart)).toContain('"type":"log"');
    expect(() => compile(paramsChart(points, "XLM-R base"))).not.toThrow();
    const svg = await toSvg(paramsChart(points, "XLM-R base"));
    expect(svg).toContain("<svg");
    expect(svg).toContain("BitFit");
  });

  test("accuracy against training time: no front line, titled with the backbone", () => {
    const chart = timeChart(points, "XLM-R base") as unknown as { title: { text: string }; layer: unknown[] };
    expect(chart.title.text).toContain("XLM-R base");
    expect(JSON.stringify(chart.layer)).not.toContain("datum.front");
    expect(() => compile(timeChart(points, "XLM-R base"))).not.toThrow();
  });

  test("several k: one panel per k in k order, each with its own front line", async () => {
    const ks = markFront([...points.map((p) => ({ ...p, k: 4 })), ...points.map((p) => ({ ...p, k: 16 }))]);
    const chart = paramsChart(ks, "XLM-R base") as unknown as {
      facet: { field: string; sort: string[] };
      spec: { layer: unknown[] };
    };
    expect(chart.facet).toMatchObject({ field: "panel", sort: ["k = 4", "k = 16"] });
    expect(JSON.stringify(chart.spec.layer[0])).toContain('"filter":"datum.front"');
    const svg = await toSvg(paramsChart(ks, "XLM-R base"));
    expect(svg).toContain("k = 4");
    expect(svg).toContain("k = 16");
  });

  test("a swept value labels its point with the spec's parameter name", async () => {
    const swept = markFront(points.map((p, i) => ({ ...p, method: "spt", methodLabel: "SPT", x: 10 * (i + 1) })));
    expect(await toSvg(paramsChart(swept, "XGLM", "promptLength"))).toContain("SPT promptLength=20");
  });
});
