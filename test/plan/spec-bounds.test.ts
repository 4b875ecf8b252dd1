// Spec numbers with natural bounds are refused when the spec loads, naming the
// field: a prompt length or a step budget such as 1e9 (a cell that would hang
// or run for years), and draws of more examples per class than the dataset's
// splits hold (a cell that would stop when it starts).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { LanguageTable } from "../../datasets/languages.ts";
import { methodInfo } from "../../methods/registry.ts";
import { planSpec } from "../../plan/plan.ts";
import { parseSpec } from "../../plan/spec-schema.ts";

// deno-lint-ignore no-explicit-any
const raw = (id: string): any => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", `${id}.json`), "utf8"));
const load = (id: string, change: (r: ReturnType<typeof raw>) => void) => {
  const r = raw(id);
  change(r);
  return () => parseSpec(r, `${id}.json`);
};

describe("plain ceilings", () => {
  test("promptLength 1e9 is refused (a cell that hung with no output), in every prompt method", () => {
    expect(load("spt-table4", (r) => (r.methods[0].params.promptLength = 1e9))).toThrow(
      "spt-table4.json: methods[0].params.promptLength: expected a positive integer up to 1024, got 1000000000",
    );
    expect(load("xpe-table2", (r) => (r.methods[3].params.promptLength = 1e9))).toThrow(
      "methods[3].params.promptLength: expected a positive integer up to 1024",
    );
    expect(load("uniprompt-table2", (r) => (r.methods[3].params.promptLength = 5000))).toThrow(
      "methods[3].params.promptLength: expected a positive integer up to 1024, got 5000",
    );
    expect(load("mpt-tableI", (r) => (r.methods[3].params.promptLength = 1e9))).toThrow(
      "methods[3].params.promptLength: expected a positive integer up to 1024",
    );
    const prefix = { lr: 0.01, prefixLength: 1e9 };
    expect(() => methodInfo("prefix-tuning").params(prefix, "params", "x")).toThrow(
      "x: params.prefixLength: expected a positive integer up to 1024, got 1000000000",
    );
    expect(load("spt-table4", (r) => (r.methods[0].params.promptLength = 1024))).not.toThrow();
  });

  test("a step budget or an epoch count beyond any run is refused", () => {
    expect(load("xpe-table1", (r) => (r.profiles.paper.training.maxSteps = 1e9))).toThrow(
      "xpe-table1.json: profiles.paper.training.maxSteps: expected a positive integer up to 1000000, got 1000000000",
    );
    expect(load("spt-table4", (r) => (r.profiles.smoke.training.epochs = 1e6))).toThrow(
      "spt-table4.json: profiles.smoke.training.epochs: expected a positive integer up to 1000, got 1000000",
    );
  });
});

describe("examples per class against the dataset's splits", () => {
  test("k beyond SIB-200's train split (58 of its smallest class) is refused", () => {
    expect(load("spt-table4", (r) => (r.task.trainShots = 100))).toThrow(
      "spt-table4.json: task.trainShots: k = 100 needs 100 examples of each class, but SIB-200's train split has 58 of its smallest class",
    );
    expect(load("spt-fig3", (r) => (r.task.trainShots = [4, 8, 64]))).toThrow(
      "spt-fig3.json: task.trainShots[2]: k = 64 needs 64 examples",
    );
  });

  test("dev shots beyond SIB-200's dev split (8 of its smallest class), given or derived from k", () => {
    expect(load("spt-table4", (r) => (r.task.devShots = 10))).toThrow(
      "spt-table4.json: task.devShots: devShots 10 (k = 8) needs 10 examples of each class, but SIB-200's dev split has 8 of its smallest class",
    );
    expect(load("spt-fig3", (r) => (r.task.trainShots = [4, 8, 16, 32, 48]))).toThrow(
      'spt-fig3.json: task.devShots: devShots "k/4" (k = 48) needs 12 examples',
    );
  });

  test("XNLI draws k and the dev shots, disjoint, from its dev split (830 per class)", () => {
    expect(load("mpt-tableI", (r) => (r.task.trainShots = [256, 512]))).toThrow(
      "mpt-tableI.json: task.trainShots[1]: k = 512 and 512 dev examples per class are drawn, disjoint, from XNLI's dev split, which has 830 of its smallest class",
    );
    expect(load("mpt-tableI", (r) => (r.task.trainShots = [256, 415]))).not.toThrow();
  });

  test("testPerClass beyond the test split, and beyond a dev split evaluated with --eval-split dev", () => {
    expect(load("xpe-table2", (r) => (r.profiles.smoke.testPerClass = 20))).toThrow(
      "xpe-table2.json: profiles.smoke.testPerClass: testPerClass 20 needs 20 examples of each class, but SIB-200's test split has 17 of its smallest class",
    );
    const spec = load("xpe-table2", () => {})();
    const langs = new LanguageTable([]);
    expect(() => planSpec(spec, langs, { profile: "smoke", evalSplit: "dev", langs: ["eng_Latn"] })).toThrow(
      "--eval-split dev: profiles.smoke.testPerClass 10 needs 10 examples of each class, but SIB-200's dev split has 8 of its smallest class",
    );
  });
});
