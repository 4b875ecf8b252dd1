#!/usr/bin/env bun
// xlt-bench command line: the first word names a command (cli/commands/index.ts),
// else it is the run command's selector. `bun run bench help` lists the commands.
import { UsageError } from "../core/errors.ts";
import { commandOf, COMMANDS } from "./commands/index.ts";
import { consoleIO, type IO } from "./io.ts";

export async function main(argv: string[], io: IO = consoleIO()): Promise<number> {
  const [first] = argv;
  if (first === "help" || first === "--help" || first === "-h") {
    return (await import("./commands/help.ts")).run(argv.slice(1), io);
  }
  const { name, args } = commandOf(argv);
  return (await COMMANDS[name].load()).run(args, io);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(e instanceof UsageError || (e as Error).name === "SpecError" ? 2 : 1);
    },
  );
}
