// Cell values of an .xlsx workbook: the sheet list (workbook.xml and its
// relationships), shared strings, and each sheet's <c> cells. Formatting,
// formulas and dates are not interpreted: a cell is its stored string or number.
import { ZipArchive } from "./zip.ts";

export type Cell = string | number | boolean | null;
/** Rows in sheet order; each row indexed by column (A = 0), gaps are null. */
export type SheetRows = Cell[][];

export class XlsxError extends Error {}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]) : undefined;
}

/** The concatenated <t> texts inside an element (rich text runs included, phonetic runs left out). */
function texts(xml: string): string {
  const plain = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  let out = "";
  for (const m of plain.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += unescapeXml(m[1] ?? "");
  return out;
}

function columnIndex(ref: string, where: string): number {
  const letters = /^([A-Z]+)\d+$/.exec(ref)?.[1];
  if (!letters) throw new XlsxError(`${where}: bad cell reference "${ref}"`);
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export class Workbook {
  private readonly zip: ZipArchive;
  private readonly sheetPaths = new Map<string, string>();
  private readonly shared: string[];

  constructor(bytes: Uint8Array, readonly source: string) {
    this.zip = new ZipArchive(bytes, source);
    const rels = new Map<string, string>();
    for (const m of this.zip.text("xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b([^>]*)\/?>/g)) {
      const id = attr(m[1], "Id");
      const target = attr(m[1], "Target");
      if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
    for (const m of this.zip.text("xl/workbook.xml").matchAll(/<sheet\b([^>]*)\/?>/g)) {
      const name = attr(m[1], "name");
      const rid = attr(m[1], "r:id");
      const path = rid ? rels.get(rid) : undefined;
      if (!name || !path) throw new XlsxError(`${source}: sheet entry without a name or target: <sheet${m[1]}>`);
      this.sheetPaths.set(name, path);
    }
    this.shared = this.zip.entries.has("xl/sharedStrings.xml")
      ? [...this.zip.text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]))
      : [];
  }

  sheetNames(): string[] {
    return [...this.sheetPaths.keys()];
  }

  sheet(name: string): SheetRows {
    const path = this.sheetPaths.get(name);
    if (!path) throw new XlsxError(`${this.source}: no sheet "${name}" (has: ${this.sheetNames().join(", ")})`);
    const where = `${this.source}:${name}`;
    const rows: SheetRows = [];
    for (const row of this.zip.text(path).matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const r = Number(attr(row[1], "r") ?? rows.length + 1) - 1;
      const cells: Cell[] = [];
      for (const c of (row[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const ref = attr(c[1], "r");
        const col = ref ? columnIndex(ref, where) : cells.length;
        while (cells.length < col) cells.push(null);
        cells[col] = this.cellValue(attr(c[1], "t") ?? "n", c[2] ?? "", `${where}!${ref ?? "?"}`);
      }
      while (rows.length < r) rows.push([]);
      rows[r] = cells;
    }
    return rows;
  }

  private cellValue(type: string, inner: string, where: string): Cell {
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    if (type === "inlineStr") return texts(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? "");
    if (v === undefined) return null;
    if (type === "s") {
      const s = this.shared[Number(v)];
      if (s === undefined) throw new XlsxError(`${where}: shared string ${v} does not exist`);
      return s;
    }
    if (type === "str" || type === "e") return unescapeXml(v);
    if (type === "b") return v === "1";
    if (type === "n") {
      const x = Number(v);
      if (!Number.isFinite(x)) throw new XlsxError(`${where}: "${v}" is not a number`);
      return x;
    }
    throw new XlsxError(`${where}: cell type "${type}" is not supported`);
  }
}
