#!/usr/bin/env bun
// Prints, as JSON, the example ids a spec profile's cells train and
// validate on, per seed, drawn by the cells' own data path (sourceData), so
// outside analyses (scripts/lexical_baseline.py) use exactly the same shots.
//   bun scripts/kshot-draws.ts [--spec spt-table4] [--profile smoke] [--seeds 1,2,...]
import { parseArgs } from "node:util";
import { parseSeeds } from "../core/seed.ts";
import { loadSettings } from "../core/settings.ts";
import { fetchOptions } from "../datasets/fetch.ts";
import { planSpec } from "../plan/plan.ts";
import { sourceData } from "../run/cell-data.ts";
import { loadSpecs } from "../cli/specs.ts";
import { loadLanguages } from "../datasets/languages.ts";

const { values } = parseArgs({
  options: {
    spec: { type: "string", default: "spt-table4" },
    profile: { type: "string", default: "smoke" },
    seeds: { type: "string" },
  },
});
const seeds = values.seeds === undefined ? undefined : parseSeeds(values.seeds);
const settings = loadSettings();
const spec = loadSpecs(settings).find((s) => s.id === values.spec);
if (!spec) throw new Error(`--spec: no spec "${values.spec}" in specs`);
if (spec.task.setting !== "few-shot") {
  throw new Error(`--spec ${spec.id}: a ${spec.task.setting} spec has no k-shot draws`);
}
const fetch = fetchOptions(settings, (s) => console.error(s));
const plan = planSpec(spec, await loadLanguages(fetch), { profile: values.profile!, seeds });
const [lang, ...more] = plan.cells[0].config.sources;
if (more.length) {
  throw new Error(`--spec ${spec.id}: ${more.length + 1} source languages; this prints one language's draws`);
}
// every cell of a seed trains on the same draw (the sampler's key is dataset, language, split, k and seed)
const bySeed = new Map(plan.cells.map((c) => [c.config.seed, c] as const));
const draws = [];
for (const [seed, cell] of bySeed) {
  const d = await sourceData(cell, { fetch });
  draws.push({ seed, train: d.train.map((e) => e.id), dev: d.dev.map((e) => e.id) });
}
const c = plan.cells[0].config;
console.log(
  JSON.stringify(
    {
      dataset: c.dataset.name,
      spec: spec.id,
      profile: plan.profileName,
      lang,
      k: c.trainShots,
      devK: c.devShots,
      draws,
    },
    null,
    1,
  ),
);
