// `bun run bench help [<command> | settings]`: the commands (from the
// registry), a command's own help, or every setting (from core/settings.ts).
import { UsageError } from "../../core/errors.ts";
import { type SettingDecl, SETTINGS } from "../../core/settings.ts";
import { flagLines } from "../flags.ts";
import type { IO } from "../io.ts";
import { COMMANDS, DEFAULT_COMMAND } from "./index.ts";
import { RUN_FLAGS, SELECT_FLAGS } from "../run-flags.ts";
import { EXIT_HELP } from "../exit.ts";
import { GLOBAL_FLAGS } from "../global-flags.ts";

const INDENT = 26;

/** A usage and its summary, the summary from column 26 (on the next line when the usage is longer). */
function row(usage: string, summary: string): string {
  const [first, ...rest] = summary.split("\n");
  const head = usage.length <= INDENT - 4
    ? [`  ${usage.padEnd(INDENT - 2)}${first}`]
    : [`  ${usage}`, `${" ".repeat(INDENT)}${first}`];
  return [...head, ...rest.map((l) => `${" ".repeat(INDENT)}${l}`)].join("\n");
}

/** Words in lines of at most 100 characters. */
function wrap(text: string): string {
  const lines = [""];
  for (const w of text.split(" ")) {
    lines[lines.length - 1].length + w.length + 1 > 100
      ? lines.push(w)
      : (lines[lines.length - 1] += (lines[lines.length - 1] ? " " : "") + w);
  }
  return lines.join("\n");
}

export function mainHelp(): string {
  const used = (SETTINGS as readonly SettingDecl[]).filter((s) => !s.testOnly);
  return `xlt-bench: reproducible benchmarks for parameter-efficient cross-lingual transfer

usage: bun run bench [command] [options]

${Object.values(COMMANDS).map((c) => row(c.usage, c.summary)).join("\n")}
${row("help [<command> | settings]", "this text, a command's help (also <command> --help), or every setting")}

options of every command:
${flagLines(GLOBAL_FLAGS)}

options of a run (check, report and record-golden take the first ${
    Object.keys(SELECT_FLAGS).filter((f) => f !== "help").length
  }; check and list --json):
${flagLines(RUN_FLAGS)}

${
    wrap(
      `settings: xlt-bench.config.json (${used.filter((s) => s.key).map((s) => s.key).join(", ")}), overridden by ${
        used.map((s) => s.env).join(", ")
      }`,
    )
  }
(bun run bench help settings: each with its default and meaning)

${EXIT_HELP}`;
}

export function settingsHelp(): string {
  const block = (s: SettingDecl) =>
    [
      `  ${s.env}${s.key ? ` (config: ${s.key})` : ""}    default: ${s.default}`,
      `      ${s.meaning}`,
      `      read by: ${s.readBy}`,
    ].join("\n");
  const all = SETTINGS as readonly SettingDecl[];
  return `settings: each XLT_* environment variable overrides its xlt-bench.config.json key (paths in
the file are relative to the file's folder; XLT_CONFIG names another file than the project root's)

${all.filter((s) => !s.testOnly).map(block).join("\n")}

used by tests only:
${all.filter((s) => s.testOnly).map(block).join("\n")}`;
}

export const help = `usage: bun run bench help [<command> | settings]

The commands, a command's help (also bun run bench <command> --help), or every setting:
the XLT_* environment variables and the xlt-bench.config.json keys.`;

export async function run(argv: string[], io: IO): Promise<number> {
  const [topic] = argv;
  if (topic === undefined) io.print(mainHelp());
  else if (topic === "settings") io.print(settingsHelp());
  else if (topic === "help") io.print(help);
  else if (Object.hasOwn(COMMANDS, topic)) io.print((await COMMANDS[topic].load()).help);
  else {throw new UsageError(`help: no command "${topic}" (commands: ${
      [...Object.keys(COMMANDS).filter((n) => n !== DEFAULT_COMMAND), "help"].join(", ")
    }; ${DEFAULT_COMMAND} for a selector; settings)`);}
  return 0;
}
