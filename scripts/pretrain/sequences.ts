// Token sequences on disk, as the torch engine reads them: all ids concatenated
// (<name>.ids.i32) and the offset where each sequence starts (<name>.off.i32).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeSequences(dir: string, name: string, rows: number[][]): void {
  const off = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (off[i + 1] = off[i] + r.length));
  const ids = new Int32Array(off[rows.length]);
  rows.forEach((r, i) => ids.set(r, off[i]));
  writeFileSync(join(dir, `${name}.ids.i32`), ids);
  writeFileSync(join(dir, `${name}.off.i32`), off);
}

export function readSequences(dir: string, name: string): number[][] {
  const ids = new Int32Array(readFileSync(join(dir, `${name}.ids.i32`)).buffer.slice(0));
  const off = new Int32Array(readFileSync(join(dir, `${name}.off.i32`)).buffer.slice(0));
  return Array.from({ length: off.length - 1 }, (_, i) => Array.from(ids.subarray(off[i], off[i + 1])));
}
