// The pretraining run's settings: the two recipes, the fixed shape of the data
// and the model, and the command line that picks among them. Every other module
// of scripts/pretrain/ takes what it reads from here as a parameter.
import { parseArgs } from "node:util";
import { xlmrConfigJson } from "../../models/config.ts";
import { pythonPath } from "../../core/settings.ts";

export const RECIPES = {
  multilingual: {
    id: "xlt-embedded-mini-v4",
    vocabSize: 16000,
    english: false,
    englishRepeat: 8,
    steps: 10500,
    bowFrom: 6500,
    catalogues: false,
    glosses: false,
  },
  // v4's text and tokenizer, plus Debian's translation catalogues as translation
  // pairs, WordNet's glosses as English text, and in stage 2 each gloss naming its
  // synset's and hypernyms' words (scripts/pretrain/wordnet-bow.ts)
  "multilingual-v5": {
    id: "xlt-embedded-mini-v5",
    vocabSize: 16000,
    english: false,
    englishRepeat: 8,
    steps: 10000,
    bowFrom: 6500,
    catalogues: true,
    glosses: true,
  },
  english: {
    id: "xlt-embedded-mini-en-v1",
    vocabSize: 8000,
    english: true,
    englishRepeat: 1,
    steps: 4000,
    bowFrom: 4000,
    catalogues: false,
    glosses: true,
  },
} as const;
export type Recipe = (typeof RECIPES)[keyof typeof RECIPES];

/** Stage 2: share of batches, peak lr relative to --lr, warmup steps; the harness's smoke texts are cut to 48 tokens. */
export const BOW = { share: 0.5, lrScale: 0.5, warmup: 100, maxLength: 48 };
export const BOW_TARGETS = { window: 2, neighbourWeight: 0.5, maxDocFrequency: 0.03 };
export type BowStage = typeof BOW;
export type BowTargets = typeof BOW_TARGETS;

/** Catalogue pairs kept per language (a seeded sample of those whose English has at least minWords words). */
export const CATALOGUE = { perLanguage: 2500, minWords: 3 };

/** Monolingual sequences hold at most MONO_LEN tokens; each side of a translation pair at most PAIR_SIDE. */
export const MONO_LEN = 64, PAIR_SIDE = 62;

// Characters seen fewer than 50 times (0.3% of the text: mostly rare CJK
// characters) become <unk>; with every character kept, 7,000 of 8,000 pieces
// were single characters and English words were spelled out.
export function tokenizerOptions(recipe: Recipe) {
  return { vocabSize: recipe.vocabSize, minCharCount: 50, emIterations: 3, seedFactor: 3, maxWordPieceLength: 16 };
}

export function modelConfig(vocabSize: number, pairSide: number) {
  return xlmrConfigJson({
    vocab_size: vocabSize,
    hidden_size: 128,
    num_hidden_layers: 4,
    num_attention_heads: 4,
    intermediate_size: 512,
    max_position_embeddings: 2 * pairSide + 6,
  });
}
export type ModelConfigJson = ReturnType<typeof modelConfig>;

export interface PretrainOptions {
  recipe: Recipe;
  id: string;
  engine: "tfjs" | "torch";
  steps: number;
  /** The first step of stage 2; equal to steps: masked LM alone. */
  bowFrom: number;
  /** Stop after this many minutes of training (0: no limit). */
  minutes: number;
  batch: number;
  lr: number;
  threads: number;
  ckptEvery: number;
  seed: number;
  python: string;
  device: string;
  bow: BowStage;
  bowTargets: BowTargets;
  monoLen: number;
  pairSide: number;
  catalogue: typeof CATALOGUE;
  /** English is what every smoke profile trains on, and SIB-200 has only 701
   * English train sentences: its monolingual text is repeated (each copy masked
   * afresh), as multilingual pretraining re-weights languages by sampling. */
  englishRepeat: number;
  tokenizer: ReturnType<typeof tokenizerOptions>;
  config: ModelConfigJson;
}

const FLAGS = {
  recipe: { type: "string", default: "multilingual" },
  engine: { type: "string", default: "tfjs" },
  steps: { type: "string" },
  "bow-from": { type: "string" },
  minutes: { type: "string", default: "0" },
  batch: { type: "string", default: "32" },
  lr: { type: "string", default: "0.001" },
  threads: { type: "string", default: "1" },
  "ckpt-every": { type: "string", default: "100" },
  seed: { type: "string", default: "1" },
  python: { type: "string", default: pythonPath() },
  device: { type: "string", default: "cpu" },
} as const;

/** The options of `bun scripts/pretrain-embedded.ts`; throws on a flag it does not know or a value out of range. */
export function parseOptions(args: string[] = process.argv.slice(2)): PretrainOptions {
  const { values: a } = parseArgs({ args, options: FLAGS });
  if (!(a.recipe in RECIPES)) {
    throw new Error(`--recipe: expected ${Object.keys(RECIPES).join(" or ")}, got "${a.recipe}"`);
  }
  const recipe: Recipe = RECIPES[a.recipe as keyof typeof RECIPES];
  const stepsFlag = a.steps ?? String(recipe.steps);
  const bowFromFlag = a["bow-from"] ?? String(recipe.bowFrom);
  const engine = a.engine as "tfjs" | "torch";
  if (engine !== "tfjs" && engine !== "torch") throw new Error(`--engine: expected tfjs or torch, got "${a.engine}"`);
  const steps = Number(stepsFlag), bowFrom = Number(bowFromFlag);
  if (!(bowFrom >= 0 && bowFrom <= steps)) {
    throw new Error(`--bow-from: expected a step between 0 and --steps (${steps}), got "${bowFromFlag}"`);
  }
  const tokenizer = tokenizerOptions(recipe);
  return {
    recipe,
    id: recipe.id,
    engine,
    steps,
    bowFrom,
    minutes: Number(a.minutes),
    batch: Number(a.batch),
    lr: Number(a.lr),
    threads: Number(a.threads),
    ckptEvery: Number(a["ckpt-every"]),
    seed: Number(a.seed),
    python: a.python,
    device: a.device,
    bow: BOW,
    bowTargets: BOW_TARGETS,
    monoLen: MONO_LEN,
    pairSide: PAIR_SIDE,
    catalogue: CATALOGUE,
    englishRepeat: recipe.englishRepeat,
    tokenizer,
    config: modelConfig(tokenizer.vocabSize, PAIR_SIDE),
  };
}
