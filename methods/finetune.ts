// Vanilla fine-tuning (Devlin et al., 2019), UniPrompt Table 2's first
// baseline: a new classification head on the <s> position, trained with every
// encoder weight. The head is XLM-R's RobertaClassificationHead (dropout,
// dense, tanh, dropout, projection), initialised N(0, 0.02) with zero biases,
// as transformers' XLMRobertaForSequenceClassification builds it. The MLM head
// is not part of this model and does not train. A text pair (NLI) is read as
// the tokenizer joins a pair (XLM-R: <s> premise </s></s> hypothesis </s>).
import { encodeTokenIds, type TokenIdsRow } from "./headed-model.ts";
import type { tf } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx, XlmrModel } from "../models/xlmr.ts";
import { ClassifierHead } from "./heads.ts";
import { crossEntropy } from "./losses.ts";
import type { Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { asEncoder, encodeRows, trainable } from "./encoder.ts";
import { ENCODERS } from "../core/architectures.ts";
import { nonNeg, obj, optional, positive } from "../core/check.ts";
import { defineMethod } from "./define.ts";

const params = obj({ lr: positive, weightDecay: optional(nonNeg) });
export type FinetuneParams = ReturnType<typeof params>;

type Row = TokenIdsRow;

/** What Finetune is built from: one options object (the cell's context and the method's own choices). */
export interface FinetuneOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  head: ClassifierHead;
  maxLength: number;
  params: FinetuneParams;
}

export class Finetune implements Method<Row> {
  readonly groups: ParamGroup[];
  private readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  private readonly head: ClassifierHead;
  private readonly maxLength: number;

  constructor(o: FinetuneOptions) {
    const { model, tokenizer: tok, head, maxLength, params: p } = o;
    this.model = model;
    this.tok = tok;
    this.head = head;
    this.maxLength = maxLength;
    this.groups = [
      ...decayGroups("backbone", trainable(model.encoderVariables()), p.lr, p.weightDecay),
      ...decayGroups("head", head.trainable(), p.lr, p.weightDecay),
    ];
  }

  encode(e: Example, lang: string): Row {
    return encodeTokenIds(this.tok, this.maxLength, e, lang);
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    const { h } = encodeRows(this.model, batch.map((e) => e.ids), this.tok.padId, drop);
    return this.head.logits(h, batch.map(() => 0), drop);
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    return crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
  }

  cacheForInference(): void {}

  dispose(): void {
    this.head.dispose();
  }
}

export const finetune = defineMethod({
  id: "finetune",
  title: "Vanilla fine-tuning (Devlin et al., 2019): a new classification head on <s>, every encoder weight trained",
  citation:
    "Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding (NAACL)",
  params,
  architectures: ENCODERS,
  build: (c) => {
    const model = asEncoder(c.backbone, "finetune");
    return new Finetune({
      model,
      tokenizer: c.tokenizer,
      head: new ClassifierHead(c.backbone.hidden, c.numClasses, c.rng),
      maxLength: c.maxLength,
      params: c.params,
    });
  },
});
