#!/usr/bin/env bun
// Trainable parameters of every method row of the UniPrompt and MPT specs'
// paper profiles, counted by building each method on a backbone of XLM-R base's shape
// (config from the paper's checkpoint: vocab 250002, 12 x 768, FFN 3072, 514
// positions; random weights, which change no count) and summing its trainable
// groups. The paper (§3.2): the baselines train all of XLM-R base; UniPrompt
// adds its template tower's p layers; at inference it costs what XLM-R costs.
// MPT's rows add the prompt encoder (LSTM + MLP) and the translator.
//   bun scripts/method-params.ts [--json]
import { join } from "node:path";
import { envValue, PROJECT_ROOT } from "../core/settings.ts";
import { loadSpecs } from "../cli/specs.ts";
import { Rng } from "../core/rng.ts";
import { initBackend } from "../models/backend.ts";
import { parseXlmrConfig, XLMR_BASE_SHAPE, xlmrConfigJson } from "../models/config.ts";
import { loadTokenizer } from "../models/tokenizer.ts";
import { randomXlmrTensors, xlmrFromTensors } from "../models/xlmr.ts";
import { loadTranslations } from "../datasets/translations.ts";
import { datasetOf } from "../datasets/registry.ts";
import { methodInfo } from "../methods/registry.ts";
import { buildMethod } from "../methods/registry.ts";
import { trainableCount } from "../methods/method.ts";
import { textTable } from "../core/text-table.ts";

await initBackend(envValue("XLT_BACKEND") ?? "wasm");
const config = parseXlmrConfig(xlmrConfigJson(XLMR_BASE_SHAPE), "xlm-roberta-base shape");
const model = xlmrFromTensors(config, randomXlmrTensors(config, 1), "xlm-roberta-base shape");
const tokenizer = loadTokenizer(join(PROJECT_ROOT, "models", "embedded", "xlt-embedded-mini-v4"));
const train = [0, 1, 2, 3, 4].map((label) => ({
  example: { id: String(label), text: "A review.", text2: "A claim.", label },
  lang: "en",
}));

const rows: { spec: string; row: string; method: string; trainable: number; overBackbone: number }[] = [];
const seen = new Set<string>();
// tables before figures, so a row shared by both is listed under its table
const specs = loadSpecs().filter((s) => s.paper === "uniprompt" || s.paper === "mpt").sort((a, b) =>
  Number(a.table.startsWith("fig")) - Number(b.table.startsWith("fig")) || a.id.localeCompare(b.id)
);
for (const spec of specs) {
  for (const m of spec.methods) {
    const def = methodInfo(m.method);
    const params = def.params(
      { ...m.params, ...spec.profiles.paper.methodParams?.[m.id] },
      `${spec.id} ${m.id}`,
      spec.id,
    );
    const key = JSON.stringify([m.method, params]);
    if (seen.has(key)) continue;
    seen.add(key);
    const extras = (def.extraBackbones?.(params) ?? []).map((ref) => ({ ref, model })); // RoBERTa base has XLM-R base's layer shapes
    const ds = datasetOf(spec.dataset);
    const C = ds.labels.length;
    const method = await buildMethod(m.method, {
      backbone: model,
      tokenizer,
      params,
      numClasses: C,
      labelWords: spec.labelWords,
      translations: loadTranslations(spec.dataset, C, ds.task) ?? undefined,
      maxLength: 512,
      train: train.filter((t) => t.example.label < C),
      task: ds.task,
      parallel: train.map((t) => ({ source: t.example, target: t.example, lang: "de" })),
      extras,
      rng: new Rng(1),
    });
    const n = trainableCount(method);
    rows.push({
      spec: spec.id,
      row: m.label,
      method: m.method,
      trainable: n,
      overBackbone: n - model.parameterCount(),
    });
    method.dispose();
    for (const v of model.variables()) (v as { trainable: boolean }).trainable = false;
  }
}
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ backboneParameters: model.parameterCount(), rows }, null, 1));
} else {
  console.log(
    `XLM-R base shape: ${model.parameterCount().toLocaleString("en")} parameters (embeddings, 12 layers, MLM head)`,
  );
  console.log(
    textTable(
      ["spec", "row", "method", "trainable", "vs all of XLM-R base"],
      rows.map((
        r,
      ) => [
        r.spec,
        r.row,
        r.method,
        r.trainable.toLocaleString("en"),
        `${r.overBackbone >= 0 ? "+" : ""}${r.overBackbone.toLocaleString("en")}`,
      ]),
    ),
  );
}
process.exit(0);
