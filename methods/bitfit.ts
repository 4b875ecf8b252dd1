// BitFit (Ben Zaken, Ravfogel and Goldberg, 2022): only the encoder's bias
// terms train, with a new classification head on <s>; every other weight stays
// frozen. Which biases: the authors' code (benzakenelad/BitFit,
// glue_evaluator.py, trainable_components "all") trains every parameter whose
// name holds "bias", LayerNorm biases included, so here: per layer the fused
// query|key|value bias, the attention output's, the FFN's in and out, both
// LayerNorms' biases, and the embedding LayerNorm's bias; the MLM head is not
// part of the model (as in their AutoModelForSequenceClassification). The head
// is fine-tuning's (methods/finetune.ts), trained whole, as their "classifier"
// component. Built on the public plug-in interface only (methods/api.ts), so it
// doubles as a worked example of a method that trains some backbone weights.
import {
  asEncoder,
  ClassifierHead,
  decayGroups,
  defineMethod,
  ENCODERS,
  headedEncoder,
  type Method,
  nonNeg,
  obj,
  optional,
  positive,
  type tf,
  type TokenIdsRow,
  trainable,
} from "./api.ts";

/** The bias vectors BitFit trains, in layer order: L·(3d + d + d_ff + d + 2d) + d of them. */
export function bitfitBiases(model: ReturnType<typeof asEncoder>): tf.Variable[] {
  const layers = model.w.layers.flatMap((l) => [l.qkvB, l.attnOutB, l.attnLnB, l.interB, l.outB, l.outLnB]);
  return [model.w.embLnB, ...layers];
}

export const bitfit = defineMethod({
  id: "bitfit",
  title: "BitFit (Ben Zaken et al., 2022): the encoder's bias terms and a new classification head on <s> train",
  citation:
    "Ben Zaken, Ravfogel and Goldberg 2022, BitFit: Simple Parameter-efficient Fine-tuning for Transformer-based Masked Language-models (ACL)",
  params: obj({ lr: positive, weightDecay: optional(nonNeg) }),
  // It trains backbone variables, but about 0.04% of XLM-R base's: preflight's memory sizing for "trains the
  // backbone" (gradients and AdamW moments for every weight) would refuse runs that fit as a frozen backbone does.
  trainsBackbone: () => false,
  architectures: ENCODERS,
  build: (c): Method<TokenIdsRow> => {
    const model = asEncoder(c.backbone, "bitfit");
    const head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
    const biases = trainable(bitfitBiases(model));
    return headedEncoder(c, model, head, {
      // biases get no weight decay in any case (decayGroups: 1-D tensors get none, as transformers' Trainer)
      groups: decayGroups("biases", biases, c.params.lr, c.params.weightDecay),
      dispose: () => {},
    });
  },
});
