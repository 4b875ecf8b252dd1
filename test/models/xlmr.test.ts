import { beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initBackend, tf } from "../../models/backend.ts";
import { parseXlmrConfig } from "../../models/config.ts";
import { loadPretrained, readWeights, xlmrToTensors } from "../../models/pretrained.ts";
import { readSafetensors, writeSafetensors } from "../../models/safetensors.ts";
import { tempDir } from "../helpers/mirror.ts";
import { makeTinyModelDir, TINY_CONFIG } from "../helpers/tiny-model.ts";
import { expectWithin, networkTolerance } from "../helpers/tolerance.ts";

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = makeTinyModelDir();
});

describe("XLM-R checkpoints in the Hugging Face layout", () => {
  test("load -> save gives back the same weights under the same names", () => {
    const { model } = loadPretrained(dir);
    const original = readWeights(dir).tensors;
    const saved = xlmrToTensors(model);
    expect([...saved.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [k, v] of saved) expect([...v.data]).toEqual([...original.get(k)!.data]);
    model.dispose();
  });

  test("a missing weight is named", () => {
    const d = tempDir();
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) copyFileSync(join(dir, f), join(d, f));
    const t = readSafetensors(new Uint8Array(readFileSync(join(dir, "model.safetensors")))).tensors;
    t.delete("roberta.encoder.layer.1.output.dense.bias");
    writeFileSync(join(d, "model.safetensors"), writeSafetensors(t));
    expect(() => loadPretrained(d)).toThrow('missing weight "roberta.encoder.layer.1.output.dense.bias"');
  });

  test("an unexpected weight is named", () => {
    const d = tempDir();
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"]) copyFileSync(join(dir, f), join(d, f));
    const t = readSafetensors(new Uint8Array(readFileSync(join(dir, "model.safetensors")))).tensors;
    t.set("classifier.weight", { dtype: "F32", shape: [1], data: new Float32Array(1) });
    writeFileSync(join(d, "model.safetensors"), writeSafetensors(t));
    expect(() => loadPretrained(d)).toThrow("unexpected weights not used by XLMRobertaForMaskedLM: classifier.weight");
  });

  test("an unsupported config field is an error naming it", () => {
    expect(() => parseXlmrConfig({ ...TINY_CONFIG, position_embedding_type: "relative_key" }, "config.json")).toThrow(
      'config.json: field "position_embedding_type"',
    );
    expect(() => parseXlmrConfig({ ...TINY_CONFIG, hidden_act: "relu" }, "config.json")).toThrow('field "hidden_act"');
  });

  test("right padding does not change the real positions' hidden states", () => {
    const { model, tokenizer } = loadPretrained(dir);
    const ids = tokenizer.encode("The match ended in a draw.");
    const run = (pad: number) =>
      tf.tidy(() => {
        const row = [...ids, ...Array(pad).fill(tokenizer.padId)];
        const mask = [row.map((_, i) => (i < ids.length ? 1 : 0))];
        const h = model.encode(model.embedTokens(tf.tensor2d([row], undefined, "int32")), mask);
        return tf.slice(h, [0, 0, 0], [1, ids.length, 16]).arraySync() as number[][][];
      });
    const a = run(0).flat(2), b = run(7).flat(2);
    // 7 more rows change the products' shapes, so a GEMM kernel may sum them in another order
    expectWithin("xlmr right padding", a, b, networkTolerance({ layers: 2, longestSum: 4 * model.hidden, values: b }));
    model.dispose();
  });

  test("the tokenizer adds <s> ... </s> and truncates keeping </s>", () => {
    const { tokenizer, model } = loadPretrained(dir);
    const ids = tokenizer.encode("Health experts recommend regular exercise.");
    expect(ids[0]).toBe(0);
    expect(ids[ids.length - 1]).toBe(2);
    const cut = tokenizer.encode("Health experts recommend regular exercise.", 4);
    expect(cut).toHaveLength(4);
    expect(cut[3]).toBe(2);
    expect(tokenizer.maskId).toBe(tokenizer.vocabSize - 1);
    model.dispose();
  });
});
