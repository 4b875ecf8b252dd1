// Fixture specs (test/fixtures/specs/): small copies of shipped specs under
// their own ids, loaded through the same loader as specs/. Tests that count
// cells, rows or languages plan these, so that adding a row, a language or a
// seed to a shipped spec changes no test; tests of a shipped spec's own content
// (against the paper, the golden files) read specs/ and derive their counts.
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { Cell } from "../../core/record.ts";
import type { Spec } from "../../core/spec.ts";
import { LanguageTable, parseMetaCsv } from "../../datasets/languages.ts";
import { SIB200_LANGUAGES } from "../../datasets/sib200.ts";
import { type Plan, type PlanOptions, planSpec } from "../../plan/plan.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";

export const FIXTURE_SPECS_DIR = join(PROJECT_ROOT, "test", "fixtures", "specs");

/** Every fixture spec, derived ones completed from their base. */
export function fixtureSpecs(): Spec[] {
  return loadSpecDir(FIXTURE_SPECS_DIR);
}

/** One fixture spec by id; an unknown id is an error naming the ones there are. */
export function fixtureSpec(id: string): Spec {
  const specs = fixtureSpecs();
  const spec = specs.find((s) => s.id === id);
  if (!spec) {
    throw new Error(`no fixture spec "${id}" in ${FIXTURE_SPECS_DIR} (there: ${specs.map((s) => s.id).join(", ")})`);
  }
  return spec;
}

/** The shipped specs (specs/), by id. */
export function shippedSpecs(): Record<string, Spec> {
  return Object.fromEntries(loadSpecDir(join(PROJECT_ROOT, "specs")).map((s) => [s.id, s]));
}

/**
 * A shipped spec's plan (the smoke profile unless named), narrowed as the command line narrows it: what a test of a
 * run of that spec expects to find, so that a row or a seed added to the spec changes no expected count. For specs
 * that name their languages (no language table is read; a spec of target groups is an error here).
 */
export function shippedPlan(id: string, opts: Partial<PlanOptions> = {}): Plan {
  const spec = shippedSpecs()[id];
  if (!spec) throw new Error(`no shipped spec "${id}"`);
  return planSpec(spec, new LanguageTable([]), { profile: "smoke", ...opts });
}

/**
 * A real cell of the SPT Table 4 fixture's smoke plan (its first), under another id when given: a Cell with a full
 * configuration, for tests that need one cell and not a spec's table.
 */
export function fixtureCell(id?: string): Cell {
  const [cell] = planSpec(fixtureSpec("fixture-spt"), new LanguageTable([]), { profile: "smoke", seeds: [1] }).cells;
  return id === undefined ? cell : { ...cell, id };
}

/** A language table over every SIB-200 code, all alike (Joshi class 1, one family and region, seen by XLM-R). */
export function flatLanguages(): LanguageTable {
  return new LanguageTable(
    parseMetaCsv(
      "code,name,class,family,region,xlmr\n" + SIB200_LANGUAGES.map((c) => `${c},${c},1,F,R,1`).join("\n"),
      "meta",
    ),
  );
}

/** A synthetic language table over every SIB-200 code: Joshi class 5 for XPE's EnArZho set, XLM-R's "seen" for codes before m. */
export function syntheticLanguages(): LanguageTable {
  return new LanguageTable(
    parseMetaCsv(
      "code,name,class,family,region,xlmr\n" +
        SIB200_LANGUAGES.map((c) =>
          `${c},${c},${["eng_Latn", "arb_Arab", "zho_Hans"].includes(c) ? 5 : 1},F,R,${c < "m" ? 1 : 0}`
        ).join("\n"),
      "meta",
    ),
  );
}
