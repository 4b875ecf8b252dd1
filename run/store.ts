// The results store: <dir>/cells/<cellId>.json, written atomically (temp file
// + rename), so a killed run leaves either a whole record or none.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResultRecord } from "../core/record.ts";
import { UsageError } from "../core/errors.ts";

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
      // bad input, not a bug: the CLI says so without a stack (exit 2)
      throw new UsageError(`${p}: unreadable result record (${(e as Error).message}); delete it to re-run the cell`);
    }
    if (rec?.cellId !== cellId) throw new UsageError(`${p}: record is for cell ${rec?.cellId}, not ${cellId}`);
    return rec;
  }

  /**
   * A record that does not read back (truncated, corrupted, another cell's) is renamed aside,
   * so the cell runs again and nothing is deleted: the message names both files. Null when the
   * record reads, or there is none.
   */
  setAsideIfUnreadable(cellId: string): string | null {
    if (!this.has(cellId)) return null;
    try {
      this.read(cellId);
      return null;
    } catch (e) {
      const aside = `${this.path(cellId)}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      try {
        renameSync(this.path(cellId), aside);
      } catch (r) {
        // another runner set it aside first
        if ((r as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw r;
      }
      return `${
        (e as Error).message.replace(/; delete it to re-run the cell$/, "")
      }; set aside as ${aside}, the cell runs again`;
    }
  }

  write(rec: ResultRecord): string {
    const p = this.path(rec.cellId);
    mkdirSync(join(this.dir, "cells"), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(rec));
      renameSync(tmp, p);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new Error(
        `${p}: cannot write the cell's record (${(e as Error).message}); a previous record there is left as it was`,
      );
    }
    return p;
  }

  list(): string[] {
    const d = join(this.dir, "cells");
    if (!existsSync(d)) return [];
    return readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
  }
}
