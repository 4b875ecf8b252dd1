// Plug-in methods: a module outside the tree registers its methods through
// methods/api.ts, under its file and sha256; what is refused says why. Loading
// runs in a CLI process (bench list --methods), so the registry of the test
// process keeps only the built-in methods.
import { describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { cellPlugin, registerMethod } from "../../methods/registry.ts";
import { spt } from "../../methods/spt.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/mirror.ts";

const API = join(PROJECT_ROOT, "methods", "api.ts");

/** A plug-in module defining a method `id` (with `api` the module it imports defineMethod from). */
function plugin(id: string, api = API, extra = ""): string {
  const file = join(tempDir("xlt-plugin-"), `${id}.ts`);
  writeFileSync(
    file,
    `import { defineMethod, obj, positive } from ${JSON.stringify(api)};
export const m = defineMethod({
  id: ${JSON.stringify(id)},
  title: "A test method",
  citation: "none",
  params: obj({ lr: positive }),
  build: () => { throw new Error("not built here"); },
});
${extra}`,
  );
  return file;
}

const env = { ...process.env };
const list = (...args: string[]) => runCli(["list", "--methods", "--json", ...args], env, 60_000);

describe("plug-in methods", () => {
  test("registered under the plug-in's file and sha256, beside the built-in methods", () => {
    const file = plugin("my-method");
    const r = list("--plugin", file);
    expect(r.code, r.out).toBe(0);
    const rows = JSON.parse(r.out) as { id: string; from: string; sha256: string | null }[];
    const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(rows.find((x) => x.id === "my-method")).toMatchObject({ from: file, sha256: sha });
    expect(rows.find((x) => x.id === "spt")).toMatchObject({ from: "built-in", sha256: null });
  });

  test("the same file twice (config and flag) loads once", () => {
    const file = plugin("twice");
    const r = runCli(["list", "--methods", "--plugin", file, "--plugin", file], { ...env, XLT_PLUGINS: file }, 60_000);
    expect(r.code, r.out).toBe(0);
  });

  test("an id of a built-in method is refused", () => {
    const r = list("--plugin", plugin("spt"));
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      'method "spt" is already defined as a built-in method (methods/builtin.ts); choose another id',
    );
  });

  test("two plug-ins with one id: the second is refused, naming the first", () => {
    const a = plugin("same"), b = plugin("same");
    const r = list("--plugin", a, "--plugin", b);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`plug-in ${b}: method "same" is already defined by plug-in ${a}`);
  });

  test("a module that exports no method says how to define one", () => {
    const file = join(tempDir("xlt-plugin-"), "empty.ts");
    writeFileSync(file, "export const x = 1;\n");
    const r = list("--plugin", file);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`plug-in ${file} exports no method: export the result of defineMethod({...})`);
  });

  test("a method defined with another copy of the harness's modules is refused, not half-working", () => {
    const copy = join(tempDir("xlt-plugin-copy-"), "define.ts");
    copyFileSync(join(PROJECT_ROOT, "methods", "define.ts"), copy);
    const file = join(tempDir("xlt-plugin-"), "foreign.ts");
    writeFileSync(
      file,
      `import { defineMethod } from ${JSON.stringify(copy)};
export const m = defineMethod({ id: "foreign", title: "t", citation: "c", params: (v: unknown) => v, build: () => { throw new Error("no"); } });
`,
    );
    const r = list("--plugin", file);
    expect(r.code).toBe(2);
    expect(r.out).toContain("defines its methods with another copy of xlt-bench's modules");
  });

  test("a missing file is named", () => {
    const r = list("--plugin", "/nonexistent/plug.ts");
    expect(r.code).toBe(2);
    expect(r.out).toContain("plug-in /nonexistent/plug.ts: no such file");
  });
});

describe("a cell's method and the code that defines it", () => {
  test("a built-in method's cell names no plug-in", () => {
    expect(cellPlugin({ method: "spt" }, "cell x")).toBeUndefined();
  });

  test("a cell planned from a plug-in that is not loaded (or changed) is refused before it trains", () => {
    expect(() => cellPlugin({ method: "spt", plugin: "ab12" }, "cell x")).toThrow(
      'cell x: method "spt" was planned from a plug-in with sha256 ab12, but no plug-in defines it now',
    );
  });

  test("registering a built-in id again is refused (nothing is replaced)", () => {
    expect(() => registerMethod({ ...spt }, { file: "/p.ts", sha256: "0" })).toThrow(
      'plug-in /p.ts: method "spt" is already defined as a built-in method',
    );
    expect(cellPlugin({ method: "spt" }, "cell x")).toBeUndefined();
  });
});
