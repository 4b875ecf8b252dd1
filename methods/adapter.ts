// Bottleneck adapters (Houlsby et al., 2019; the Pfeiffer configuration of
// Pfeiffer et al., 2021) on a frozen backbone (XLM-R, XGLM, BLOOM), with a new
// classification head on <s> of an encoder or the last real token of a decoder
// (methods/headed-model.ts). An adapter maps a sublayer's output (after its
// output projection and dropout, before the residual add) to out +
// up(f(down(out))):
// "houlsby" puts one after the attention and one after the FFN sublayer of each
// layer, "pfeiffer" one after the FFN only. Defaults follow adapter-transformers
// (adapter-hub/adapters, configuration/adapter_config.py): bottleneck m = d / 16
// (reduction_factor 16 in both configurations), f = ReLU for pfeiffer
// (SeqBnConfig) and swish for houlsby (DoubleSeqBnConfig; Houlsby et al.'s own
// code, google-research/adapter-bert, used tanh-GELU); the down-projection
// N(0, 0.02) with zero bias (init_weights "bert"), the up-projection zero (as its
// "mam_adapter" init, He et al. 2022) so that every adapter starts as the exact
// identity, where Houlsby et al. drew both from a truncated N(0, 1e-3), near it.
// Houlsby et al. also train the layer norms (adapter-bert's "layer_norm"
// collection: every LayerNorm, the embeddings' included; here the backbone's
// Hookable.layerNorms, a decoder's final one too); adapter-transformers does
// not: `trainLayerNorms`, off by default. Deviation: adapter-transformers'
// pfeiffer adapter reads LayerNorm(out + residual) (original_ln_before) and the
// layer's LayerNorm runs again after it; the sublayer hook gives the adapter
// `out` alone, so both placements read it as Houlsby's does.
// Built on the public plug-in interface only (methods/api.ts): the layer hooks.
import {
  ARCHITECTURES,
  asHookable,
  attachHooks,
  bool,
  ClassifierHead,
  decayGroups,
  defineMethod,
  headedModel,
  type Method,
  mm,
  nonNeg,
  normals,
  obj,
  oneOf,
  optional,
  posInt,
  positive,
  type Rng,
  type Sublayer,
  tf,
  type TokenIdsRow,
  trainable,
  variableFrom,
} from "./api.ts";

export const ADAPTER_PLACEMENTS = { houlsby: ["attention", "ffn"], pfeiffer: ["ffn"] } as const satisfies Record<
  string,
  readonly Sublayer[]
>;
export type Placement = keyof typeof ADAPTER_PLACEMENTS;
/** adapter-transformers' reduction_factor in both configurations: m = d / 16. */
export const REDUCTION_FACTOR = 16;
const DEFAULT_NONLINEARITY = { houlsby: "swish", pfeiffer: "relu" } as const;

const params = obj({
  placement: oneOf("houlsby", "pfeiffer"),
  bottleneck: optional(posInt),
  nonlinearity: optional(oneOf("relu", "swish", "gelu")),
  trainLayerNorms: optional(bool),
  lr: positive,
  weightDecay: optional(nonNeg),
});
export type AdapterParams = ReturnType<typeof params>;
type Nonlinearity = NonNullable<AdapterParams["nonlinearity"]>;

const NONLINEARITIES: Record<Nonlinearity, (x: tf.Tensor) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  // transformers' "swish" is SiLU
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  // transformers' "gelu", the exact one (XLM-R's own)
  gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
};

/** The bottleneck m of a backbone of hidden size d: the row's, or adapter-transformers' d / 16 (at least 1). */
export function adapterBottleneck(p: Pick<AdapterParams, "bottleneck">, d: number): number {
  return p.bottleneck ?? Math.max(1, Math.floor(d / REDUCTION_FACTOR));
}

/** One adapter: out + up(f(down(out))), W_down [d, m], b_down [m], W_up [m, d], b_up [d]; 2dm + d + m parameters. */
export class Bottleneck {
  readonly downW: tf.Variable;
  readonly downB: tf.Variable;
  readonly upW: tf.Variable;
  readonly upB: tf.Variable;
  constructor(d: number, m: number, rng: Rng, private readonly f: (x: tf.Tensor) => tf.Tensor) {
    this.downW = variableFrom(tf.tensor2d(normals(d * m, 0.02, rng), [d, m]), true);
    this.downB = variableFrom(tf.zeros([m]), true);
    this.upW = variableFrom(tf.zeros([m, d]), true);
    this.upB = variableFrom(tf.zeros([d]), true);
  }
  apply(out: tf.Tensor2D): tf.Tensor2D {
    const hidden = this.f(tf.add(mm(out, this.downW as unknown as tf.Tensor2D), this.downB)) as tf.Tensor2D;
    return tf.add(out, tf.add(mm(hidden, this.upW as unknown as tf.Tensor2D), this.upB));
  }
  variables(): tf.Variable[] {
    return [this.downW, this.downB, this.upW, this.upB];
  }
}

export const adapter = defineMethod({
  id: "adapter",
  title:
    "Bottleneck adapters (Houlsby et al., 2019; Pfeiffer et al., 2021) after the sublayers of a frozen backbone, with a new classification head on <s> (a decoder: its last token)",
  citation:
    "Houlsby et al. 2019, Parameter-Efficient Transfer Learning for NLP (ICML); Pfeiffer et al. 2021, AdapterFusion: Non-Destructive Task Composition for Transfer Learning (EACL)",
  params,
  trainsBackbone: () => false,
  architectures: ARCHITECTURES,
  build: (c): Method<TokenIdsRow> => {
    const model = asHookable(c.backbone, "adapter");
    const p = c.params;
    const d = c.backbone.hidden, m = adapterBottleneck(p, d);
    const f = NONLINEARITIES[p.nonlinearity ?? DEFAULT_NONLINEARITY[p.placement]];
    const head = new ClassifierHead(d, c.numClasses, c.rng);
    const at: readonly Sublayer[] = ADAPTER_PLACEMENTS[p.placement];
    const adapters = Array.from(
      { length: model.layerCount },
      () => new Map(at.map((s) => [s, new Bottleneck(d, m, c.rng, f)])),
    );
    const norms = p.trainLayerNorms ? trainable(model.layerNorms()) : [];
    const detach = attachHooks(
      model,
      { sublayer: (layer, name, out) => adapters[layer].get(name)?.apply(out) ?? out },
      "adapter",
    );
    const own = adapters.flatMap((l) => [...l.values()].flatMap((a) => a.variables()));
    return headedModel(c, model, head, {
      groups: [
        ...decayGroups("adapters", own, p.lr, p.weightDecay),
        ...decayGroups("layer norms", norms, p.lr, p.weightDecay),
      ],
      dispose: () => {
        detach();
        for (const v of own) v.dispose();
      },
    });
  },
});
