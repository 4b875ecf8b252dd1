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

/** What a command that selects specs takes besides flags, and what a command without arguments takes. */
export const SELECTOR = { most: 1, what: "one selector (a spec id, a paper, a table or figure, all)" };
export const NONE = { most: 0, what: "no arguments" };

export const HELP_FLAG = { help: { type: "boolean", short: "h" } } as const satisfies Flags;

/**
 * Parse a command's arguments; an unknown flag, a missing value or more positional arguments than it takes is a
 * usage error naming `command` (as the user wrote it: "run", "spt-table1 --from-golden"). `takes`: at most how many
 * positional arguments, and what they are ("one selector").
 */
export function parseFlags<T extends Flags>(
  argv: string[],
  flags: T,
  command: string,
  takes?: { most: number; what: string },
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: flags, allowPositionals: true, strict: true });
  } catch (e) {
    // node's own text for an unknown flag speaks of positionals after --, which is no help here
    const unknown = /^Unknown option '([^']+)'/.exec((e as Error).message)?.[1];
    throw new UsageError(`${command}: ${unknown ? `${unknown} is not a flag of ${command}` : (e as Error).message}`);
  }
  const extra = takes ? parsed.positionals.slice(takes.most) : [];
  if (extra.length) {
    throw new UsageError(
      `${command}: unexpected argument${extra.length > 1 ? "s" : ""} ${
        extra.map((x) => JSON.stringify(x)).join(" ")
      } (${command} takes ${takes!.what})`,
    );
  }
  return parsed;
}

/** The first flag of a command line (up to --) that `flags` does not declare, as written (--name, -x); null when none. */
export function unknownFlag(argv: string[], flags: Flags): string | null {
  const shorts = new Map(Object.entries(flags).flatMap(([n, f]) => (f.short ? [[f.short, n]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    let last: string | undefined;
    if (a.startsWith("--")) {
      last = a.slice(2).split("=")[0];
      if (!Object.hasOwn(flags, last)) return `--${last}`;
      if (a.includes("=")) continue;
    } else if (/^-[^\d.]/.test(a)) {
      // -h, or several short flags in one (-hx); a negative number is a value, not a flag
      for (const c of a.slice(1)) if (!shorts.has(c)) return `-${c}`;
      last = shorts.get(a.at(-1)!);
    } else continue;
    // a string flag's value follows it
    if (last !== undefined && flags[last].type === "string") i++;
  }
  return null;
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

/**
 * A comma-separated list. Seeds, languages, k values and rows name a set, so one listed twice is a usage error;
 * `repeats` is for a list whose order and repeats are the data (token ids).
 */
export function parseList(
  v: string | undefined,
  what: string,
  o: { integers?: boolean; repeats?: boolean } = {},
): (string | number)[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`${what}: empty list`);
  const values: (string | number)[] = o.integers
    ? items.map((s) => {
      // decimal digits only, and exact: "1e3", "0x10" and a 20-digit number are not a count or an id
      const n = Number(s);
      if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(n)) throw new UsageError(`${what}: "${s}" is not an integer`);
      return n;
    })
    : items;
  // duplicates after normalising ("4,04" names 4 twice)
  const twice = o.repeats ? -1 : values.findIndex((x, i) => values.indexOf(x) !== i);
  if (twice >= 0) throw new UsageError(`${what}: "${items[twice]}" is listed twice`);
  return values;
}
