// The flags every command takes, wherever they stand on the line: --plugin FILE
// (a plug-in method module) and --specs DIR (a folder of the user's specs), each
// repeatable. They join the config file's and the variables' lists, and reach
// every command through the environment it reads its settings from.
import { resolve } from "node:path";
import { type Env, loadSettings } from "../core/settings.ts";
import { UsageError } from "../core/errors.ts";
import type { Flags } from "./flags.ts";

export const GLOBAL_FLAGS = {
  plugin: {
    type: "string",
    arg: "FILE",
    help: "load a plug-in method module (repeatable; also XLT_PLUGINS, config plugins)",
  },
  specs: {
    type: "string",
    arg: "DIR",
    help: "load your specs from DIR beside the shipped ones (repeatable; also XLT_USER_SPECS,\nconfig userSpecs)",
  },
} as const satisfies Flags;

/** The command line without the global flags, and the environment with their values joined to the settings'. */
export function takeGlobalFlags(argv: string[], env: Env): { argv: string[]; env: Env } {
  const rest: string[] = [];
  const given: Record<keyof typeof GLOBAL_FLAGS, string[]> = { plugin: [], specs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    const m = /^--(plugin|specs)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const name = m[1] as keyof typeof GLOBAL_FLAGS;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--"))) {
      throw new UsageError(`--${name} needs a ${GLOBAL_FLAGS[name].arg}`);
    }
    // the lists travel comma-separated (XLT_PLUGINS, XLT_USER_SPECS)
    if (value.includes(",")) throw new UsageError(`--${name} ${value}: a path with a comma is not supported`);
    given[name].push(resolve(value));
  }
  if (!given.plugin.length && !given.specs.length) return { argv: rest, env };
  const settings = loadSettings(env);
  const join = (have: string[], add: string[]) => [...new Set([...have, ...add])].join(",");
  return {
    argv: rest,
    env: {
      ...env,
      ...(given.plugin.length ? { XLT_PLUGINS: join(settings.plugins, given.plugin) } : {}),
      ...(given.specs.length ? { XLT_USER_SPECS: join(settings.userSpecs, given.specs) } : {}),
    },
  };
}
