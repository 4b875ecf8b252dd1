#!/usr/bin/env bun
// xlt-bench command line: the first word names a command (cli/commands/index.ts),
// else it is the run command's selector. `bun run bench help` lists the commands.
// --plugin and --specs (cli/global-flags.ts) apply to every command; plug-ins
// load before any command reads a spec. Exit codes: cli/exit.ts.
import { UsageError } from "../core/errors.ts";
import { loadSettings } from "../core/settings.ts";
import { checkFlags, commandOf, COMMANDS } from "./commands/index.ts";
import { exitForError } from "./exit.ts";
import { takeGlobalFlags } from "./global-flags.ts";
import { consoleIO, type IO } from "./io.ts";

export async function main(argv: string[], consoleIo: IO = consoleIO()): Promise<number> {
  const global = takeGlobalFlags(argv, consoleIo.env);
  const io = { ...consoleIo, env: global.env };
  const [first] = global.argv;
  if (first === "help" || first === "--help" || first === "-h") {
    return (await import("./commands/help.ts")).run(global.argv.slice(1), io);
  }
  const { name, args } = commandOf(global.argv);
  // a flag the command does not take is refused before plug-ins load and anything is read or trained
  checkFlags(name, args);
  // the method registry (and tfjs with it) loads only when there are plug-ins: commands load what they need
  const { plugins } = loadSettings(io.env);
  if (plugins.length) {
    const { loadPlugins } = await import("../methods/plugins.ts");
    try {
      await loadPlugins(plugins);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return (await COMMANDS[name].load()).run(args, io);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      const { code, lines } = exitForError(e);
      for (const l of lines) console.error(l);
      process.exit(code);
    },
  );
}
