// The datasets specs can name: the built-in ones (builtin.ts), and any a
// plug-in registers. A dataset id may be defined once.
import * as builtin from "./builtin.ts";
import type { DatasetDef } from "./define.ts";

const DATASETS = new Map<string, DatasetDef>();

export function registerDataset(d: DatasetDef): void {
  if (DATASETS.has(d.id)) throw new Error(`dataset "${d.id}" is already defined; choose another id`);
  DATASETS.set(d.id, d);
}

for (const d of Object.values(builtin)) registerDataset(d);

/** Every dataset id, sorted (as messages list them). */
export function datasetIds(): string[] {
  return [...DATASETS.keys()].sort();
}

/** The dataset with this id, if defined. */
export function findDataset(id: string): DatasetDef | undefined {
  return DATASETS.get(id);
}

export function datasetOf(id: string): DatasetDef {
  const d = DATASETS.get(id);
  if (!d) throw new Error(`unknown dataset "${id}" (known: ${datasetIds().join(", ")})`);
  return d;
}
