// The translation prompt reads a target language with that language's
// template and label words (datasets/translations/marc.json) and the source
// language with the English ones it trained with.
import { beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import type { DiscretePrompt, PromptRow } from "../../methods/discrete-prompt.ts";
import { loadTranslations } from "../../datasets/translations.ts";
import { labelWordIds } from "../../methods/label-words.ts";
import { makeTinyModelDir } from "../helpers/tiny-model.ts";
import { build, CASES } from "./helpers.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

const review = { id: "1", text: "Die Regierung hat neue Gesetze beschlossen.", label: 2 };

describe("translation prompt", () => {
  test("a German test example is read with the German template and scored on the German label words", async () => {
    const { model, tokenizer, method } = await build(dir, CASES["translation-prompt"]);
    const de = loadTranslations("marc", 5)!.languages.de;
    expect(de.template).toBe("Es ist <mask>. {text}");
    const row = method.encode(review, "de") as PromptRow;
    const { prefix, suffix } = tokenizer.specials();
    expect(row.ids).toEqual([
      ...prefix,
      ...tokenizer.tokenIds("Es ist"),
      tokenizer.maskId!,
      ...tokenizer.tokenIds("."),
      ...tokenizer.tokenIds(review.text),
      ...suffix,
    ]);
    // the class logits are the mean MLM logits of each German word's pieces at <mask>
    const logits = tf.tidy(() => method.logits([row]).arraySync() as number[][])[0];
    const expected = tf.tidy(() => {
      const h = model.encode(model.embedTokens(tf.tensor2d([row.ids], [1, row.ids.length], "int32")), [
        row.ids.map(() => 1),
      ]);
      const atMask = tf.slice(tf.reshape(h, [row.ids.length, model.hidden]), [row.maskAt, 0], [1, -1]) as tf.Tensor2D;
      return labelWordIds(de.labelWords, tokenizer).map((ids) =>
        (model.lmLogitsFor(atMask, ids).arraySync() as number[][])[0].reduce((s, x) => s + x, 0) / ids.length
      );
    });
    logits.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 4));
    expect((method as DiscretePrompt).readingFor("de").words).toEqual(de.labelWords);
    method.dispose();
    model.dispose();
  });

  test("the source language keeps the English template and label words; the English prompt uses them everywhere", async () => {
    const t = await build(dir, CASES["translation-prompt"]);
    const e = await build(dir, CASES["english-prompt"]);
    expect((t.method as DiscretePrompt).readingFor("en").words).toEqual([
      "bad",
      "fine",
      "funny",
      "perfect",
      "wonderful",
    ]);
    expect((e.method.encode(review, "de") as PromptRow).ids).toEqual((t.method.encode(review, "en") as PromptRow).ids);
    for (const x of [t, e]) {
      x.method.dispose();
      x.model.dispose();
    }
  });

  test("a target language without a translation is an error naming it", async () => {
    const { model, method } = await build(dir, CASES["translation-prompt"]);
    expect(() => method.encode(review, "ko")).toThrow('no translation into "ko" (translated: de, es, fr, ja, zh)');
    method.dispose();
    model.dispose();
  });
});

test("the English prompt trains on a batch of several source languages; the translation prompt refuses to mix readings", async () => {
  const e = await build(dir, CASES["english-prompt"]);
  const t = await build(dir, CASES["translation-prompt"]);
  const mixed = [e.method.encode(review, "en"), e.method.encode(review, "de")];
  expect(() => tf.tidy(() => e.method.loss(mixed))).not.toThrow();
  expect(() => t.method.logits([t.method.encode(review, "en"), t.method.encode(review, "de")])).toThrow(
    "translation-prompt: a batch mixes en and de",
  );
  for (const x of [e, t]) {
    x.method.dispose();
    x.model.dispose();
  }
});
