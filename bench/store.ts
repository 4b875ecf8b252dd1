// The results store: <dir>/cells/<cellId>.json, written atomically (temp file
// + rename), so a killed run leaves either a whole record or none.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResultRecord } from "./record.ts";

export class ResultsStore {
  constructor(readonly dir: string) {}

  path(cellId: string): string {
    return join(this.dir, "cells", `${cellId}.json`);
  }

  has(cellId: string): boolean {
    return existsSync(this.path(cellId));
  }

  read(cellId: string): ResultRecord {
    const p = this.path(cellId);
    let rec: ResultRecord;
    try {
      rec = JSON.parse(readFileSync(p, "utf8"));
    } catch (e) {
      throw new Error(`${p}: unreadable result record (${(e as Error).message}); delete it to re-run the cell`);
    }
    if (rec.cellId !== cellId) throw new Error(`${p}: record is for cell ${rec.cellId}, not ${cellId}`);
    return rec;
  }

  write(rec: ResultRecord): string {
    const p = this.path(rec.cellId);
    mkdirSync(join(this.dir, "cells"), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(rec));
    renameSync(tmp, p);
    return p;
  }

  list(): string[] {
    const d = join(this.dir, "cells");
    if (!existsSync(d)) return [];
    return readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  }
}
