// Prefix-tuning (Li and Liang, 2021) as P-tuning v2 (Liu et al., 2022) applies
// it to classification: P trained keys and values in every layer's attention,
// seen by every token before the tokens' own (the attentionPrefix layer hook),
// the backbone frozen, and a new classification head on <s> of an encoder or a
// decoder's last real token (fine-tuning's,
// methods/finetune.ts, as PEFT's modules_to_save keeps the classifier). Built on
// the public plug-in interface only (methods/api.ts and the layer hooks).
//
// Its prefix follows Hugging Face PEFT's PrefixEncoder (tuners/prefix_tuning/
// model.py) and get_prompt (peft_model.py): one table [P, L·2·d] whose row p
// holds, layer by layer, the key then the value of position p (each split into
// heads as the model's own keys are), drawn N(0, 1) as nn.Embedding. With
// `projection` (Li and Liang's reparameterisation, PEFT's prefix_projection)
// the table is the output of Embedding(P, d) -> Linear(d, h) -> tanh ->
// Linear(h, L·2·d), h = `projectionHidden` (PEFT's encoder_hidden_size, default
// d); the linears drawn as nn.Linear's default, weights and biases
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)); after training `cacheForInference` keeps
// the MLP's output alone (PEFT's inference mode saves just that table). No
// dropout on the prefix, as PEFT (P-tuning v2's own code drops out the prefix
// with the model's hidden_dropout_prob). `prefixLength` has no default: PEFT's
// num_virtual_tokens has none, and P-tuning v2's scripts set it per task and
// model, from 8 to 224.
import {
  ARCHITECTURES,
  asHookable,
  attachHooks,
  bool,
  ClassifierHead,
  decayGroups,
  defineMethod,
  headedModel,
  MAX_PROMPT_LENGTH,
  type Method,
  mm,
  nonNeg,
  normals,
  obj,
  optional,
  posInt,
  posIntUpTo,
  positive,
  refine,
  type Rng,
  roomBesideTokens,
  SpecError,
  tf,
  type TokenIdsRow,
  variableFrom,
} from "./api.ts";

const params = refine(
  obj({
    lr: positive,
    weightDecay: optional(nonNeg),
    /** P, the prefix positions in every layer. */
    prefixLength: posIntUpTo(MAX_PROMPT_LENGTH),
    /** The reparameterisation MLP (PEFT's prefix_projection); default false, as PEFT. */
    projection: optional(bool),
    /** The MLP's hidden size h (PEFT's encoder_hidden_size); default d. */
    projectionHidden: optional(posInt),
  }),
  (r, p, s) => {
    if (r.projectionHidden !== undefined && !r.projection) {
      throw new SpecError(s, `${p}.projectionHidden`, "only with projection: true (the MLP's hidden size)");
    }
  },
);
export type PrefixTuningParams = ReturnType<typeof params>;

/** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): nn.Linear's default for its weight (kaiming_uniform_, a = sqrt(5)) and bias. */
function uniform(shape: [number] | [number, number], fanIn: number, rng: Rng): tf.Variable {
  const bound = 1 / Math.sqrt(fanIn), n = shape.reduce((a, b) => a * b, 1);
  return variableFrom(tf.tensor(Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * bound), shape), true);
}

/** PEFT's PrefixEncoder: the [P, L·2·d] table, trained directly or as an MLP's output. */
export class PrefixEncoder {
  readonly vars: tf.Variable[];
  private cached: tf.Tensor2D | null = null;
  constructor(P: number, d: number, layers: number, rng: Rng, private readonly hidden?: number) {
    const width = layers * 2 * d;
    if (hidden === undefined) {
      this.vars = [variableFrom(tf.tensor2d(normals(P * width, 1, rng), [P, width]), true)];
      return;
    }
    const embedding = variableFrom(tf.tensor2d(normals(P * d, 1, rng), [P, d]), true);
    // [in, out], as the backbone stores its linears
    this.vars = [
      embedding,
      uniform([d, hidden], d, rng),
      uniform([hidden], d, rng),
      uniform([hidden, width], hidden, rng),
      uniform([width], hidden, rng),
    ];
  }

  /** The table [P, L·2·d] (the MLP's output once cached). */
  table(): tf.Tensor2D {
    if (this.cached) return this.cached;
    if (this.hidden === undefined) return this.vars[0] as unknown as tf.Tensor2D;
    const [e, w1, b1, w2, b2] = this.vars as unknown as tf.Tensor2D[];
    return tf.add(mm(tf.tanh(tf.add(mm(e, w1), b1)) as tf.Tensor2D, w2), b2) as tf.Tensor2D;
  }

  /** Each layer's keys and values [P, d]: the table's 2L column blocks, key then value per layer (PEFT's layout). */
  states(layers: number): { keys: tf.Tensor2D[]; values: tf.Tensor2D[] } {
    const blocks = tf.split(this.table(), 2 * layers, 1) as tf.Tensor2D[];
    return { keys: blocks.filter((_, i) => i % 2 === 0), values: blocks.filter((_, i) => i % 2 === 1) };
  }

  /** After training: the MLP's output, once (a table has nothing to cache). */
  cache(): void {
    if (this.hidden !== undefined && !this.cached) this.cached = tf.keep(tf.tidy(() => this.table()));
  }

  dispose(): void {
    this.cached?.dispose();
    for (const v of this.vars) v.dispose();
  }
}

export const prefixTuning = defineMethod({
  id: "prefix-tuning",
  title:
    "Prefix-tuning / P-tuning v2 (Li and Liang, 2021; Liu et al., 2022): trained keys and values before the tokens' in every layer, a new classification head on <s>",
  citation:
    "Li and Liang 2021, Prefix-Tuning: Optimizing Continuous Prompts for Generation (ACL); Liu et al. 2022, P-Tuning v2: Prompt Tuning Can Be Comparable to Fine-tuning Universally Across Scales and Tasks (ACL); prefix as Hugging Face PEFT's PrefixEncoder",
  params,
  trainsBackbone: () => false,
  architectures: ARCHITECTURES,
  // the build's own check, before any cell: the tokens' positions count after the prefix
  checkShapes: (p, _backbone, _extras, room) => roomBesideTokens("prefixLength", p.prefixLength, room),
  build: (c): Method<TokenIdsRow> => {
    const model = asHookable(c.backbone, "prefix-tuning");
    const P = c.params.prefixLength, L = model.layerCount, d = model.hidden;
    // the tokens' positions count after the prefix (XLM-R: from padding_idx + 1 + P): the longest example must fit
    const fit = model.tokensAfterPrefix(P);
    if (c.maxLength > fit) {
      throw new Error(
        `prefix-tuning: a prefix of ${P} leaves room for ${fit} tokens in this backbone's positions, but maxLength is ${c.maxLength}; lower maxLength or prefixLength`,
      );
    }
    // the head first, from the same draws as fine-tuning's
    const head = new ClassifierHead(d, c.numClasses, c.rng);
    const prefix = new PrefixEncoder(P, d, L, c.rng, c.params.projection ? c.params.projectionHidden ?? d : undefined);
    const detach = attachHooks(
      model,
      { attentionPrefix: { length: P, states: () => prefix.states(L) } },
      "prefix-tuning",
    );
    return headedModel(c, model, head, {
      groups: decayGroups("prefix", prefix.vars, c.params.lr, c.params.weightDecay),
      cacheForInference: () => prefix.cache(),
      dispose: () => {
        detach();
        prefix.dispose();
      },
    });
  },
});
