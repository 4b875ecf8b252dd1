// k-shot sampling. Stratified: exactly k examples of every class, drawn without
// replacement by a seeded shuffle of each class's examples in file order. The
// stream depends only on (dataset, language, split, k, seed), so a split is
// the same in every run, process and runtime.
import { deriveSeed, Rng } from "../core/rng.ts";
import type { Example } from "./example.ts";

export interface KShotKey {
  dataset: string;
  lang: string;
  split: string;
  k: number;
  seed: number;
}

/** Exactly k examples per class (classes 0..numClasses-1), returned shuffled. */
export function sampleKShot(examples: readonly Example[], numClasses: number, key: KShotKey): Example[] {
  if (!Number.isInteger(key.k) || key.k < 1) throw new Error(`k-shot: k must be a positive integer, got ${key.k}`);
  const rng = new Rng(deriveSeed("kshot", key.dataset, key.lang, key.split, key.k, key.seed));
  const chosen: Example[] = [];
  for (let c = 0; c < numClasses; c++) {
    const pool = examples.filter((e) => e.label === c);
    if (pool.length < key.k) {
      throw new Error(
        `k-shot: ${key.dataset}/${key.lang}/${key.split} has ${pool.length} examples of class ${c}, fewer than k=${key.k}`,
      );
    }
    chosen.push(...rng.shuffle(pool).slice(0, key.k));
  }
  return rng.shuffle(chosen);
}

/**
 * Train and validation sets for a k-shot run as the SPT paper does it: k per
 * class from the train split for training and ceil(k/4) per class from the dev
 * split for validation (k=8 gives 2 per class).
 */
export function kShotTrainDev(
  train: readonly Example[],
  dev: readonly Example[],
  numClasses: number,
  base: Omit<KShotKey, "split" | "k">,
  k: number,
  devPerClass: number,
): { train: Example[]; dev: Example[] } {
  return {
    train: sampleKShot(train, numClasses, { ...base, split: "train", k }),
    dev: sampleKShot(dev, numClasses, { ...base, split: "dev", k: devPerClass }),
  };
}

/**
 * A fixed stratified sample of `perClass` examples per class, in file order:
 * the same for every cell and seed of a run, so predictions stay paired.
 */
export function testSubset(
  examples: readonly Example[],
  numClasses: number,
  perClass: number,
  key: { dataset: string; lang: string },
): Example[] {
  const chosen = new Set(
    sampleKShot(examples, numClasses, {
      dataset: key.dataset,
      lang: key.lang,
      split: "test-subset",
      k: perClass,
      seed: 0,
    }),
  );
  return examples.filter((e) => chosen.has(e));
}
