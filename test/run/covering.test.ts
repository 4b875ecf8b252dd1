// A cell evaluated on fewer targets than a recorded cell of the same training
// gets its record cut from that one (no training); anything else is left to run.
import { describe, expect, test } from "bun:test";
import type { Cell } from "../../core/record.ts";
import { contentId } from "../../core/canonical.ts";
import { recordCovered, trainingKey } from "../../run/covering.ts";
import { ResultsStore } from "../../run/store.ts";
import { fixtureCell } from "../helpers/specs.ts";
import { fakeRecord } from "../helpers/records.ts";
import { tempDir } from "../helpers/mirror.ts";

/** The fixture cell evaluated on `targets` (and otherwise changed by `over`), with its content id. */
function cell(targets: string[], over: Partial<Cell["config"]> = {}): Cell {
  const base = fixtureCell();
  const config = { ...base.config, ...over, targets };
  return { ...base, id: contentId(config), config };
}

const acc = (_: Cell, lang: string) => (lang === "deu_Latn" ? 0.5 : 0.25);

describe("records cut from recorded cells", () => {
  test("fewer targets of the same training: the record holds the recorded numbers of those targets", () => {
    const store = new ResultsStore(tempDir("xlt-covering-"));
    const full = cell(["deu_Latn", "eng_Latn", "fra_Latn"]);
    store.write(fakeRecord(full, acc));
    const narrow = cell(["deu_Latn", "fra_Latn"]);
    expect(trainingKey(narrow.config)).toBe(trainingKey(full.config));
    expect(recordCovered([narrow], store)).toEqual([narrow.id]);
    const rec = store.read(narrow.id);
    expect(rec.config).toEqual(narrow.config);
    expect(Object.keys(rec.metrics)).toEqual(["deu_Latn", "fra_Latn"]);
    expect(rec.metrics.deu_Latn).toEqual(store.read(full.id).metrics.deu_Latn);
    expect(rec.provenance.narrowedFrom).toBe(full.id);
  });

  test("the cut record keeps the training's split manifests and the evaluation manifests of its own targets", () => {
    const store = new ResultsStore(tempDir("xlt-covering-"));
    const full = cell(["deu_Latn", "eng_Latn", "fra_Latn"]);
    const manifest = {
      train: { eng_Latn: "t".repeat(64) },
      dev: { eng_Latn: "d".repeat(64) },
      eval: { deu_Latn: "1".repeat(64), eng_Latn: "2".repeat(64), fra_Latn: "3".repeat(64) },
    };
    store.write(fakeRecord(full, acc, { manifest: () => manifest }));
    const narrow = cell(["deu_Latn", "fra_Latn"]);
    recordCovered([narrow], store);
    expect(store.read(narrow.id).manifest).toEqual({
      ...manifest,
      eval: { deu_Latn: "1".repeat(64), fra_Latn: "3".repeat(64) },
    });
  });

  test("a target the recorded cell was not evaluated on: left to run", () => {
    const store = new ResultsStore(tempDir("xlt-covering-"));
    store.write(fakeRecord(cell(["deu_Latn"]), acc));
    expect(recordCovered([cell(["deu_Latn", "eng_Latn"])], store)).toEqual([]);
  });

  test("another training (here another seed): left to run", () => {
    const store = new ResultsStore(tempDir("xlt-covering-"));
    store.write(fakeRecord(cell(["deu_Latn", "eng_Latn"]), acc));
    expect(recordCovered([cell(["deu_Latn"], { seed: 99 })], store)).toEqual([]);
  });

  test("a cell with its own record is not rewritten", () => {
    const store = new ResultsStore(tempDir("xlt-covering-"));
    const own = cell(["deu_Latn"]);
    store.write(fakeRecord(cell(["deu_Latn", "eng_Latn"]), acc));
    store.write(fakeRecord(own, () => 0.75));
    expect(recordCovered([own], store)).toEqual([]);
    expect(store.read(own.id).metrics.deu_Latn.accuracy).toBeCloseTo(0.75, 2);
  });
});
