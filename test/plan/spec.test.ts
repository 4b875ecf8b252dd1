import { methodIds } from "../../methods/registry.ts";
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadSpecDir, parseSpec } from "../../plan/spec-schema.ts";
import { selectSpecs } from "../../plan/select.ts";

const specs = loadSpecDir(join(PROJECT_ROOT, "specs"));
const raw = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "xpe-table1.json"), "utf8"));

describe("specs", () => {
  test("every spec file loads and validates", () => {
    expect(specs.map((s) => s.id).sort()).toEqual([
      "mpt-fig3",
      "mpt-fig4",
      "mpt-fig5",
      "mpt-tableI",
      "mpt-tableII",
      "spt-fig2",
      "spt-fig3",
      "spt-fig4",
      "spt-fig5",
      "spt-table1",
      "spt-table4",
      "uniprompt-fig4",
      "uniprompt-table2",
      "uniprompt-table3",
      "uniprompt-table5",
      "xpe-fig2",
      "xpe-table1",
      "xpe-table2",
      "xpe-table3",
    ]);
    for (const s of specs) expect(Object.keys(s.profiles)).toEqual(["paper", "smoke"]);
  });

  test("a bad value is an error naming the field and the value", () => {
    const r = raw();
    r.profiles.smoke.training.batchSize = -1;
    expect(() => parseSpec(r, "x.json")).toThrow(
      "x.json: profiles.smoke.training.batchSize: expected a positive integer, got -1",
    );
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
    expect(() => parseSpec(r, "x.json")).toThrow(
      `methods[1].method: unknown method "lora" (known: ${methodIds().join(", ")})`,
    );
  });

  test("selectors: spec id, paper, table name (Arabic or Roman numerals, any case), main, tables, figures, all", () => {
    expect(selectSpecs(specs, "xpe-table1").map((s) => s.id)).toEqual(["xpe-table1"]);
    expect(selectSpecs(specs, "MPT-TableII").map((s) => s.id)).toEqual(["mpt-tableII"]);
    expect(selectSpecs(specs, "spt").map((s) => s.id)).toEqual([
      "spt-fig2",
      "spt-fig3",
      "spt-fig4",
      "spt-fig5",
      "spt-table1",
      "spt-table4",
    ]);
    expect(selectSpecs(specs, "xpe").map((s) => s.id)).toEqual(["xpe-fig2", "xpe-table1", "xpe-table2", "xpe-table3"]);
    expect(selectSpecs(specs, "table1").map((s) => s.id)).toEqual(["mpt-tableI", "spt-table1", "xpe-table1"]);
    expect(selectSpecs(specs, "table2").map((s) => s.id)).toEqual(["mpt-tableII", "uniprompt-table2", "xpe-table2"]);
    expect(selectSpecs(specs, "tableII").map((s) => s.id)).toEqual(["mpt-tableII", "uniprompt-table2", "xpe-table2"]);
    expect(selectSpecs(specs, "fig4").map((s) => s.id)).toEqual(["mpt-fig4", "spt-fig4", "uniprompt-fig4"]);
    expect(selectSpecs(specs, "uniprompt").map((s) => s.id)).toEqual([
      "uniprompt-fig4",
      "uniprompt-table2",
      "uniprompt-table3",
      "uniprompt-table5",
    ]);
    expect(selectSpecs(specs, "mpt").map((s) => s.id)).toEqual([
      "mpt-fig3",
      "mpt-fig4",
      "mpt-fig5",
      "mpt-tableI",
      "mpt-tableII",
    ]);
    expect(selectSpecs(specs, "main").map((s) => s.id)).toEqual([
      "mpt-tableI",
      "spt-table4",
      "uniprompt-table2",
      "xpe-table1",
    ]);
    expect(selectSpecs(specs, "all")).toHaveLength(19);
    expect(selectSpecs(specs, "tables").map((s) => s.id)).not.toContain("uniprompt-fig4");
    expect(selectSpecs(specs, "figures").map((s) => s.id)).toEqual([
      "mpt-fig3",
      "mpt-fig4",
      "mpt-fig5",
      "spt-fig2",
      "spt-fig3",
      "spt-fig4",
      "spt-fig5",
      "uniprompt-fig4",
      "xpe-fig2",
    ]);
    expect(() => selectSpecs(specs, "table9")).toThrow('no spec matches "table9"');
  });
});

describe("UniPrompt specs and what the registries check", () => {
  const uni = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "uniprompt-table2.json"), "utf8"));
  const fig = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "uniprompt-fig4.json"), "utf8"));

  test("a method's parameters are checked by its registry entry, profile overrides merged, naming the field", () => {
    const r = uni();
    r.profiles.smoke.methodParams.uniprompt.towerLayers = 0;
    expect(() => parseSpec(r, "t2.json")).toThrow(
      "t2.json: profiles.smoke.methodParams.uniprompt.towerLayers: expected a positive integer, got 0",
    );
    const q = uni();
    q.methods[4].params.labelWords = "soft";
    expect(() => parseSpec(q, "t2.json")).toThrow(
      't2.json: methods[4].params.labelWords: expected one of "soft-mask-mean", "soft-lm-head", "soft-random", "discrete", got "soft"',
    );
  });

  test("a k, seed or sweep value listed twice is refused, naming the element", () => {
    const r = uni();
    r.task.trainShots = [4, 8, 4];
    expect(() => parseSpec(r, "t2.json")).toThrow("t2.json: task.trainShots[2]: 4 is listed twice");
    const q = uni();
    q.task.trainShots = [4, 0];
    expect(() => parseSpec(q, "t2.json")).toThrow("t2.json: task.trainShots[1]: expected a positive integer, got 0");
    const f = fig();
    f.profiles.smoke.sweepValues = [1, 1];
    expect(() => parseSpec(f, "f4.json")).toThrow("f4.json: profiles.smoke.sweepValues[1]: 1 is listed twice");
  });

  test("given splits: k and seeds must be the published ones", () => {
    const r = uni();
    r.task.trainShots = [4, 5];
    expect(() => parseSpec(r, "t2.json")).toThrow(
      "t2.json: task.trainShots: marc publishes k-shot splits for k = 4, 8, 16, 32, 64, 128, 256, not 5",
    );
    const q = uni();
    q.profiles.smoke.seeds = [13, 14];
    expect(() => parseSpec(q, "t2.json")).toThrow(
      "t2.json: profiles.smoke.seeds[1]: a marc seed names one of its published splits (13, 21, 42, 87, 100), not 14",
    );
  });

  test("a misspelled sweep parameter, a figure language that is not a target and an average named like a language are named", () => {
    const f = fig();
    f.sweep.param = "towerLayer";
    expect(() => parseSpec(f, "f4.json")).toThrow('f4.json: sweep.param: "towerLayer" is not a parameter of uniprompt');
    const g = fig();
    g.figure.language = "ko";
    expect(() => parseSpec(g, "f4.json")).toThrow('f4.json: figure.language: "ko" is not a target');
    const r = uni();
    r.targets.averageKey = "de";
    expect(() => parseSpec(r, "t2.json")).toThrow('t2.json: targets.averageKey: "de" is a marc language code');
  });
});
