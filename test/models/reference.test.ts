// Outputs of the project's backbones against Hugging Face transformers itself,
// from fixtures made by scripts/make-reference-fixtures.py: under
// test/fixtures/reference/ a Hub-layout checkpoint per architecture (float32)
// and the same weights as transformers publishes large checkpoints (float16;
// bfloat16 in shards), each with expected.json (the tokenizer's padded batches)
// and expected.safetensors (transformers' final hidden states and LM logits).
// XLM-R is also checked against a second, independent implementation in plain
// PyTorch (test/fixtures/torch-xlmr/, made by scripts/make-torch-xlmr-fixture.py).
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { initBackend, tf } from "../../models/backend.ts";
import { loadCheckpoint, loadModel } from "../../models/pretrained.ts";
import { readSafetensors } from "../../models/safetensors.ts";
import { crossEntropy } from "../../methods/losses.ts";

const ROOT = join(PROJECT_ROOT, "test", "fixtures", "reference");
const ARCHS = ["xlm-roberta", "xglm", "bloom"] as const;
const VARIANTS = {
  "xlm-roberta-fp16": "float16",
  "xglm-bf16-sharded": "bfloat16",
  "bloom-bf16-sharded": "bfloat16",
} as const;
const TOLERANCE = 1e-4;

beforeAll(() => initBackend());

type Model = ReturnType<typeof loadModel>["model"];
interface Case {
  padding: string;
  ids: number[][];
  mask: number[][];
  hidden: number[][][];
  logits: number[][][];
  gradient?: { tensor: string };
}

/** expected.json as the fixture script writes it: the fields these tests read. */
interface ExpectedDoc {
  transformers: string;
  architecture: string;
  weights?: string;
  texts: string[];
  maxLength: number;
  cases: (Omit<Case, "hidden" | "logits"> & { hidden: number[][][] | string; logits: number[][][] | string })[];
}

interface Expected {
  doc: ExpectedDoc;
  cases: Case[];
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
}
const expectedByDir = new Map<string, Expected>();

/** expected.json's cases, their tensors read from expected.safetensors where they are named there (read once per directory). */
function readCases(dir: string): Expected {
  let e = expectedByDir.get(dir);
  if (!e) expectedByDir.set(dir, e = readExpected(dir));
  return e;
}

function readExpected(dir: string): Expected {
  const doc: ExpectedDoc = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  const file = join(dir, "expected.safetensors");
  const tensors = existsSync(file) ? readSafetensors(new Uint8Array(readFileSync(file)), file).tensors : new Map();
  const nested = (name: string): number[][][] => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${file}: no tensor "${name}"`);
    const [B, T, D] = t.shape;
    return Array.from(
      { length: B },
      (_, b) => Array.from({ length: T }, (_, i) => Array.from(t.data.subarray((b * T + i) * D, (b * T + i + 1) * D))),
    );
  };
  const cases = doc.cases.map((c) => ({
    ...c,
    hidden: typeof c.hidden === "string" ? nested(c.hidden) : c.hidden,
    logits: typeof c.logits === "string" ? nested(c.logits) : c.logits,
  }));
  return { doc, cases, tensors };
}

/** The largest |ours - reference| over hidden states and logits at the real (unpadded) positions. */
function worstDifference(model: Model, c: Case): number {
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
    })
  );
  return worst;
}

test("the reference fixtures are all there, made by transformers", () => {
  expect(readdirSync(ROOT).sort()).toEqual([...ARCHS, ...Object.keys(VARIANTS)].sort());
  for (const a of ARCHS) expect(readCases(join(ROOT, a)).doc.transformers).toMatch(/^\d+\.\d+/);
});

describe.each(ARCHS)("%s against transformers", (arch) => {
  const dir = join(ROOT, arch);

  test("loads as a Hub-layout checkpoint and names its architecture", () => {
    const { model, architecture, tokenizer } = loadCheckpoint(dir);
    expect(architecture).toBe(readCases(dir).doc.architecture);
    expect(tokenizer.vocabSize).toBe(model.config.vocab_size);
    model.dispose();
  });

  test("final hidden states and LM logits within 1e-4 at every real position, each padding side", () => {
    const { model } = loadCheckpoint(dir);
    const { cases } = readCases(dir);
    expect(cases.map((c) => c.padding)).toEqual(arch === "xlm-roberta" ? ["right"] : ["right", "left"]);
    for (const c of cases) {
      expect(c.mask.flat()).toContain(0); // the batch really is padded
      expect(worstDifference(model, c), `${arch} ${c.padding} padding`).toBeLessThan(TOLERANCE);
    }
    model.dispose();
  });

  test.each(
    [
      ["every weight trainable", true],
      ["only the embeddings trainable (frozen weights skip their own gradient)", false],
    ] as const,
  )("gradient of a fixed loss w.r.t. the tied word embeddings matches torch's within 1e-4 (%s)", (_, allTrainable) => {
    const { model } = loadCheckpoint(dir);
    const { cases, tensors } = readCases(dir);
    const emb = model.wordEmbeddings.whole;
    for (const v of model.variables()) (v as { trainable: boolean }).trainable = allTrainable || v === emb;
    const withGradient = cases.filter((x) => x.gradient);
    expect(withGradient.map((x) => x.padding)).toEqual(cases.map((x) => x.padding));
    for (const c of withGradient) {
      const want = tensors.get(c.gradient!.tensor)!;
      const V = model.config.vocab_size, T = c.ids[0].length;
      const real = c.mask.flatMap((row, b) => row.flatMap((m, t) => (m ? [b * T + t] : [])));
      const targets = real.map((i) => (c.ids[Math.floor(i / T)][i % T] * 7 + 3) % V);
      const grad = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const hs = model.encodeIds(c.ids, c.mask);
          const logits = model.lmLogits(tf.reshape(hs, [c.ids.length * T, model.hidden]) as tf.Tensor2D);
          return crossEntropy(tf.gather(logits, tf.tensor1d(real, "int32")) as tf.Tensor2D, targets);
        }, [emb]);
        return grads[emb.name].dataSync() as Float32Array;
      });
      expect([...want.shape]).toEqual(emb.shape);
      let worst = 0, size = 0;
      grad.forEach((g, i) => {
        worst = Math.max(worst, Math.abs(g - want.data[i]));
        size = Math.max(size, Math.abs(want.data[i]));
      });
      expect(size).toBeGreaterThan(1e-3); // the reference gradient is not trivially zero
      expect(worst, `${c.padding} padding`).toBeLessThan(TOLERANCE);
    }
    model.dispose();
  });

  test("our tokenizer gives the ids of transformers' padded, truncated batches", () => {
    const { tokenizer, model } = loadCheckpoint(dir);
    const { doc, cases } = readCases(dir);
    for (const c of cases) {
      c.ids.forEach((row, b) => {
        expect(row.filter((_, t) => c.mask[b][t] === 0).every((p) => p === tokenizer.padId)).toBe(true);
        expect(tokenizer.encode(doc.texts[b], doc.maxLength)).toEqual(row.filter((_, t) => c.mask[b][t] === 1));
      });
    }
    model.dispose();
  });
});

describe.each(Object.entries(VARIANTS))(
  "%s: the same weights stored as transformers publishes large checkpoints",
  (name, dtype) => {
    const dir = join(ROOT, name);

    test(`is stored in ${dtype}${name.includes("sharded") ? ", in shards listed by model.safetensors.index.json" : ""}`, () => {
      const { doc } = readCases(dir);
      expect(doc.weights).toBe(dtype);
      const index = join(dir, "model.safetensors.index.json");
      expect(existsSync(index)).toBe(name.includes("sharded"));
      const files = name.includes("sharded")
        ? [...new Set(Object.values(JSON.parse(readFileSync(index, "utf8")).weight_map as Record<string, string>))]
        : ["model.safetensors"];
      if (name.includes("sharded")) expect(files.length).toBeGreaterThan(1);
      const want = dtype === "float16" ? "F16" : "BF16";
      for (const f of files) {
        for (const t of readSafetensors(new Uint8Array(readFileSync(join(dir, f)))).tensors.values()) {
          expect(t.dtype)
            .toBe(want);
        }
      }
    });

    test("outputs match transformers' after it loads the same files, within 1e-4", () => {
      const model = loadModel(dir).model;
      for (const c of readCases(dir).cases) {
        expect(worstDifference(model, c), `${name} ${c.padding} padding`).toBeLessThan(TOLERANCE);
      }
      model.dispose();
    });
  },
);

test("XLM-R agrees with an independent PyTorch implementation within 1e-4 (with and without padding)", () => {
  const dir = join(PROJECT_ROOT, "test", "fixtures", "torch-xlmr");
  const model = loadModel(dir).model;
  const { cases } = readCases(dir);
  expect(cases.map((c) => c.padding)).toEqual(["none", "right"]);
  for (const c of cases) expect(worstDifference(model, c), `${c.padding} padding`).toBeLessThan(TOLERANCE);
  model.dispose();
});

const EMBEDDED_REFERENCES = join(PROJECT_ROOT, "test", "fixtures", "reference-embedded");
test.each(readdirSync(EMBEDDED_REFERENCES).filter((f) => f.endsWith(".json")))(
  "the shipped embedded backbone of %s gives transformers' ids, hidden states and top-10 logits (within 1e-4)",
  (file) => {
    const doc = JSON.parse(readFileSync(join(EMBEDDED_REFERENCES, file), "utf8"));
    expect(doc.model).toBe(`models/embedded/${file.replace(/\.json$/, "")}`);
    const { model, tokenizer, architecture } = loadCheckpoint(join(PROJECT_ROOT, doc.model));
    expect(architecture).toBe(doc.architecture);
    for (
      const c of doc.cases as {
        text: string;
        ids: number[];
        hidden: number[][];
        topIds: number[][];
        topLogits: number[][];
      }[]
    ) {
      expect(tokenizer.encode(c.text)).toEqual(c.ids);
      const [h, l] = tf.tidy(() => {
        const hs = model.encodeIds([c.ids], [c.ids.map(() => 1)]);
        const flat = tf.reshape(hs, [c.ids.length, model.hidden]) as tf.Tensor2D;
        return [flat.arraySync() as number[][], model.lmLogits(flat).arraySync() as number[][]];
      });
      let worst = 0;
      h.forEach((row, t) => row.forEach((x, k) => (worst = Math.max(worst, Math.abs(x - c.hidden[t][k])))));
      c.topIds.forEach((ids, t) =>
        ids.forEach((id, j) => (worst = Math.max(worst, Math.abs(l[t][id] - c.topLogits[t][j]))))
      );
      expect(worst, c.text).toBeLessThan(TOLERANCE);
    }
    model.dispose();
  },
  30_000, // loading and running a 2.9M-parameter checkpoint: seconds on a busy machine
);
