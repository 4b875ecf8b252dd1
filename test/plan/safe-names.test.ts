// Names that become paths (core/check.ts): spec ids, row ids, profile names,
// backbone ids and golden files match a safe pattern when a spec is loaded, and
// where a path is built from one (a report folder, a golden file) a name that
// was never checked cannot lead outside its folder (core/safe-path.ts). The bad
// values of each field are in the bad-spec corpus (test/fixtures/bad-specs.json);
// here what a corpus entry cannot say.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { goldenPath } from "../../analysis/golden.ts";
import { reportDir } from "../../cli/report.ts";
import { label, safeName, SpecError } from "../../core/check.ts";
import { within } from "../../core/safe-path.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { SPEC_SCHEMA_FILE } from "../../core/spec.ts";
import type { Plan } from "../../plan/plan.ts";
import { parseSpec } from "../../plan/spec-schema.ts";
import { tempDir } from "../helpers/mirror.ts";
import { FIXTURE_SPECS_DIR } from "../helpers/specs.ts";

const raw = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
/** A plan as far as reportDir reads one: a spec built in code never met the checkers. */
const plan = (id: string, profileName = "smoke") => ({ spec: { id }, profileName }) as unknown as Plan;

describe("the checkers", () => {
  test("every id, profile name and label of the shipped and fixture specs is of its form", () => {
    for (const dir of [join(PROJECT_ROOT, "specs"), FIXTURE_SPECS_DIR]) {
      for (const f of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== SPEC_SCHEMA_FILE)) {
        const s = JSON.parse(readFileSync(join(dir, f), "utf8"));
        safeName(s.id, "id", f);
        for (const [i, m] of (s.methods ?? []).entries()) {
          safeName(m.id, `methods[${i}].id`, f);
          label(m.label, `methods[${i}].label`, f);
        }
        for (const p of Object.keys(s.profiles ?? {})) safeName(p, `profiles.${p}`, f);
      }
    }
  });

  test("a profile name that climbs out is refused, naming it", () => {
    const s = raw();
    s.profiles["../../outside"] = s.profiles.smoke;
    expect(() => parseSpec(s, "spt-table4.json")).toThrow(
      'spt-table4.json: profiles.../../outside: expected a name of letters, digits, ".", "_" and "-"',
    );
  });

  test("names and labels at their bounds", () => {
    expect(safeName("a".repeat(64), "id", "s")).toHaveLength(64);
    expect(() => safeName("a".repeat(65), "id", "s")).toThrow(SpecError);
    for (const ok of ["spt-table4", "mpt-alpha-0.25", "x_1", "A.b-c"]) expect(safeName(ok, "id", "s")).toBe(ok);
    for (const bad of ["..", ".", "-x", "_x", "a/b", "a\\b", "a b", "", "é"]) {
      expect(() => safeName(bad, "id", "s"), bad).toThrow(SpecError);
    }
    expect(label("Über 東京 — w/ MF (α 0.5)", "label", "s")).toBe("Über 東京 — w/ MF (α 0.5)");
    expect(label("é".repeat(80), "label", "s")).toHaveLength(80);
    for (const bad of ["a\nb", "a\tb", "a\u001b[31m", "a\u0085b", "x".repeat(81)]) {
      expect(() => label(bad, "label", "s"), JSON.stringify(bad)).toThrow(SpecError);
    }
  });
});

describe("where names become paths", () => {
  test("a report folder stays under <results>/reports, whatever the spec's id", () => {
    const results = join(tempDir(), "results");
    expect(reportDir(plan("spt-table4"), results)).toBe(join(results, "reports", "spt-table4", "smoke"));
    for (const id of ["../../../../outside/evil", "/etc", "../x"]) {
      expect(() => reportDir(plan(id), results), id).toThrow("leads outside");
    }
    expect(() => reportDir(plan("x", "../../../y"), results)).toThrow("leads outside");
  });

  test("a golden file is under golden/: another path is an error, never a read", () => {
    const env = { XLT_GOLDEN_DIR: join(PROJECT_ROOT, "golden") };
    expect(goldenPath("golden/spt-table4.json", "paper", "spt-table4", env)).toBe(
      join(PROJECT_ROOT, "golden", "spt-table4.json"),
    );
    for (const g of ["/etc/passwd", "../package.json", "spt-table4.json", "golden/../../package.json"]) {
      expect(() => goldenPath(g, "paper", "x", env), g).toThrow(/not under golden\/|leads outside/);
    }
    expect(goldenPath(undefined, "smoke", "spt-table4", env)).toBe(
      join(PROJECT_ROOT, "golden", "smoke", "spt-table4.json"),
    );
    expect(() => goldenPath(undefined, "smoke", "../../../../outside/evil", env)).toThrow("leads outside");
    expect(() => goldenPath(undefined, "../..", "x", env)).toThrow("leads outside");
  });

  test("within: inside its root or an error", () => {
    expect(within("/r", "a", "b.json")).toBe(join("/r", "a", "b.json"));
    expect(within("r", "a/../b")).toBe(join("r", "b"));
    expect(within("/r", "..x")).toBe(join("/r", "..x"));
    for (const p of ["..", "../x", "a/../../x", "/etc/passwd"]) {
      expect(() => within("/r", p), p).toThrow("leads outside");
    }
  });
});
