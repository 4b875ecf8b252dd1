// A split manifest names the examples a cell drew: their ids in the order drawn and the files they came from.
import { describe, expect, test } from "bun:test";
import { splitManifest } from "../../datasets/manifest.ts";

const ex = (id: string) => ({ id, label: 0, text: `text ${id}` });
const files = { "sib200/eng_Latn/dev.tsv": "ab".repeat(32) };

describe("split manifests", () => {
  test("the sha256 of the canonical JSON of files and ids (Python's hashlib on the same string)", () => {
    // hashlib.sha256(b'{"files":{"sib200/eng_Latn/dev.tsv":"abab…ab"},"ids":["12","7","3"]}').hexdigest()
    expect(splitManifest([ex("12"), ex("7"), ex("3")], files)).toBe(
      "ebdf0aa644838bd796f25e23693179cde314b2ea747e5399bfb48fcefa93ec51",
    );
  });

  test("another draw order, another example or another file version gives another manifest", () => {
    const m = splitManifest([ex("12"), ex("7"), ex("3")], files);
    expect(splitManifest([ex("7"), ex("12"), ex("3")], files)).not.toBe(m);
    expect(splitManifest([ex("12"), ex("7"), ex("4")], files)).not.toBe(m);
    expect(splitManifest([ex("12"), ex("7"), ex("3")], { "sib200/eng_Latn/dev.tsv": "cd".repeat(32) })).not.toBe(m);
  });

  test("the texts are not part of it: the file's sha256 already names them", () => {
    expect(splitManifest([{ ...ex("12"), text: "other" }], files)).toBe(splitManifest([ex("12")], files));
  });
});
