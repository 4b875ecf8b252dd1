import { describe, expect, test } from "bun:test";
import { LanguageTable, loadLanguages, parseMetaCsv } from "../../datasets/languages.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

const CSV =
  "code,name,class,family,region,xlmr\neng_Latn,English,5,Indo-European,Europe,1\nyor_Latn,Yoruba,2,Atlantic-Congo,Africa,0\nfra_Latn,French,5,Indo-European,Europe,1\nswh_Latn,Swahili,2,Atlantic-Congo,Africa,1\n";

describe("language metadata", () => {
  test("parses codes into ISO 639-3 and script", () => {
    const [eng] = parseMetaCsv(CSV, "meta.csv");
    expect(eng).toEqual({
      code: "eng_Latn",
      iso639_3: "eng",
      script: "Latn",
      name: "English",
      joshi: 5,
      family: "Indo-European",
      region: "Europe",
      xlmrSeen: true,
    });
  });

  test("a bad class names the line and value", () => {
    expect(() => parseMetaCsv("code,name,class,family,region,xlmr\neng_Latn,English,9,x,y,1\n", "m.csv")).toThrow(
      'm.csv:2: class "9"',
    );
  });

  test("rule groups and set differences", () => {
    const t = new LanguageTable(parseMetaCsv(CSV, "meta.csv"), {
      j5: { title: "", where: { joshi: 5 } },
      seen: { title: "", where: { xlmrSeen: true } },
      seenNoJ5: { title: "", where: { xlmrSeen: true }, minus: ["j5"] },
    });
    expect(t.group("seenNoJ5")).toEqual(["swh_Latn"]);
    expect(() => t.group("nope")).toThrow('unknown language group "nope"');
  });

  test.skipIf(!HAS_MIRROR)("the XPE groups from the pinned meta.csv (uses the shared mirror)", async () => {
    const t = await loadLanguages({ mirrors: [MIRROR], cacheDir: tempDir() });
    expect(t.languages).toHaveLength(205);
    expect(t.group("seen")).toHaveLength(92);
    expect(t.group("joshi5")).toEqual([
      "arb_Arab",
      "deu_Latn",
      "eng_Latn",
      "fra_Latn",
      "jpn_Jpan",
      "spa_Latn",
      "zho_Hans",
    ]);
    expect(t.group("all-wo-j5")).toHaveLength(198);
    // the mended upstream slips
    expect(t.group("divers-unseen-23")).toContain("kab_Latn");
    expect(t.group("divers-unseen-23")).toContain("yor_Latn");
    expect(t.group("divers-unseen-23")).not.toContain("amh_Ethi");
    for (const c of t.group("low-performing")) expect(t.get(c).xlmrSeen).toBe(false);
  });
});
