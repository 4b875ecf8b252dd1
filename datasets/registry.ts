// Datasets as a plain registry: id -> what a spec and a cell need to know.
// Each says its task kind, its label set in order, its languages, whether its
// k-shot splits are published (given) or drawn by the harness (sampled), and
// how to load a source language's train/dev examples for one cell and a
// target language's evaluation set. Cells never name a dataset's files.
import type { Example } from "./example.ts";
import type { FetchOptions } from "./fetch.ts";
import { kShotTrainDev, sampleKShot } from "./kshot.ts";
import { loadMarcShots, loadMarcTest, MARC_LABELS, MARC_LANGUAGES, MARC_SHOTS, marcShotsKey, marcShotsPin, marcTestPin } from "./marc.ts";
import { deriveSeed, Rng } from "../core/rng.ts";
import { loadSib200, SIB200_LABELS, SIB200_LANGUAGES, sib200Pin } from "./sib200.ts";
import { MESH_REPO, SIB200, UNIPROMPT_REPO } from "./sources.ts";
import { loadXnliDev, loadXnliTest, XNLI_FAMILIES, XNLI_LABELS, XNLI_LANGUAGES, xnliPin, xnliTestFiles } from "./xnli.ts";

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
  /** Evaluation splits of a target language. */
  evalSplits: readonly ("test" | "dev")[];
  sourceSplits(req: SourceRequest, fetch: FetchOptions): Promise<{ train: Loaded; dev: Loaded }>;
  evalSet(lang: string, split: "test" | "dev", fetch: FetchOptions): Promise<Loaded>;
}

const sib200: DatasetDef = {
  name: "SIB-200",
  title: "SIB-200 topic classification (Adelani et al., 2024)",
  citation: "Adelani et al. 2024, SIB-200: A Simple, Inclusive, and Big Evaluation Dataset for Topic Classification in 200+ Languages and Dialects",
  source: { repo: SIB200.repo, commit: SIB200.commit, license: SIB200.license },
  task: "single-text",
  labels: SIB200_LABELS,
  languages: SIB200_LANGUAGES,
  splits: "sampled",
  evalSplits: ["test", "dev"],
  async sourceSplits(req, fetch) {
    const { lang, seed } = req;
    const files = { [`${lang}/train`]: sib200Pin(lang, "train").sha256, [`${lang}/dev`]: sib200Pin(lang, "dev").sha256 };
    if (req.devShots === "given") throw new Error(`SIB-200 publishes no k-shot splits: devShots "given" does not apply (use a number or "all")`);
    const base = { dataset: "sib200", lang, seed };
    const tr = await loadSib200(lang, "train", fetch);
    const dv = await loadSib200(lang, "dev", fetch);
    const C = SIB200_LABELS.length;
    let train: Example[], dev: Example[];
    if (req.trainShots === "all") {
      train = new Rng(deriveSeed("subset", lang, seed)).shuffle(tr).slice(0, req.maxTrainPerLanguage ?? tr.length);
      dev = req.devShots === "all" ? dv : sampleKShot(dv, C, { ...base, split: "dev", k: req.devShots });
    } else if (req.devShots === "all") {
      train = sampleKShot(tr, C, { ...base, split: "train", k: req.trainShots });
      dev = dv;
    } else ({ train, dev } = kShotTrainDev(tr, dv, C, base, req.trainShots, req.devShots));
    return { train: { examples: train, files }, dev: { examples: dev, files: {} } };
  },
  async evalSet(lang, split, fetch) {
    return { examples: await loadSib200(lang, split, fetch), files: { [`${lang}/${split}`]: sib200Pin(lang, split).sha256 } };
  },
};

/**
 * XNLI as the MPT paper uses it, with its one substitution: the paper samples k
 * training and k dev pairs per class from English MultiNLI (XNLI's training
 * set), which is not available here, so both are drawn, disjoint and seeded,
 * from the English XNLI dev set (830 pairs per class; k up to 256 leaves room
 * for both). Test: every language's 5,010 test pairs with the German file's labels.
 */
const xnli: DatasetDef = {
  name: "XNLI",
  title: "XNLI, Cross-lingual Natural Language Inference (Conneau et al., 2018): entailment, neutral, contradiction",
  citation: "Conneau et al. 2018, XNLI: Evaluating Cross-lingual Sentence Representations",
  source: { repo: MESH_REPO.repo, commit: MESH_REPO.commit, license: MESH_REPO.license },
  task: "text-pair",
  labels: XNLI_LABELS,
  languages: XNLI_LANGUAGES,
  families: XNLI_FAMILIES,
  splits: "sampled",
  evalSplits: ["test", "dev"],
  async sourceSplits(req, fetch) {
    const { lang, seed, trainShots: k, devShots } = req;
    if (k === "all" || typeof devShots !== "number") throw new Error(`XNLI's source splits are drawn from its dev set: trainShots and devShots must be numbers of pairs per class, not ${JSON.stringify(k === "all" ? k : devShots)}`);
    const pool = await loadXnliDev(lang, fetch);
    const C = XNLI_LABELS.length;
    const train = sampleKShot(pool, C, { dataset: "xnli", lang, seed, split: "train-from-dev", k });
    const taken = new Set(train);
    const dev = sampleKShot(pool.filter((e) => !taken.has(e)), C, { dataset: "xnli", lang, seed, split: "dev-from-dev", k: devShots });
    const files = { [`${lang}/dev`]: xnliPin(`${lang}/dev`).sha256 };
    return { train: { examples: train, files }, dev: { examples: dev, files: {} } };
  },
  async evalSet(lang, split, fetch) {
    if (split === "dev") return { examples: await loadXnliDev(lang, fetch), files: { [`${lang}/dev`]: xnliPin(`${lang}/dev`).sha256 } };
    return { examples: await loadXnliTest(lang, fetch), files: xnliTestFiles(lang) };
  },
};

const marc: DatasetDef = {
  name: "MARC",
  title: "MARC, Multilingual Amazon Reviews Corpus (Keung et al., 2020): 1-5 star rating, UniPrompt's k-shot splits",
  citation: "Keung et al. 2020, The Multilingual Amazon Reviews Corpus; splits from Huang et al. 2022 (UniPrompt)",
  source: { repo: UNIPROMPT_REPO.repo, commit: UNIPROMPT_REPO.commit, license: UNIPROMPT_REPO.license },
  task: "single-text",
  labels: MARC_LABELS,
  languages: MARC_LANGUAGES,
  splits: "given",
  givenShots: MARC_SHOTS,
  evalSplits: ["test"],
  async sourceSplits(req, fetch) {
    const { lang, seed, trainShots: k } = req;
    if (k === "all") throw new Error(`MARC is loaded as UniPrompt's k-shot splits: trainShots must be one of ${MARC_SHOTS.k.join(", ")}, not "all"`);
    if (req.devShots !== "given") throw new Error(`MARC's dev split is published with each k-shot split: devShots must be "given", not ${JSON.stringify(req.devShots)}`);
    const load = async (split: "train" | "dev"): Promise<Loaded> => ({
      examples: await loadMarcShots(lang, k, seed, split, fetch),
      files: { [marcShotsKey(lang, k, seed, split)]: marcShotsPin(lang, k, seed, split).sha256 },
    });
    return { train: await load("train"), dev: await load("dev") };
  },
  async evalSet(lang, split, fetch) {
    if (split !== "test") throw new Error(`MARC has no ${split} split per target language (UniPrompt's dev files are the source's k-shot dev sets); evaluate on test`);
    return { examples: await loadMarcTest(lang, fetch), files: { [`${lang}/test`]: marcTestPin(lang).sha256 } };
  },
};

export const DATASETS: Record<string, DatasetDef> = { sib200, marc, xnli };

export function datasetOf(id: string): DatasetDef {
  const d = DATASETS[id];
  if (!d) throw new Error(`unknown dataset "${id}" (known: ${Object.keys(DATASETS).join(", ")})`);
  return d;
}

/**
 * A fixed stratified sample of `perClass` examples per class, in file order:
 * the same for every cell and seed of a run, so predictions stay paired.
 */
export function testSubset(examples: readonly Example[], numClasses: number, perClass: number, key: { dataset: string; lang: string }): Example[] {
  const chosen = new Set(sampleKShot(examples, numClasses, { dataset: key.dataset, lang: key.lang, split: "test-subset", k: perClass, seed: 0 }));
  return examples.filter((e) => chosen.has(e));
}
