// The import rules (scripts/check-imports.ts): an upward import, an import of
// scripts/ or test/, and an import circle are each reported; the tree has none.
import { describe, expect, test } from "bun:test";
import { importsOf, projectGraph, violations } from "../../scripts/check-imports.ts";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("import rules", () => {
  test("an import into a room above is reported, naming both files and what the room may import", () => {
    const bad = violations(graph({ "methods/a.ts": ["run/b.ts"], "run/b.ts": [] }));
    expect(bad).toEqual(["methods/a.ts imports run/b.ts: methods/ may import only core, datasets, models"]);
  });

  test("an import of scripts/ or test/ from a room is reported", () => {
    expect(violations(graph({ "core/a.ts": ["test/helpers/x.ts"] }))).toEqual([
      "core/a.ts imports test/helpers/x.ts: no room imports test/",
    ]);
  });

  test("a circle within one room is reported with its files", () => {
    const bad = violations(
      graph({
        "analysis/a.ts": ["analysis/b.ts"],
        "analysis/b.ts": ["analysis/c.ts"],
        "analysis/c.ts": ["analysis/a.ts"],
      }),
    );
    expect(bad).toHaveLength(1);
    expect(bad[0]).toStartWith("import circle: ");
    for (const f of ["analysis/a.ts", "analysis/b.ts", "analysis/c.ts"]) expect(bad[0]).toContain(f);
  });

  test("static, type-only, re-exported and dynamic imports count; commented ones do not", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../core/b.ts";',
      'export { c } from "./c.ts";',
      'const d = await import("./d.ts");',
      '// import { e } from "./e.ts";',
    ].join("\n");
    expect(importsOf("methods/x.ts", text).sort()).toEqual([
      "core/b.ts",
      "methods/a.ts",
      "methods/c.ts",
      "methods/d.ts",
    ]);
  });

  test("the project itself has no upward import and no circle", () => {
    expect(violations(projectGraph())).toEqual([]);
  });
});
