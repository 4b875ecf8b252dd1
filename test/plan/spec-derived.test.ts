// Derived specs, source sets and full supervision as spec data: what loads, and the message each mistake gives.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadSpecDir, parseSpec } from "../../plan/spec-schema.ts";
import { FIXTURE_SPECS_DIR } from "../helpers/specs.ts";

/** A fixture spec's JSON (test/fixtures/specs/), or a shipped one's (specs/) where only it has the field under test. */
const read = (id: string) => JSON.parse(readFileSync(join(FIXTURE_SPECS_DIR, `${id}.json`), "utf8"));
const readShipped = (id: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", `${id}.json`), "utf8"));
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A spec folder holding these files (the SPT Table 4 fixture as the base). */
function folder(files: Record<string, unknown>): string {
  dir = mkdtempSync(join(tmpdir(), "xlt-specs-"));
  writeFileSync(join(dir, "fixture-spt.json"), JSON.stringify(read("fixture-spt")));
  for (const [name, json] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(json));
  return dir;
}

describe("derived specs", () => {
  test("a derived spec takes its base's data, methods and profiles, adds its own deviations, and is never main", () => {
    const specs = loadSpecDir(
      folder({
        "t1.json": { ...read("fixture-spt-corr"), golden: "golden/corr.json" },
        "fixture-spt.json": { ...read("fixture-spt"), main: true, golden: "golden/base.json" },
      }),
    );
    const t1 = specs.find((s) => s.id === "fixture-spt-corr")!, t4 = specs.find((s) => s.id === "fixture-spt")!;
    expect(t1.methods).toEqual(t4.methods);
    expect(t1.profiles).toEqual(t4.profiles);
    expect(t4.main).toBe(true);
    expect(t1.main).toBeUndefined();
    expect(t1.golden).toBe("golden/corr.json");
    expect(t1.deviations.length).toBeGreaterThan(t4.deviations.length);
  });

  test("an unknown base is named", () => {
    expect(() => loadSpecDir(folder({ "t1.json": { ...read("fixture-spt-corr"), derivedFrom: "spt-table9" } })))
      .toThrow(
        'derivedFrom: no spec with id "spt-table9"',
      );
  });

  test("a derived spec without a figure or a correlation is refused", () => {
    const { correlation: _, ...bare } = read("fixture-spt-corr");
    expect(() => loadSpecDir(folder({ "t1.json": bare }))).toThrow("a derived spec adds a figure or a correlation");
  });

  test("an unknown correlation column is named", () => {
    expect(() =>
      loadSpecDir(folder({ "t1.json": { ...read("fixture-spt-corr"), correlation: { columns: ["geo", "height"] } } }))
    ).toThrow("correlation.columns[1]");
  });

  test("two specs with one id are refused", () => {
    expect(() => loadSpecDir(folder({ "copy.json": read("fixture-spt") }))).toThrow('"fixture-spt" is also the id of');
  });
});

describe("source sets and full supervision", () => {
  test("a row's source set must be one of the spec's", () => {
    const s = read("fixture-xpe");
    s.methods[0].sources = ["Joshi7"];
    expect(() => parseSpec(s, "x2.json")).toThrow('x2.json: methods[0].sources[0]: no source set named "Joshi7"');
  });

  test("a source set needs exactly one of group and languages", () => {
    const s = read("fixture-xpe");
    s.task.sourceSets[0] = { name: "En" };
    expect(() => parseSpec(s, "x2.json")).toThrow(
      "x2.json: task.sourceSets[0]: needs exactly one of group and languages",
    );
  });

  test("sources given twice (sources and sourceSets) are refused", () => {
    const s = read("fixture-xpe");
    s.task.sources = { group: "joshi5" };
    expect(() => parseSpec(s, "x2.json")).toThrow(
      "task.sources: give the sources as task.sourceSets or here, not both",
    );
  });

  test("full supervision needs each profile's second-stage training", () => {
    const s = read("fixture-xpe-full");
    delete s.profiles.smoke.targetTraining;
    expect(() => parseSpec(s, "x3.json")).toThrow(
      "x3.json: profiles.smoke.targetTraining: full supervision needs the training of its second stage",
    );
  });

  test('devShots "k/4" needs every k divisible by 4', () => {
    const s = readShipped("spt-fig3");
    s.task.trainShots = [4, 6];
    expect(() => parseSpec(s, "f3.json")).toThrow(
      'f3.json: task.trainShots: devShots "k/4" needs every k divisible by 4, not 6',
    );
  });
});
