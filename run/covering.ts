// Cells a recorded cell already answers: the same training (core/record.ts
// trainingConfig) evaluated on a superset of their target languages. A run
// narrowed by --langs after a full run, or an extending spec that keeps fewer
// languages, gets its records from the recorded cells' per-language numbers
// instead of training again; each such record names its source cell.
import { contentId } from "../core/canonical.ts";
import { type Cell, type ResultRecord, trainingConfig } from "../core/record.ts";
import { RecordError, type ResultsStore } from "./store.ts";

/** The key two cells of one training share. */
export function trainingKey(c: Cell["config"]): string {
  return contentId(trainingConfig(c));
}

/** The record of `cell` cut from `rec` (same training, a superset of its targets). */
export function narrowedRecord(cell: Cell, rec: ResultRecord): ResultRecord {
  return {
    ...rec,
    cellId: cell.id,
    config: cell.config,
    metrics: Object.fromEntries(cell.config.targets.map((l) => [l, rec.metrics[l]])),
    // the narrower cell evaluated on its own targets only: their evaluation sets, the same training splits
    ...(rec.manifest
      ? {
        manifest: {
          ...rec.manifest,
          eval: Object.fromEntries(
            cell.config.targets.flatMap((l) => (l in rec.manifest!.eval ? [[l, rec.manifest!.eval[l]]] : [])),
          ),
        },
      }
      : {}),
    provenance: { ...rec.provenance, narrowedFrom: rec.cellId },
  };
}

/** What a run prints when it cut records from recorded cells. */
export function coveredNote(covered: number, cells: number): string {
  return `reuse: ${covered} of ${cells} cells are recorded cells evaluated on fewer target languages: their records are cut from those (no training)`;
}

/**
 * Write the records of the cells (without one) that a recorded cell covers; the ids written.
 * (Not for cells whose trained state others start from: a record holds no state.)
 */
export function recordCovered(cells: Cell[], store: ResultsStore): string[] {
  const open = cells.filter((c) => !store.has(c.id));
  if (!open.length) return [];
  const wanted = new Set(open.map((c) => trainingKey(c.config)));
  const byKey = new Map<string, ResultRecord[]>();
  for (const id of store.list()) {
    let rec: ResultRecord;
    try {
      rec = store.read(id);
    } catch (e) {
      // an unreadable record is set aside (and its cell run) by the caller, not used here; anything else is a bug
      if (!(e instanceof RecordError)) throw e;
      continue;
    }
    const key = trainingKey(rec.config);
    if (wanted.has(key)) byKey.set(key, [...(byKey.get(key) ?? []), rec]);
  }
  const written: string[] = [];
  for (const cell of open) {
    const source = byKey.get(trainingKey(cell.config))?.find((r) =>
      cell.config.targets.every((l) => r.metrics[l] !== undefined)
    );
    if (!source) continue;
    store.write(narrowedRecord(cell, source));
    written.push(cell.id);
  }
  return written;
}
