// Masked-LM batches: 15% of a row's tokens are predicted (80% <mask>, 10% a
// random piece, 10% kept), drawn from the given Rng, so a batch derives from
// (seed, step). The held-out batches are fixed once in a file that the torch
// engine reads too, so both engines evaluate the same masked tokens.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deriveSeed, Rng } from "../../core/rng.ts";

export interface Batch {
  ids: number[][];
  mask: number[][];
  positions: number[];
  targets: number[];
}
export interface Masking {
  maskId: number;
  vocabSize: number;
}

export function makeBatch(rows: number[][], rng: Rng, { maskId, vocabSize }: Masking): Batch {
  const T = Math.max(...rows.map((r) => r.length));
  const ids: number[][] = [], mask: number[][] = [], positions: number[] = [], targets: number[] = [];
  rows.forEach((r, b) => {
    const row = [...r];
    const before = positions.length;
    for (let i = 1; i < r.length - 1; i++) {
      if (rng.next() >= 0.15) continue;
      positions.push(b * T + i);
      targets.push(r[i]);
      const u = rng.next();
      row[i] = u < 0.8 ? maskId : u < 0.9 ? 4 + rng.int(vocabSize - 5) : r[i];
    }
    if (positions.length === before) {
      positions.push(b * T + 1); // at least one prediction per row
      targets.push(r[1]);
      row[1] = maskId;
    }
    ids.push([...row, ...Array(T - row.length).fill(1)]);
    mask.push([...row.map(() => 1), ...Array(T - row.length).fill(0)]);
  });
  return { ids, mask, positions, targets };
}

/** The held-out sequences masked once, 50 to a batch, from `work`'s heldout-batches.json (written on the first run). */
export function heldOutBatches(work: string, heldOut: number[][], seed: number, masking: Masking): Batch[] {
  const heldOutPath = join(work, "heldout-batches.json");
  if (!existsSync(heldOutPath)) {
    const rng = new Rng(deriveSeed("eval", seed));
    const batches: Batch[] = [];
    for (let i = 0; i < heldOut.length; i += 50) batches.push(makeBatch(heldOut.slice(i, i + 50), rng, masking));
    writeFileSync(heldOutPath, JSON.stringify(batches));
  }
  return JSON.parse(readFileSync(heldOutPath, "utf8"));
}
