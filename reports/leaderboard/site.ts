// The files of a site being built: pages, downloads and assets, written under
// one folder; paths are relative to the site root and say how deep a page is.
import * as aq from "arquero";
import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { within } from "../../core/safe-path.ts";

/** A file name from an id (spec, method, run): letters, digits, dot, dash and underscore only. */
export const slug = (s: string) => s.replace(/[^\w.-]+/g, "_");

/** A plain number written as text: a spreadsheet reads it as that number, never as a formula. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/**
 * A CSV cell a spreadsheet cannot run (OWASP's CSV injection advice): text that starts with =, +, -, @, a tab or a
 * carriage return gets a leading single quote. Numbers stay numbers, a negative one too (-1.5 is no formula), and so
 * does text that is a plain number.
 */
export function csvCell(v: unknown): unknown {
  return typeof v === "string" && /^[=+\-@\t\r]/.test(v) && !NUMBER.test(v) ? `'${v}` : v;
}

/** A CSV field as arquero writes one: quoted when it holds a quote, a comma or a line break. */
const csvField = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export class SiteFiles {
  readonly written = new Set<string>();
  constructor(readonly root: string) {}

  write(path: string, content: string): string {
    // paths hold ids made safe by slug(); within() stops one that was not from leaving the site
    const file = within(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    this.written.add(path);
    return path;
  }

  copy(from: string, path: string): void {
    const file = within(this.root, path);
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
    const format = Object.fromEntries(names.map((n) => [n, csvCell]));
    const header = names.map((n) => csvField(csvCell(n))).join(",");
    this.write(`${path}.csv`, rows.length ? `${header}\n${table.toCSV({ header: false, format })}` : "");
    this.write(`${path}.json`, JSON.stringify(rows.length ? table.objects() : [], null, 1) + "\n");
    const up = "../".repeat(depth);
    return { csv: `${up}${path}.csv`, json: `${up}${path}.json` };
  }

  pages(): string[] {
    return [...this.written].filter((p) => p.endsWith(".html"));
  }

  bytes(): number {
    return [...this.written].reduce((n, p) => n + statSync(within(this.root, p)).size, 0);
  }
}
