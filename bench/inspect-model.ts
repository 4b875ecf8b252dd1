// `bench model`: load a checkpoint (directory or Hub id), run token ids or a
// text through it and print tokens, a summary of the final hidden states and
// the LM head's top-k logits per position: numbers any other implementation
// can be compared with, no code needed.
import { initBackend, tf } from "../models/backend.ts";
import { resolveModelDir } from "../models/hub.ts";
import { loadCheckpoint } from "../models/pretrained.ts";

export interface InspectOptions {
  ref: string;
  revision?: string;
  ids?: number[];
  text?: string;
  top: number;
}

export async function inspectModel(o: InspectOptions, log?: (m: string) => void) {
  const backend = await initBackend();
  const dir = await resolveModelDir(o.ref, o.revision ?? "main", undefined, log);
  const { model, tokenizer, weightsSha256, architecture } = loadCheckpoint(dir);
  try {
    const ids = o.ids ?? tokenizer.encode(o.text ?? "");
    if (!ids.length) throw new Error("give --ids 0,5,6,2 or --text \"...\"");
    for (const i of ids) if (!Number.isInteger(i) || i < 0 || i >= model.config.vocab_size) throw new Error(`--ids: ${i} is outside the vocabulary (0..${model.config.vocab_size - 1})`);
    return tf.tidy(() => {
      const h = model.encodeIds([ids], [ids.map(() => 1)]);
      const flat = tf.reshape(h, [ids.length, model.hidden]) as tf.Tensor2D;
      const { mean, variance } = tf.moments(flat);
      const logits = model.lmLogits(flat);
      const top = tf.topk(logits, o.top);
      const vals = top.values.arraySync() as number[][];
      const idx = top.indices.arraySync() as number[][];
      const hv = flat.arraySync() as number[][];
      return {
        model: dir,
        backend,
        architecture,
        weightsSha256,
        ids,
        tokens: ids.map((i) => tokenizer.tokenOf(i) ?? `<${i}>`),
        hidden: {
          shape: [1, ids.length, model.hidden],
          mean: mean.dataSync()[0],
          std: Math.sqrt(variance.dataSync()[0]),
          min: tf.min(flat).dataSync()[0],
          max: tf.max(flat).dataSync()[0],
          first: hv.map((r) => r.slice(0, 4)),
        },
        logits: {
          shape: [1, ids.length, model.config.vocab_size],
          top: idx.map((row, p) => row.map((id, j) => ({ id, token: tokenizer.tokenOf(id) ?? `<${id}>`, logit: vals[p][j] }))),
        },
      };
    });
  } finally {
    model.dispose();
  }
}
