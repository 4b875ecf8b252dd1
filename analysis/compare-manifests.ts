// Before two runs are compared, the same cell in A and B must have drawn the
// same examples: a data revision or a change to the sampling would otherwise
// be read as a change of the method. Each record's split manifests
// (core/record.ts `manifest`, datasets/manifest.ts) are compared cell by cell;
// a difference is bad input to `bench compare` (a UsageError, exit 2) naming
// the cell, its spec row, the split and both hashes. Records written before
// manifests were kept are paired as before, and the comparison says so once.
import type { Cell, ResultRecord } from "../core/record.ts";
import { UsageError } from "../core/errors.ts";
import type { ResultsRun } from "./collect.ts";

export interface ManifestMismatch {
  cellId: string;
  /** Where the cell sits: spec (profile), row label, its axes and seed. */
  where: string;
  split: "train" | "dev" | "eval";
  lang: string;
  a: string;
  b: string;
}

/** A cell and its records in both runs, once per cell id (a cell several tables share is checked once). */
function pairs(
  a: ResultsRun,
  b: ResultsRun,
): { cell: Cell; spec: string; profile: string; a: ResultRecord; b: ResultRecord }[] {
  const inA = new Map(a.tables.flatMap((t) => t.records.map((r) => [r.cellId, r] as const)));
  const seen = new Set<string>();
  const out = [];
  for (const t of b.tables) {
    const cells = new Map(t.plan.cells.map((c) => [c.id, c]));
    for (const rb of t.records) {
      const ra = inA.get(rb.cellId), cell = cells.get(rb.cellId);
      if (!ra || !cell || seen.has(rb.cellId)) continue;
      seen.add(rb.cellId);
      out.push({ cell, spec: t.spec.id, profile: t.profile, a: ra, b: rb });
    }
  }
  return out;
}

function whereText(p: { cell: Cell; spec: string; profile: string }): string {
  const r = p.cell.row;
  const axes = [
    r.source ? `source ${r.source}` : "",
    r.k !== undefined ? `k=${r.k}` : "",
    r.x !== undefined ? `x=${r.x}` : "",
  ]
    .filter(Boolean).join(" ");
  return `${p.spec} (${p.profile}) row "${r.label}"${axes ? ` ${axes}` : ""} seed ${p.cell.config.seed}`;
}

/** Every split of every cell in both runs whose manifests differ, and how many pairs lack a manifest on a side. */
export function manifestMismatches(a: ResultsRun, b: ResultsRun): {
  mismatches: ManifestMismatch[];
  paired: number;
  without: number;
} {
  const mismatches: ManifestMismatch[] = [];
  const all = pairs(a, b);
  let without = 0;
  for (const p of all) {
    const ma = p.a.manifest, mb = p.b.manifest;
    if (!ma || !mb) {
      without++;
      continue;
    }
    for (const split of ["train", "dev", "eval"] as const) {
      for (const [lang, hash] of Object.entries(ma[split])) {
        const other = mb[split][lang];
        if (other !== undefined && other !== hash) {
          mismatches.push({ cellId: p.a.cellId, where: whereText(p), split, lang, a: hash, b: other });
        }
      }
    }
  }
  return { mismatches, paired: all.length, without };
}

/** Mismatches named one by one; a whole run drawn anew (a data revision) would otherwise print thousands of lines. */
const SHOWN = 12;

const splitText = (m: ManifestMismatch) =>
  m.split === "eval" ? `evaluation set of target ${m.lang}` : `${m.split} split of source ${m.lang}`;

/**
 * Refuse (UsageError) two runs that drew different examples for the same cell; the note to print when some
 * pairs lack a manifest (null when every pair has one).
 */
export function checkManifests(a: ResultsRun, b: ResultsRun): string | null {
  const { mismatches, paired, without } = manifestMismatches(a, b);
  if (mismatches.length) {
    const cells = new Set(mismatches.map((m) => m.cellId)).size;
    throw new UsageError(
      [
        `compare: ${cells} cell(s) drew different examples in A (${a.dir}) and B (${b.dir}): a data revision or a sampling change, not the method, would make their difference; not compared:`,
        ...mismatches.slice(0, SHOWN).map((m) => `  cell ${m.cellId}, ${m.where}: ${splitText(m)}: A ${m.a}, B ${m.b}`),
        ...(mismatches.length > SHOWN ? [`  ... and ${mismatches.length - SHOWN} more split(s)`] : []),
      ].join("\n"),
    );
  }
  return without
    ? `${without} of the ${paired} cell(s) in both runs have no split manifest on a side (records written before manifests were kept): paired without checking that they drew the same examples`
    : null;
}
