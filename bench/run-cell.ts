// One cell, start to record: data -> k-shot split -> model -> train -> evaluate
// every target language -> result record (written atomically by the store).
import { deriveSeed, Rng } from "../datasets/rng.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { kShotTrainDev, sampleKShot } from "../datasets/kshot.ts";
import { loadSib200, SIB200_LABELS, sib200Pin, type Example } from "../datasets/sib200.ts";
import { initBackend } from "../models/backend.ts";
import { loadCheckpoint } from "../models/pretrained.ts";
import type { Backbone } from "../models/backbone.ts";
import { resolveBackbone } from "../models/resolve.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import { accuracyOf } from "../methods/evaluate.ts";
import { verbalizerIds } from "../methods/heads.ts";
import type { EncodedExample } from "../methods/prompt-model.ts";
import { buildMethod } from "../methods/registry.ts";
import { train, type TrainEvent } from "../methods/train.ts";
import { provenance } from "./provenance.ts";
import type { Cell, LanguageResult, ResultRecord } from "./record.ts";

export interface CellEnv {
  fetch: FetchOptions;
  cacheDir: string;
  log?: (msg: string) => void;
}

const NUM_CLASSES = SIB200_LABELS.length;

function classCounts(examples: Example[]): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const e of examples) counts[e.label]++;
  return counts;
}

/** Token ids per example; an encoder's verbalizer reads a <mask> placed before </s>, a decoder reads after its suffix prompt. */
function encodeAll(tok: TextTokenizer, examples: Example[], maxLength: number, maskSlot: boolean): EncodedExample[] {
  return examples.map((e) => {
    if (!maskSlot) return { ids: tok.encode(e.text, maxLength), label: e.label, readAt: 0 };
    if (tok.maskId === undefined) throw new Error("the verbalizer head needs a tokenizer with a <mask> token");
    const ids = tok.encode(e.text, maxLength - 1);
    const at = ids.length - 1; // <s> text <mask> </s>
    return { ids: [...ids.slice(0, at), tok.maskId, ids[at]], label: e.label, readAt: at };
  });
}

/** Training and dev examples of all source languages for this cell (also scripts/kshot-draws.ts: the shots a cell trains on). */
export async function sourceData(cell: Cell, env: Pick<CellEnv, "fetch">): Promise<{ train: Example[]; dev: Example[] }> {
  const c = cell.config;
  const train: Example[] = [];
  const dev: Example[] = [];
  for (const lang of c.sources) {
    const base = { dataset: "sib200", lang, seed: c.seed };
    const tr = await loadSib200(lang, "train", env.fetch);
    const dv = await loadSib200(lang, "dev", env.fetch);
    if (c.trainShots === "all") {
      const cap = c.maxTrainPerLanguage ?? tr.length;
      train.push(...new Rng(deriveSeed("subset", lang, c.seed)).shuffle(tr).slice(0, cap));
    } else {
      const devK = c.devShots === "all" ? undefined : c.devShots;
      if (devK !== undefined) {
        const s = kShotTrainDev(tr, dv, NUM_CLASSES, base, c.trainShots, devK);
        train.push(...s.train);
        dev.push(...s.dev);
        continue;
      }
      train.push(...sampleKShot(tr, NUM_CLASSES, { ...base, split: "train", k: c.trainShots }));
    }
    if (c.devShots === "all") dev.push(...dv);
    else if (c.trainShots === "all") dev.push(...sampleKShot(dv, NUM_CLASSES, { ...base, split: "dev", k: c.devShots }));
  }
  return { train, dev };
}

export async function runCell(cell: Cell, env: CellEnv, onTrain: (e: TrainEvent) => void = () => {}): Promise<ResultRecord> {
  const t0 = performance.now();
  const c = cell.config;
  const backend = await initBackend();
  const dir = await resolveBackbone(c.backbone, env.cacheDir, env.fetch, env.log);
  const loaded = loadCheckpoint(dir);
  const { tokenizer } = loaded;
  const model = loaded.model as Backbone;
  const verbalizer = c.method.params.head === "verbalizer";
  const maskSlot = verbalizer && !model.causal;
  const data = await sourceData(cell, env);
  const maxLen = c.training.maxLength;
  const encTrain = encodeAll(tokenizer, data.train, maxLen, maskSlot);
  const encDev = encodeAll(tokenizer, data.dev, maxLen, maskSlot);
  const pm = buildMethod(c.method.method, {
    backbone: model,
    params: c.method.params,
    numClasses: NUM_CLASSES,
    padId: tokenizer.padId,
    labelTokenIds: verbalizer ? verbalizerIds(c.labelWords, (w) => tokenizer.tokenIds(w)) : undefined,
    rng: new Rng(deriveSeed("init", c.method.id, c.seed)),
  });
  const t1 = performance.now();
  try {
    const result = await train(pm, { train: encTrain, dev: encDev }, c.training, deriveSeed("train", c.seed), onTrain);
    const trainableParameters = pm.trainableCount();
    pm.prompt.cache();
    const t2 = performance.now();
    const metrics: Record<string, LanguageResult> = {};
    const dataFiles: Record<string, string> = {};
    for (const lang of c.sources) for (const s of ["train", "dev"] as const) dataFiles[`${lang}/${s}`] = sib200Pin(lang, s).sha256;
    const split = c.evalSplit ?? "test";
    for (const lang of c.targets) {
      const examples = await loadSib200(lang, split, env.fetch);
      dataFiles[`${lang}/${split}`] = sib200Pin(lang, split).sha256;
      metrics[lang] = { ...accuracyOf(pm, encodeAll(tokenizer, examples, maxLen, maskSlot)), classCounts: classCounts(examples) };
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
      timings: { loadSeconds: (t1 - t0) / 1000, trainSeconds: (t2 - t1) / 1000, evalSeconds: (t3 - t2) / 1000, totalSeconds: (t3 - t0) / 1000 },
      provenance: { ...provenance(backend), dataFiles, modelDir: dir, modelWeightsSha256: loaded.weightsSha256 },
      finishedAt: new Date().toISOString(),
    };
  } finally {
    pm.dispose();
    model.dispose();
  }
}
