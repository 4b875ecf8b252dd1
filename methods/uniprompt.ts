// UniPrompt (Huang et al., 2022): a unified multilingual prompt read by a
// two-tower prompt encoder, with soft label words.
//
// - Towers (§2.2, Figure 2): the template tower and the context tower are the
//   backbone's bottom p layers (`towerLayers`; the paper uses 9 of XLM-R base's
//   12), one copy each; the fusion tower is the top n - p layers. The template
//   ("<s> It's <mask> . </s>", the English template without its input) and the
//   context ("<s> text </s>") share the embedding layer, each numbering its own
//   positions from the start, go through their own tower, and are concatenated
//   [template; context] into the fusion tower, which attends over both (the
//   authors' RobertaTwoTowerModel). The class is read at the template's <mask>.
//   The template tower's initial weights are the backbone's bottom layers, fresh
//   N(0, 0.02) layers, or another checkpoint's bottom layers with the same shape
//   (Table 3; the authors copy only the layers, the embeddings stay XLM-R's).
// - The template does not depend on the input, so after training its tower's
//   output is computed once and cached: at inference UniPrompt costs what the
//   backbone costs (§3.2). During training it is computed once per batch, so
//   its dropout mask is shared by the batch.
// - Label words (§2.3, Table 5): soft label words are new rows of the MLM
//   decoder, one per class, scored against the MLM head's transform of the
//   <mask> state with a zero bias (as transformers resizes the tied decoder for
//   added tokens). Initialised by Algorithm 1 ("soft-mask-mean": the mean final
//   <mask> state of each class's training examples under the model as
//   initialised, i.e. the pretrained weights before fine-tuning, without
//   dropout; the authors' code computes it with the two-tower model before
//   training), by the decoder rows of the English label words
//   ("soft-lm-head", the mean row of a word's pieces), or N(0, 0.02)
//   ("soft-random"). "discrete" keeps the English label words through the MLM
//   head, as the English prompt does.
// - Every weight trains (§3.2: "we do not freeze the parameters"): embeddings,
//   both lower towers, the fusion tower and the MLM head's transform, plus the
//   label words (the MLM bias only with discrete label words, the only ones that
//   read it).
import { tf, variableFrom } from "../models/backend.ts";
import type { Example } from "../datasets/example.ts";
import type { Rng } from "../core/rng.ts";
import type { TextTokenizer } from "../models/tokenizer.ts";
import { type DropoutCtx, type LayerWeights, XlmrModel } from "../models/xlmr.ts";
import { cloneLayers, layerVariables, randomLayers } from "../models/xlmr-layers.ts";
import { mmT } from "../models/linalg.ts";
import { padRows } from "./batch.ts";
import { asEncoder, trainable } from "./encoder.ts";
import { VerbalizerHead } from "./heads.ts";
import { labelWordIds } from "./label-words.ts";
import { crossEntropy } from "./losses.ts";
import type { Encoded, LoadedExtra, Method } from "./method.ts";
import { decayGroups, type ParamGroup } from "./optim.ts";
import { initializerRange, normalMatrix } from "./init.ts";
import { parseTemplate, renderTemplate, withoutInputs } from "./template.ts";
import { ENCODERS } from "../core/architectures.ts";
import { backboneRef } from "../core/backbone-ref.ts";
import { describe, type Infer, nonNeg, obj, oneOf, optional, posInt, positive, str, tagged } from "../core/check.ts";
import { defineMethod, type ShapeConfig } from "./define.ts";

const params = obj({
  lr: positive,
  weightDecay: optional(nonNeg),
  template: describe(str, "The English template with <mask> and {text}; the template tower reads it without {text}."),
  towerLayers: describe(posInt, "p: layers of the template and context towers (the fusion tower has the rest)."),
  templateTower: tagged("init", {
    backbone: obj({ init: oneOf("backbone") }),
    random: obj({ init: oneOf("random") }),
    checkpoint: obj({ init: oneOf("checkpoint"), backbone: backboneRef }),
  }),
  labelWords: oneOf("soft-mask-mean", "soft-lm-head", "soft-random", "discrete"),
});
export type UniPromptParams = Infer<typeof params>;
export type TemplateTowerInit = UniPromptParams["templateTower"];
export type LabelWordInit = UniPromptParams["labelWords"];

interface Row extends Encoded {
  /** The context's ids: <s> text </s>. */
  ids: number[];
}

/** What UniPrompt is built from: one options object (the cell's context and the method's own choices). */
export interface UniPromptOptions {
  model: XlmrModel;
  tokenizer: TextTokenizer;
  maxLength: number;
  params: UniPromptParams;
  labelWords: string[];
  numClasses: number;
  extras: LoadedExtra[];
  rng: Rng;
}

export class UniPrompt implements Method<Row> {
  readonly groups: ParamGroup[];
  readonly templateLayers: LayerWeights[];
  /** Soft label words [C, d] and their bias [C] (absent with discrete label words). */
  readonly labelW?: tf.Variable;
  readonly labelB?: tf.Variable;
  readonly template: { ids: number[]; maskAt: number };
  private readonly discrete?: VerbalizerHead;
  private readonly contextBudget: number;
  private cached: tf.Tensor2D | null = null;

  /** Built asynchronously: Algorithm 1's label-word initialisation reads mask states from the device. */
  static async create(o: UniPromptOptions & { train: { example: Example; lang: string }[] }): Promise<UniPrompt> {
    const u = new UniPrompt(o);
    if (o.params.labelWords === "soft-mask-mean") {
      const means = await u.maskMeans(o.train, o.numClasses);
      u.labelW!.assign(means);
      means.dispose();
    }
    return u;
  }

  readonly model: XlmrModel;
  private readonly tok: TextTokenizer;
  readonly p: UniPromptParams;
  private readonly labelWords: string[];

  private constructor(o: UniPromptOptions) {
    const { model, tokenizer: tok, maxLength, params: p, labelWords, numClasses, extras, rng } = o;
    this.model = model;
    this.tok = tok;
    this.p = p;
    this.labelWords = labelWords;
    const shapes = Object.fromEntries(
      extras.filter((e) => e.model instanceof XlmrModel).map((e) => [e.ref.id, (e.model as XlmrModel).config]),
    );
    const problem = uniPromptShapeProblem(p, model.config, shapes);
    if (problem) throw new Error(problem);
    const r = renderTemplate(withoutInputs(parseTemplate(p.template, "uniprompt params.template")), tok, {}, maxLength);
    this.template = { ids: r.ids, maskAt: r.maskAt };
    // the context gets what the template leaves of the budget, as the authors' context_length
    this.contextBudget = maxLength - r.ids.length;
    this.templateLayers = this.initTemplateTower(p.templateTower, extras, rng);
    if (p.labelWords === "discrete") this.discrete = new VerbalizerHead(model, labelWordIds(labelWords, tok));
    else {
      const init = p.labelWords === "soft-random"
        ? normalMatrix(numClasses, model.hidden, initializerRange(model.config), rng)
        : p.labelWords === "soft-lm-head"
        ? this.lmHeadRows(labelWords)
        : tf.zeros([numClasses, model.hidden]); // soft-mask-mean: assigned by create()
      this.labelW = variableFrom(init, true);
      this.labelB = variableFrom(tf.zeros([numClasses]), true);
    }
    const m = model.w;
    const head = [m.lmDenseW, m.lmDenseB, m.lmLnG, m.lmLnB, ...(this.discrete ? [m.lmBias] : [])];
    this.groups = [
      ...decayGroups("backbone", trainable([...model.encoderVariables(), ...head]), p.lr, p.weightDecay),
      ...decayGroups("template tower", layerVariables(this.templateLayers), p.lr, p.weightDecay),
      ...(this.labelW ? decayGroups("label words", [this.labelW, this.labelB!], p.lr, p.weightDecay) : []),
    ];
  }

  private initTemplateTower(t: TemplateTowerInit, extras: LoadedExtra[], rng: Rng): LayerWeights[] {
    const k = this.p.towerLayers;
    if (t.init === "backbone") return cloneLayers(this.model.w.layers.slice(0, k), true);
    if (t.init === "random") return randomLayers(this.model.config, k, rng, true);
    const extra = extras.find((e) => e.ref.id === t.backbone.id);
    if (!extra) throw new Error(`uniprompt: the template tower's checkpoint ${t.backbone.id} was not loaded`);
    const other = extra.model;
    if (!(other instanceof XlmrModel)) {
      throw new Error(
        `uniprompt: the template tower's checkpoint ${t.backbone.id} is not an encoder of the XLM-R/RoBERTa architecture`,
      );
    }
    return cloneLayers(other.w.layers.slice(0, k), true);
  }

  /** Each label word's mean decoder row (the tied word embeddings) over its pieces. */
  private lmHeadRows(words: string[]): tf.Tensor2D {
    const ids = labelWordIds(words, this.tok);
    return tf.tidy(() => tf.stack(ids.map((x) => tf.mean(this.model.w.wordEmb.rowsAt(x), 0))) as tf.Tensor2D);
  }

  /** Algorithm 1: per class, the mean final <mask> state of its training examples, no gradient, no dropout. */
  async maskMeans(train: { example: Example; lang: string }[], numClasses: number): Promise<tf.Tensor2D> {
    const rows = train.map((t) => this.encode(t.example, t.lang));
    const sums = Array.from({ length: numClasses }, () => new Float64Array(this.model.hidden));
    const counts = new Array<number>(numClasses).fill(0);
    for (let i = 0; i < rows.length; i += 32) {
      const batch = rows.slice(i, i + 32);
      const t = tf.tidy(() => this.maskStates(batch));
      const h = (await t.array()) as number[][];
      t.dispose();
      batch.forEach((e, j) => {
        counts[e.label]++;
        h[j].forEach((x, q) => (sums[e.label][q] += x));
      });
    }
    const empty = counts.findIndex((c) => c === 0);
    if (empty >= 0) {
      throw new Error(
        `uniprompt: Algorithm 1 needs training examples of every class; class ${empty} (label word "${
          this.labelWords[empty]
        }") has none`,
      );
    }
    return tf.tensor2d(sums.map((s, c) => Array.from(s, (x) => x / counts[c])));
  }

  encode(e: Example, lang: string): Row {
    const ids = this.tok.encode(e.text, this.contextBudget);
    return { ids, label: e.label, lang, length: ids.length };
  }

  /** The template tower's output [Tt, d]. */
  templateStates(drop?: DropoutCtx): tf.Tensor2D {
    if (this.cached) return this.cached;
    const ids = this.template.ids;
    const mask = [ids.map(() => 1)];
    const x = this.model.embeddingOutput(
      this.model.embedTokens(tf.tensor2d([ids], [1, ids.length], "int32")),
      mask,
      drop,
    );
    return this.model.runLayers(x, mask, this.templateLayers, drop);
  }

  /** Final hidden states [B, d] at the template's <mask>. */
  maskStates(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    const m = this.model;
    const d = m.hidden, B = batch.length, Tt = this.template.ids.length;
    const t = this.templateStates(drop);
    const { ids, mask, T } = padRows(batch.map((e) => e.ids), this.tok.padId);
    const ctx = m.runLayers(
      m.embeddingOutput(m.embedTokens(tf.tensor2d(ids, [B, T], "int32")), mask, drop),
      mask,
      m.w.layers.slice(0, this.p.towerLayers),
      drop,
    );
    const joint = tf.reshape(tf.concat([tf.tile(tf.expandDims(t, 0), [B, 1, 1]), tf.reshape(ctx, [B, T, d])], 1), [
      B * (Tt + T),
      d,
    ]) as tf.Tensor2D;
    const jointMask = mask.map((row) => [...Array(Tt).fill(1), ...row]);
    const h = m.runLayers(joint, jointMask, m.w.layers.slice(this.p.towerLayers), drop);
    return tf.gather(h, tf.tensor1d(batch.map((_, b) => b * (Tt + T) + this.template.maskAt), "int32")) as tf.Tensor2D;
  }

  logits(batch: Row[], drop?: DropoutCtx): tf.Tensor2D {
    const h = this.maskStates(batch, drop);
    if (this.discrete) return this.discrete.logits(tf.expandDims(h, 1) as tf.Tensor3D, batch.map(() => 0));
    return tf.add(mmT(this.model.lmTransform(h), this.labelW as unknown as tf.Tensor2D), this.labelB!) as tf.Tensor2D;
  }

  loss(batch: Row[], drop?: DropoutCtx): tf.Scalar {
    return crossEntropy(this.logits(batch, drop), batch.map((e) => e.label));
  }

  cacheForInference(): void {
    this.cached?.dispose();
    this.cached = null;
    this.cached = tf.keep(tf.tidy(() => this.templateStates()));
  }

  dispose(): void {
    this.cached?.dispose();
    for (const v of layerVariables(this.templateLayers)) v.dispose();
    this.labelW?.dispose();
    this.labelB?.dispose();
  }
}

/** UniPrompt's towers must leave a fusion tower, and another checkpoint's layers must take the backbone's hidden states. */
export function uniPromptShapeProblem(
  p: UniPromptParams,
  backbone: ShapeConfig,
  extras: Record<string, ShapeConfig>,
): string | null {
  const n = backbone.num_hidden_layers;
  if (p.towerLayers >= n) {
    return `uniprompt towerLayers ${p.towerLayers} leaves no fusion tower; the backbone has ${n} layers, so it must be 1..${
      n - 1
    }`;
  }
  if (p.templateTower.init !== "checkpoint") return null;
  const id = p.templateTower.backbone.id;
  const other = extras[id];
  if (!other) return null; // not there: preflight names the missing checkpoint
  for (const f of ["hidden_size", "num_attention_heads", "intermediate_size"] as const) {
    if (other[f] !== backbone[f]) {
      return `the template tower's checkpoint ${id} has ${f} ${other[f]}, the backbone ${
        backbone[f]
      }; its layers cannot take the backbone's embeddings`;
    }
  }
  if (other.num_hidden_layers < p.towerLayers) {
    return `the template tower's checkpoint ${id} has ${other.num_hidden_layers} layers, fewer than towerLayers ${p.towerLayers}`;
  }
  return null;
}

export const uniprompt = defineMethod({
  id: "uniprompt",
  title:
    "UniPrompt (Huang et al., 2022): a two-tower prompt encoder (template and context towers, fusion tower) with soft label words initialised by Algorithm 1; every weight trained",
  citation:
    "Huang et al. 2022, Zero-shot Cross-lingual Transfer of Prompt-based Tuning with a Unified Multilingual Prompt (EMNLP)",
  params,
  architectures: ENCODERS,
  extraBackbones: (p) => (p.templateTower.init === "checkpoint" ? [p.templateTower.backbone] : []),
  checkShapes: uniPromptShapeProblem,
  build: (c) =>
    UniPrompt.create({
      model: asEncoder(c.backbone, "uniprompt"),
      tokenizer: c.tokenizer,
      maxLength: c.maxLength,
      params: c.params,
      labelWords: c.labelWords,
      train: c.train,
      numClasses: c.numClasses,
      extras: c.extras,
      rng: c.rng,
    }),
});
