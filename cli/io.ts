// What a command writes to and reads settings from: the console and the
// process environment, or a test's stand-ins.
import type { Env } from "../core/settings.ts";

export interface IO {
  /** A line of output (stdout). */
  print: (s: string) => void;
  /** A line of progress or diagnostics (stderr). */
  error: (s: string) => void;
  env: Env;
}

export function consoleIO(): IO {
  return { print: (s) => console.log(s), error: (s) => console.error(s), env: process.env };
}
