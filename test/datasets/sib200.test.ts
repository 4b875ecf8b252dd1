import { describe, expect, test } from "bun:test";
import { parseSib200Tsv, SIB200_LANGUAGES, sib200Pin } from "../../datasets/sib200.ts";

describe("SIB-200 parsing", () => {
  test("reads id, label index and text", () => {
    const rows = parseSib200Tsv(
      "index_id\tcategory\ttext\n7\tsports\tA match.\n9\tgeography\tA river\twith a tab.\n",
      "x.tsv",
    );
    expect(rows).toEqual([
      { id: "7", label: 3, text: "A match." },
      { id: "9", label: 6, text: "A river\twith a tab." },
    ]);
  });

  test("an unknown category names the file, line and value", () => {
    expect(() => parseSib200Tsv("index_id\tcategory\ttext\n1\tcooking\tx\n", "bad.tsv")).toThrow(
      'bad.tsv:2: unknown category "cooking"',
    );
  });

  test("a wrong header is an error", () => {
    expect(() => parseSib200Tsv("id\tlabel\ttext\n", "h.tsv")).toThrow("h.tsv: header");
  });

  test("all 205 languages are pinned with train, dev and test", () => {
    expect(SIB200_LANGUAGES).toHaveLength(205);
    expect(sib200Pin("eng_Latn", "test").sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(() => sib200Pin("xxx_Latn", "test")).toThrow('no language "xxx_Latn"');
  });
});
