#!/usr/bin/env bun
// Pretrains the embedded backbone with masked language modelling on offline
// multilingual text (UDHR + SIB-200 train, never dev or test), and writes it in
// the Hugging Face layout (float16 weights, tokenizer.json, model card) to
// models/embedded/<id>.
//
// Two kinds of sequence: monolingual text (MLM) and pairs of translations of
// one SIB-200 train sentence (translation language modelling, as XLM does), so
// that a masked word can be recovered from its translation; half of the pairs
// have English on one side, the language the smoke profiles train on.
//
// Two engines run the same optimisation: `tfjs` (this process, any machine with
// Bun) and `torch` (scripts/pretrain_torch.py, about ten times faster on a
// CPU). Both resume from their checkpoint after an interruption; batches derive
// from (seed, step). Whatever the engine, the final weights are loaded by the
// project's own XLM-R code and evaluated on the same pre-masked held-out batches.
//
// Two stages (one step counter, one checkpoint): masked LM alone up to
// --bow-from, then half the batches train the document bag-of-words objective
// (models/doc-bow.ts) at the <mask> slot the harness's verbalizer reads, with a
// fresh warmup and a lower peak learning rate.
//
// Recipes: `multilingual` (default) makes xlt-embedded-mini-v4 as above;
// `multilingual-v5` makes xlt-embedded-mini-v5, the smoke profiles' backbone:
// v4's text and tokenizer plus Debian's translation catalogues as translation
// pairs (scripts/pretrain/debian-catalogues.ts) and WordNet's glosses, which in
// stage 2 also name their synsets' and hypernyms' words at the <mask>
// (scripts/pretrain/wordnet-bow.ts); `english` makes xlt-embedded-mini-en-v1, the same shape pretrained on English
// only (UDHR, SIB-200 train, WordNet glosses; masked LM, no stage 2): the
// English-only model whose layers initialise a UniPrompt template tower in
// Table 3's smoke profile, standing in for RoBERTa-base.
//   bun scripts/pretrain-embedded.ts [--recipe multilingual|multilingual-v5|english] [--engine tfjs|torch] [--steps 10500] [--bow-from 6500] [--minutes 0] [--batch 32] [--threads 1]
//
// This file wires the steps, each a module of scripts/pretrain/: options, sources
// (text, tokenizer; debian-catalogues, wordnet-bow), corpus, doc-bow-data (stage 2), batches and mlm (masked LM,
// held-out evaluation), engine-tfjs, engine-torch, card (the published model).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { loadSettings, PROJECT_ROOT } from "../core/settings.ts";
import { initBackend } from "../models/backend.ts";
import { parseXlmrConfig } from "../models/config.ts";
import { loadTokenizer } from "../models/tokenizer.ts";
import { heldOutBatches } from "./pretrain/batches.ts";
import { writeModel } from "./pretrain/card.ts";
import { buildCorpus, loadOrBuildCorpus } from "./pretrain/corpus.ts";
import { buildDocBow, type DocBowCounts, loadOrBuildDocBow } from "./pretrain/doc-bow-data.ts";
import { trainWithTfjs } from "./pretrain/engine-tfjs.ts";
import { trainWithTorch } from "./pretrain/engine-torch.ts";
import { log } from "./pretrain/log.ts";
import { evaluate } from "./pretrain/mlm.ts";
import { parseOptions } from "./pretrain/options.ts";
import { describeSources, ensureTokenizer, loadSources } from "./pretrain/sources.ts";

const o = parseOptions();
const settings = loadSettings();
const work = join(settings.cacheDir, "pretrain", o.id);
mkdirSync(work, { recursive: true });
const outDir = join(PROJECT_ROOT, "models", "embedded", o.id);
const t0 = performance.now();

// ---- corpus and tokenizer ----
const sources = await loadSources(o.recipe, settings);
log(describeSources(sources));
const tokPath = ensureTokenizer(work, sources, o.recipe.english, o.tokenizer);
const tok = loadTokenizer(work);
const maskId = tok.maskId!;
const corpus = loadOrBuildCorpus(work, () => buildCorpus(sources, tok, o), { maskId, config: o.config });
const { train, heldOut } = corpus;
log(
  `${train.length} training sequences (${corpus.mono} monolingual <= ${o.monoLen} tokens, ${corpus.pairs} translation pairs <= ${
    2 * o.pairSide + 4
  }), ${heldOut.length} held out; tokenizer ${tok.vocabSize} pieces`,
);

// ---- stage 2: document bag-of-words data ----
let docBow: DocBowCounts | null = null;
if (o.bowFrom < o.steps) {
  docBow = loadOrBuildDocBow(
    work,
    () => buildDocBow(sources.sib, sources.synsets, tok, { ...o, maskId }),
    o.bowTargets,
  );
  log(
    `stage 2 from step ${o.bowFrom}: ${docBow.sequences} bag-of-words sequences over ${docBow.documents} English target sets`,
  );
}

// ---- masked LM: held-out batches (fixed, shared with the torch engine), training, evaluation ----
const masking = { maskId, vocabSize: tok.vocabSize };
const heldOutSet = heldOutBatches(work, heldOut, o.seed, masking);
await initBackend();
const config = parseXlmrConfig({ ...o.config }, o.id);
const trained = o.engine === "torch"
  ? trainWithTorch(work, config, o)
  : await trainWithTfjs(work, config, train, masking, o);
const ev = evaluate(trained.model, config.hidden_size, heldOutSet);
const minutes = (performance.now() - t0) / 60000;
log(
  `held-out MLM loss ${ev.loss.toFixed(4)}, accuracy ${
    (ev.accuracy * 100).toFixed(1)
  }% after ${trained.steps} steps (this project's XLM-R forward pass)`,
);
const engineHeldOut = trained.engineHeldOut;
const agreement = engineHeldOut ? Math.abs(engineHeldOut.loss - ev.loss) : null;
if (engineHeldOut) {
  log(
    `the torch engine's own forward pass: loss ${engineHeldOut.loss.toFixed(4)}, accuracy ${
      (engineHeldOut.accuracy * 100).toFixed(1)
    }% (|loss difference| ${agreement!.toExponential(2)})`,
  );
  if (agreement! > 1e-3) {
    throw new Error(
      `the project's XLM-R and the torch engine disagree on the held-out loss by ${agreement}: not saving`,
    );
  }
}

writeModel(outDir, tokPath, o, { sources, corpus, docBow, vocabSize: tok.vocabSize, trained, ev, agreement, minutes });
log(`wrote ${outDir}`);
process.exit(0);
