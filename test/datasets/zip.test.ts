// The fflate wrapper names the archive and the entry in each error, for
// archives built here with fflate's own writer.
import { describe, expect, test } from "bun:test";
import { strToU8, zipSync } from "fflate";
import { ZipArchive } from "../../datasets/zip.ts";
import { Workbook } from "../../datasets/xlsx.ts";

const archive = (level: 0 | 6) =>
  zipSync({ "a.txt": strToU8("hello ".repeat(50)), "b.txt": strToU8("second") }, { level });

describe("zip reader", () => {
  test("lists entries and reads stored and deflated ones", () => {
    for (const level of [0, 6] as const) {
      const z = new ZipArchive(archive(level), "t.zip");
      expect(z.names()).toEqual(["a.txt", "b.txt"]);
      expect(z.text("a.txt")).toBe("hello ".repeat(50));
      expect(z.text("b.txt")).toBe("second");
    }
  });

  test("a missing entry names the archive, the entry and what is there", () => {
    expect(() => new ZipArchive(archive(6), "t.zip").read("c.txt")).toThrow(
      't.zip: no entry "c.txt" (has: a.txt, b.txt)',
    );
  });

  test("a truncated archive is named", () => {
    const bytes = archive(6);
    expect(() => new ZipArchive(bytes.subarray(0, bytes.length - 30), "cut.zip")).toThrow("cut.zip: not a zip archive");
  });

  test("corrupt deflate data names the entry", () => {
    const bytes = archive(6).slice();
    // The first entry's data follows its 30-byte local header and name; 0xff opens a block of reserved type 3.
    bytes[30 + "a.txt".length] = 0xff;
    expect(() => new ZipArchive(bytes, "bad.zip").read("a.txt")).toThrow('bad.zip: entry "a.txt": ');
  });

  test("an xlsx without its workbook part names the file and the part", () => {
    expect(() => new Workbook(archive(6), "empty.xlsx")).toThrow('empty.xlsx: no entry "xl/_rels/workbook.xml.rels"');
  });
});
