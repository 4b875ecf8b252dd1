// The command that runs a script on this process's runtime: Bun runs a file
// directly, Deno needs `run -A`. Worker processes, Slurm tasks and perf's
// child measurements start the same way.
export function runtimeCommand(): string[] {
  return (globalThis as { Deno?: unknown }).Deno ? [process.execPath, "run", "-A"] : [process.execPath];
}
