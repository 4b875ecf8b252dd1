// An XLM-R encoder written out from the Hugging Face modeling code's formulas,
// one unpadded sequence at a time, over the checkpoint's own tensors (names and
// [out, in] layouts as saved): an independent path to check the project's
// batched, fused, padded implementation and what methods build on it.
import { tf } from "../../models/backend.ts";
import { readWeights } from "../../models/pretrained.ts";

/** One layer's past keys and values [P, d] (projected, before the head split). */
export interface Past {
  keys: tf.Tensor2D;
  values: tf.Tensor2D;
}

export class ReferenceEncoder {
  private readonly t: Map<string, tf.Tensor>;
  constructor(
    dir: string,
    readonly layers: number,
    private readonly heads: number,
    private readonly pad = 1,
    private readonly eps = 1e-5,
  ) {
    const { tensors } = readWeights(dir);
    this.t = new Map([...tensors].map(([k, v]) => [k.replace(/^roberta\./, ""), tf.tensor(v.data, v.shape)]));
  }

  private w(name: string): tf.Tensor {
    const x = this.t.get(name);
    if (!x) throw new Error(`reference encoder: no tensor ${name}`);
    return x;
  }

  private ln(x: tf.Tensor, name: string): tf.Tensor {
    const mean = tf.mean(x, -1, true);
    const v = tf.mean(tf.square(tf.sub(x, mean)), -1, true);
    return tf.add(
      tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(v, this.eps))), this.w(`${name}.weight`)),
      this.w(`${name}.bias`),
    );
  }

  /** nn.Linear: x W^T + b. */
  private linear(x: tf.Tensor, name: string): tf.Tensor {
    return tf.add(
      tf.matMul(x as tf.Tensor2D, this.w(`${name}.weight`) as tf.Tensor2D, false, true),
      this.w(`${name}.bias`),
    );
  }

  /** The embedding layer for one sequence of ids: positions padding_idx + 1 + i, after `past` positions (past_key_values_length) from padding_idx + 1 + past. */
  embed(ids: number[], past = 0): tf.Tensor2D {
    const pos = ids.map((_, i) => this.pad + 1 + past + i);
    const x = tf.add(
      tf.add(
        tf.gather(this.w("embeddings.word_embeddings.weight"), ids),
        tf.gather(this.w("embeddings.position_embeddings.weight"), pos),
      ),
      tf.gather(this.w("embeddings.token_type_embeddings.weight"), [0]),
    );
    return this.ln(x, "embeddings.LayerNorm") as tf.Tensor2D;
  }

  /**
   * Layer i of the checkpoint over one sequence's hidden states [T, d], every position attending to every other;
   * with `past`, to its keys and values [P, d] first (past_key_values concatenated before the sequence's own).
   */
  layer(x: tf.Tensor2D, i: number, past?: Past): tf.Tensor2D {
    const k = `encoder.layer.${i}.`;
    const [T, d] = x.shape;
    const dh = d / this.heads;
    const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [-1, this.heads, dh]), [1, 0, 2]) as tf.Tensor3D;
    const after = (p: tf.Tensor2D | undefined, t: tf.Tensor) => (p ? tf.concat([p, t], 0) : t);
    const q = split(this.linear(x, `${k}attention.self.query`)),
      kk = split(after(past?.keys, this.linear(x, `${k}attention.self.key`))),
      v = split(after(past?.values, this.linear(x, `${k}attention.self.value`)));
    const probs = tf.softmax(tf.div(tf.matMul(q, kk, false, true), Math.sqrt(dh)));
    const ctx = tf.reshape(tf.transpose(tf.matMul(probs, v), [1, 0, 2]), [T, d]);
    const a = this.ln(tf.add(this.linear(ctx, `${k}attention.output.dense`), x), `${k}attention.output.LayerNorm`);
    const h = this.linear(a, `${k}intermediate.dense`);
    const gelu = tf.mul(tf.mul(h, 0.5), tf.add(1, tf.erf(tf.div(h, Math.SQRT2))));
    return this.ln(tf.add(this.linear(gelu, `${k}output.dense`), a), `${k}output.LayerNorm`) as tf.Tensor2D;
  }

  run(x: tf.Tensor2D, from: number, to: number, past?: (layer: number) => Past): tf.Tensor2D {
    for (let i = from; i < to; i++) x = this.layer(x, i, past?.(i));
    return x;
  }

  dispose(): void {
    for (const x of this.t.values()) x.dispose();
  }
}
