// A real run narrowed by --langs, through the command line (real tiny
// trainings on the shared mirror's data; skipped without it): it shows in
// `bench compare` against a full run of the same table, and in `bench
// leaderboard`, marked partial, and its per-language numbers equal the full
// run's, since a cell's training does not depend on the languages it is
// evaluated on. The spec is the SPT Table 4 fixture (test/fixtures/specs/) cut
// to one row, one seed, four languages and 14 steps.
import { beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";
import { readRecords, runCli } from "../helpers/cli.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { FIXTURE_SPECS_DIR } from "../helpers/specs.ts";

const SPEC = JSON.parse(readFileSync(join(FIXTURE_SPECS_DIR, "fixture-spt.json"), "utf8"));
const smoke = SPEC.profiles.smoke;
const LANGS: string[] = smoke.languages.slice(0, 4);
const KEEP = LANGS.slice(1, 3);
SPEC.profiles.smoke = {
  ...smoke,
  seeds: [1],
  languages: LANGS,
  rows: [SPEC.methods[0].id],
  testPerClass: 2,
  training: { ...smoke.training, epochs: undefined, maxSteps: 14, evalEvery: 7 },
};
const SPECS = tempDir("xlt-partial-specs-");
writeFileSync(join(SPECS, `${SPEC.id}.json`), JSON.stringify(SPEC));
const ENV = {
  ...process.env,
  XLT_DATA_MIRRORS: MIRROR,
  XLT_CACHE_DIR: tempDir("xlt-partial-cache-"),
  XLT_SPECS_DIR: SPECS,
};
const bench = (args: string[]) => runCli(args, ENV, 600_000);
const T = 120_000;

describe.skipIf(!HAS_MIRROR)("a --langs run beside a full run (uses the shared mirror)", () => {
  const full = tempDir("xlt-partial-full-"), langs = tempDir("xlt-partial-langs-");
  let a: ResultRecord, b: ResultRecord;
  beforeAll(() => {
    for (const [dir, extra] of [[full, []], [langs, ["--langs", KEEP.join(",")]]] as const) {
      const r = bench([SPEC.id, "--results", dir, "--jobs", "1", ...extra]);
      expect(r.code, r.out).toBe(0);
    }
    [a] = [...readRecords(full).values()];
    [b] = [...readRecords(langs).values()];
  }, 900_000);

  test("the --langs run is other cells (its config holds its targets), with the same training", () => {
    expect(b.cellId).not.toBe(a.cellId);
    expect([a.config.targets, b.config.targets]).toEqual([LANGS, KEEP]);
    expect(b.training).toEqual(a.training);
  });

  test("its per-language numbers equal the full run's, prediction for prediction", () => {
    for (const l of KEEP) expect(b.metrics[l], l).toEqual(a.metrics[l]);
  });

  test(
    "bench compare: the table is compared, B marked partial, the group row not tested: inconclusive (exit 3)",
    () => {
      const r = bench(["compare", full, langs, "--json", "--html", join(tempDir(), "c.html")]);
      expect(r.code, r.out).toBe(3);
      // stdout's JSON, then stderr's lines on what was not tested
      const j = JSON.parse(r.out.slice(r.out.indexOf("{"), r.out.lastIndexOf("\n}") + 2));
      const [t] = j.tables;
      expect([j.tables.length, t.spec, t.profile, t.partial.a]).toEqual([1, SPEC.id, "smoke", null]);
      expect(t.partial.b.text).toBe(
        `--langs: target languages 2 of 4 (missing: ${LANGS.filter((l) => !KEEP.includes(l)).join(", ")})`,
      );
      expect(t.rows.map((x: { verdict: string; notes: string[] }) => [x.verdict, x.notes])).toEqual([[
        "not tested",
        [
          "B averages 2 of the group's 4 languages (a --langs run): not tested, its averages are over different languages; the per-language rows compare what both ran",
        ],
      ]]);
      const both = t.languages.filter((l: { difference: number | null }) => l.difference !== null);
      expect(both.map((l: { key: string; difference: number }) => [l.key, l.difference])).toEqual(
        KEEP.map((l) => [l, 0]),
      );
    },
    T,
  );

  test("bench compare's text names the partial side and what it lacks", () => {
    const r = bench(["compare", full, langs, "--html", join(tempDir(), "c.html")]);
    expect(r.code, r.out).toBe(3);
    expect(r.out).toContain("compare: inconclusive: 1 cell(s) in both runs could not be tested");
    expect(r.out).toContain(`\nB partial: --langs: target languages 2 of 4 (missing: `);
    expect(r.out).not.toContain("fill no table");
  }, T);

  test("bench leaderboard: the --langs run fills the table, marked partial on its page and in its ranks", () => {
    const site = join(tempDir(), "site");
    const r = bench([
      "leaderboard",
      "--results",
      full,
      "--label",
      "full",
      "--results",
      langs,
      "--label",
      "langs",
      "--out",
      site,
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`run langs: 1 records in ${langs}, 1 spec profiles (1 partial)\n`);
    expect(r.out).toContain(`  partial: ${SPEC.id} (smoke): --langs: target languages 2 of 4 (missing: `);
    const page = readFileSync(join(site, "tables", `${SPEC.id}.html`), "utf8");
    expect(page).toContain("<b>Partial run</b><ul><li>langs: --langs: target languages 2 of 4");
    const ranking = JSON.parse(readFileSync(join(site, "data", `${SPEC.id}-smoke-ranking.json`), "utf8"));
    expect(ranking.map((s: { run: string; partial: string | null }) => [s.run, s.partial !== null]).sort()).toEqual([
      ["full", false],
      ["langs", true],
    ]);
  }, T);

  test(
    "bench leaderboard: no file of the site holds a local path (the checkout, the results folders, the cache, ~, the temporary folder)",
    () => {
      const site = join(tempDir(), "site");
      const r = bench(["leaderboard", "--results", full, "--out", site]);
      expect(r.code, r.out).toBe(0);
      const walk = (d: string): string[] =>
        readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
      const needles = [PROJECT_ROOT, full, ENV.XLT_CACHE_DIR, dirname(site), homedir() + sep, tmpdir() + sep];
      const leaks = walk(site).flatMap((f) => {
        const text = readFileSync(f, "utf8");
        return needles.filter((n) => text.includes(n)).map((n) => `${relative(site, f)}: ${n}`);
      });
      expect(leaks).toEqual([]);
      // the real record's model folder, named by its embedded id
      const [copy] = walk(join(site, "cells")).map((f) => JSON.parse(readFileSync(f, "utf8")) as ResultRecord);
      expect(copy.provenance.modelDir).toBe(`embedded:${SPEC.profiles.smoke.backbones[0].backbone.id}`);
    },
    T,
  );

  test("bench check --json names the golden file relative to the checkout", () => {
    const r = bench(["check", SPEC.id, "--results", full, "--json"]);
    const [c] = JSON.parse(r.out.slice(r.out.indexOf("["), r.out.lastIndexOf("]") + 1));
    expect(c.golden).toBe(join("golden", "smoke", `${SPEC.id}.json`));
    expect(r.out).not.toContain(PROJECT_ROOT);
  }, T);
});
