// Each row's variance over a crossed draw × init grid of seed rows, split into
// components (the statistics are checked against statsmodels in
// test/analysis/stats/variance-components.test.ts; here: grouping and grids).
import { describe, expect, test } from "bun:test";
import type { SeedRow } from "../../core/aggregate.ts";
import { crossedComponents } from "../../analysis/stats/variance-components.ts";
import { varianceRows } from "../../analysis/variance.ts";

// the 3 × 4 grid of the statsmodels reference: rows draw seeds 1..3, columns init seeds 1..4
const GRID = [[61.2, 63.0, 60.1, 62.4], [55.3, 58.1, 54.9, 57.0], [66.0, 67.2, 64.8, 66.9]];

const row = (method: string, key: string, seed: number, init: number, acc: number): SeedRow => ({
  backbone: "embedded",
  method,
  methodLabel: method.toUpperCase(),
  goldenMethod: method,
  setting: "",
  k: null,
  x: null,
  seed,
  ...(init === seed ? {} : { initSeed: init }),
  key,
  acc,
  cells: [`${method}-${seed}-${init}`],
});
const gridRows = (method: string, key: string, grid: number[][]) =>
  grid.flatMap((r, i) => r.map((acc, j) => row(method, key, i + 1, j + 1, acc)));

describe("varianceRows", () => {
  test("a complete grid gives the crossed components of its draw × init table", () => {
    const [v] = varianceRows({ group: gridRows("spt", "all", GRID) });
    expect(v.draws).toEqual([1, 2, 3]);
    expect(v.inits).toEqual([1, 2, 3, 4]);
    expect(v.components).toEqual(crossedComponents(GRID));
  });

  test("the diagonal cells (no initSeed) take their place in the grid", () => {
    // shuffled input, same grid: the draw seed is the row, initSeed (or the seed) the column
    const rows = gridRows("spt", "all", GRID).reverse();
    expect(varianceRows({ group: rows })[0].components!.rows.estimate).toBeCloseTo(24.5277777777778, 10);
  });

  test("one entry per row and key; languages only when asked", () => {
    const group = [...gridRows("spt", "all", GRID), ...gridRows("xpe", "all", GRID.map((r) => r.map((v) => v + 1)))];
    const language = gridRows("spt", "deu_Latn", GRID);
    expect(varianceRows({ group }).map((v) => [v.kind, v.method, v.key])).toEqual([
      ["group", "spt", "all"],
      ["group", "xpe", "all"],
    ]);
    expect(varianceRows({ group, language }).filter((v) => v.kind === "language")).toHaveLength(1);
  });

  test("a missing cell of the grid leaves the row without components, saying how many are missing", () => {
    const rows = gridRows("spt", "all", GRID).filter((r) => !(r.seed === 2 && r.initSeed === 3));
    const [v] = varianceRows({ group: rows });
    expect(v.components).toBeNull();
    expect(v.note).toBe("incomplete grid: 1 of the draw × init cells have no record");
  });

  test("a list's seeds (draw = init) cannot be split", () => {
    const [v] = varianceRows({ group: [row("spt", "all", 1, 1, 60), row("spt", "all", 2, 2, 62)] });
    expect(v.components).toBeNull();
    expect(v.note).toBe("draw and init seeds move together (a seed list): nothing to split");
  });

  test("one init seed crossed with several draws cannot be split either", () => {
    const [v] = varianceRows({ group: [row("spt", "all", 1, 5, 60), row("spt", "all", 2, 5, 62)] });
    expect(v.note).toBe("needs 2 or more draw and init seeds (2 × 1)");
  });
});
