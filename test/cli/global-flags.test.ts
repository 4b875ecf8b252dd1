// --plugin and --specs are taken off any command line and joined to the
// settings' lists, which every command then reads from its environment.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSettings } from "../../core/settings.ts";
import { takeGlobalFlags } from "../../cli/global-flags.ts";
import { tempDir } from "../helpers/mirror.ts";

const file = join(tempDir("xlt-global-flags-"), "xlt-bench.config.json");
writeFileSync(file, JSON.stringify({ plugins: ["/cfg/p.ts"], userSpecs: ["/cfg/specs"] }));
const env = { XLT_CONFIG: file };

describe("global flags", () => {
  test("taken from anywhere on the line, in both spellings; the rest is left as it was", () => {
    const r = takeGlobalFlags(["compare", "--plugin", "a.ts", "A", "--specs=my", "B", "--json"], env);
    expect(r.argv).toEqual(["compare", "A", "B", "--json"]);
    expect(loadSettings(r.env).plugins).toEqual(["/cfg/p.ts", resolve("a.ts")]);
    expect(loadSettings(r.env).userSpecs).toEqual(["/cfg/specs", resolve("my")]);
  });

  test("repeatable, and what follows -- is not a flag", () => {
    const r = takeGlobalFlags(["--plugin", "a.ts", "--plugin", "b.ts", "--", "--plugin", "c.ts"], env);
    expect(r.argv).toEqual(["--", "--plugin", "c.ts"]);
    expect(loadSettings(r.env).plugins).toEqual(["/cfg/p.ts", resolve("a.ts"), resolve("b.ts")]);
  });

  test("without them, the environment is the one given", () => {
    const r = takeGlobalFlags(["list"], env);
    expect(r.env).toBe(env);
  });

  test("a flag without its value is a usage error naming it", () => {
    expect(() => takeGlobalFlags(["list", "--plugin"], env)).toThrow("--plugin needs a FILE");
    expect(() => takeGlobalFlags(["--specs", "--json"], env)).toThrow("--specs needs a DIR");
  });
});
