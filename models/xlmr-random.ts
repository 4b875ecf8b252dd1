// XLM-R's weights under their Hugging Face names (XLMRobertaForMaskedLM), and a
// checkpoint of random weights under them: a separate module so that the
// model's file (xlmr.ts) holds the model.
import type { XlmrConfig } from "./config.ts";
import type { RawTensor } from "./safetensors.ts";
import { normals, Rng } from "../core/rng.ts";

/** The prefix of the encoder's weights (absent in checkpoints saved from the bare model). */
export const ROBERTA = "roberta.";
const P = ROBERTA;
export const layerKeys = (i: number) => `${P}encoder.layer.${i}.`;

/** Random initialisation as the reference does it: N(0, 0.02) matrices, zero biases, unit LayerNorm, zero padding row. */
export function randomXlmrTensors(c: XlmrConfig, seed: number, initRange = 0.02): Map<string, RawTensor> {
  const rng = new Rng(seed);
  const normal = (n: number) => normals(n, initRange, rng);
  const t = new Map<string, RawTensor>();
  const put = (name: string, shape: number[], data: Float32Array) => t.set(name, { dtype: "F32", shape, data });
  const d = c.hidden_size, I = c.intermediate_size;
  const emb = (name: string, rows: number, padRow?: number) => {
    const a = normal(rows * d);
    if (padRow !== undefined) a.fill(0, padRow * d, (padRow + 1) * d);
    put(name, [rows, d], a);
  };
  const ln = (name: string) => {
    put(`${name}.weight`, [d], new Float32Array(d).fill(1));
    put(`${name}.bias`, [d], new Float32Array(d));
  };
  const lin = (name: string, out: number, inp: number) => {
    put(`${name}.weight`, [out, inp], normal(out * inp));
    put(`${name}.bias`, [out], new Float32Array(out));
  };
  emb(`${P}embeddings.word_embeddings.weight`, c.vocab_size, c.pad_token_id);
  emb(`${P}embeddings.position_embeddings.weight`, c.max_position_embeddings, c.pad_token_id);
  emb(`${P}embeddings.token_type_embeddings.weight`, c.type_vocab_size);
  ln(`${P}embeddings.LayerNorm`);
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const k = layerKeys(i);
    for (const n of ["query", "key", "value"]) lin(`${k}attention.self.${n}`, d, d);
    lin(`${k}attention.output.dense`, d, d);
    ln(`${k}attention.output.LayerNorm`);
    lin(`${k}intermediate.dense`, I, d);
    lin(`${k}output.dense`, d, I);
    ln(`${k}output.LayerNorm`);
  }
  lin("lm_head.dense", d, d);
  t.set("lm_head.layer_norm.weight", { dtype: "F32", shape: [d], data: new Float32Array(d).fill(1) });
  t.set("lm_head.layer_norm.bias", { dtype: "F32", shape: [d], data: new Float32Array(d) });
  put("lm_head.bias", [c.vocab_size], new Float32Array(c.vocab_size));
  return t;
}
