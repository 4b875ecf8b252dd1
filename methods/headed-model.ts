// The shape the PEFT baselines (LoRA, (IA)³, BitFit, adapters) share with
// fine-tuning: an example read as its token ids (one text or a text pair), the
// backbone's final states over right-padded rows, a classifier head trained
// with cross-entropy. An encoder's head reads <s> (position 0); a decoder's
// reads each row's last real token, the only one that has seen the whole
// input, as Hugging Face's decoder classifiers (BloomForSequenceClassification,
// GPT2ForSequenceClassification) read the last non-padding token. A method
// brings the parts it trains (its groups, before the head's) and what its
// dispose frees; the head is freed here.
import type { Example } from "../datasets/example.ts";
import type { Backbone } from "../models/backbone.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import type { DropoutCtx } from "../models/xlmr.ts";
import { encodeRows } from "./encoder.ts";
import type { ClassifierHead } from "./heads.ts";
import { crossEntropy } from "./losses.ts";
import type { BuildContext, Encoded, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";

export interface TokenIdsRow extends Encoded {
  ids: number[];
}

/** An example as its token ids within the budget: a text, or a text pair. */
export function encodeTokenIds(tokenizer: TextTokenizer, maxLength: number, e: Example, lang: string): TokenIdsRow {
  const ids = e.text2 === undefined
    ? tokenizer.encode(e.text, maxLength)
    : tokenizer.encodePair(e.text, e.text2, maxLength);
  return { ids, label: e.label, lang, length: ids.length };
}

/** Where the head reads each row: <s> on an encoder, the last real token on a decoder (rows are right-padded). */
export function headPositions(model: Pick<Backbone, "causal">, rows: { ids: number[] }[]): number[] {
  return rows.map((r) => (model.causal ? r.ids.length - 1 : 0));
}

/** The method: `own` groups then the head's (same learning rate and decay), the head read at headPositions. */
export function headedModel(
  c: BuildContext<{ lr: number; weightDecay?: number }>,
  model: Backbone,
  head: ClassifierHead,
  own: { groups: ParamGroup[]; cacheForInference?: () => void; dispose: () => void },
): Method<TokenIdsRow> {
  const logits = (batch: TokenIdsRow[], drop?: DropoutCtx) =>
    head.logits(
      encodeRows(model, batch.map((e) => e.ids), c.tokenizer.padId, drop).h,
      headPositions(model, batch),
      drop,
    );
  return {
    groups: [...own.groups, ...decayGroups("head", head.trainable(), c.params.lr, c.params.weightDecay)],
    encode: (e, lang) => encodeTokenIds(c.tokenizer, c.maxLength, e, lang),
    logits,
    loss: (batch, drop) => crossEntropy(logits(batch, drop), batch.map((e) => e.label)),
    cacheForInference: own.cacheForInference ?? (() => {}),
    dispose: () => {
      own.dispose();
      head.dispose();
    },
  };
}
