// Cell values of an .xlsx workbook: the sheet list (workbook.xml and its
// relationships), shared strings, and each sheet's <c> cells. Formatting,
// formulas and dates are not interpreted: a cell is its stored string or number.
// fflate (through ZipArchive) unzips, fast-xml-parser reads the XML; what is
// left here is the SpreadsheetML meaning of the elements.
import { EntityDecoder } from "@nodable/entities";
import { XMLParser } from "fast-xml-parser";
import { ZipArchive } from "./zip.ts";

export type Cell = string | number | boolean | null;
/** Rows in sheet order; each row indexed by column (A = 0), gaps are null. */
export type SheetRows = Cell[][];

export class XlsxError extends Error {}

/** An element as fast-xml-parser gives it: text, or children and "@"-prefixed attributes. */
type Node = string | { [k: string]: Node | Node[] | undefined };

// Elements that may repeat are always arrays, so one of them reads like many.
const REPEATED = new Set(["sheet", "Relationship", "si", "r", "row", "c"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Some writers prefix SpreadsheetML elements (<x:row>); r:id becomes @id.
  removeNSPrefix: true,
  // Cell text stays text ("007" is not 7), spaces included (xml:space="preserve").
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // fast-xml-parser decodes only named entities by default; XML also has &#…; references.
  entityDecoder: new EntityDecoder({ numericAllowed: true }),
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

function parse(zip: ZipArchive, entry: string): Node {
  try {
    return parser.parse(zip.text(entry)) as Node;
  } catch (e) {
    throw new XlsxError(`${zip.source}:${entry}: ${(e as Error).message}`);
  }
}

/** A child element or attribute; a repeated element is a list, an absent one undefined. */
function get(node: Node | undefined, key: string): Node | undefined {
  const v = typeof node === "object" ? node[key] : undefined;
  return Array.isArray(v) ? v[0] : v;
}

function list(node: Node | undefined, key: string): Node[] {
  const v = typeof node === "object" ? node[key] : undefined;
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The text of an element that may also carry attributes (<t xml:space="preserve">). */
function textOf(node: Node | undefined): string | undefined {
  if (node === undefined || typeof node === "string") return node;
  const t = node["#text"];
  return typeof t === "string" ? t : "";
}

/** A string item (<si> or <is>): its <t>, or its rich-text runs joined; phonetic <rPh> runs are left out. */
function stringItem(node: Node | undefined): string {
  return (textOf(get(node, "t")) ?? "") + list(node, "r").map((r) => textOf(get(r, "t")) ?? "").join("");
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
    for (const r of list(get(parse(this.zip, "xl/_rels/workbook.xml.rels"), "Relationships"), "Relationship")) {
      const id = textOf(get(r, "@Id"));
      const target = textOf(get(r, "@Target"));
      if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
    for (const s of list(get(get(parse(this.zip, "xl/workbook.xml"), "workbook"), "sheets"), "sheet")) {
      const name = textOf(get(s, "@name"));
      const rid = textOf(get(s, "@id"));
      const path = rid ? rels.get(rid) : undefined;
      if (!name || !path) throw new XlsxError(`${source}: sheet entry without a name or target: ${JSON.stringify(s)}`);
      this.sheetPaths.set(name, path);
    }
    this.shared = this.zip.entries.has("xl/sharedStrings.xml")
      ? list(get(parse(this.zip, "xl/sharedStrings.xml"), "sst"), "si").map(stringItem)
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
    for (const row of list(get(get(parse(this.zip, path), "worksheet"), "sheetData"), "row")) {
      const r = Number(textOf(get(row, "@r")) ?? rows.length + 1) - 1;
      const cells: Cell[] = [];
      for (const c of list(row, "c")) {
        const ref = textOf(get(c, "@r"));
        const col = ref ? columnIndex(ref, where) : cells.length;
        while (cells.length < col) cells.push(null);
        cells[col] = this.cellValue(textOf(get(c, "@t")) ?? "n", c, `${where}!${ref ?? "?"}`);
      }
      while (rows.length < r) rows.push([]);
      rows[r] = cells;
    }
    return rows;
  }

  private cellValue(type: string, c: Node, where: string): Cell {
    if (type === "inlineStr") return stringItem(get(c, "is"));
    const v = textOf(get(c, "v"));
    if (v === undefined || v === "") return null;
    if (type === "s") {
      const s = this.shared[Number(v)];
      if (s === undefined) throw new XlsxError(`${where}: shared string ${v} does not exist`);
      return s;
    }
    if (type === "str" || type === "e") return v;
    if (type === "b") return v === "1";
    if (type === "n") {
      const x = Number(v);
      if (!Number.isFinite(x)) throw new XlsxError(`${where}: "${v}" is not a number`);
      return x;
    }
    throw new XlsxError(`${where}: cell type "${type}" is not supported`);
  }
}
