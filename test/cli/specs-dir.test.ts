// XLT_SPECS_DIR reaches every command's spec loading: list through the command
// line, compare's and leaderboard's through their spec-loading function.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSettings, PROJECT_ROOT } from "../../core/settings.ts";
import { commandContext, specsOf } from "../../cli/command-context.ts";
import { loadSpecs } from "../../cli/specs.ts";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "xlt-specs-dir-"));
const spec = JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
writeFileSync(join(dir, "fixture.json"), JSON.stringify({ ...spec, id: "fixture-table4" }));
const env = { ...process.env, XLT_SPECS_DIR: dir };
const io = { print: () => {}, error: () => {}, env };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("XLT_SPECS_DIR", () => {
  test("list --json lists the folder's one spec", () => {
    const r = runCli(["list", "--json"], env, 60_000);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((s: { id: string }) => s.id)).toEqual(["fixture-table4"]);
  });

  test("compare and leaderboard load their specs from it", () => {
    expect(specsOf(commandContext(io)).map((s) => s.id)).toEqual(["fixture-table4"]);
    expect(loadSpecs(loadSettings(env)).map((s) => s.id)).toEqual(["fixture-table4"]);
  });

  test("unset, the project's specs/", () => {
    const { XLT_SPECS_DIR: _, ...rest } = env;
    expect(loadSettings(rest).specsDir).toBe(join(PROJECT_ROOT, "specs"));
    expect(specsOf(commandContext({ ...io, env: rest })).map((s) => s.id)).toContain("spt-table4");
  });
});
