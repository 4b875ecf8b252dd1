import { methodIds } from "../../methods/registry.ts";
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { type Spec, SPEC_SCHEMA_FILE } from "../../core/spec.ts";
import { loadSpecDir, parseSpec } from "../../plan/spec-schema.ts";
import { selectSpecs } from "../../plan/select.ts";
import { methodInfo } from "../../methods/registry.ts";
import { fixtureSpec } from "../helpers/specs.ts";

const specs = loadSpecDir(join(PROJECT_ROOT, "specs"));
const raw = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "xpe-table1.json"), "utf8"));

describe("specs", () => {
  test("every spec file loads and validates, named by its id; each has a paper and a smoke profile", () => {
    // the folder's own files, so that a spec added to specs/ is checked here and changes no expected list
    const files = readdirSync(join(PROJECT_ROOT, "specs")).filter((f) => f.endsWith(".json") && f !== SPEC_SCHEMA_FILE);
    expect(files.length).toBeGreaterThan(0);
    expect(specs.map((s) => `${s.id}.json`).sort()).toEqual(files.sort());
    for (const s of specs) expect(Object.keys(s.profiles), s.id).toEqual(expect.arrayContaining(["paper", "smoke"]));
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
    r.methods[1].method = "no-such-method";
    expect(() => parseSpec(r, "x.json")).toThrow(
      `methods[1].method: unknown method "no-such-method" (known: ${methodIds().join(", ")})`,
    );
  });

  test("selectors: spec id, paper, table name (Arabic or Roman numerals, any case), main, tables, figures, all", () => {
    // a made-up folder of specs (the SPT fixture under other ids, papers and tables), so that a spec added to specs/
    // changes no expected list here
    const base = fixtureSpec("fixture-spt");
    const figure = { x: "k" as const, caption: "a figure" };
    const mk = (id: string, paper: Spec["paper"], table: string, more: Partial<Spec> = {}): Spec => ({
      ...base,
      id,
      paper,
      table,
      main: undefined,
      figure: undefined,
      ...more,
    });
    const set = [
      mk("mpt-fig3", "mpt", "fig3", { figure }),
      mk("mpt-tableI", "mpt", "tableI", { main: true }),
      mk("mpt-tableII", "mpt", "tableII"),
      mk("spt-fig4", "spt", "fig4", { figure }),
      mk("spt-table1", "spt", "table1"),
      mk("spt-table4", "spt", "table4", { main: true }),
      mk("uniprompt-fig4", "uniprompt", "fig4", { figure }),
      mk("uniprompt-table2", "uniprompt", "table2"),
      mk("xpe-table1", "xpe", "table1", { main: true }),
      mk("xpe-table2", "xpe", "table2"),
      mk("peft-marc", "peft", "marc-uniprompt"),
      mk("peft-sib", "peft", "sib200-xpe"),
    ];
    const ids = (selector: string) => selectSpecs(set, selector).map((s) => s.id);
    expect(ids("xpe-table1")).toEqual(["xpe-table1"]);
    expect(ids("MPT-TableII")).toEqual(["mpt-tableII"]);
    expect(ids("spt")).toEqual(["spt-fig4", "spt-table1", "spt-table4"]);
    expect(ids("xpe")).toEqual(["xpe-table1", "xpe-table2"]);
    expect(ids("table1")).toEqual(["mpt-tableI", "spt-table1", "xpe-table1"]);
    expect(ids("table2")).toEqual(["mpt-tableII", "uniprompt-table2", "xpe-table2"]);
    expect(ids("tableII")).toEqual(["mpt-tableII", "uniprompt-table2", "xpe-table2"]);
    expect(ids("fig4")).toEqual(["spt-fig4", "uniprompt-fig4"]);
    expect(ids("main")).toEqual(["mpt-tableI", "spt-table4", "xpe-table1"]);
    expect(ids("all")).toEqual(set.map((s) => s.id));
    expect(ids("tables")).toEqual(set.filter((s) => !s.figure).map((s) => s.id));
    expect(ids("figures")).toEqual(["mpt-fig3", "spt-fig4", "uniprompt-fig4"]);
    expect(() => selectSpecs(set, "table9")).toThrow('no spec matches "table9"');
    expect(ids("peft")).toEqual(["peft-marc", "peft-sib"]);
    expect(ids("sib200-xpe")).toEqual(["peft-sib"]);
    // two table names without a number do not match each other
    expect(() => selectSpecs(set, "nonsense")).toThrow('no spec matches "nonsense"');
  });

  test("the shipped specs: each answers to its id and its paper, the four main tables and the Roman-numeral tables are there", () => {
    for (const s of specs) {
      expect(selectSpecs(specs, s.id), s.id).toEqual([s]);
      expect(selectSpecs(specs, s.paper), s.id).toContain(s);
      expect(selectSpecs(specs, s.figure ? "figures" : "tables"), s.id).toContain(s);
    }
    expect(selectSpecs(specs, "all")).toEqual(specs);
    const ids = (selector: string) => selectSpecs(specs, selector).map((s) => s.id);
    expect(ids("main")).toEqual(expect.arrayContaining(["mpt-tableI", "spt-table4", "uniprompt-table2", "xpe-table1"]));
    expect(ids("MPT-TableII")).toEqual(["mpt-tableII"]);
    expect(ids("tableII")).toEqual(expect.arrayContaining(["mpt-tableII", "uniprompt-table2", "xpe-table2"]));
    expect(ids("table1")).toEqual(expect.arrayContaining(["mpt-tableI", "spt-table1", "xpe-table1"]));
  });
});

describe("shipped specs and the methods' architectures", () => {
  test("every row a profile runs has a method defined for each of that profile's backbones", () => {
    const misfits: string[] = [];
    for (const s of specs) {
      for (const [name, p] of Object.entries(s.profiles)) {
        const rows = s.methods.filter((m) => !p.rows || p.rows.includes(m.id));
        for (const { backbone: ref } of p.backbones) {
          const arch = ref.kind === "embedded" ? "xlm-roberta" : ref.architecture;
          for (const m of rows) {
            const allowed = methodInfo(m.method).architectures;
            if (allowed && !allowed.includes(arch)) misfits.push(`${s.id} ${name} ${m.id} on ${ref.id} (${arch})`);
          }
        }
      }
    }
    expect(misfits).toEqual([]);
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
    // the UniPrompt row, wherever the table lists it
    const i = q.methods.findIndex((m: { method: string }) => m.method === "uniprompt");
    q.methods[i].params.labelWords = "soft";
    expect(() => parseSpec(q, "t2.json")).toThrow(
      `t2.json: methods[${i}].params.labelWords: expected one of "soft-mask-mean", "soft-lm-head", "soft-random", "discrete", got "soft"`,
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
