// One cell, start to record: the dataset's source splits -> the method built
// on the backbone -> train -> evaluate every target language -> result record
// (written atomically by the store). The dataset and the method are registry
// entries: this file names neither.
import { classCounts } from "../datasets/example.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { datasetOf } from "../datasets/registry.ts";
import { evalData, parallelData, sourceData } from "./cell-data.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import { loadTranslations } from "../datasets/translations.ts";
import { initBackend, webgpuAdapter } from "../models/backend.ts";
import { adapterLine } from "../models/webgpu.ts";
import type { Backbone } from "../models/backbone.ts";
import { loadCheckpoint } from "../models/pretrained.ts";
import { resolveBackbone } from "../models/resolve.ts";
import { accuracyOf } from "../methods/evaluate.ts";
import { type LoadedExtra, trainableCount } from "../methods/method.ts";
import { buildMethod, cellPlugin, methodInfo } from "../methods/registry.ts";
import { train, type TrainEvent } from "../methods/train.ts";
import { provenance } from "./provenance.ts";
import { loadState, saveState, statePath } from "./cell-state.ts";
import type { Cell, LanguageResult, ResultRecord } from "../core/record.ts";

export interface CellEnv {
  fetch: FetchOptions;
  cacheDir: string;
  /** Where trained states are kept (a cell starting from another's, or one others start from). */
  resultsDir?: string;
  /** Keep this cell's trained parameters for the cells that start from it. */
  keepState?: boolean;
  log?: (msg: string) => void;
}

const adapterDescription = () => {
  const a = webgpuAdapter();
  return a ? adapterLine(a) : null;
};

export async function runCell(
  cell: Cell,
  env: CellEnv,
  onTrain: (e: TrainEvent) => void = () => {},
): Promise<ResultRecord> {
  const t0 = performance.now();
  const c = cell.config;
  const plugin = cellPlugin(c.method, `cell ${cell.id}`);
  const ds = datasetOf(c.dataset.name);
  const numClasses = ds.labels.length;
  const backend = await initBackend();
  const dir = await resolveBackbone(c.backbone, env.cacheDir, env.fetch, env.log);
  const loaded = loadCheckpoint(dir);
  const { tokenizer } = loaded;
  const model = loaded.model as Backbone;
  const def = methodInfo(c.method.method);
  const params = def.params(c.method.params, "params", `cell ${cell.id}`);
  const extras: LoadedExtra[] = [];
  for (const ref of def.extraBackbones?.(params) ?? []) {
    const x = loadCheckpoint(await resolveBackbone(ref, env.cacheDir, env.fetch, env.log));
    extras.push({ ref, model: x.model });
  }
  const data = await sourceData(cell, env);
  const corpus = def.parallelCorpus?.(params);
  const parallel = corpus
    ? await parallelData(cell, corpus, [...data.train, ...data.dev], env)
    : { pairs: [], files: {} };
  const method = await buildMethod(c.method.method, {
    backbone: model,
    tokenizer,
    params,
    numClasses,
    labelWords: c.labelWords,
    translations: loadTranslations(c.dataset.name, numClasses, ds.task) ?? undefined,
    maxLength: c.training.maxLength,
    train: data.train.map((example, i) => ({ example, lang: data.langs.train[i] })),
    task: ds.task,
    parallel: parallel.pairs,
    extras,
    // the initialisation and the training streams follow the init seed; the data, the draw seed (c.seed)
    rng: new Rng(deriveSeed("init", c.method.id, c.initSeed ?? c.seed)),
  });
  // the other checkpoints gave what they had to (e.g. a template tower's initial layers)
  for (const x of extras) x.model.dispose();
  const encTrain = data.train.map((e, i) => (method.encodeTrain ?? method.encode).call(method, e, data.langs.train[i]));
  const encDev = data.dev.map((e, i) => method.encode(e, data.langs.dev[i]));
  const t1 = performance.now();
  try {
    if (c.initFrom) {
      if (!env.resultsDir) {
        throw new Error(
          `cell ${cell.id} starts from cell ${c.initFrom.id}: it needs the results folder holding that cell's state`,
        );
      }
      loadState(method, statePath(env.resultsDir, c.initFrom.id), c.initFrom.id);
    }
    const result = await train(
      method,
      { train: encTrain, dev: encDev },
      c.training,
      deriveSeed("train", c.initSeed ?? c.seed),
      onTrain,
    );
    const trainableParameters = trainableCount(method);
    if (env.keepState) {
      if (!env.resultsDir) throw new Error(`cell ${cell.id}: keeping its state needs a results folder`);
      await saveState(method, statePath(env.resultsDir, cell.id), cell.id);
    }
    method.cacheForInference();
    const t2 = performance.now();
    const metrics: Record<string, LanguageResult> = {};
    const dataFiles: Record<string, string> = { ...data.files, ...parallel.files };
    const evalManifest: Record<string, string> = {};
    for (const lang of c.targets) {
      const { examples, files, manifest } = await evalData(cell, lang, env);
      Object.assign(dataFiles, files);
      evalManifest[lang] = manifest;
      metrics[lang] = {
        ...(await accuracyOf(method, examples.map((e) => method.encode(e, lang)))),
        classCounts: classCounts(examples, numClasses),
      };
    }
    const t3 = performance.now();
    return {
      schema: 1,
      cellId: cell.id,
      config: c,
      metrics,
      training: { ...result, trainExamples: encTrain.length, devExamples: encDev.length },
      trainableParameters,
      backboneParameters: model.parameterCount(),
      manifest: { ...data.manifest, eval: evalManifest },
      timings: {
        loadSeconds: (t1 - t0) / 1000,
        trainSeconds: (t2 - t1) / 1000,
        evalSeconds: (t3 - t2) / 1000,
        totalSeconds: (t3 - t0) / 1000,
      },
      provenance: {
        ...provenance(backend, adapterDescription()),
        dataFiles,
        modelDir: dir,
        modelWeightsSha256: loaded.weightsSha256,
        ...(plugin ? { plugin: { method: c.method.method, ...plugin } } : {}),
      },
      finishedAt: new Date().toISOString(),
    };
  } finally {
    method.dispose();
    model.dispose();
  }
}
