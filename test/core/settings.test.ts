// The config file's plug-ins and spec folders: read from XLT_CONFIG, paths
// relative to the file's folder; the variables, relative to the working
// directory, replace the file's lists.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSettings, PROJECT_ROOT } from "../../core/settings.ts";
import { tempDir } from "../helpers/mirror.ts";

function config(body: unknown): string {
  const dir = tempDir("xlt-config-");
  writeFileSync(join(dir, "xlt-bench.config.json"), JSON.stringify(body));
  return join(dir, "xlt-bench.config.json");
}

describe("plugins and userSpecs", () => {
  test("a config file's entries are relative to its folder", () => {
    const file = config({ plugins: ["methods/a.ts", "/abs/b.ts"], userSpecs: ["specs"] });
    const s = loadSettings({ XLT_CONFIG: file });
    const dir = resolve(file, "..");
    expect(s.plugins).toEqual([join(dir, "methods/a.ts"), "/abs/b.ts"]);
    expect(s.userSpecs).toEqual([join(dir, "specs")]);
    expect(s.resultsDir).toBe(join(dir, "results"));
  });

  test("the variables replace the file's lists, relative to the working directory", () => {
    const file = config({ plugins: ["a.ts"], userSpecs: ["specs"] });
    const s = loadSettings({ XLT_CONFIG: file, XLT_PLUGINS: "x.ts, y.ts", XLT_USER_SPECS: "mine" });
    expect(s.plugins).toEqual([resolve("x.ts"), resolve("y.ts")]);
    expect(s.userSpecs).toEqual([resolve("mine")]);
  });

  test("without a config file or variables: none, and the project's specs/", () => {
    const s = loadSettings({ XLT_CONFIG: join(tempDir(), "absent.json") });
    expect(s.plugins).toEqual([]);
    expect(s.userSpecs).toEqual([]);
    expect(loadSettings({}).specsDir).toBe(join(PROJECT_ROOT, "specs"));
  });

  test("a list that is not a list of paths names the file and the key", () => {
    const file = config({ plugins: "a.ts" });
    expect(() => loadSettings({ XLT_CONFIG: file })).toThrow(`${file}: plugins: expected a list of paths (strings)`);
  });
});
