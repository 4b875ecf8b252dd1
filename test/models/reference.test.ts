// Outputs of the project's backbones against Hugging Face transformers itself,
// from fixtures made by scripts/make-reference-fixtures.py (test/fixtures/
// reference/<arch>/: the checkpoint and expected.json). Skipped, with a note,
// while the fixtures have not been generated. Until then XLM-R is also checked
// against a second, independent implementation in plain PyTorch
// (test/fixtures/torch-xlmr/, made by scripts/make-torch-xlmr-fixture.py).
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../bench/config.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { parseBloomConfig, bloomFromTensors } from "../../models/bloom.ts";
import { parseXlmrConfig } from "../../models/config.ts";
import { readWeights } from "../../models/pretrained.ts";
import { parseXglmConfig, xglmFromTensors } from "../../models/xglm.ts";
import { xlmrFromTensors } from "../../models/xlmr.ts";

const ROOT = join(PROJECT_ROOT, "test", "fixtures", "reference");
const ARCHS = ["xlm-roberta", "xglm", "bloom"] as const;
const present = ARCHS.filter((a) => existsSync(join(ROOT, a, "expected.json")));
if (present.length < ARCHS.length) console.warn(`[tests] reference fixtures missing for ${ARCHS.filter((a) => !present.includes(a)).join(", ")}: run scripts/make-reference-fixtures.py where transformers is installed`);

beforeAll(() => initBackend());

function load(arch: (typeof ARCHS)[number], dir = join(ROOT, arch)) {
  const raw = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  const { tensors } = readWeights(dir);
  if (arch === "xlm-roberta") return xlmrFromTensors(parseXlmrConfig(raw, dir), tensors, dir);
  if (arch === "xglm") return xglmFromTensors(parseXglmConfig(raw, dir), tensors, dir);
  return bloomFromTensors(parseBloomConfig(raw, dir), tensors, dir);
}

interface Case { padding: string; ids: number[][]; mask: number[][]; hidden: number[][][]; logits: number[][][] }

/** The largest |ours - reference| over hidden states and logits at the real positions. */
function worstDifference(model: ReturnType<typeof load>, c: Case): number {
  const [h, l] = tf.tidy(() => {
    const hs = model.encodeIds(c.ids, c.mask);
    const [B, T, d] = hs.shape;
    const logits = tf.reshape(model.lmLogits(tf.reshape(hs, [B * T, d]) as tf.Tensor2D), [B, T, -1]);
    return [hs.arraySync() as number[][][], logits.arraySync() as number[][][]];
  });
  let worst = 0;
  c.mask.forEach((row, b) =>
    row.forEach((m, t) => {
      if (!m) return;
      h[b][t].forEach((x, k) => (worst = Math.max(worst, Math.abs(x - c.hidden[b][t][k]))));
      l[b][t].forEach((x, k) => (worst = Math.max(worst, Math.abs(x - c.logits[b][t][k]))));
    }),
  );
  return worst;
}

describe.each(present)("%s against transformers", (arch) => {
  test("final hidden states and LM logits within 1e-4 at every real position", () => {
    const model = load(arch);
    for (const c of JSON.parse(readFileSync(join(ROOT, arch, "expected.json"), "utf8")).cases as Case[]) {
      expect(worstDifference(model, c), `${arch} ${c.padding} padding`).toBeLessThan(1e-4);
    }
    model.dispose();
  });
});

test("XLM-R agrees with an independent PyTorch implementation within 1e-4 (with and without padding)", () => {
  const dir = join(PROJECT_ROOT, "test", "fixtures", "torch-xlmr");
  const model = load("xlm-roberta", dir);
  const cases = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")).cases as Case[];
  expect(cases.map((c) => c.padding)).toEqual(["none", "right"]);
  for (const c of cases) expect(worstDifference(model, c), `${c.padding} padding`).toBeLessThan(1e-4);
  model.dispose();
});

test("the reference fixtures are complete or absent together", () => {
  for (const a of present) expect(existsSync(join(ROOT, a, "model.safetensors")) || existsSync(join(ROOT, a, "model.safetensors.index.json"))).toBe(true);
});
