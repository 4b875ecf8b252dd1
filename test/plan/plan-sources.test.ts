// Source sets, derived specs and full supervision's two stages, as planned: counts from fixture specs
// (test/fixtures/specs/), what the shipped specs share with each other from specs/.
import { drawSeeds } from "../../core/seed.ts";
import { describe, expect, test } from "bun:test";
import { planSpec } from "../../plan/plan.ts";
import { LanguageTable, parseMetaCsv } from "../../datasets/languages.ts";
import { SIB200_LANGUAGES } from "../../datasets/sib200.ts";
import { fixtureSpec, shippedSpecs } from "../helpers/specs.ts";

const specs = shippedSpecs();
const xpe = fixtureSpec("fixture-xpe"), full = fixtureSpec("fixture-xpe-full");
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
    const p = planSpec(xpe, langs, { profile: "smoke" });
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
    const sets = xpe.profiles.smoke.sourceSets ?? xpe.task.sourceSets!.map((s) => s.name);
    expect(p.cells).toHaveLength(xpe.methods.length * sets.length * drawSeeds(xpe.profiles.smoke.seeds).length);
  });

  test("the smoke profile spreads each set to its size; the paper profile keeps the whole set", () => {
    const smoke = planSpec(xpe, langs, { profile: "smoke" }).cells.find((c) => c.row.source === "Joshi5")!;
    const paper = planSpec(xpe, langs, { profile: "paper" }).cells.find((c) => c.row.source === "Joshi5")!;
    expect(smoke.config.sources).toHaveLength(5);
    expect(paper.config.sources).toEqual([...J5].sort());
  });

  test("XPE Table 1's smoke profile runs its EnArZho set only", () => {
    const t1 = specs["xpe-table1"], p = planSpec(t1, langs, { profile: "smoke" });
    const rows = t1.methods.filter((m) => t1.profiles.smoke.rows?.includes(m.id) ?? true);
    expect(p.cells).toHaveLength(rows.length * drawSeeds(t1.profiles.smoke.seeds).length);
    expect(p.cells.map((c) => c.row.golden.setting)).toEqual(p.cells.map(() => "source:EnArZho"));
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
    // k = 8 (dev k/4 = 2), prompt length 10 and the plain w/ MF row are Table 4's: one cell per seed the two run
    for (const fig of ["spt-fig3", "spt-fig4", "spt-fig5"]) {
      const seeds = drawSeeds(specs[fig].profiles.smoke.seeds).filter((s) =>
        drawSeeds(specs["spt-table4"].profiles.smoke.seeds).includes(s)
      );
      expect(seeds.length).toBeGreaterThan(0);
      expect([...ids(fig)].filter((x) => t4.has(x))).toHaveLength(seeds.length);
    }
  });
});

describe("full supervision", () => {
  const p = planSpec(full, langs, { profile: "smoke" });
  const smoke = full.profiles.smoke;

  test("a first-stage cell per seed, then a cell per target language starting from it", () => {
    expect(p.prerequisites).toHaveLength(full.methods.length * drawSeeds(smoke.seeds).length);
    const targets = p.backbones[0].targets;
    expect(p.cells).toHaveLength(full.methods.length * drawSeeds(smoke.seeds).length * targets.length);
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
    expect(p.prerequisites[0].config.training.maxSteps).toBe(smoke.training.maxSteps);
    expect(p.cells[0].config.training.maxSteps).toBe(smoke.targetTraining!.maxSteps);
    expect(smoke.training.maxSteps).not.toBe(smoke.targetTraining!.maxSteps);
    expect(p.prerequisites[0].config.sources).toEqual([...J5].sort());
  });

  test("a union group is the union of the run's members of its groups", () => {
    const g = p.backbones[0].groups;
    expect(g["divers-all-46"]).toEqual([...new Set([...g["divers-unseen-23"], ...g["divers-seen-23"]])].sort());
    expect(g["divers-unseen-23"]).toHaveLength(smoke.languagesPerGroup!);
  });
});
