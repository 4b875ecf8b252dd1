// End to end through the command line, as a user runs it: real data from the
// shared mirror (skipped without it), the embedded backbone, worker processes.
import { describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import type { ResultRecord } from "../../core/record.ts";
import { CLI, readRecords, runCli } from "../helpers/cli.ts";
import { DENO, DENO_ENV } from "../helpers/deno.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { shippedPlan, shippedSpecs } from "../helpers/specs.ts";

const CACHE = tempDir("xlt-e2e-cache-");
const ENV = { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE };
const RUN = ["spt-table4", "--langs", "eng_Latn,fra_Latn", "--jobs", "2"];
// how many cells the runs below plan, from the shipped specs: a row added to one changes no expected count here
const LANGS = ["eng_Latn", "fra_Latn"];
const T4_SEED1 = shippedPlan("spt-table4", { seeds: [1], langs: LANGS }).cells.length;
const T4_SEEDS12 = shippedPlan("spt-table4", { seeds: [1, 2], langs: LANGS }).cells.length;
/** "n cells = r methods x b backbones [x 1 k] x s seeds" of a shipped spec's smoke profile, for one k and `seeds` seeds. */
function planned(id: string, seeds: number, kAxis: boolean): { cells: number; line: string } {
  const smoke = shippedSpecs()[id].profiles.smoke;
  const rows = (smoke.rows ?? shippedSpecs()[id].methods.map((m) => m.id)).length, bb = smoke.backbones.length;
  return {
    cells: rows * bb * seeds,
    line: `${rows * bb * seeds} cells = ${rows} methods x ${bb} backbones x ${kAxis ? "1 k x " : ""}${seeds} seeds`,
  };
}

const bench = (args: string[], env: Record<string, string | undefined> = ENV) => runCli(args, env, 600_000);
const records = readRecords;

const numbers = (r: ResultRecord) => ({ metrics: r.metrics, curve: r.training.curve, best: r.training.bestStep });

test("bench list prints every spec", () => {
  const r = bench(["list"]);
  expect(r.code).toBe(0);
  for (const s of ["xpe-table1", "spt-table4", "table4", "paper,smoke"]) expect(r.out).toContain(s);
});

test("bench stats ttest prints the statistic, df, p-value and interval as JSON", () => {
  const r = bench([
    "stats",
    "ttest",
    "--a",
    "0.7,-1.6,-0.2,-1.2,-0.1,3.4,3.7,0.8,0.0,2.0",
    "--b",
    "1.9,0.8,1.1,0.1,-0.1,4.4,5.5,1.6,4.6,3.4",
    "--paired",
    "--json",
  ]);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect([j.statistic, j.df, j.pValue]).toEqual([expect.closeTo(-4.0621, 4), 9, expect.closeTo(0.002833, 6)]);
});

test("bench stats with a bad value is a usage error naming the flag", () => {
  const r = bench(["stats", "pearson", "--x", "1,2,x", "--y", "1,2,3"]);
  expect(r.code).toBe(2);
  expect(r.out).toContain("--x");
});

describe.skipIf(!HAS_MIRROR)("typology commands (uses the shared mirror)", () => {
  test("bench distances prints the six types and the data shares as JSON", () => {
    const r = bench(["distances", "deu_Latn", "jpn", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.languages.map((l: { iso: string }) => l.iso)).toEqual(["deu", "jpn"]);
    expect(r.out).toContain("phonological");
  }, 120_000); // a cold start that parses lang2vec's tables: seconds, more on a loaded machine

  test("bench spt-table1 --from-golden reproduces the DATA and GEO columns", () => {
    const r = bench(["spt-table1", "--from-golden", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.slice(r.out.indexOf("{"))).exactColumns).toEqual({ cells: 16, withinRounding: 16 });
  }, 120_000);
});

test("bench model inspects the shipped pretrained embedded backbone", () => {
  const r = bench([
    "model",
    join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4"),
    "--text",
    "The <mask> won the match.",
    "--top",
    "3",
    "--json",
  ]);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out.slice(r.out.indexOf("{")));
  expect(j.architecture).toBe("XLMRobertaForMaskedLM");
  expect(j.tokens).toContain("<mask>");
  expect(j.logits.top[j.tokens.indexOf("<mask>")]).toHaveLength(3);
});

test("bench backends prints what this host can use and what a run picks (wasm by default, webgpu when asked)", () => {
  const base = { ...ENV, XLT_TFJS_NODE: "no-such-package" };
  delete (base as Record<string, string | undefined>).XLT_BACKEND;
  const r = bench(["backends", "--json"], base);
  expect(r.code).toBe(0);
  // stdout's JSON (Dawn prints its warnings on stderr)
  const json = (out: string) => JSON.parse(out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1));
  const j = json(r.out);
  expect(j.picked).toBe("wasm");
  expect(j.backends.map((b: { backend: string }) => b.backend)).toEqual(["wasm", "cpu", "tensorflow", "webgpu"]);
  const gpu = j.backends.find((b: { backend: string }) => b.backend === "webgpu");
  // CI installs Mesa's software drivers: there an adapter must be found (XLT_REQUIRE_WEBGPU=1)
  if (process.env.XLT_REQUIRE_WEBGPU === "1") expect(gpu.available, gpu.detail).toBe(true);
  if (gpu.available) expect(gpu.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
  expect(json(bench(["backends", "--json"], { ...base, XLT_BACKEND: "webgpu" }).out).picked).toBe("webgpu");
});

test("an unknown selector is a usage error (exit 2) listing what exists", () => {
  const r = bench(["table9"]);
  expect(r.code).toBe(2);
  expect(r.out).toContain("xpe-table1");
});

test.skipIf(!HAS_MIRROR)(
  "the paper profile stops before training, naming the missing checkpoint and how to provide it (uses the shared mirror: the language table comes first)",
  () => {
    const r = bench(["xpe-table1", "--profile", "paper", "--results", tempDir()], {
      ...ENV,
      HF_HUB_CACHE: tempDir(),
      XLT_MODELS: "",
    });
    // could not run here (README: Exit codes): not a finding, not bad input
    expect(r.code).toBe(4);
    expect(r.out).toContain("FacebookAI/xlm-roberta-large");
    expect(r.out).toContain("XLT_MODELS=");
    // Adafactor is implemented: the missing checkpoint is the one problem left (the backbone is frozen, so WASM's 4 GB is no obstacle)
    expect(r.out).toContain(
      "xpe-table1 --profile paper cannot run here:\n  - backbone FacebookAI/xlm-roberta-large@main is not available",
    );
    expect(r.out.match(/^ {2}- /gm)).toHaveLength(1);
    expect(r.out).not.toContain("optimizer");
  },
);

describe.skipIf(!HAS_MIRROR)("smoke runs (uses the shared mirror)", () => {
  const first = tempDir("xlt-e2e-a-");
  const second = tempDir("xlt-e2e-b-");

  test("a run writes one record per cell, a report, and passes its golden check", () => {
    const r = bench([...RUN, "--seeds", "1", "--results", first]);
    expect(r.out).toContain(`[cell 1/${T4_SEED1}]`);
    expect(r.out).toMatch(/step \d+\/140 loss \d/);
    expect(r.code).toBe(0);
    expect(records(first).size).toBe(T4_SEED1);
    const html = readFileSync(join(first, "reports", "spt-table4", "smoke", "index.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("eng_Latn");
    // SIB-200's test split: 204 sentences, 51 of them science/technology, 7 classes
    expect(r.out).toMatch(/majority %\s+chance %/);
    expect(r.out).toMatch(/\ball\s.*\s25\.00\s+14\.29\s*$/m);
    expect(html).toContain("majority class");
    expect(readdirSync(join(first, "reports", "spt-table4", "smoke"))).toContain("per-language.svg");
  }, 600_000);

  test(
    "bench report spt-table1 analyses spt-table4's records (a derived spec), leaving DATA out for the embedded backbone",
    () => {
      const r = bench(["report", "spt-table1", "--langs", "eng_Latn,fra_Latn", "--seeds", "1", "--results", first]);
      expect(r.code).toBe(0);
      const t1 = shippedPlan("spt-table1", { seeds: [1], langs: LANGS }).cells.length;
      expect(r.out).toContain(`== spt-table1 (smoke): ${t1} cells`);
      expect(r.out).toMatch(/backbone\s+method\s+column\s+r\s+p\s+95% CI\s+n/);
      expect(r.out).toContain("DATA is left out for xlt-embedded-mini-v4");
      expect(readdirSync(join(first, "reports", "spt-table1", "smoke"))).toContain("scatter-geo.svg");
    },
    120_000,
  );

  test.skipIf(!DENO)("the same cells under Deno (deno task bench) write the same numbers as under Bun, on WASM", () => {
    const dir = tempDir("xlt-e2e-deno-");
    const r = spawnSync(DENO!, ["task", "bench", ...RUN, "--seeds", "1", "--results", dir], {
      cwd: PROJECT_ROOT,
      env: { ...ENV, ...DENO_ENV, XLT_BACKEND: "wasm" },
      encoding: "utf8",
      timeout: 600_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const bun = records(first), deno = records(dir);
    expect([...deno.keys()].sort()).toEqual([...bun.keys()].sort());
    for (const [id, rec] of deno) {
      expect(rec.provenance.runtime).toStartWith("deno ");
      expect(numbers(rec), id).toEqual(numbers(bun.get(id)!));
      expect(rec.metrics, id).toEqual(bun.get(id)!.metrics);
    }
  }, 600_000);

  test("killed mid-run (kill -9) and run again: every cell once, numbers equal to an uninterrupted run", async () => {
    const dir = second;
    // seed 1's cells come from the first run, so only seed 2's cells train here, one at a time: all after the first are killed
    cpSync(join(first, "cells"), join(dir, "cells"), { recursive: true });
    const args = [CLI, ...RUN, "--seeds", "1,2", "--results", dir, "--jobs", "1"];
    const child = spawn(process.execPath, args, { env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (/\| done in/.test(out)) resolve();
      });
      child.on("close", () => resolve());
    });
    process.kill(-child.pid!, "SIGKILL"); // the whole process group: parent and workers
    await new Promise((r) => setTimeout(r, 500));
    const before = records(dir).size;
    expect(out).toContain(`resume: ${T4_SEED1} of ${T4_SEEDS12} cells already have records`);
    expect(before).toBe(T4_SEED1 + 1);

    const again = bench([...RUN, "--seeds", "1,2", "--results", dir]);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`resume: ${T4_SEED1 + 1} of ${T4_SEEDS12} cells already have records`);
    expect(records(dir).size).toBe(T4_SEEDS12);
    // the golden was recorded from an uninterrupted run: seed 2's cells must give its numbers exactly (|diff| <= 1e-9)
    expect(bench(["check", "spt-table4", "--langs", "eng_Latn,fra_Latn", "--results", dir]).out).toMatch(
      /: 4 pass, 0 fail/,
    );
  }, 900_000);

  test(
    "--eval-split dev trains exactly as the test run and evaluates the dev split, reported apart and not golden-checked",
    () => {
      const dir = tempDir("xlt-e2e-dev-");
      const r = bench(["spt-table4", "--langs", "eng_Latn", "--seeds", "1", "--eval-split", "dev", "--results", dir]);
      expect(r.code).toBe(0);
      expect(r.out).toContain("not checked against golden/smoke/spt-table4.json: these results are on the dev split");
      const recs = [...records(dir).values()];
      expect(recs).toHaveLength(
        shippedPlan("spt-table4", { seeds: [1], langs: ["eng_Latn"], evalSplit: "dev" }).cells.length,
      );
      const testRuns = [...records(first).values()];
      for (const rec of recs) {
        expect(rec.config.evalSplit).toBe("dev");
        expect(rec.metrics.eng_Latn.n).toBe(99); // SIB-200 English dev
        expect(Object.keys(rec.provenance.dataFiles)).not.toContain("eng_Latn/test");
        const twin = testRuns.find((t) => t.config.method.id === rec.config.method.id)!;
        expect([rec.training.curve, rec.training.bestStep]).toEqual([twin.training.curve, twin.training.bestStep]);
      }
      expect(readdirSync(join(dir, "reports", "spt-table4"))).toEqual(["smoke+dev"]);
      expect(
        bench([
          "record-golden",
          "spt-table4",
          "--langs",
          "eng_Latn",
          "--seeds",
          "1",
          "--eval-split",
          "dev",
          "--results",
          dir,
        ]).out,
      ).toContain("record-golden: these results are on the dev split");
    },
    600_000,
  );

  test("perturbing one golden value makes check exit non-zero and name that cell", () => {
    const golden = tempDir("xlt-golden-");
    cpSync(join(PROJECT_ROOT, "golden"), golden, { recursive: true });
    const check = ["check", "spt-table4", "--langs", "eng_Latn,fra_Latn", "--results", second];
    const ok = bench(check, { ...ENV, XLT_GOLDEN_DIR: golden });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/: 4 pass, 0 fail/);
    const path = join(golden, "smoke", "spt-table4.json");
    const g = JSON.parse(readFileSync(path, "utf8"));
    const cell = g.cells.find((c: { key: string; method: string }) => c.key === "fra_Latn" && c.method === "spt-mf");
    cell.mean += 0.5;
    writeFileSync(path, JSON.stringify(g));
    const bad = bench([...check, "--json"], { ...ENV, XLT_GOLDEN_DIR: golden });
    expect(bad.code).toBe(1);
    const rows = JSON.parse(bad.out)[0].rows.filter((r: { verdict: string }) => r.verdict === "fail");
    expect(rows.map((r: { key: string; method: string }) => `${r.method}/${r.key}`)).toEqual(["spt-mf/fra_Latn"]);
  });

  test("a run whose results no golden cell matches (the backbone changed) exits non-zero and says how to re-record", () => {
    const golden = tempDir("xlt-golden-");
    cpSync(join(PROJECT_ROOT, "golden"), golden, { recursive: true });
    const path = join(golden, "smoke", "spt-table4.json");
    const g = JSON.parse(readFileSync(path, "utf8"));
    for (const c of g.cells) c.backbone = "some-other-backbone";
    writeFileSync(path, JSON.stringify(g));
    const r = bench(["report", "spt-table4", "--langs", "eng_Latn,fra_Latn", "--results", second], {
      ...ENV,
      XLT_GOLDEN_DIR: golden,
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain("no golden value matches these results");
    expect(r.out).toContain("record-golden spt-table4");
  });
});

describe.skipIf(!HAS_MIRROR)("UniPrompt on MARC (uses the shared mirror)", () => {
  test(
    "bench uniprompt-table2 (narrowed to k=4, de, two seeds): cells, the paper's layout with the published numbers, paired tests, the smoke golden",
    () => {
      const dir = tempDir("xlt-e2e-uni-");
      const r = bench([
        "uniprompt-table2",
        "--k",
        "4",
        "--langs",
        "de",
        "--seeds",
        "13,21",
        "--jobs",
        "2",
        "--results",
        dir,
      ]);
      const t2 = planned("uniprompt-table2", 2, true);
      expect(r.out).toContain(`== uniprompt-table2 (smoke): ${t2.line}`);
      expect(r.code).toBe(0);
      expect(records(dir).size).toBe(t2.cells);
      expect(r.out).toMatch(
        /UniPrompt vs each other row, paired t-test over seeds \(two-sided\), reference minus method, Holm over the \d+ tested comparisons/,
      );
      expect(r.out).toMatch(/check golden\/smoke\/uniprompt-table2\.json: 5 pass, 0 fail/);
      const html = readFileSync(join(dir, "reports", "uniprompt-table2", "smoke", "index.html"), "utf8");
      expect(html).toContain("Table in the paper's layout");
      expect(html).toContain("paper 27.94"); // Vanilla Finetune, de, k = 4 (Table 2)
      expect(html).toContain("Paired comparisons");
      expect(html).toContain("Holm over the");
    },
    600_000,
  );

  test("the paper profile stops before training and names what a GPU host must provide", () => {
    const r = bench(["table3", "--profile", "paper", "--results", tempDir()], {
      ...ENV,
      HF_HUB_CACHE: tempDir(),
      HF_HUB_OFFLINE: "1",
      XLT_MODELS: "",
      XLT_BACKEND: "wasm",
    });
    expect(r.code).toBe(4);
    for (
      const s of [
        "FacebookAI/xlm-roberta-base@main is not available",
        "FacebookAI/roberta-base@main is not available",
        "XLT_MODELS=",
        "XLT_BACKEND=tensorflow",
        "XLT_BACKEND=webgpu",
      ]
    ) expect(r.out).toContain(s);
  });
});

describe.skipIf(!HAS_MIRROR)("MPT on XNLI (uses the shared mirror)", () => {
  test(
    "bench mpt-tableII (narrowed to en and zh): the ablations, p-values over seeds and over languages beside the paper's, the smoke golden",
    () => {
      const dir = tempDir("xlt-e2e-mpt-");
      const r = bench(["mpt-tableII", "--langs", "en,zh", "--jobs", "2", "--results", dir]);
      const t2 = planned("mpt-tableII", 2, false);
      expect(r.out).toContain(`== mpt-tableII (smoke): ${t2.line}`);
      expect(r.code).toBe(0);
      expect(records(dir).size).toBe(t2.cells);
      expect(r.out).toMatch(/check golden\/smoke\/mpt-tableII\.json: 10 pass, 0 fail/);
      const html = readFileSync(join(dir, "reports", "mpt-tableII", "smoke", "index.html"), "utf8");
      expect(html).toContain("paper 55.4"); // Original MPT, EN (Table II)
      expect(html).toContain("paired t-test over the 2 target languages of the seed-averaged accuracies");
      expect(html).toContain("paper&#39;s p (not judged)"); // escaped: text goes through esc()
      expect(html).toContain("9.7e-7"); // w/o consistency loss, as printed
    },
    600_000,
  );
});

describe.skipIf(!HAS_MIRROR)("XPE full supervision (uses the shared mirror)", () => {
  test(
    "bench xpe-table3 (one seed, one seen and one unseen target): the first stage once, a model per target from its state, resumable",
    () => {
      const dir = tempDir("xlt-e2e-xpe3-");
      const args = ["xpe-table3", "--seeds", "1", "--langs", "ajp_Arab,arz_Arab", "--jobs", "2", "--results", dir];
      // a first-stage cell per row and backbone (one seed), then one per target language from it
      const rows = planned("xpe-table3", 1, false).cells;
      const r = bench(args);
      expect(r.out).toContain(`first stage: ${rows} multi-source cells`);
      expect(r.out).toContain("target=ajp_Arab");
      expect(r.code).toBe(0);
      const recs = [...records(dir).values()];
      expect(recs).toHaveLength(rows * 3);
      const firsts = recs.filter((x) => x.config.setting === "zero-shot");
      expect(firsts).toHaveLength(rows);
      for (const x of recs.filter((y) => y.config.setting === "full-supervision")) {
        const first = firsts.find((f) => f.cellId === x.config.initFrom!.id)!;
        expect(first, x.cellId).toBeDefined();
        expect(first.config.method.id).toBe(x.config.method.id);
        expect(Object.keys(x.metrics)).toEqual(x.config.targets);
      }
      expect(readdirSync(join(dir, "states")).sort()).toEqual(firsts.map((f) => `${f.cellId}.safetensors`).sort());
      expect(r.out).toMatch(/divers-all-46\s+\d+\.\d+/);
      const html = readFileSync(join(dir, "reports", "xpe-table3", "smoke", "index.html"), "utf8");
      expect(html).toContain("cited 64.0"); // SIB-200's Unseen, cited in the paper's layout
      const again = bench(args);
      // every per-target cell has its record: the first stage is not even looked at
      expect(again.out).not.toContain("first stage:");
      expect(again.out).toContain(`resume: ${rows * 2} of ${rows * 2} cells already have records`);
    },
    600_000,
  );
});

test("--k over a selection of several specs leaves out those that do not run that k, and narrows the others", () => {
  const dir = tempDir("xlt-e2e-k-");
  const uni = shippedPlan("uniprompt-table2", { ks: [4] }).cells.length, mpt = shippedPlan("mpt-tableII").cells.length;
  const r = bench(["check", "table2", "--k", "4", "--results", dir]);
  expect(r.out).toContain("--k 4: leaving out mpt-tableII, whose smoke profile runs k = 64");
  expect(r.out).toContain(`== uniprompt-table2 (smoke): 0/${uni} cells recorded`);
  const both = bench(["check", "table2", "--k", "4,64", "--results", dir]);
  expect(both.out).toContain(`== mpt-tableII (smoke): 0/${mpt} cells recorded`);
  expect(both.out).toContain(`== uniprompt-table2 (smoke): 0/${uni} cells recorded`);
  expect(bench(["check", "uniprompt-table2", "--k", "64", "--results", dir]).out).toContain(
    "--k 64: the smoke profile of uniprompt-table2 runs k = 4, 16",
  );
}, 120_000);
