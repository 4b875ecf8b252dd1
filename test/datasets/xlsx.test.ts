// The .xlsx cell reader on a hand-written workbook (scripts/make-zip-fixtures.py).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Workbook } from "../../datasets/xlsx.ts";

const book = new Workbook(
  new Uint8Array(readFileSync(fileURLToPath(new URL("../fixtures/zip/tiny.xlsx", import.meta.url)))),
  "tiny.xlsx",
);

describe("xlsx reader", () => {
  test("sheets are listed in workbook order, whatever the relationship order", () => {
    expect(book.sheetNames()).toEqual(["first", "second"]);
  });

  test("shared strings resolve, entities decoded and rich-text runs joined", () => {
    expect(book.sheet("first")[0]).toEqual(["lang_code_3", "Greek (modern) <el>"]);
  });

  test("numbers parse, and a skipped column is null", () => {
    expect(book.sheet("first")[1]).toEqual(["Rich text", null, 0.0901079]);
  });

  test("a skipped row is empty; inline strings, booleans and formula strings read", () => {
    const rows = book.sheet("first");
    expect(rows[2]).toEqual([]);
    expect(rows[3]).toEqual(["inline & more", true, "formula text"]);
  });

  test("a second sheet reads on its own", () => {
    expect(book.sheet("second")).toEqual([[-3]]);
  });

  test("an unknown sheet is named with the ones there are", () => {
    expect(() => book.sheet("third")).toThrow('tiny.xlsx: no sheet "third" (has: first, second)');
  });
});
