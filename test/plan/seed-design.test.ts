// A profile's seeds as {draw, init}: one cell per pair; the diagonal pairs are
// the list's cells (same ids), the others carry initSeed; --seeds and
// --init-seeds replace each factor's seeds.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { SeedDesign } from "../../core/seed.ts";
import type { Spec } from "../../core/spec.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import { cellLabel, type PlanOptions, planSpec } from "../../plan/plan.ts";
import { parseSpec } from "../../plan/spec-schema.ts";
import { fixtureSpec } from "../helpers/specs.ts";

const langs = new LanguageTable([]);
const withSeeds = (seeds: SeedDesign): Spec => {
  const spec = fixtureSpec("fixture-spt");
  return { ...spec, profiles: { ...spec.profiles, smoke: { ...spec.profiles.smoke, seeds } } };
};
const plan = (seeds: SeedDesign, opts: Partial<PlanOptions> = {}) =>
  planSpec(withSeeds(seeds), langs, { profile: "smoke", ...opts });
const pairs = (p: ReturnType<typeof plan>) =>
  p.cells.filter((c) => c.row.method === "spt-mf").map((c) => [c.config.seed, c.config.initSeed ?? c.config.seed]);

describe("seeds {draw, init}", () => {
  test("a list-seeded plan's cell ids are the ones planned before crossed seeds existed", () => {
    // fixture-spt smoke (seeds 1, 2), planned at 3f102f7, before this change
    const ids = planSpec(fixtureSpec("fixture-spt"), langs, { profile: "smoke" }).cells.map((c) => c.id);
    expect(ids).toEqual(["5032f8fa2e1377a1", "c084594412ea94df", "3584c16cc6fc74ed", "e8e1958f169359dd"]);
  });

  test("one cell per (draw, init) pair; the diagonal cells are the list's, with no initSeed", () => {
    const list = plan([1, 2]), crossed = plan({ draw: [1, 2], init: [1, 2] });
    expect(pairs(crossed)).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    const diagonal = crossed.cells.filter((c) => c.config.initSeed === undefined).map((c) => c.id);
    expect(diagonal.sort()).toEqual(list.cells.map((c) => c.id).sort());
    expect(crossed.cells.filter((c) => c.config.initSeed !== undefined)).toHaveLength(list.cells.length);
  });

  test("cells of the same draw share their draw seed; the label names the init seed off the diagonal", () => {
    const crossed = plan({ draw: [3], init: [3, 8] });
    const off = crossed.cells.find((c) => c.config.initSeed === 8)!;
    expect(off.config.seed).toBe(3);
    expect(cellLabel(crossed.spec, off)).toEndWith("seed=3 init=8");
    expect(cellLabel(crossed.spec, crossed.cells.find((c) => c.config.initSeed === undefined)!)).toEndWith("seed=3");
  });

  test("--seeds replaces the draw seeds of a crossed profile and keeps its init seeds", () => {
    const p = plan({ draw: [1, 2], init: [5, 6] }, { seeds: [2] });
    expect(pairs(p)).toEqual([[2, 5], [2, 6]]);
    expect(p.narrowed).toEqual(["--seeds"]);
  });

  test("--init-seeds crosses a list profile's seeds with its own", () => {
    const p = plan([1, 2], { initSeeds: [1, 7] });
    expect(pairs(p)).toEqual([[1, 1], [1, 7], [2, 1], [2, 7]]);
    expect(p.narrowed).toEqual(["--init-seeds"]);
  });

  test("a spec's {draw, init} is checked, and errors name the field", () => {
    const raw = JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
    raw.profiles.smoke.seeds = { draw: [1, 2], init: [3] };
    expect(parseSpec(raw, "t4.json").profiles.smoke.seeds).toEqual({ draw: [1, 2], init: [3] });
    raw.profiles.smoke.seeds = { draw: [1, 0], init: [3] };
    expect(() => parseSpec(raw, "t4.json")).toThrow(
      "t4.json: profiles.smoke.seeds.draw[1]: expected a positive integer",
    );
    raw.profiles.smoke.seeds = { draw: [1] };
    expect(() => parseSpec(raw, "t4.json")).toThrow("profiles.smoke.seeds.init");
  });
});
