// The token positions a cell needs against the backbone's, found by preflight
// before any cell starts (a cell that cannot start says why within seconds):
// the training's maxLength, and a method's prompt beside or within it.
import { drawSeeds } from "../../core/seed.ts";
import { expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { Spec } from "../../core/spec.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import { planSpec } from "../../plan/plan.ts";
import { preflightProblems } from "../../run/preflight.ts";
import { tempDir } from "../helpers/mirror.ts";
import { shippedSpecs } from "../helpers/specs.ts";

const specs = shippedSpecs();
const fetch = { mirrors: [], cacheDir: tempDir("xlt-preflight-room-") };
const offline = { XLT_BACKEND: "wasm", HF_HUB_OFFLINE: "1", HF_HUB_CACHE: tempDir("xlt-hub-"), XLT_MODELS: "" };

/** Preflight of a shipped spec's smoke profile (the embedded backbone: 128 token positions), changed by `change`. */
async function problems(id: string, change: (s: Spec) => void, langs = ["eng_Latn"]): Promise<string[]> {
  const spec = structuredClone(specs[id]);
  change(spec);
  const plan = planSpec(spec, new LanguageTable([]), {
    profile: "smoke",
    langs,
    seeds: [drawSeeds(spec.profiles.smoke.seeds)[0]],
  });
  return preflightProblems(plan, fetch.cacheDir, fetch, () => {}, offline);
}
const row = (s: Spec, id: string) => s.methods.find((m) => m.id === id)!;

test("SPT's prompt beside maxLength tokens must fit the backbone's positions", async () => {
  expect(await problems("spt-table4", (s) => (row(s, "spt-mf").params.promptLength = 100))).toEqual([
    "spt-table4 w/ MF: promptLength 100 and maxLength 48 need 148 positions; the backbone has 128: lower maxLength or promptLength",
  ]);
  expect(await problems("spt-table4", (s) => (row(s, "spt-mf").params.promptLength = 80))).toEqual([]);
});

test("XPE and DUAL too, their prompt's length overridden by the profile", async () => {
  const found = await problems("xpe-table1", (s) => {
    // one source set and target named by code, so that no language table is read
    s.targets = { languages: ["eng_Latn"] };
    s.task.sourceSets = [{ name: "En", languages: ["eng_Latn"] }];
    delete s.profiles.smoke.sourceSets;
    delete s.profiles.smoke.rows;
    const own = s.profiles.smoke.methodParams ?? {};
    for (const id of ["xpe", "dual-xpe-70"]) own[id] = { ...own[id], promptLength: 90 };
    s.profiles.smoke.methodParams = own;
  });
  expect(found).toHaveLength(2);
  for (const [i, id] of ["dual-xpe-70", "xpe"].entries()) {
    expect(found[i]).toBe(
      `xpe-table1 ${
        row(specs["xpe-table1"], id).label
      }: promptLength 90 and maxLength 48 need 138 positions; the backbone has 128: lower maxLength or promptLength`,
    );
  }
});

test("a template's prompt slots must leave room within maxLength (soft-prompt, sp, mpt)", async () => {
  expect(await problems("uniprompt-table2", (s) => (row(s, "soft-prompt").params.promptLength = 48), ["de"]))
    .toEqual([
      "uniprompt-table2 Soft Prompt: promptLength 48 fills maxLength 48, which also holds the template's other tokens: lower promptLength or raise maxLength",
    ]);
  const mpt = await problems("mpt-tableI", (s) => (row(s, "mpt").params.promptLength = 64), ["en"]);
  expect(mpt).toHaveLength(1);
  expect(mpt[0]).toContain("promptLength 64 fills maxLength 64");
});

test("prefix-tuning's prefix counts before the tokens' positions", async () => {
  const found = await problems("peft-sib200-spt", (s) => (row(s, "prefix-tuning").params.prefixLength = 100));
  expect(found).toHaveLength(1);
  expect(found[0]).toContain("prefixLength 100 and maxLength 48 need 148 positions; the backbone has 128");
});

test("a maxLength beyond the backbone's positions is named with its field", async () => {
  const found = await problems("spt-table4", (s) => (s.profiles.smoke.training.maxLength = 200));
  expect(found[0]).toBe(
    "spt-table4: profiles.smoke.training.maxLength 200 is more than the 128 token positions of xlt-embedded-mini-v4: a longer example would stop its cell mid-run; lower maxLength",
  );
});

test("decoders: XGLM's positions from its config.json; BLOOM's ALiBi has none to run out of", async () => {
  // the paper profile's checkpoints stood in for by the 40-position reference fixtures
  const ref = join(PROJECT_ROOT, "test", "fixtures", "reference");
  const env = {
    ...offline,
    XLT_BACKEND: "tensorflow",
    XLT_MODELS: `facebook/xglm-564M=${join(ref, "xglm")},bigscience/bloom-560m=${join(ref, "bloom")}`,
  };
  const spec = structuredClone(specs["spt-table4"]);
  spec.profiles.paper.backbones = spec.profiles.paper.backbones.filter((b) =>
    ["facebook/xglm-564M", "bigscience/bloom-560m"].includes(b.backbone.id)
  );
  const plan = planSpec(spec, new LanguageTable([]), { profile: "paper", langs: ["eng_Latn"], seeds: [1] });
  // checkpoints resolve through the process environment: set it for this call
  const saved = process.env.XLT_MODELS;
  process.env.XLT_MODELS = env.XLT_MODELS;
  let found: string[];
  try {
    found = await preflightProblems(plan, fetch.cacheDir, fetch, () => {}, env);
  } finally {
    if (saved === undefined) delete process.env.XLT_MODELS;
    else process.env.XLT_MODELS = saved;
  }
  expect(found).toEqual([
    "spt-table4: profiles.paper.training.maxLength 128 is more than the 40 token positions of facebook/xglm-564M: a longer example would stop its cell mid-run; lower maxLength",
    "spt-table4 w/ MF: promptLength 10 and maxLength 128 need 138 positions; the backbone has 40: lower maxLength or promptLength",
    "spt-table4 w/o MF: promptLength 10 and maxLength 128 need 138 positions; the backbone has 40: lower maxLength or promptLength",
  ]);
});
