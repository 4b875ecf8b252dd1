// (IA)³ (Liu et al., 2022, §3.3): learned vectors rescale the frozen model's
// inner activations in every layer, l_k ⊙ keys, l_v ⊙ values (the projections'
// outputs, bias included, as PEFT's IA3Layer scales them) and l_ff ⊙ the FFN
// activation (the input of the second FFN matrix), all initialised to ones so
// the model starts as the base; a new classification head trains with them
// (fine-tuning's, methods/finetune.ts, as PEFT's modules_to_save keeps the
// classifier), on <s> of an encoder or the last real token of a decoder
// (methods/headed-model.ts). Built on the public plug-in interface only
// (methods/api.ts and the layer hooks): XLM-R, XGLM and BLOOM.
//
// Where it differs from PEFT's defaults for RoBERTa (target modules key, value,
// output.dense; feed-forward output.dense): PEFT matches "output.dense" as a
// name suffix, so it also rescales the input of attention.output.dense (d more
// per layer); this follows the paper's three vectors. The paper's
// unlikelihood and length-normalised losses (T-Few) are not part of it: the
// loss is the classifier's cross-entropy, as for the other heads here.
import {
  ARCHITECTURES,
  asHookable,
  attachHooks,
  ClassifierHead,
  defineMethod,
  headedModel,
  type LayerHooks,
  type Method,
  nonNeg,
  obj,
  optional,
  positive,
  tf,
  type TokenIdsRow,
  variableFrom,
} from "./api.ts";

const params = obj({ lr: positive, weightDecay: optional(nonNeg) });
export type Ia3Params = ReturnType<typeof params>;

export const ia3 = defineMethod({
  id: "ia3",
  title:
    "(IA)³ (Liu et al., 2022): learned rescaling of keys, values and the FFN activation, a new head on <s> (a decoder: its last token)",
  citation:
    "Liu et al. 2022, Few-Shot Parameter-Efficient Fine-Tuning is Better and Cheaper than In-Context Learning (NeurIPS), §3.3",
  params,
  trainsBackbone: () => false,
  architectures: ARCHITECTURES,
  build: (c): Method<TokenIdsRow> => {
    const model = asHookable(c.backbone, "ia3");
    const d = model.hidden, dFf = model.ffnWidth;
    // the head draws what fine-tuning's draws: at init the two rows compute the same logits
    const head = new ClassifierHead(d, c.numClasses, c.rng);
    const ones = (n: number) => variableFrom(tf.ones([n]), true);
    const layers = Array.from({ length: model.layerCount }, () => ({ k: ones(d), v: ones(d), ff: ones(dFf) }));
    const vectors = layers.flatMap((l) => [l.k, l.v, l.ff]);
    const hooks: LayerHooks = {
      projection: (layer, name, _x, y) =>
        name === "key" ? tf.mul(y, layers[layer].k) : name === "value" ? tf.mul(y, layers[layer].v) : y,
      activation: (layer, a) => tf.mul(a, layers[layer].ff),
    };
    const detach = attachHooks(model, hooks, "ia3");
    // three elementwise products per layer: nothing worth merging into the weights (no cacheForInference)
    return headedModel(c, model, head, {
      // transformers' Trainer exempts biases and LayerNorm weights from decay by name, not these vectors
      groups: [{ name: "ia3", vars: vectors, lr: c.params.lr, weightDecay: c.params.weightDecay ?? 0 }],
      dispose: () => {
        detach();
        for (const v of vectors) v.dispose();
      },
    });
  },
});
