// scripts/kshot-draws.ts prints the shots the cells train on; outside analyses
// (scripts/lexical_baseline.py) rely on it giving exactly the sampler's draws.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { kShotTrainDev } from "../../datasets/kshot.ts";
import { loadSib200 } from "../../datasets/sib200.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";
import { shippedSpecs } from "../helpers/specs.ts";

const SCRIPT = join(PROJECT_ROOT, "scripts", "kshot-draws.ts");
const CACHE = tempDir("xlt-draws-cache-");
const ENV = { ...process.env, XLT_DATA_MIRRORS: MIRROR, XLT_CACHE_DIR: CACHE };
const run = (args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], { env: ENV, encoding: "utf8", timeout: 120_000 });

test("kshot-draws names a bad --seeds value", () => {
  const r = run(["--seeds", "1,x"]);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('--seeds: expected a positive integer, got "x"');
});

describe.skipIf(!HAS_MIRROR)("kshot-draws on SIB-200 (uses the shared mirror)", () => {
  test("prints the sampler's train and dev ids for each seed", async () => {
    const r = run(["--seeds", "1,2"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      k: number;
      devK: number;
      draws: { seed: number; train: string[]; dev: string[] }[];
    };
    const opts = { mirrors: [MIRROR], cacheDir: CACHE };
    const train = await loadSib200("eng_Latn", "train", opts);
    const dev = await loadSib200("eng_Latn", "dev", opts);
    expect(out.draws.map((d) => d.seed)).toEqual([1, 2]);
    for (const d of out.draws) {
      const s = kShotTrainDev(train, dev, 7, { dataset: "sib200", lang: "eng_Latn", seed: d.seed }, 8, 2);
      expect(d.train).toEqual(s.train.map((e) => e.id));
      expect(d.dev).toEqual(s.dev.map((e) => e.id));
    }
    expect(out.draws[0].train).toHaveLength(56);
    expect(out.draws[0].train).not.toEqual(out.draws[1].train);
  });
});

describe.skipIf(!HAS_MIRROR)("kshot-draws --texts on XNLI pairs (uses the shared mirror)", () => {
  test("carries each shot's two texts and label, and the evaluation sets of the source and every target", () => {
    const r = run(["--spec", "mpt-tableI", "--seeds", "1", "--texts"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      lang: string;
      draws: { train: string[]; trainExamples: { id: string; text: string; text2?: string; label: number }[] }[];
      eval: Record<string, { text: string; text2?: string; label: number }[]>;
    };
    const shots = out.draws[0].trainExamples;
    expect(shots.map((e) => e.id)).toEqual(out.draws[0].train);
    expect(shots.every((e) => e.text && e.text2 && [0, 1, 2].includes(e.label))).toBe(true);
    // the smoke profile's targets, and English, the source, drawn the same way (testPerClass pairs of each class)
    expect(Object.keys(out.eval).sort()).toEqual(["de", "en", "sw", "ur", "zh"]);
    const perClass = shippedSpecs()["mpt-tableI"].profiles.smoke.testPerClass;
    expect(perClass).toBeGreaterThan(0);
    expect(out.eval.en.filter((e) => e.label === 0)).toHaveLength(perClass!);
  });

  test("a spec with a k axis needs --k, and --k names a k it has", () => {
    const several = run(["--spec", "uniprompt-table2", "--seeds", "13"]);
    expect(several.status).not.toBe(0);
    expect(several.stderr).toContain("cells train on several k; pick one with --k");
    const none = run(["--spec", "uniprompt-table2", "--k", "5"]);
    expect(none.stderr).toContain("--k 5: no cell of uniprompt-table2 trains on that many shots");
  });
});
