import { describe, expect, test } from "bun:test";
import { mo } from "gettext-parser";
import {
  CATALOGUE_PINS,
  catalogueMessages,
  cleanMessage,
  localeOfPath,
  sibLanguageOfLocale,
} from "../../../scripts/pretrain/debian-catalogues.ts";

describe("sibLanguageOfLocale", () => {
  test("maps a locale's language to its SIB-200 code, region ignored", () => {
    expect(sibLanguageOfLocale("de")).toBe("deu_Latn");
    expect(sibLanguageOfLocale("pt_BR")).toBe("por_Latn");
  });
  test("tells Chinese scripts apart by region", () => {
    expect(sibLanguageOfLocale("zh_CN")).toBe("zho_Hans");
    expect(sibLanguageOfLocale("zh_TW")).toBe("zho_Hant");
  });
  test("leaves out English, other scripts and languages SIB-200 lacks", () => {
    expect(sibLanguageOfLocale("en_GB")).toBeNull();
    expect(sibLanguageOfLocale("sr@latin")).toBeNull();
    expect(sibLanguageOfLocale("tlh")).toBeNull();
  });
});

describe("localeOfPath", () => {
  test("reads LC_MESSAGES folders and WordPress's language files", () => {
    expect(localeOfPath("/x/usr/share/locale/fr/LC_MESSAGES/apt.mo")).toBe("fr");
    expect(localeOfPath("/x/usr/share/wordpress/wp-content/languages/admin-de_DE.mo")).toBe("de_DE");
    expect(localeOfPath("/x/usr/share/locale/fr/LC_TIME/coreutils.mo")).toBeNull();
  });
});

describe("cleanMessage", () => {
  test("drops accelerators, format directives and markup", () => {
    expect(cleanMessage("_Open %s in <b>new</b> window")).toBe("Open in new window");
    expect(cleanMessage("&Save %1$d files {0}")).toBe("Save files");
  });
});

describe("catalogueMessages", () => {
  const catalogue = (entries: Record<string, string>) =>
    new Uint8Array(mo.compile({
      charset: "utf-8",
      headers: { "Content-Type": "text/plain; charset=UTF-8" },
      translations: {
        "": Object.fromEntries(
          [["", ""], ...Object.entries(entries)].map(([id, str]) => [id, { msgid: id, msgstr: [str] }]),
        ),
      },
    }));
  test("pairs each English message with its translation", () => {
    const m = catalogueMessages(catalogue({ "Open the file": "Datei öffnen", "_Quit": "_Beenden" }));
    expect([...m]).toEqual([["Open the file", "Datei öffnen"], ["Quit", "Beenden"]]);
  });
  test("skips untranslated, unchanged and letterless messages", () => {
    const m = catalogueMessages(catalogue({ "Close": "", "OK": "OK", "%d%%": "%d %%", "Save": "Speichern" }));
    expect([...m.keys()]).toEqual(["Save"]);
  });
});

describe("CATALOGUE_PINS", () => {
  test("pins every package by pool path, sha256, size and licence", () => {
    for (const p of CATALOGUE_PINS.packages) {
      expect(p.path).toMatch(/^pool\/(updates\/)?main\/.+\.deb$/);
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.bytes).toBeGreaterThan(0);
      expect(p.license.length).toBeGreaterThan(0);
    }
  });
});
