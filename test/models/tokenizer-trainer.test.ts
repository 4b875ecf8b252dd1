import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSib200, SIB200_LANGUAGES } from "../../datasets/sib200.ts";
import { trainUnigramTokenizer, XLMR_TOKENIZER_CONFIG } from "../../models/tokenizer-trainer.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";
import { HAS_MIRROR, MIRROR, tempDir } from "../helpers/mirror.ts";

type Vocab = [string, number][];
const vocabOf = (json: object) => (json as { model: { vocab: Vocab } }).model.vocab;

function saved(json: object) {
  const dir = join(tempDir("xlt-tok-"), "tok");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(json));
  writeFileSync(join(dir, "tokenizer_config.json"), JSON.stringify(XLMR_TOKENIZER_CONFIG));
  return loadTokenizer(dir);
}

// A whole word ("na") that is also a prefix of a longer one ("nako"), and a
// frequent short word ("on") that is also a substring of many others.
const SYLLABLES = ["ba", "ko", "lu", "mi", "se", "ta", "ri", "po", "ne", "du"];
const INNER = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => `${a}on${b}`));
const TEXTS = Array.from(
  { length: 30 },
  (_, i) => [...INNER.slice((i * 7) % 90, (i * 7) % 90 + 10), "on", "na", "nako"].join(" "),
);

/** SIB-200 train text of `n` languages (English first), through the project's loader from the data mirror. */
async function sibTrainTexts(n: number): Promise<string[]> {
  const opts = { mirrors: [MIRROR], cacheDir: tempDir("xlt-tok-cache-") };
  const langs = ["eng_Latn", ...SIB200_LANGUAGES.filter((l) => l !== "eng_Latn").slice(0, n - 1)];
  const texts: string[] = [];
  for (const l of langs) for (const ex of await loadSib200(l, "train", opts)) texts.push(ex.text);
  return texts;
}

describe("trainUnigramTokenizer", () => {
  test("every piece appears once in the vocabulary, with and without EM", () => {
    for (const emIterations of [0, 2]) {
      const pieces = vocabOf(trainUnigramTokenizer(TEXTS, { vocabSize: 60, minCharCount: 1, emIterations })).map((
        [p],
      ) => p);
      expect(new Set(pieces).size).toBe(pieces.length);
    }
  });

  test("EM keeps frequent words whole rather than splitting off the word-start marker", () => {
    const tok = saved(trainUnigramTokenizer(TEXTS, { vocabSize: 60, minCharCount: 1, emIterations: 3, seedFactor: 3 }));
    expect(tok.tokens("on na nako")).toEqual(["\u2581on", "\u2581na", "\u2581nako"]);
  });

  test.skipIf(!HAS_MIRROR)("on SIB-200 text (data mirror) frequent English words are single pieces", async () => {
    const tok = saved(
      trainUnigramTokenizer(await sibTrainTexts(20), {
        vocabSize: 3000,
        minCharCount: 20,
        emIterations: 3,
        seedFactor: 3,
        maxWordPieceLength: 16,
      }),
    );
    for (const w of ["the", "is", "on", "and", "of", "to"]) expect(tok.tokens(w)).toEqual([`\u2581${w}`]);
  }, 60_000);

  test("pruning keeps the vocabulary within its budget", () => {
    const json = trainUnigramTokenizer(TEXTS, { vocabSize: 40, minCharCount: 1, emIterations: 3, seedFactor: 3 });
    expect(vocabOf(json).length).toBeLessThanOrEqual(40);
  });

  test("characters below minCharCount become <unk>; segmentation round-trips the rest", () => {
    const tok = saved(trainUnigramTokenizer([...TEXTS, "zq"], { vocabSize: 50, minCharCount: 2, emIterations: 2 }));
    expect(tok.tokens("bonbon zq").join("").replaceAll("\u2581", " ").trim().startsWith("bonbon")).toBe(true);
    expect(tok.tokenIds("zq")).toContain(3); // <unk>
  });

  test("the same text gives the same tokenizer", () => {
    const opts = { vocabSize: 50, minCharCount: 1, emIterations: 2 };
    expect(JSON.stringify(trainUnigramTokenizer(TEXTS, opts))).toBe(JSON.stringify(trainUnigramTokenizer(TEXTS, opts)));
  });
});
