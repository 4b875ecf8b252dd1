// Flags declared once with their help text: parsed with node:util's parseArgs
// (a bad flag is a usage error) and listed in the commands' help.
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.ts";

export interface FlagDecl {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in the help (NAME in --profile NAME). */
  arg?: string;
  /** Help lines; a flag without help is left out of the listing. */
  help?: string;
}
export type Flags = Record<string, FlagDecl>;

export const HELP_FLAG = { help: { type: "boolean", short: "h" } } as const satisfies Flags;

/** Parse a command's arguments; an unknown flag or a missing value is a usage error. */
export function parseFlags<T extends Flags>(argv: string[], flags: T) {
  try {
    return parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The flags' help, one block per flag, the text from column 19. */
export function flagLines(flags: Flags): string {
  const out: string[] = [];
  for (const [name, f] of Object.entries(flags)) {
    if (!f.help) continue;
    const head = `  --${name}${f.arg ? ` ${f.arg}` : ""}`;
    const [first, ...rest] = f.help.split("\n");
    out.push(`${head.padEnd(17)}  ${first}`, ...rest.map((l) => `${" ".repeat(19)}${l}`));
  }
  return out.join("\n");
}

export function parseList(v: string | undefined, what: string, num = false): (string | number)[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`${what}: empty list`);
  const twice = items.find((x, i) => items.indexOf(x) !== i);
  if (twice !== undefined) throw new UsageError(`${what}: "${twice}" is listed twice`);
  if (num) {
    return items.map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n)) throw new UsageError(`${what}: "${s}" is not an integer`);
      return n;
    });
  }
  return items;
}
