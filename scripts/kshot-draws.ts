#!/usr/bin/env bun
// Prints, as JSON, the example ids a spec profile's cells train and
// validate on, per seed, drawn by the cells' own data path (sourceData), so
// outside analyses (scripts/lexical_baseline.py) use exactly the same shots.
// --texts adds each shot's text (and second text, label) and every target's
// evaluation set as the cells see it (evalData), for datasets whose files the
// script does not read itself (MARC, XNLI); --k picks one k of a spec with a k axis.
//   bun scripts/kshot-draws.ts [--spec spt-table4] [--profile smoke] [--seeds 1,2,...] [--k 16] [--texts]
import { parseArgs } from "node:util";
import { parseSeeds } from "../core/seed.ts";
import { loadSettings } from "../core/settings.ts";
import { fetchOptions } from "../datasets/fetch.ts";
import { planSpec } from "../plan/plan.ts";
import { sourceData } from "../run/cell-data.ts";
import { loadSpecs } from "../cli/specs.ts";
import { loadLanguages } from "../datasets/languages.ts";
import type { Example } from "../datasets/example.ts";
import { evalData } from "../run/cell-data.ts";

const { values } = parseArgs({
  options: {
    spec: { type: "string", default: "spt-table4" },
    profile: { type: "string", default: "smoke" },
    seeds: { type: "string" },
    k: { type: "string" },
    texts: { type: "boolean", default: false },
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
const k = values.k === undefined ? undefined : Number(values.k);
const cells = plan.cells.filter((c) => k === undefined || c.config.trainShots === k);
if (!cells.length) throw new Error(`--k ${values.k}: no cell of ${spec.id} trains on that many shots`);
if (new Set(cells.map((c) => c.config.trainShots)).size > 1) {
  throw new Error(`--spec ${spec.id}: cells train on several k; pick one with --k`);
}
const [lang, ...more] = cells[0].config.sources;
if (more.length) {
  throw new Error(`--spec ${spec.id}: ${more.length + 1} source languages; this prints one language's draws`);
}
// every cell of a seed trains on the same draw (the sampler's key is dataset, language, split, k and seed)
const bySeed = new Map(cells.map((c) => [c.config.seed, c] as const));
const shot = (e: Example) => ({
  id: e.id,
  label: e.label,
  text: e.text,
  ...(e.text2 !== undefined ? { text2: e.text2 } : {}),
});
const draws = [];
for (const [seed, cell] of bySeed) {
  const d = await sourceData(cell, { fetch });
  draws.push({
    seed,
    train: d.train.map((e) => e.id),
    dev: d.dev.map((e) => e.id),
    ...(values.texts ? { trainExamples: d.train.map(shot), devExamples: d.dev.map(shot) } : {}),
  });
}
const c = cells[0].config;
// the evaluation sets do not depend on the seed: one cell's, per target, and the source language's own
// (drawn the same way) to read what the shots teach before any transfer
const evals: Record<string, ReturnType<typeof shot>[]> = {};
if (values.texts) {
  for (const target of new Set([lang, ...c.targets])) {
    evals[target] = (await evalData(cells[0], target, { fetch })).examples.map(shot);
  }
}
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
      ...(values.texts ? { eval: evals } : {}),
    },
    null,
    1,
  ),
);
