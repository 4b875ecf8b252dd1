// Plug-in methods: modules outside the tree that define methods with the same
// defineMethod the built-in ones use. Loading one imports it, registers every
// method it exports under its origin (the file and its sha256, which the plan
// puts into the method's cells, so a changed plug-in gives new cells), and is
// done once per file and process.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isForeignDefinition, isMethodDefinition } from "./define.ts";
import { type PluginOrigin, registerMethod } from "./registry.ts";

export interface LoadedPlugin extends PluginOrigin {
  /** The ids of the methods it registered. */
  methods: string[];
}

const loaded = new Map<string, LoadedPlugin>();

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Import a plug-in and register its methods; a second load of the same file is a no-op, of a changed file an error. */
export async function loadPlugin(path: string): Promise<LoadedPlugin> {
  const file = isAbsolute(path) ? path : resolve(path);
  if (!existsSync(file)) throw new Error(`plug-in ${file}: no such file`);
  const sha256 = sha256File(file);
  const before = loaded.get(file);
  if (before) {
    if (before.sha256 !== sha256) {
      throw new Error(`plug-in ${file} changed while this process ran (sha256 ${before.sha256} -> ${sha256})`);
    }
    return before;
  }
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (e) {
    throw new Error(`plug-in ${file}: could not be imported: ${(e as Error).message}`);
  }
  const defs = [...new Set(Object.values(module).filter(isMethodDefinition))];
  const api = fileURLToPath(new URL("./api.ts", import.meta.url));
  if (Object.values(module).some(isForeignDefinition)) {
    // its modules are other instances than the harness's (another tfjs state, other classes): refused, not half-working
    throw new Error(
      `plug-in ${file} defines its methods with another copy of xlt-bench's modules (another checkout, or this one through a symlink, which Deno does not resolve); import ${api} by its real path`,
    );
  }
  if (!defs.length) {
    throw new Error(
      `plug-in ${file} exports no method: export the result of defineMethod({...}) imported from this checkout's methods/api.ts (${api})`,
    );
  }
  const origin = { file, sha256 };
  for (const d of defs) registerMethod(d, origin);
  const plugin = { ...origin, methods: defs.map((d) => d.id).sort() };
  loaded.set(file, plugin);
  return plugin;
}

/** Load plug-ins in order (a later one may not reuse an earlier one's ids). */
export async function loadPlugins(paths: string[]): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const p of paths) out.push(await loadPlugin(p));
  return out;
}
