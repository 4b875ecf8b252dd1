// The command line's help: generated from the command registry and the
// settings declarations; a command's own help; unknown commands and flags.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, SETTINGS } from "../../core/settings.ts";
import { UsageError } from "../../core/errors.ts";
import { COMMANDS } from "../../cli/commands/index.ts";
import { main } from "../../cli/main.ts";
import { runCli } from "../helpers/cli.ts";

async function bench(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, { print: (s) => lines.push(s), error: (s) => lines.push(s), env: process.env });
  return { code, out: lines.join("\n") };
}

describe("bench help", () => {
  test("lists every command, the run's options and the settings", async () => {
    for (const argv of [["help"], ["--help"], ["-h"]]) {
      const { code, out } = await bench(argv);
      expect(code).toBe(0);
      for (const c of Object.values(COMMANDS)) expect(out).toContain(c.usage);
      for (const f of ["--profile NAME", "--jobs N", "--slurm", "--dry-run"]) expect(out).toContain(f);
      expect(out).toContain("XLT_SPECS_DIR");
    }
  });

  test("help settings lists every declared variable and config key with its default", async () => {
    const { code, out } = await bench(["help", "settings"]);
    expect(code).toBe(0);
    for (const s of SETTINGS) {
      expect(out).toContain(s.env);
      expect(out).toContain(`default: ${s.default}`);
      if ("key" in s) expect(out).toContain(`config: ${s.key}`);
    }
  });

  test("every XLT_* variable the code reads is declared", () => {
    const declared = new Set<string>(SETTINGS.map((s) => s.env));
    const walk = (d: string): string[] =>
      readdirSync(join(PROJECT_ROOT, d), { withFileTypes: true }).flatMap((
        e,
      ) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".ts") ? [join(d, e.name)] : []));
    const used = new Set<string>();
    for (
      const f of [
        "core",
        "datasets",
        "models",
        "methods",
        "plan",
        "run",
        "analysis",
        "reports",
        "cli",
        "scripts",
        "test",
      ].flatMap(walk)
    ) for (const m of readFileSync(join(PROJECT_ROOT, f), "utf8").matchAll(/\bXLT_[A-Z0-9_]+/g)) used.add(m[0]);
    expect([...used].filter((v) => !declared.has(v))).toEqual([]);
  });

  test("help <command> and <command> --help print the command's own help", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const own = (await COMMANDS[name].load()).help;
      expect(own).toContain("usage:");
      expect((await bench(["help", name])).out).toBe(own);
    }
    const check = (await bench(["check", "--help"])).out;
    expect(check).toBe((await COMMANDS.check.load()).help);
    expect(check).toContain("--json");
    expect((await bench(["spt-table4", "--help"])).out).toBe((await COMMANDS.run.load()).help);
    expect((await bench(["compare", "--help"])).out).toContain("usage: bun run bench compare A B");
    expect((await bench(["backends", "--help"])).out).toContain("usage: bun run bench backends");
  });

  test("an unknown help topic, command or flag is a usage error", async () => {
    await expect(bench(["help", "nope"])).rejects.toThrow('help: no command "nope"');
    // a first word that is no command is a selector: an unknown one lists what exists
    await expect(bench(["table9"])).rejects.toThrow(UsageError);
    await expect(bench(["list", "--bogus"])).rejects.toThrow("list: --bogus is not a flag of list");
    // a flag of another command: named with the commands that take it
    await expect(bench(["check", "spt-table4", "--ids", "1"])).rejects.toThrow(
      "check: --ids is not a flag of check; it is a flag of model",
    );
  });

  test("through the command line: exit 2 and the message on stderr", () => {
    const r = runCli(["list", "--bogus"], process.env, 60_000);
    expect(r.code).toBe(2);
    expect(r.out).toContain("error: list: --bogus is not a flag of list");
    const t = runCli(["table9"], process.env, 60_000);
    expect(t.code).toBe(2);
    expect(t.out).toContain("xpe-table1");
  });
});
