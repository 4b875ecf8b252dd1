// Source sets, derived specs and full supervision's two stages, as planned from the project's specs.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { planSpec } from "../../plan/plan.ts";
import { loadSpecDir } from "../../plan/spec-schema.ts";
import { LanguageTable, parseMetaCsv } from "../../datasets/languages.ts";
import { SIB200_LANGUAGES } from "../../datasets/sib200.ts";

const specs = Object.fromEntries(loadSpecDir(join(PROJECT_ROOT, "specs")).map((s) => [s.id, s]));
// a synthetic table: Joshi 5 for seven codes, "seen" for codes before m
const J5 = ["eng_Latn", "arb_Arab", "zho_Hans", "fra_Latn", "deu_Latn", "spa_Latn", "jpn_Jpan"];
const langs = new LanguageTable(
  parseMetaCsv(
    "code,name,class,family,region,xlmr\n" +
      SIB200_LANGUAGES.map((c) => `${c},${c},${J5.includes(c) ? 5 : 1},F,R,${c < "m" ? 1 : 0}`).join("\n"),
    "meta",
  ),
);
const ids = (id: string) => new Set(planSpec(specs[id], langs, { profile: "smoke" }).cells.map((c) => c.id));

describe("source sets", () => {
  test("every row runs on every set of the profile, its golden setting naming the set", () => {
    const p = planSpec(specs["xpe-table2"], langs, { profile: "smoke" });
    const settings = new Set(p.cells.map((c) => `${c.row.method} ${c.row.golden.setting}`));
    expect([...settings].sort()).toEqual([
      "dual-xpe-30 source:Joshi5",
      "dual-xpe-30 source:Seen",
      "dual-xpe-70 source:Joshi5",
      "dual-xpe-70 source:Seen",
      "spt source:Joshi5",
      "spt source:Seen",
      "xpe source:Joshi5",
      "xpe source:Seen",
    ]);
    expect(p.cells).toHaveLength(16);
  });

  test("the smoke profile spreads each set to its size; the paper profile keeps the whole set", () => {
    const smoke = planSpec(specs["xpe-table2"], langs, { profile: "smoke" }).cells.find((c) =>
      c.row.source === "Joshi5"
    )!;
    const paper = planSpec(specs["xpe-table2"], langs, { profile: "paper" }).cells.find((c) =>
      c.row.source === "Joshi5"
    )!;
    expect(smoke.config.sources).toHaveLength(5);
    expect(paper.config.sources).toEqual([...J5].sort());
  });

  test("XPE Table 1's smoke profile runs its EnArZho set only", () => {
    const p = planSpec(specs["xpe-table1"], langs, { profile: "smoke" });
    expect(p.cells.map((c) => c.row.golden.setting)).toEqual(Array(4).fill("source:EnArZho"));
    expect(p.cells[0].config.sources).toEqual(["arb_Arab", "eng_Latn", "zho_Hans"]);
  });
});

describe("derived specs", () => {
  test("a derived spec plans exactly its base's cells, so running it reuses them", () => {
    expect(ids("spt-table1")).toEqual(ids("spt-table4"));
    expect(ids("xpe-fig2")).toEqual(ids("xpe-table2"));
    expect(specs["spt-table1"].main).toBeUndefined();
    expect(specs["spt-table1"].correlation!.columns).toContain("geo");
  });

  test("figures that share a configuration with a table share its cells", () => {
    const t4 = ids("spt-table4");
    // k = 8 (dev k/4 = 2), prompt length 10 and the plain w/ MF row are Table 4's
    for (const fig of ["spt-fig3", "spt-fig4", "spt-fig5"]) {
      expect([...ids(fig)].filter((x) => t4.has(x))).toHaveLength(2);
    }
  });
});

describe("full supervision", () => {
  const p = planSpec(specs["xpe-table3"], langs, { profile: "smoke" });

  test("a first-stage cell per seed, then a cell per target language starting from it", () => {
    expect(p.prerequisites).toHaveLength(2);
    const targets = p.backbones[0].targets;
    expect(p.cells).toHaveLength(2 * targets.length);
    for (const c of p.cells) {
      expect(c.config.setting).toBe("full-supervision");
      expect(c.config.sources).toEqual(c.config.targets);
      expect(c.config.targets).toHaveLength(1);
      const first = p.prerequisites.find((x) => x.id === c.config.initFrom!.id)!;
      expect(first.config.seed).toBe(c.config.seed);
      expect(first.config.targets).toEqual(targets);
    }
  });

  test("the first stage trains on the sources with the profile's training, the second with its targetTraining", () => {
    expect(p.prerequisites[0].config.training.maxSteps).toBe(60);
    expect(p.cells[0].config.training.maxSteps).toBe(30);
    expect(p.prerequisites[0].config.sources).toEqual([...J5].sort());
  });

  test("a union group is the union of the run's members of its groups", () => {
    const g = p.backbones[0].groups;
    expect(g["divers-all-46"]).toEqual([...new Set([...g["divers-unseen-23"], ...g["divers-seen-23"]])].sort());
    expect(g["divers-unseen-23"]).toHaveLength(2);
  });
});
