#!/usr/bin/env bun
// Prints, as JSON, the SIB-200 example ids that the harness's k-shot sampler
// draws for a few-shot cell: train and validation ids per seed. Lets outside
// analyses (scripts/lexical_baseline.py) use exactly the shots the cells train on.
//   bun scripts/kshot-draws.ts [--lang eng_Latn] [--k 8] [--dev-k 2] [--seeds 1,2,...]
import { parseArgs } from "node:util";
import { fetchOptions, loadSettings } from "../bench/config.ts";
import { kShotTrainDev } from "../datasets/kshot.ts";
import { loadSib200, SIB200_LABELS } from "../datasets/sib200.ts";

const { values } = parseArgs({
  options: { lang: { type: "string", default: "eng_Latn" }, k: { type: "string", default: "8" }, "dev-k": { type: "string", default: "2" }, seeds: { type: "string", default: "1,2" } },
});
const int = (name: string, s: string) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got "${s}"`);
  return n;
};
const k = int("k", values.k!);
const devK = int("dev-k", values["dev-k"]!);
const seeds = values.seeds!.split(",").map((s) => int("seeds", s));
const opts = fetchOptions(loadSettings(), (s) => console.error(s));
const train = await loadSib200(values.lang!, "train", opts);
const dev = await loadSib200(values.lang!, "dev", opts);
const draws = seeds.map((seed) => {
  const s = kShotTrainDev(train, dev, SIB200_LABELS.length, { dataset: "sib200", lang: values.lang!, seed }, k, devK);
  return { seed, train: s.train.map((e) => e.id), dev: s.dev.map((e) => e.id) };
});
console.log(JSON.stringify({ dataset: "sib200", lang: values.lang, k, devK, draws }, null, 1));
