import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../bench/config.ts";
import { loadSpecDir, parseSpec } from "../../bench/spec/schema.ts";
import { selectSpecs } from "../../bench/select.ts";

const specs = loadSpecDir(join(PROJECT_ROOT, "bench", "specs"));
const raw = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "bench", "specs", "xpe-table1.json"), "utf8"));

describe("specs", () => {
  test("every spec file loads and validates", () => {
    expect(specs.map((s) => s.id).sort()).toEqual(["spt-table4", "uniprompt-fig4", "uniprompt-table2", "uniprompt-table3", "uniprompt-table5", "xpe-table1"]);
    for (const s of specs) expect(Object.keys(s.profiles)).toEqual(["paper", "smoke"]);
  });

  test("a bad value is an error naming the field and the value", () => {
    const r = raw();
    r.profiles.smoke.training.batchSize = -1;
    expect(() => parseSpec(r, "x.json")).toThrow("x.json: profiles.smoke.training.batchSize: expected a positive integer, got -1");
  });

  test("an unknown field is an error (typos do not pass silently)", () => {
    const r = raw();
    r.methods[0].params.promtLength = 3;
    expect(() => parseSpec(r, "x.json")).toThrow("x.json: methods[0].params.promtLength: unknown field");
  });

  test("a missing field is named", () => {
    const r = raw();
    delete r.task.trainShots;
    expect(() => parseSpec(r, "x.json")).toThrow("x.json: task.trainShots: missing");
  });

  test("an unknown method kind lists the choices", () => {
    const r = raw();
    r.methods[1].method = "lora";
    expect(() => parseSpec(r, "x.json")).toThrow('methods[1].method: unknown method "lora" (known: spt, xpe, finetune, english-prompt, translation-prompt, soft-prompt, uniprompt)');
  });

  test("selectors: spec id, paper, table name, all", () => {
    expect(selectSpecs(specs, "xpe-table1").map((s) => s.id)).toEqual(["xpe-table1"]);
    expect(selectSpecs(specs, "spt").map((s) => s.id)).toEqual(["spt-table4"]);
    expect(selectSpecs(specs, "table1").map((s) => s.id)).toEqual(["xpe-table1"]);
    expect(selectSpecs(specs, "table2").map((s) => s.id)).toEqual(["uniprompt-table2"]);
    expect(selectSpecs(specs, "uniprompt").map((s) => s.id)).toEqual(["uniprompt-fig4", "uniprompt-table2", "uniprompt-table3", "uniprompt-table5"]);
    expect(selectSpecs(specs, "all")).toHaveLength(6);
    expect(selectSpecs(specs, "tables").map((s) => s.id)).not.toContain("uniprompt-fig4");
    expect(selectSpecs(specs, "figures").map((s) => s.id)).toEqual(["uniprompt-fig4"]);
    expect(() => selectSpecs(specs, "table9")).toThrow('no spec matches "table9"');
  });
});
