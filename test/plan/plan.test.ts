import { drawSeeds } from "../../core/seed.ts";
import { describe, expect, test } from "bun:test";
import { canonicalJson, contentId } from "../../core/canonical.ts";
import { goldenExclusion, planSpec, spread } from "../../plan/plan.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import type { Cell } from "../../core/record.ts";
import { fixtureSpec, shippedSpecs, syntheticLanguages } from "../helpers/specs.ts";

// counts come from fixture specs (test/fixtures/specs/), so that a row, a language or a seed added to a shipped spec
// changes no test here; what is a shipped spec's own content (the paper's verbalizers, shared cells) reads specs/
const specs = shippedSpecs();
const spt = fixtureSpec("fixture-spt");
const uniK = fixtureSpec("fixture-uniprompt"); // a k axis
const langs = syntheticLanguages();

describe("planning", () => {
  test("cells = methods x backbones x seeds, with stable content ids", () => {
    const a = planSpec(spt, langs, { profile: "smoke" });
    const b = planSpec(spt, langs, { profile: "smoke" });
    const smoke = spt.profiles.smoke;
    expect(a.cells).toHaveLength(spt.methods.length * smoke.backbones.length * drawSeeds(smoke.seeds).length);
    expect(a.cells.map((c) => c.id)).toEqual(b.cells.map((c) => c.id));
    expect(new Set(a.cells.map((c) => c.id)).size).toBe(a.cells.length);
    expect(a.cells[0].id).toBe(contentId(a.cells[0].config));
  });

  test("a backbone's own dropout replaces the profile's in its cells (BLOOM's checkpoints have none)", () => {
    const plan = planSpec(spt, langs, { profile: "paper" });
    const dropout = (id: string) =>
      new Set(plan.cells.filter((c) => c.config.backbone.id === id).map((c) => c.config.training.dropout));
    expect(dropout("bigscience/bloom-560m")).toEqual(new Set([0]));
    expect(dropout("facebook/xglm-564M")).toEqual(new Set([0.1]));
  });

  test("a backbone's own verbalizer words replace the spec's in its cells", () => {
    const plan = planSpec(spt, langs, { profile: "paper" });
    const words = (id: string) => plan.cells.find((c) => c.config.backbone.id === id)!.config.labelWords;
    expect(words("bigscience/bloom-560m")).toEqual([
      "science",
      "travel",
      "government",
      "play",
      "health",
      "fun",
      "earth",
    ]);
    expect(words("facebook/xglm-564M")).toEqual([
      "science",
      "travel",
      "politics",
      "sports",
      "health",
      "entertainment",
      "earth",
    ]);
    expect(planSpec(spt, langs, { profile: "smoke" }).cells[0].config.labelWords).toEqual(
      spt.labelWords,
    );
  });

  test("--seeds and --langs narrow the plan; other languages are rejected", () => {
    const p = planSpec(spt, langs, { profile: "smoke", seeds: [7], langs: ["eng_Latn", "fra_Latn"] });
    expect(p.cells).toHaveLength(spt.methods.length);
    expect(p.cells[0].config.targets).toEqual(["eng_Latn", "fra_Latn"]);
    expect(() => planSpec(spt, langs, { profile: "smoke", langs: ["english"] })).toThrow(
      '"english" is not a SIB-200 language code',
    );
  });

  test("the smoke profile keeps n languages spread over each group", () => {
    const p = planSpec(specs["xpe-table1"], langs, { profile: "smoke" });
    for (const members of Object.values(p.backbones[0].groups)) expect(members.length).toBeLessThanOrEqual(3);
    expect(spread([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
  });

  test("--eval-split dev marks every cell and gives it another id; test cells carry no split field, so their ids do not change", () => {
    const test_ = planSpec(spt, langs, { profile: "smoke" });
    const dev = planSpec(spt, langs, { profile: "smoke", evalSplit: "dev" });
    expect(test_.cells.every((c) => !("evalSplit" in c.config))).toBe(true);
    expect(dev.cells.every((c) => c.config.evalSplit === "dev")).toBe(true);
    expect(dev.cells.map((c) => c.id).filter((id) => test_.cells.some((t) => t.id === id))).toEqual([]);
    expect(goldenExclusion(test_)).toBeNull();
    expect(goldenExclusion(dev)).toContain("dev split");
  });

  test("--backbone replaces a one-backbone profile's backbone, keeps its other settings, and excludes the golden check", () => {
    const ref = { kind: "embedded" as const, id: "candidate-x", label: "candidate-x" };
    const p = planSpec(spt, langs, { profile: "smoke", backbone: ref });
    const base = planSpec(spt, langs, { profile: "smoke" });
    expect(p.cells.map((c) => c.config.backbone)).toEqual(p.cells.map(() => ref));
    expect(p.cells.map((c) => ({ ...c.config, backbone: null }))).toEqual(
      base.cells.map((c) => ({ ...c.config, backbone: null })),
    );
    expect(goldenExclusion(p)).toContain("--backbone candidate-x");
    expect(() => planSpec(spt, langs, { profile: "paper", backbone: ref })).toThrow(
      `has ${spt.profiles.paper.backbones.length} backbones`,
    );
  });

  test("an unknown profile is named", () => {
    expect(() => planSpec(specs["xpe-table1"], langs, { profile: "fast" })).toThrow('has no profile "fast"');
  });

  test("canonical JSON ignores key order and undefined", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });
});

describe("axes and narrowing", () => {
  const uni = Object.fromEntries(Object.values(specs).filter((s) => s.paper === "uniprompt").map((s) => [s.id, s]));
  const none = new LanguageTable([]); // these specs name their languages: no table is read

  test("a k axis and a sweep multiply the cells; rows carry k and the swept value, and the golden file's name for them", () => {
    const t2 = planSpec(uniK, none, { profile: "smoke" });
    const ks = uniK.profiles.smoke.trainShots as number[];
    expect(t2.cells).toHaveLength(uniK.methods.length * ks.length * drawSeeds(uniK.profiles.smoke.seeds).length);
    expect([...new Set(t2.cells.map((c) => c.row.k))]).toEqual(ks);
    // Figure 4 sweeps UniPrompt's tower depth: each swept value is the row's x and its towerLayers, once per seed
    const fig4 = uni["uniprompt-fig4"], f4 = planSpec(fig4, none, { profile: "smoke" });
    expect(f4.cells.map((c) => [c.row.x, (c.config.method.params as { towerLayers: number }).towerLayers])).toEqual(
      fig4.profiles.smoke.sweepValues!.flatMap((v) => drawSeeds(fig4.profiles.smoke.seeds).map(() => [v, v])),
    );
    const t3 = planSpec(uni["uniprompt-table3"], none, { profile: "smoke" });
    expect(t3.cells.find((c) => c.row.method === "uniprompt-init-random")!.row.golden).toEqual({
      method: "uniprompt",
      setting: "init:random",
    });
  });

  test("the same run is one cell in every spec that needs it (Table 2's 16-shot UniPrompt, Table 3's XLM-R row, Table 5's row (4), Figure 4 at p = 3)", () => {
    const id = (spec: string, f: (c: Cell) => boolean) =>
      planSpec(uni[spec], none, { profile: "smoke" }).cells.filter(f).map((c) => c.id).sort();
    const t2 = id("uniprompt-table2", (c) => c.row.method === "uniprompt" && c.row.k === 16);
    expect(t2).toHaveLength(drawSeeds(uni["uniprompt-table2"].profiles.smoke.seeds).length);
    expect(id("uniprompt-table3", (c) => c.row.method === "uniprompt")).toEqual(t2);
    expect(id("uniprompt-table5", (c) => c.row.method === "uniprompt")).toEqual(t2);
    expect(id("uniprompt-fig4", (c) => c.row.x === 3)).toEqual(t2);
  });

  test("--k, --seeds and --langs narrow the plan, and say so (record-golden refuses a narrowed run); a k the profile does not run is named", () => {
    const p = planSpec(uniK, none, { profile: "smoke", ks: [4], seeds: [13], langs: ["de"] });
    expect(p.cells).toHaveLength(uniK.methods.length);
    expect(p.narrowed).toEqual(["--seeds", "--langs", "--k"]);
    expect(planSpec(uniK, none, { profile: "smoke", seeds: [21, 13] }).narrowed).toEqual([]);
    expect(() => planSpec(uniK, none, { profile: "smoke", ks: [8] })).toThrow(
      "--k 8: the smoke profile of fixture-uniprompt runs k = 4, 16",
    );
    expect(() => planSpec(uni["uniprompt-table3"], none, { profile: "smoke", ks: [16] })).toThrow(
      "--k: uniprompt-table3 has no k axis",
    );
    expect(() => planSpec(uniK, none, { profile: "smoke", langs: ["deu_Latn"] })).toThrow(
      '"deu_Latn" is not a MARC language code',
    );
  });

  test("--methods runs the named rows, and a run without all of the profile's rows is narrowed", () => {
    const [first, second] = uniK.methods.map((m) => m.id);
    const one = planSpec(uniK, none, { profile: "smoke", rows: [second] });
    expect([...new Set(one.cells.map((c) => c.row.method))]).toEqual([second]);
    expect(one.narrowed).toEqual(["--methods"]);
    const all = planSpec(uniK, none, { profile: "smoke", rows: uniK.methods.map((m) => m.id) });
    expect(all.narrowed).toEqual([]);
    expect(all.cells.map((c) => c.id)).toEqual(planSpec(uniK, none, { profile: "smoke" }).cells.map((c) => c.id));
    expect(() => planSpec(uniK, none, { profile: "smoke", rows: [first, "lora"] })).toThrow(
      `--methods lora: not a row of fixture-uniprompt (rows: ${uniK.methods.map((m) => m.id).join(", ")})`,
    );
  });
});
