// scripts/kshot-draws.ts prints the shots the cells train on; outside analyses
// (scripts/lexical_baseline.py) rely on it giving exactly the sampler's draws.
import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { kShotTrainDev } from "../../datasets/kshot.ts";
import { loadSib200 } from "../../datasets/sib200.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

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
