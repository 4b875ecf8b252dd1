// The files of a site being built: pages, downloads and assets, written under
// one folder; paths are relative to the site root and say how deep a page is.
import * as aq from "arquero";
import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A file name from an id (spec, method, run): letters, digits, dot, dash and underscore only. */
export const slug = (s: string) => s.replace(/[^\w.-]+/g, "_");

export class SiteFiles {
  readonly written = new Set<string>();
  constructor(readonly root: string) {}

  write(path: string, content: string): string {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    this.written.add(path);
    return path;
  }

  copy(from: string, path: string): void {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(from, file);
    this.written.add(path);
  }

  /** A table as data/<name>.csv and .json (rows as objects), written with arquero; the hrefs from a page at `depth`. */
  data(name: string, rows: Record<string, unknown>[], depth: number): { csv: string; json: string } {
    // every row's columns, not the first row's: rows may name different tables (a leaderboard's per-table ranks)
    const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const table = aq.from(
      rows.length ? rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null]))) : [{}],
    );
    const path = `data/${slug(name)}`;
    this.write(`${path}.csv`, rows.length ? table.toCSV() : "");
    this.write(`${path}.json`, JSON.stringify(rows.length ? table.objects() : [], null, 1) + "\n");
    const up = "../".repeat(depth);
    return { csv: `${up}${path}.csv`, json: `${up}${path}.json` };
  }

  pages(): string[] {
    return [...this.written].filter((p) => p.endsWith(".html"));
  }

  bytes(): number {
    return [...this.written].reduce((n, p) => n + statSync(join(this.root, p)).size, 0);
  }
}
