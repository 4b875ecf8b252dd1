// The methods specs can name: the built-in ones (builtin.ts) and any a plug-in
// registers. Lookups check parameters first, so a builder only ever sees
// parameters its checker accepted. Nothing here loads a model.
import { SpecError } from "../core/check.ts";
import * as builtin from "./builtin.ts";
import type { MethodDefinition } from "./define.ts";
import type { BuildContext, Method } from "./method.ts";

// stored untyped: each definition is typed by its own checker, and parameters are checked before anything reads them
const METHODS = new Map<string, MethodDefinition>();

/** Add a method; an id may be defined once (a plug-in cannot shadow a built-in method). */
export function registerMethod<P>(d: MethodDefinition<P>): void {
  if (METHODS.has(d.id)) throw new Error(`method "${d.id}" is already defined; choose another id`);
  METHODS.set(d.id, d as unknown as MethodDefinition);
}

// each built-in is typed by its own checker; the map stores them untyped, as registerMethod does
for (const d of Object.values(builtin) as unknown as MethodDefinition[]) registerMethod(d);

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
      `unknown method ${JSON.stringify(id)} (known: ${methodIds().join(", ")})`,
    );
  }
  return d.params(params, path, source);
}

/** Build a method; its parameters are checked by its definition first. Asynchronous: a builder may read from the device. */
export async function buildMethod(id: string, c: BuildContext<unknown>): Promise<Method> {
  const d = methodInfo(id);
  return await d.build({ ...c, params: d.params(c.params, "params", id) });
}
