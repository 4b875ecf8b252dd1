// UniPrompt's parts checked against an XLM-R written out independently
// (test/helpers/reference-encoder.ts): the two-tower forward pass, Algorithm 1's
// label words, the cached template tower, and the template tower's inits.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { initBackend, tf } from "../../models/backend.ts";
import { loadCheckpoint } from "../../models/pretrained.ts";
import type { XlmrModel } from "../../models/xlmr.ts";
import { buildMethod } from "../../methods/registry.ts";
import { labelWordIds } from "../../methods/label-words.ts";
import type { UniPrompt } from "../../methods/uniprompt.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { loadTokenizer } from "../../models/tokenizer.ts";
import { makeTinyModelDir, TINY_CONFIG } from "../helpers/tiny-model.ts";
import { ReferenceEncoder } from "../helpers/reference-encoder.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";
import { build, context, EXAMPLES, UNI } from "./helpers.ts";

let dir: string;
let ref: ReferenceEncoder;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
  ref = new ReferenceEncoder(dir, TINY_CONFIG.num_hidden_layers, TINY_CONFIG.num_attention_heads);
});
afterAll(() => ref.dispose());

/** The final <mask> state of one example as Figure 2 draws it, by the reference encoder: towers of p layers, then the rest over [template; context]. */
function referenceMaskState(u: UniPrompt, contextIds: number[]): number[] {
  const p = u.p.towerLayers;
  return tf.tidy(() => {
    const t = ref.run(ref.embed(u.template.ids), 0, p);
    const c = ref.run(ref.embed(contextIds), 0, p);
    const h = ref.run(tf.concat([t, c], 0) as tf.Tensor2D, p, ref.layers);
    return Array.from(tf.slice(h, [u.template.maskAt, 0], [1, -1]).dataSync());
  });
}

const maxDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((r, i) => r.map((x, j) => Math.abs(x - b[i][j]))));

describe("UniPrompt", () => {
  test("the two-tower forward pass equals the reference: template and context towers apart, fused above, read at the template's <mask>", async () => {
    const { model, method } = await build(dir, { method: "uniprompt", params: UNI });
    const u = method as UniPrompt;
    const batch = EXAMPLES.map((e) => u.encode(e, "en"));
    const ours = tf.tidy(() => u.maskStates(batch).arraySync() as number[][]);
    const theirs = batch.map((e) => referenceMaskState(u, e.ids));
    // the reference encoder multiplies other shapes (one example, its towers apart): another order of sums
    expectWithin(
      "UniPrompt <mask> states",
      ours,
      theirs,
      networkTolerance({ layers: 2, longestSum: 4 * model.hidden, values: theirs }),
    );
    method.dispose();
    model.dispose();
  });

  test("Algorithm 1: each soft label word starts as the mean <mask> state of its class's training examples", async () => {
    const { model, method } = await build(dir, { method: "uniprompt", params: UNI });
    const u = method as UniPrompt;
    const byClass = [0, 1, 2, 3, 4].map((c) =>
      EXAMPLES.filter((e) => e.label === c).map((e) => referenceMaskState(u, u.encode(e, "en").ids))
    );
    const means = byClass.map((rows) => rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length));
    expectWithin(
      "UniPrompt label words",
      u.labelW!.arraySync() as number[][],
      means,
      networkTolerance({ layers: 2, longestSum: 4 * model.hidden, values: means }),
    );
    expect(Array.from(u.labelB!.dataSync())).toEqual([0, 0, 0, 0, 0]);
    method.dispose();
    model.dispose();
  });

  test("soft label words from the MLM head start as the label words' decoder rows", async () => {
    const { model, tokenizer, method } = await build(dir, {
      method: "uniprompt",
      params: { ...UNI, labelWords: "soft-lm-head" },
    });
    const u = method as UniPrompt;
    const emb = model.w.wordEmb.whole.arraySync() as number[][];
    const rows = labelWordIds(["bad", "fine", "funny", "perfect", "wonderful"], tokenizer).map((ids) =>
      emb[0].map((_, j) => ids.reduce((s, i) => s + emb[i][j], 0) / ids.length)
    );
    expect(maxDiff(u.labelW!.arraySync() as number[][], rows)).toBeLessThan(1e-6);
    method.dispose();
    model.dispose();
  });

  test("the cached template tower gives the same logits as computing it fresh", async () => {
    const { model, method } = await build(dir, { method: "uniprompt", params: UNI });
    const batch = EXAMPLES.map((e) => method.encode(e, "de"));
    const fresh = tf.tidy(() => method.logits(batch).arraySync() as number[][]);
    method.cacheForInference();
    const cached = tf.tidy(() => method.logits(batch).arraySync() as number[][]);
    expect(cached).toEqual(fresh);
    method.dispose();
    model.dispose();
  });

  test("the template tower starts as a copy of the bottom layers, as fresh layers, or as another checkpoint's bottom layers", async () => {
    const { model, tokenizer } = loadCheckpoint(dir);
    const m = model as XlmrModel;
    const copy = await buildMethod("uniprompt", context(m, tokenizer, UNI)) as UniPrompt;
    expect(copy.templateLayers[0].interW.dataSync()).toEqual(m.w.layers[0].interW.dataSync());
    expect(copy.templateLayers[0].interW).not.toBe(m.w.layers[0].interW);
    const other = loadCheckpoint(makeTinyModelDir(99));
    const ref = { kind: "embedded" as const, id: "other" };
    const fromOther = await buildMethod(
      "uniprompt",
      context(m, tokenizer, { ...UNI, templateTower: { init: "checkpoint", backbone: ref } }, [{
        ref,
        model: other.model,
      }]),
    ) as UniPrompt;
    expect(fromOther.templateLayers[0].qkvW.dataSync()).toEqual((other.model as XlmrModel).w.layers[0].qkvW.dataSync());
    const random = await buildMethod(
      "uniprompt",
      context(m, tokenizer, { ...UNI, templateTower: { init: "random" } }),
    ) as UniPrompt;
    expect(Array.from(random.templateLayers[0].attnLnG.dataSync()).every((x) => x === 1)).toBe(true);
    expect(Math.abs(tf.tidy(() => tf.moments(random.templateLayers[0].qkvW).variance.dataSync()[0]) - 0.02 ** 2))
      .toBeLessThan(1e-4);
    for (const x of [copy, fromOther, random]) x.dispose();
    other.model.dispose();
    model.dispose();
  });

  test("a tower count that leaves no fusion layer, or a checkpoint of another shape, is refused by name", async () => {
    const { model, tokenizer } = loadCheckpoint(dir);
    const m = model as XlmrModel;
    await expect(buildMethod("uniprompt", context(m, tokenizer, { ...UNI, towerLayers: 2 }))).rejects.toThrow(
      "uniprompt towerLayers 2 leaves no fusion tower; the backbone has 2 layers, so it must be 1..1",
    );
    await expect(
      buildMethod(
        "uniprompt",
        context(m, tokenizer, {
          ...UNI,
          templateTower: { init: "checkpoint", backbone: { kind: "embedded", id: "missing" } },
        }),
      ),
    ).rejects.toThrow("missing was not loaded");
    const narrow = loadCheckpoint(makeTinyModelDir(5, { ...TINY_CONFIG, hidden_size: 8 }));
    const ref = { kind: "embedded" as const, id: "narrow" };
    await expect(
      buildMethod(
        "uniprompt",
        context(m, tokenizer, { ...UNI, templateTower: { init: "checkpoint", backbone: ref } }, [{
          ref,
          model: narrow.model,
        }]),
      ),
    ).rejects.toThrow(
      "the template tower's checkpoint narrow has hidden_size 8, the backbone 16",
    );
    narrow.model.dispose();
    model.dispose();
  });
});

test("the English-only embedded model's layers fit the smoke backbone's (Table 3's RoBERTa-base row on the smoke profile)", async () => {
  const root = join(PROJECT_ROOT, "models", "embedded");
  const en = JSON.parse(readFileSync(join(root, "xlt-embedded-mini-en-v1", "config.json"), "utf8"));
  const multi = JSON.parse(readFileSync(join(root, "xlt-embedded-mini-v4", "config.json"), "utf8"));
  for (const f of ["hidden_size", "num_attention_heads", "intermediate_size"]) expect(en[f]).toBe(multi[f]);
  expect(en.num_hidden_layers).toBeGreaterThanOrEqual(3);
  expect(loadTokenizer(join(root, "xlt-embedded-mini-en-v1")).tokens("the science")).toEqual(["▁the", "▁science"]);
});
