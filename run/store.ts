// The results store: <dir>/cells/<cellId>.json, written atomically (temp file
// + rename), so a killed run leaves either a whole record or none. Every read
// checks the record (core/record.ts) and that its config hashes to its file's
// cell id, so a damaged, incomplete or copied record never reaches a table.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contentId } from "../core/canonical.ts";
import { SpecError } from "../core/check.ts";
import { type ResultRecord, resultRecord } from "../core/record.ts";
import { UsageError } from "../core/errors.ts";

/** A record file that holds no whole record of its cell; the message names the file and what is wrong. */
export class RecordError extends UsageError {
  constructor(readonly file: string, what: string) {
    super(`${file}: ${what}`);
  }
}

export class ResultsStore {
  constructor(readonly dir: string) {}

  path(cellId: string): string {
    return join(this.dir, "cells", `${cellId}.json`);
  }

  has(cellId: string): boolean {
    return existsSync(this.path(cellId));
  }

  /** The cell's record, checked; a RecordError naming the file when it holds no whole record of this cell. */
  read(cellId: string): ResultRecord {
    const p = this.path(cellId);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(p, "utf8"));
    } catch (e) {
      throw new RecordError(p, `unreadable result record (${(e as Error).message})`);
    }
    let rec: ResultRecord;
    try {
      rec = resultRecord(raw, "", p);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      throw new RecordError(p, `incomplete result record (${e.message.slice(p.length + 2)})`);
    }
    if (rec.cellId !== cellId) throw new RecordError(p, `record is for cell ${rec.cellId}, not ${cellId}`);
    // the id is the config's hash: a record copied over another cell's, its cellId edited, is caught here
    const id = contentId(rec.config);
    if (id !== cellId) {
      throw new RecordError(p, `record's config is that of cell ${id}, not ${cellId} (another cell's record?)`);
    }
    return rec;
  }

  /**
   * A record that does not read back whole (truncated, corrupted, incomplete, another cell's) is
   * renamed aside, so the cell runs again and nothing is deleted: the message names both files.
   * Null when the record reads, or there is none.
   */
  setAsideIfUnreadable(cellId: string): string | null {
    if (!this.has(cellId)) return null;
    try {
      this.read(cellId);
      return null;
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      const aside = `${this.path(cellId)}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      try {
        renameSync(this.path(cellId), aside);
      } catch (r) {
        // another runner set it aside first
        if ((r as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw r;
      }
      return `${e.message}; set aside as ${aside}, the cell runs again`;
    }
  }

  /** Every unreadable record of these cells set aside (setAsideIfUnreadable), each said through `print`. */
  setAsideUnreadable(cellIds: readonly string[], print: (line: string) => void): void {
    for (const id of cellIds) {
      const aside = this.setAsideIfUnreadable(id);
      if (aside) print(aside);
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
