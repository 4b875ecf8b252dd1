// BitFit (Ben Zaken, Ravfogel and Goldberg, 2022): only the backbone's bias
// terms train, with a new classification head (on <s> of an encoder, the last
// real token of a decoder: methods/headed-model.ts); every other weight stays
// frozen. Which biases: the authors' code (benzakenelad/BitFit,
// glue_evaluator.py, trainable_components "all") trains every parameter whose
// name holds "bias", LayerNorm biases included, so here every bias the
// backbone lists (Hookable.biases): on XLM-R per layer the fused
// query|key|value bias, the attention output's, the FFN's in and out, both
// LayerNorms' biases, and the embedding LayerNorm's bias; on XGLM and BLOOM
// the same per layer, with their final LayerNorm's (and BLOOM's embedding
// LayerNorm's). The LM head is not part of the model (as in their
// AutoModelForSequenceClassification). The head is fine-tuning's
// (methods/finetune.ts), trained whole, as their "classifier" component. Built
// on the public plug-in interface only (methods/api.ts), so it doubles as a
// worked example of a method that trains some backbone weights.
import {
  ARCHITECTURES,
  asHookable,
  ClassifierHead,
  decayGroups,
  defineMethod,
  headedModel,
  type Method,
  nonNeg,
  obj,
  optional,
  positive,
  type TokenIdsRow,
  trainable,
} from "./api.ts";

export const bitfit = defineMethod({
  id: "bitfit",
  title:
    "BitFit (Ben Zaken et al., 2022): the backbone's bias terms and a new classification head on <s> (a decoder: its last token) train",
  citation:
    "Ben Zaken, Ravfogel and Goldberg 2022, BitFit: Simple Parameter-efficient Fine-tuning for Transformer-based Masked Language-models (ACL)",
  params: obj({ lr: positive, weightDecay: optional(nonNeg) }),
  // It trains backbone variables, but about 0.04% of XLM-R base's: preflight's memory sizing for "trains the
  // backbone" (gradients and AdamW moments for every weight) would refuse runs that fit as a frozen backbone does.
  trainsBackbone: () => false,
  architectures: ARCHITECTURES,
  build: (c): Method<TokenIdsRow> => {
    const model = asHookable(c.backbone, "bitfit");
    const head = new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng);
    const biases = trainable(model.biases());
    return headedModel(c, model, head, {
      // biases get no weight decay in any case (decayGroups: 1-D tensors get none, as transformers' Trainer)
      groups: decayGroups("biases", biases, c.params.lr, c.params.weightDecay),
      dispose: () => {},
    });
  },
});
