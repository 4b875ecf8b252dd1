// The methods specs can name: the built-in ones (builtin.ts) and any a plug-in
// registers. Lookups check parameters first, so a builder only ever sees
// parameters its checker accepted. Nothing here loads a model.
import { SpecError } from "../core/check.ts";
import * as builtin from "./builtin.ts";
import type { MethodDefinition } from "./define.ts";
import type { BuildContext, Method } from "./method.ts";

/** Where a plug-in method comes from: its module and the module's sha256 (a built-in method has none). */
export interface PluginOrigin {
  file: string;
  sha256: string;
}

// stored untyped: each definition is typed by its own checker, and parameters are checked before anything reads them
const METHODS = new Map<string, MethodDefinition>();
const ORIGINS = new Map<string, PluginOrigin>();

/** Add a method; an id may be defined once (a plug-in cannot shadow a built-in method, nor another plug-in's). */
export function registerMethod<P>(d: MethodDefinition<P>, origin?: PluginOrigin): void {
  if (typeof d.id !== "string" || !/^[a-z0-9][a-z0-9._-]*$/.test(d.id)) {
    throw new Error(
      `${origin ? `plug-in ${origin.file}: ` : ""}method id ${
        JSON.stringify(d.id)
      }: expected lower-case letters, digits, ".", "_" or "-"`,
    );
  }
  if (METHODS.has(d.id)) {
    const other = ORIGINS.get(d.id);
    throw new Error(
      `${origin ? `plug-in ${origin.file}: ` : ""}method "${d.id}" is already defined ${
        other ? `by plug-in ${other.file}` : "as a built-in method (methods/builtin.ts)"
      }; choose another id`,
    );
  }
  METHODS.set(d.id, d as unknown as MethodDefinition);
  if (origin) ORIGINS.set(d.id, origin);
}

/** The plug-in a method comes from, or undefined for a built-in method. */
export function methodOrigin(id: string): PluginOrigin | undefined {
  return ORIGINS.get(id);
}

// each built-in is typed by its own checker; the map stores them untyped, as registerMethod does
for (const d of Object.values(builtin) as unknown as MethodDefinition[]) registerMethod(d);

/**
 * The plug-in of a cell's method, checked against the cell: the module loaded now
 * must be the one the cell was planned with (its sha256), so a record never holds
 * numbers of other code than its cell id names.
 */
export function cellPlugin(m: { method: string; plugin?: string }, where: string): PluginOrigin | undefined {
  methodInfo(m.method);
  const origin = ORIGINS.get(m.method);
  if ((origin?.sha256 ?? null) !== (m.plugin ?? null)) {
    throw new Error(
      `${where}: method "${m.method}" was planned ${
        m.plugin ? `from a plug-in with sha256 ${m.plugin}` : "as a built-in method"
      }, but ${
        origin ? `plug-in ${origin.file} now has sha256 ${origin.sha256}` : "no plug-in defines it now"
      }; plan the run again (the changed plug-in gives new cells)`,
    );
  }
  return origin;
}

/** Every method id, in the order messages list them. */
export function methodIds(): string[] {
  return [...METHODS.keys()].sort();
}

export function methodInfo(id: string): MethodDefinition {
  const d = METHODS.get(id);
  if (!d) throw new Error(`unknown method "${id}" (known: ${methodIds().join(", ")})`);
  return d;
}

/** Validate a method's parameters; errors are SpecErrors naming `path` in `source`. */
export function checkMethodParams(id: string, params: unknown, path: string, source: string): unknown {
  const d = METHODS.get(id);
  if (!d) {
    throw new SpecError(
      source,
      path.replace(/\.params$/, ".method"),
      `unknown method ${JSON.stringify(id)} (known: ${
        methodIds().join(", ")
      }); a plug-in's method needs --plugin FILE or the config file's plugins`,
    );
  }
  return d.params(params, path, source);
}

/** Build a method; its parameters are checked by its definition first. Asynchronous: a builder may read from the device. */
export async function buildMethod(id: string, c: BuildContext<unknown>): Promise<Method> {
  const d = methodInfo(id);
  return await d.build({ ...c, params: d.params(c.params, "params", id) });
}
