// A dataset is one definition: what a spec and a cell need to know of it (its
// task kind, its label set in order, its languages, whether its k-shot splits
// are published (given) or drawn by the harness (sampled)) and how to load a
// source language's train/dev examples for one cell and a target language's
// evaluation set. Cells never name a dataset's files. `defineDataset` in the
// dataset's own module, one line in builtin.ts.
import type { Example } from "./example.ts";
import type { FetchOptions } from "./fetch.ts";

/** What one cell asks of a source language. */
export interface SourceRequest {
  lang: string;
  seed: number;
  trainShots: number | "all";
  devShots: number | "all" | "given";
  /** With trainShots "all": at most this many training examples per language (a seeded subset). */
  maxTrainPerLanguage?: number;
}

/** Examples and the sha256 of every file they came from (key -> sha256), for provenance. */
export interface Loaded {
  examples: Example[];
  files: Record<string, string>;
}

export interface DatasetDef {
  /** The id specs name it by (a spec's `dataset`). */
  id: string;
  /** Short name for messages (SIB-200, MARC). */
  name: string;
  title: string;
  citation: string;
  /** The pinned repository and commit the files come from. */
  source: { repo: string; commit: string; license: string };
  task: "single-text" | "text-pair";
  /** Class names in label order: class i is labels[i]. */
  labels: readonly string[];
  languages: readonly string[];
  /** Language family per language, where a figure colours by it. */
  families?: Record<string, string>;
  /** given: the k-shot train/dev files are published (a seed names one); sampled: the harness draws them with the seed. */
  splits: "given" | "sampled";
  /** The published k values and seeds (given splits). */
  givenShots?: { k: readonly number[]; seeds: readonly number[] };
  /**
   * Where every language's pinned splits are known: the fewest examples of one class in each, so that a spec
   * asking to draw more per class (k, dev shots, testPerClass) is refused when it loads, not when a cell starts.
   * trainFrom "dev": the training and dev shots are drawn, disjoint, from the dev split (XNLI).
   */
  classSizes?: { train?: number; dev?: number; test?: number; trainFrom?: "dev" };
  /** Evaluation splits of a target language. */
  evalSplits: readonly ("test" | "dev")[];
  sourceSplits(req: SourceRequest, fetch: FetchOptions): Promise<{ train: Loaded; dev: Loaded }>;
  evalSet(lang: string, split: "test" | "dev", fetch: FetchOptions): Promise<Loaded>;
}

export function defineDataset(d: DatasetDef): DatasetDef {
  return d;
}
