// A spec that extends another: completed from its base, it plans the base's very
// cells for the rows they share (so their records are reused), adds and drops
// rows, narrows seeds and target languages, and its errors name its own file.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Spec } from "../../core/spec.ts";
import { planSpec } from "../../plan/plan.ts";
import { loadSpecDirs } from "../../plan/spec-schema.ts";
import { FIXTURE_SPECS_DIR, syntheticLanguages } from "../helpers/specs.ts";
import { tempDir } from "../helpers/mirror.ts";

const langs = syntheticLanguages();
const ADDED = { id: "probe-2", method: "finetune", label: "Added row", params: { lr: 0.001 } };

/** The fixture specs and one extension of fixture-xpe in a user folder; returns [base, extension]. */
function extend(over: Record<string, unknown>): [Spec, Spec] {
  const dir = tempDir("xlt-extends-");
  writeFileSync(join(dir, "mine.json"), JSON.stringify({ extends: "fixture-xpe", id: "mine", title: "Mine", ...over }));
  const specs = loadSpecDirs([FIXTURE_SPECS_DIR, dir]);
  return [specs.find((s) => s.id === "fixture-xpe")!, specs.find((s) => s.id === "mine")!];
}

const ids = (s: Spec, profile = "smoke") => planSpec(s, langs, { profile }).cells.map((c) => c.id);

describe("extends", () => {
  test("an added row: the base's cells keep their ids, the added row's cells come after them", () => {
    const [base, mine] = extend({ methods: [ADDED] });
    const shared = ids(base);
    expect(ids(mine).slice(0, shared.length)).toEqual(shared);
    const added = planSpec(mine, langs, { profile: "smoke" }).cells.slice(shared.length);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((c) => c.row.method === "probe-2")).toBe(true);
    expect(mine.extension).toEqual({ of: "fixture-xpe", added: ["probe-2"], dropped: [] });
    expect(mine.paper).toBe(base.paper);
  });

  test("rows keeps a subset of the base's rows, and every profile runs only those and the added ones", () => {
    const [base, mine] = extend({ rows: ["xpe"], methods: [ADDED] });
    expect(mine.methods.map((m) => m.id)).toEqual(["xpe", "probe-2"]);
    expect(mine.extension!.dropped).toEqual(base.methods.map((m) => m.id).filter((id) => id !== "xpe"));
    const xpeCells = planSpec(base, langs, { profile: "smoke" }).cells.filter((c) => c.row.method === "xpe");
    expect(ids(mine).filter((id) => xpeCells.some((c) => c.id === id))).toEqual(xpeCells.map((c) => c.id));
  });

  test("seeds narrow every profile; the seeds kept are the base's cells", () => {
    const [base, mine] = extend({ seeds: [1] });
    const one = planSpec(base, langs, { profile: "smoke", seeds: [1] }).cells.map((c) => c.id);
    expect(ids(mine)).toEqual(one);
    expect(ids(mine, "paper")).toEqual(planSpec(base, langs, { profile: "paper", seeds: [1] }).cells.map((c) => c.id));
  });

  test("languages keep those targets in their groups, and the plan is not marked narrowed", () => {
    const targets = planSpec(extend({})[0], langs, { profile: "smoke" }).backbones[0].targets;
    const [, mine] = extend({ languages: targets.slice(0, 2) });
    const plan = planSpec(mine, langs, { profile: "smoke" });
    expect(plan.backbones[0].targets).toEqual(targets.slice(0, 2));
    expect(plan.narrowed).toEqual([]);
  });

  test("profiles set an added row's parameters and the rows of one profile, leaving the others as they were", () => {
    const [base, mine] = extend({
      methods: [ADDED],
      profiles: { smoke: { methodParams: { "probe-2": { lr: 0.5 } }, rows: ["probe-2"] } },
    });
    const smoke = planSpec(mine, langs, { profile: "smoke" }).cells;
    expect(new Set(smoke.map((c) => c.row.method))).toEqual(new Set(["probe-2"]));
    expect(smoke.every((c) => c.config.method.params.lr === 0.5)).toBe(true);
    const paper = planSpec(mine, langs, { profile: "paper" }).cells;
    expect(paper.filter((c) => c.row.method === "probe-2").every((c) => c.config.method.params.lr === 0.001)).toBe(
      true,
    );
    expect(new Set(paper.map((c) => c.row.method))).toEqual(new Set([...base.methods.map((m) => m.id), "probe-2"]));
  });

  test("a dropped row's per-backbone overrides go with it", () => {
    const dir = tempDir("xlt-extends-");
    writeFileSync(
      join(dir, "mine.json"),
      JSON.stringify({ extends: "fixture-spt", id: "mine", title: "M", rows: ["spt-mf"] }),
    );
    const mine = loadSpecDirs([FIXTURE_SPECS_DIR, dir]).find((s) => s.id === "mine")!;
    const overrides = mine.profiles.paper.backbones.map((b) => Object.keys(b.methodParams ?? {}));
    expect(overrides).toEqual([["spt-mf"], ["spt-mf"]]);
    expect(planSpec(mine, langs, { profile: "paper" }).cells.every((c) => c.row.method === "spt-mf")).toBe(true);
  });

  test("costFront is the extension's own report option", () => {
    expect(extend({ costFront: { key: "unseen" } })[1].costFront).toEqual({ key: "unseen" });
    expect(extend({})[1].costFront).toBeUndefined();
  });

  test("paper, table and citation are free text, each the base's when absent", () => {
    const [, mine] = extend({ paper: "my-lab-2026", table: "t1" });
    expect([mine.paper, mine.table]).toEqual(["my-lab-2026", "t1"]);
  });

  for (
    const [name, over, message] of [
      ["an unknown base", { extends: "nope" }, 'mine.json: extends: no spec with id "nope"'],
      ["an added row with a base row's id", { methods: [{ ...ADDED, id: "xpe" }] }, 'methods[0].id: "xpe" is a row'],
      ["a row the base lacks", { rows: ["xpe", "lora"] }, 'mine.json: rows[1]: "lora" is not a row of fixture-xpe'],
      [
        "an added row's unknown method, named where the file has it",
        { methods: [{ ...ADDED, method: "no-such-method" }] },
        'mine.json: methods[0].method: unknown method "no-such-method"',
      ],
      ["an unknown field", { rowz: ["xpe"] }, "mine.json: rowz: unknown field"],
      [
        "a profile the base lacks",
        { profiles: { fast: {} } },
        'mine.json: profiles.fast: fixture-xpe has no profile "fast"',
      ],
      [
        "a profile's parameters for a row the spec lacks",
        { rows: ["xpe"], profiles: { smoke: { methodParams: { spt: { lr: 1 } } } } },
        'mine.json: profiles.smoke.methodParams: "spt" is not a row of this spec (xpe)',
      ],
    ] as const
  ) {
    test(`refused: ${name}`, () => {
      expect(() => extend(over as Record<string, unknown>)).toThrow(message);
    });
  }

  test("an id given in two folders is refused, naming both files", () => {
    const dir = tempDir("xlt-extends-");
    writeFileSync(join(dir, "copy.json"), JSON.stringify({ extends: "fixture-xpe", id: "fixture-spt", title: "T" }));
    expect(() => loadSpecDirs([FIXTURE_SPECS_DIR, dir])).toThrow('"fixture-spt" is also the id of');
  });
});
