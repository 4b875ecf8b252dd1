// The examples of one cell: every source language's train and dev split, and a
// target language's evaluation set, as the cell's dataset provides them. Shared
// by the worker (run-cell), the pipeline's prefetch and scripts/kshot-draws.ts.
import type { Example } from "../datasets/example.ts";
import type { FetchOptions } from "../datasets/fetch.ts";
import { testSubset } from "../datasets/kshot.ts";
import { splitManifest } from "../datasets/manifest.ts";
import { datasetOf } from "../datasets/registry.ts";
import { corpusOf, type ParallelPair } from "../datasets/parallel.ts";
import type { Cell } from "../core/record.ts";

/**
 * Training and dev examples of every source language of this cell, with their language, files and split
 * manifests per language (datasets/manifest.ts) (also scripts/kshot-draws.ts: the shots a cell trains on).
 */
export async function sourceData(
  cell: Cell,
  env: { fetch: FetchOptions },
): Promise<{
  train: Example[];
  dev: Example[];
  langs: { train: string[]; dev: string[] };
  files: Record<string, string>;
  manifest: { train: Record<string, string>; dev: Record<string, string> };
}> {
  const c = cell.config;
  const ds = datasetOf(c.dataset.name);
  const out = {
    train: [] as Example[],
    dev: [] as Example[],
    langs: { train: [] as string[], dev: [] as string[] },
    files: {} as Record<string, string>,
    manifest: { train: {} as Record<string, string>, dev: {} as Record<string, string> },
  };
  for (const lang of c.sources) {
    const s = await ds.sourceSplits({
      lang,
      seed: c.seed,
      trainShots: c.trainShots,
      devShots: c.devShots,
      maxTrainPerLanguage: c.maxTrainPerLanguage,
    }, env.fetch);
    out.train.push(...s.train.examples);
    out.dev.push(...s.dev.examples);
    out.langs.train.push(...s.train.examples.map(() => lang));
    out.langs.dev.push(...s.dev.examples.map(() => lang));
    Object.assign(out.files, s.train.files, s.dev.files);
    out.manifest.train[lang] = splitManifest(s.train.examples, s.train.files);
    out.manifest.dev[lang] = splitManifest(s.dev.examples, s.dev.files);
  }
  return out;
}

/**
 * The parallel corpus a method aligns on: one fixed draw per corpus and size
 * (the paper's PAWS-15 is one corpus, not one per seed), never holding one of
 * the cell's own training or dev examples.
 */
export async function parallelData(
  cell: Cell,
  corpus: { id: string; size: number },
  own: Example[],
  env: { fetch: FetchOptions },
): Promise<{ pairs: ParallelPair[]; files: Record<string, string> }> {
  const def = corpusOf(corpus.id);
  if (corpus.size > def.maxSize) {
    throw new Error(
      `cell ${cell.id}: corpus ${corpus.id} has at most ${def.maxSize} pairs, the method asks for ${corpus.size}`,
    );
  }
  return def.load({ size: corpus.size, seed: 0, exclude: new Set(own.map((e) => e.id)) }, env.fetch);
}

/** A target language's evaluation examples (the profile's fixed stratified subset when it names one) and their manifest. */
export async function evalData(
  cell: Cell,
  lang: string,
  env: { fetch: FetchOptions },
): Promise<{ examples: Example[]; files: Record<string, string>; manifest: string }> {
  const c = cell.config;
  const ds = datasetOf(c.dataset.name);
  const loaded = await ds.evalSet(lang, c.evalSplit ?? "test", env.fetch);
  const examples = c.testPerClass
    ? testSubset(loaded.examples, ds.labels.length, c.testPerClass, { dataset: c.dataset.name, lang })
    : loaded.examples;
  return { examples, files: loaded.files, manifest: splitManifest(examples, loaded.files) };
}
