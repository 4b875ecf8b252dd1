// What the leaderboard site publishes (reports/leaderboard/): no local path of
// the machines that ran or built it, CSV downloads a spreadsheet cannot run,
// labels escaped, and no file written outside the site's folder. Records are
// synthetic (test/helpers/records.ts) for the SPT Table 4 fixture's smoke and
// paper plans, with the local paths real ones hold (the model folder in the
// checkout or the Hub cache under ~, a plug-in's file) and a data file path.
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { parse } from "csv-parse/sync";
import { collectRun, type ResultsRun } from "../../analysis/collect.ts";
import type { ResultRecord } from "../../core/record.ts";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { Spec } from "../../core/spec.ts";

import { planSpec } from "../../plan/plan.ts";
import { buildSite } from "../../reports/leaderboard/build.ts";
import { csvCell, SiteFiles } from "../../reports/leaderboard/site.ts";
import { ResultsStore } from "../../run/store.ts";
import { fakeRecord, noise } from "../helpers/records.ts";
import { tempDir } from "../helpers/mirror.ts";
import { fixtureSpec, flatLanguages } from "../helpers/specs.ts";

const FORMULA = `=HYPERLINK("http://x.invalid","<img src=x onerror=alert(1)>")`;
const RUN_LABEL = "@SUM(1+1)";
const base = fixtureSpec("fixture-spt");
const spec: Spec = { ...base, methods: base.methods.map((m, i) => (i === 0 ? { ...m, label: FORMULA } : m)) };
const langs = flatLanguages();

/** Every file under `dir`, relative to it. */
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)).map((x) => join(f, x)) : [f]
  );

describe("the published site", () => {
  const results = tempDir("xlt-published-results-");
  const cache = tempDir("xlt-published-cache-");
  const site = join(tempDir("xlt-published-site-"), "site");
  const written: ResultRecord[] = [];
  let files: string[];

  beforeAll(async () => {
    const store = new ResultsStore(results);
    for (const profile of ["smoke", "paper"]) {
      for (const cell of planSpec(spec, langs, { profile }).cells) {
        const rec = fakeRecord(cell, (c, l) => 0.4 + 0.05 * noise(c.config.seed, l.length));
        const b = cell.config.backbone;
        // where a real run's worker found the model, read its data, loaded its plug-in
        rec.provenance.modelDir = b.kind === "embedded"
          ? join(PROJECT_ROOT, "models", "embedded", b.id)
          : join(homedir(), ".cache", "huggingface", "hub", `models--${b.id.replace("/", "--")}`, "snapshots", "0f1e");
        rec.provenance.dataFiles = { [join(cache, "sib200", "eng_Latn", "test.tsv")]: "ab12", "eng_Latn/test": "cd34" };
        rec.provenance.plugin = {
          method: cell.config.method.method,
          file: join(results, "..", "my-plugin.ts"),
          sha256: "ef56",
        };
        rec.provenance.libraries = {
          openblas: `haswell (${join(PROJECT_ROOT, "native", "libopenblas.so")}, 1 thread)`,
        };
        store.write(rec);
        written.push(rec);
      }
    }
    const run: ResultsRun = await collectRun(
      results,
      [spec],
      langs,
      { fetch: { mirrors: [], cacheDir: cache } },
      RUN_LABEL,
    );
    await buildSite([run], [spec], site);
    files = walk(site);
  }, 120_000);

  test("no file of the site holds the checkout's, the results folder's, the temporary folder's or the home folder's path", () => {
    const needles = [PROJECT_ROOT, results, cache, dirname(site), tmpdir() + sep, homedir() + sep].filter((n) =>
      n.length > 2
    );
    expect(needles.length).toBeGreaterThanOrEqual(4);
    const leaks = files.flatMap((f) => {
      const text = readFileSync(join(site, f), "utf8");
      return needles.filter((n) => text.includes(n)).map((n) => `${f}: ${n}`);
    });
    expect(leaks).toEqual([]);
  });

  test("a record's copy names its model by its Hub or embedded id and its plug-in by its file name; its configuration is the record's", () => {
    const copies = files.filter((f) => f.startsWith("cells/"));
    expect(copies.length).toBe(written.length);
    const byId = new Map(written.map((r) => [r.cellId, r]));
    const models = new Set<string>();
    for (const f of copies) {
      const copy = JSON.parse(readFileSync(join(site, f), "utf8")) as ResultRecord;
      const own = byId.get(copy.cellId)!;
      expect(copy.config).toEqual(own.config);
      expect(copy.metrics).toEqual(own.metrics);
      expect(copy.provenance.plugin).toEqual({ ...own.provenance.plugin!, file: "my-plugin.ts" });
      const data = Object.keys(copy.provenance.dataFiles).sort();
      expect(data[0]).toBe("eng_Latn/test");
      expect(data[1]).toMatch(/^xlt-published-cache-\w+\/sib200\/eng_Latn\/test\.tsv$/);
      models.add(copy.provenance.modelDir);
    }
    expect([...models].sort()).toEqual([
      "embedded:xlt-embedded-mini-v4",
      "hub:bigscience/bloom-560m@main",
      "hub:facebook/xglm-564M@main",
    ]);
  });

  test("no CSV cell starts a formula: text starting with = + - @ tab or CR is quoted, numbers stay numbers", () => {
    const csvs = files.filter((f) => f.endsWith(".csv"));
    expect(csvs.length).toBeGreaterThan(3);
    const cells = csvs.flatMap((f) =>
      (parse(readFileSync(join(site, f), "utf8"), { relax_column_count: true }) as string[][]).flat()
    );
    const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?(e-?\d+)?$/.test(c));
    expect(risky).toEqual([]);
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).toContain(`'${RUN_LABEL}`);
    // the JSON downloads keep the text as it is
    const json = files.filter((f) => f.endsWith(".json") && f.startsWith("data/"))
      .map((f) => readFileSync(join(site, f), "utf8")).join("\n");
    expect(json).toContain(JSON.stringify(RUN_LABEL));
  });

  test("a label shows as text on every page (escaped), never as markup", () => {
    const pages = files.filter((f) => f.endsWith(".html"));
    const html = pages.map((f) => readFileSync(join(site, f), "utf8")).join("\n");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("csvCell", () => {
  test("quotes a formula's first character; a number, a negative one too, is left as it is", () => {
    for (const f of ["=1+2", "+1+2", "-x", "@SUM(A1)", "\t=1", "\r=1", "-1+2", "=-1.5"]) {
      expect(csvCell(f)).toBe(`'${f}`);
    }
    for (const v of [-1.5, 2, 0, "-1.5", "+3", "1e-3", "-2.5e3", "plain", "w/ MF", "", null]) {
      expect(csvCell(v)).toBe(v);
    }
  });
});

describe("SiteFiles", () => {
  test("writes nothing outside its folder", () => {
    const root = join(tempDir("xlt-site-files-"), "site");
    const files = new SiteFiles(root);
    for (const p of ["../outside.html", "a/../../outside.html", "/tmp/outside.html"]) {
      expect(() => files.write(p, "x"), p).toThrow("leads outside");
    }
    expect(existsSync(join(root, "..", "outside.html"))).toBe(false);
    expect(relative(root, join(root, files.write("tables/x.html", "ok")))).toBe(join("tables", "x.html"));
  });
});
