// The paper profile of spt-table4 carries the SPT authors' per-model verbalizer
// words as spec data; this checks them against the authors' own file (pinned
// sib-200_labels.xlsx), in SIB-200's label order.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import { fetchPinned } from "../../datasets/fetch.ts";
import { SIB200_LABELS } from "../../datasets/sib200.ts";
import { typologyPin } from "../../datasets/typology/pins.ts";
import { Workbook } from "../../datasets/xlsx.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

describe.skipIf(!HAS_MIRROR)("per-model verbalizers (uses the shared mirror)", () => {
  test("spt-table4's paper backbones use the words of the authors' sib-200_labels.xlsx", async () => {
    const pin = typologyPin("spt/sib-200_labels");
    const book = new Workbook(await fetchPinned(pin, { mirrors: [MIRROR], cacheDir: tempDir() }), pin.path);
    const words = (sheet: string) => {
      const map = new Map(book.sheet(sheet).slice(1).filter((r) => r[0]).map((r) => [String(r[0]), String(r[1])]));
      return SIB200_LABELS.map((l) => map.get(l) ?? `missing: ${l}`);
    };
    const spec = loadSpecDir(join(PROJECT_ROOT, "specs")).find((s) => s.id === "spt-table4")!;
    const entries = spec.profiles.paper.backbones;
    expect(entries.length).toBe(4);
    for (const e of entries) {
      expect(e.labelWords).toEqual(
        words(e.backbone.kind === "hub" && e.backbone.architecture === "bloom" ? "bloom" : "xglm"),
      );
    }
  });
});
