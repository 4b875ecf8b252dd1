import { describe, expect, test } from "bun:test";
import { crossedComponents } from "../../analysis/stats/variance-components.ts";
import type { VarianceRow } from "../../analysis/variance.ts";
import { varianceHtml } from "../../reports/variance-table.ts";

const base: Omit<VarianceRow, "components"> = {
  backbone: "embedded",
  method: "spt",
  methodLabel: "SPT",
  setting: "",
  k: null,
  x: null,
  kind: "group",
  key: "all",
  draws: [1, 2, 3],
  inits: [1, 2, 3],
};

describe("the report's variance table", () => {
  test("a row's components with their intervals and shares; a truncated one marked *", () => {
    // the draw's mean square below the residual's: its estimate is truncated at 0
    const c = crossedComponents([[70, 60, 65], [69, 61.5, 64], [71, 60.5, 64.5]]);
    const html = varianceHtml([{ ...base, components: c }]);
    expect(html).toContain("<td>3 × 3</td>");
    expect(html).toContain("0.00* [0.00, 2.23] · 0%");
    expect(html).toContain("21.74 [5.92, 868.99] · 96%");
  });

  test("a row without components shows why", () => {
    const note = "incomplete grid: 1 of the draw × init cells have no record";
    expect(varianceHtml([{ ...base, components: null, note }])).toContain(`<td>${note}</td>`);
  });
});
