// LoRA (Hu et al., 2021): each adapted projection W (d_in x d_out) of every
// layer gets a trained low-rank update, y = xW + b + dropout(x)·A·B·(alpha/r),
// with A (d_in x r) and B (r x d_out); the backbone stays frozen and a new
// classification head trains (fine-tuning's, methods/finetune.ts, as PEFT's
// modules_to_save keeps the classifier of a sequence-classification model), on
// <s> of an encoder or the last real token of a decoder (methods/headed-model.ts).
// Built on the public plug-in interface only (methods/api.ts and the layer
// hooks), so it doubles as a worked example of a hooked method; it runs on any
// backbone whose layers take hooks (XLM-R, XGLM, BLOOM).
//
// Where it follows Hugging Face PEFT (LoraConfig's defaults) rather than the
// paper: A is Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(d_in),
// 1/sqrt(d_in)), where the paper says Gaussian; B is zeros as in the paper, so
// the model starts as the base. Query and value by default (§4.2, and PEFT's
// target modules for XLM-R), r = 8, alpha = 8, dropout on the LoRA input 0.
// PEFT's lora_dropout acts only in training mode; the hooks are not told the
// mode, so here it acts inside `loss` (the training step) and draws from the
// cell's method stream. After training, `cacheForInference` merges A·B·scale
// into the frozen weights (§4.1: no extra inference latency), at the columns
// the backbone says the projection has (Hookable.projectionWeight: a fused
// q|k|v, per head in BLOOM's), and drops the hook.
import {
  ARCHITECTURES,
  arr,
  asHookable,
  attachHooks,
  ClassifierHead,
  decayGroups,
  defineMethod,
  distinct,
  dropout,
  headedModel,
  type LayerHooks,
  type Method,
  mm,
  nonNeg,
  obj,
  oneOf,
  optional,
  posInt,
  positive,
  type Projection,
  PROJECTIONS,
  type ProjectionWeight,
  rate,
  tf,
  type TokenIdsRow,
  variableFrom,
} from "./api.ts";

const params = obj({
  lr: positive,
  weightDecay: optional(nonNeg),
  /** The projections to adapt (PEFT's target_modules): default query and value. */
  targets: optional(distinct(arr(oneOf(...PROJECTIONS), { min: 1 }))),
  r: optional(posInt),
  alpha: optional(positive),
  dropout: optional(rate),
});
export type LoraParams = ReturnType<typeof params>;

/** A projection's input and output widths on a model of this shape. */
export function projectionShape(name: Projection, d: number, dFf: number): [number, number] {
  return name === "ffnIn" ? [d, dFf] : name === "ffnOut" ? [dFf, d] : [d, d];
}

/** The update [in, width] placed at the projection's columns of its weight [in, out], zeros elsewhere. */
function spread(delta: tf.Tensor2D, at: ProjectionWeight): tf.Tensor2D {
  const [rows, width] = delta.shape, out = at.w.shape[1]!;
  if (at.columns.length !== width) throw new Error(`lora: ${width} update columns for ${at.columns.length}`);
  const from = new Int32Array(out).fill(width); // column `width` of the padded update: zeros
  at.columns.forEach((col, j) => (from[col] = j));
  return tf.gather(tf.concat([delta, tf.zeros([rows, 1])], 1), tf.tensor1d(from, "int32"), 1);
}

interface Pair {
  a: tf.Variable; // [in, r]
  b: tf.Variable; // [r, out]
}

export const lora = defineMethod({
  id: "lora",
  title:
    "LoRA (Hu et al., 2021): trained low-rank updates of the frozen projections, a new classification head on <s> (a decoder: its last token)",
  citation:
    "Hu et al. 2021, LoRA: Low-Rank Adaptation of Large Language Models (arXiv 2106.09685; ICLR 2022); defaults as Hugging Face PEFT's LoraConfig",
  params,
  trainsBackbone: () => false,
  architectures: ARCHITECTURES,
  build: (c): Method<TokenIdsRow> => {
    const model = asHookable(c.backbone, "lora");
    const targets = PROJECTIONS.filter((n) => (c.params.targets ?? ["query", "value"]).includes(n));
    const r = c.params.r ?? 8, scale = (c.params.alpha ?? 8) / r, pDrop = c.params.dropout ?? 0;
    const d = model.hidden, dFf = model.ffnWidth;
    // the head first, from the same draws as fine-tuning's: at init the two rows compute the same logits
    const head = new ClassifierHead(d, c.numClasses, c.rng);
    const pairs: Map<Projection, Pair>[] = Array.from({ length: model.layerCount }, () =>
      new Map(targets.map((n) => {
        const [fanIn, out] = projectionShape(n, d, dFf);
        const bound = 1 / Math.sqrt(fanIn); // kaiming_uniform_(a=sqrt(5)): gain sqrt(1/3), bound gain*sqrt(3/fan_in)
        const a = Float32Array.from({ length: fanIn * r }, () => (2 * c.rng.next() - 1) * bound);
        return [n, { a: variableFrom(tf.tensor2d(a, [fanIn, r]), true), b: variableFrom(tf.zeros([r, out]), true) }];
      })));
    const adapters = pairs.flatMap((m) => [...m.values()].flatMap((p) => [p.a, p.b]));
    let training = false, merged = false;
    const hooks: LayerHooks = {
      projection: (layer, name, x, y) => {
        const p = pairs[layer]?.get(name);
        if (!p) return y;
        const input = training && pDrop > 0 ? dropout(x, { rate: pDrop, rng: c.rng }) as tf.Tensor2D : x;
        return tf.add(y, tf.mul(mm(mm(input, p.a as unknown as tf.Tensor2D), p.b as unknown as tf.Tensor2D), scale));
      },
    };
    const detach = attachHooks(model, hooks, "lora");
    const method = headedModel(c, model, head, {
      groups: decayGroups("lora", adapters, c.params.lr, c.params.weightDecay),
      // W + A·B·scale, once: the model then runs its plain path (merging twice would add the update twice)
      cacheForInference: () => {
        if (merged) return;
        tf.tidy(() =>
          pairs.forEach((m, layer) =>
            m.forEach((p, name) => {
              const at = model.projectionWeight(layer, name);
              at.w.assign(tf.add(at.w, spread(tf.mul(tf.matMul(p.a, p.b), scale) as tf.Tensor2D, at)));
            })
          )
        );
        merged = true;
        detach();
      },
      dispose: () => {
        detach();
        for (const v of adapters) v.dispose();
      },
    });
    return {
      ...method,
      // LoRA's dropout acts in training only: the loss is what training calls
      loss: (batch, drop) => {
        training = true;
        try {
          return method.loss(batch, drop);
        } finally {
          training = false;
        }
      },
    };
  },
});
