// `bench variance <spec>` as a user runs it: a user spec (--specs) extending
// spt-table4 with seeds {draw, init}, its real cells (the real language
// table's plan) with synthetic records in the real format; and the refusal of
// a list-seeded spec.
import { beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { Cell } from "../../core/record.ts";
import { loadLanguages } from "../../datasets/languages.ts";
import { type Plan, planSpec } from "../../plan/plan.ts";
import { loadSpecDirs } from "../../plan/spec-schema.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { writeRun } from "../helpers/records.ts";
import { benchProcess } from "../helpers/cli.ts";

const CACHE = tempDir("xlt-variance-cache-");
const T = 30_000;

function bench(args: string[]): Promise<{ code: number; out: string; stdout: string }> {
  return benchProcess(args, { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE });
}

// draw seed d moves accuracy by 4 points per step, init seed i by 1 (plus a small interaction)
const acc = (c: Cell, lang: string) => {
  const d = c.config.seed, i = c.config.initSeed ?? d;
  return 0.5 + 0.04 * d + 0.01 * i + 0.002 * ((d * i + lang.length) % 3);
};

describe.skipIf(!HAS_MIRROR)("bench variance (uses the shared mirror)", () => {
  const specsDir = tempDir("xlt-variance-specs-");
  let results: string, plan: Plan;
  beforeAll(async () => {
    writeFileSync(
      join(specsDir, "spt4-crossed.json"),
      JSON.stringify({
        id: "spt4-crossed",
        extends: "spt-table4",
        title: "SPT Table 4, 3 draw seeds crossed with 2 init seeds",
        rows: ["spt-mf"],
        seeds: { draw: [1, 2, 3], init: [1, 2] },
        languages: ["deu_Latn", "eng_Latn"],
      }),
    );
    const spec = loadSpecDirs([join(PROJECT_ROOT, "specs"), specsDir]).find((s) => s.id === "spt4-crossed")!;
    const langs = await loadLanguages({ mirrors: [MIRROR], cacheDir: CACHE });
    plan = planSpec(spec, langs, { profile: "smoke" });
    results = writeRun(tempDir(), plan, acc, { quantize: false });
  });

  test("prints the draw and init components of each row and group", async () => {
    expect(plan.cells).toHaveLength(6);
    const r = await bench(["variance", "spt4-crossed", "--specs", specsDir, "--results", results]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("6/6 cells recorded");
    expect(r.out).toMatch(/draws×inits[\s\S]*3×2/);
    expect(r.out).toContain("draw");
    expect(r.out).toContain("init");
  }, T);

  test("--json: the components, the draw's larger than the init's", async () => {
    const r = await bench(["variance", "spt4-crossed", "--specs", specsDir, "--results", results, "--json"]);
    expect(r.code).toBe(0);
    const [{ rows }] = JSON.parse(r.stdout);
    const c = rows[0].components;
    expect(rows[0].draws).toEqual([1, 2, 3]);
    expect(rows[0].inits).toEqual([1, 2]);
    // accuracies in %: the draw's variance of 4-point steps is 16 %², the init's of a 1-point step 0.5 %² (± the interaction)
    expect(c.rows.estimate).toBeGreaterThan(14);
    expect(c.rows.estimate).toBeLessThan(18);
    expect(c.columns.estimate).toBeLessThan(1);
    expect(c.rows.share).toBeGreaterThan(0.9);
  }, T);

  test("a list-seeded spec: exit 2, saying that draw and init move together", async () => {
    const r = await bench(["variance", "spt-table4", "--results", results]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("the seeds are a single list, so draw and init move together");
  }, T);
});
