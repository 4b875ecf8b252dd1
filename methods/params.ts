// What a spec may say about each method, without loading any model code (so
// specs validate, and plans and preflight run, with no compute backend): its
// title, the checker of its parameters, whether it trains the backbone's own
// weights, the architectures it is defined for, and the other checkpoints it
// loads. The builders are in registry.ts, under the same ids.
import { backboneRef } from "../core/backbone-ref.ts";
import { bool, nonNeg, obj, oneOf, optional, posInt, positive, SpecError, str, tagged, type Checker } from "../core/check.ts";
import type { BackboneRef, PromptTuningParams } from "../core/spec.ts";
import type { DiscretePromptParams } from "./discrete-prompt.ts";
import type { FinetuneParams } from "./finetune.ts";
import type { SoftTemplateParams } from "./soft-template.ts";
import type { UniPromptParams } from "./uniprompt.ts";
import type { MptParams, SoftPromptParams } from "./prompt-translator.ts";
import { TRANSLATOR_KINDS } from "./translator.ts";
import type { PctParams } from "./pct.ts";

export type Architecture = "xlm-roberta" | "roberta" | "xglm" | "bloom";

export interface MethodInfo<P = unknown> {
  title: string;
  /** Validates (and types) the spec's parameters for this method; errors name the field. */
  params: Checker<P>;
  /** Whether it trains the backbone's own weights (absent: it does); preflight sizes memory by it. */
  trainsBackbone?: (params: P) => boolean;
  /** The backbone architectures it is defined for (absent: any); others are refused before training. */
  architectures?: readonly Architecture[];
  /** Checkpoints besides the backbone that the method loads (preflight resolves them first). */
  extraBackbones?: (params: P) => BackboneRef[];
  /** The parallel corpus the method aligns on (datasets/parallel.ts), if any; the cell loads it. */
  parallelCorpus?: (params: P) => { id: string; size: number } | null;
  /** What in the backbone's config.json (and the extra checkpoints', by id) rules these parameters out; null when they fit. */
  checkShapes?: (params: P, backbone: ShapeConfig, extras: Record<string, ShapeConfig>) => string | null;
}

/** The config.json fields a method's shapes depend on. */
export interface ShapeConfig {
  num_hidden_layers: number;
  hidden_size: number;
  num_attention_heads: number;
  intermediate_size: number;
}

/** UniPrompt's towers must leave a fusion tower, and another checkpoint's layers must take the backbone's hidden states. */
export function uniPromptShapeProblem(p: UniPromptParams, backbone: ShapeConfig, extras: Record<string, ShapeConfig>): string | null {
  const n = backbone.num_hidden_layers;
  if (p.towerLayers >= n) return `uniprompt towerLayers ${p.towerLayers} leaves no fusion tower; the backbone has ${n} layers, so it must be 1..${n - 1}`;
  if (p.templateTower.init !== "checkpoint") return null;
  const id = p.templateTower.backbone.id;
  const other = extras[id];
  if (!other) return null; // not there: preflight names the missing checkpoint
  for (const f of ["hidden_size", "num_attention_heads", "intermediate_size"] as const) {
    if (other[f] !== backbone[f]) return `the template tower's checkpoint ${id} has ${f} ${other[f]}, the backbone ${backbone[f]}; its layers cannot take the backbone's embeddings`;
  }
  if (other.num_hidden_layers < p.towerLayers) return `the template tower's checkpoint ${id} has ${other.num_hidden_layers} layers, fewer than towerLayers ${p.towerLayers}`;
  return null;
}

const groupNumbers = { prompt: optional(nonNeg), head: optional(nonNeg), backbone: optional(nonNeg) };
const promptTuningShape = {
  promptLength: posInt,
  freezeBackbone: bool,
  head: oneOf("classifier", "verbalizer"),
  lr: obj({ prompt: positive, head: optional(positive), backbone: optional(positive) }),
  weightDecay: optional(obj(groupNumbers)),
  encoderLayers: optional(posInt),
  encoderHidden: optional(posInt),
};

/** Only DUAL has a separate encoder group; XPE's lr.prompt is its encoder's (pseudo-prompt and MLP), so say that rather than "unknown field". */
const noEncoderGroup = (id: string): Checker<unknown> => (v, p, s) => {
  for (const k of ["lr", "weightDecay"]) {
    const g = (v as Record<string, unknown> | null)?.[k];
    if (g && typeof g === "object" && "encoder" in g) {
      throw new SpecError(s, `${p}.${k}.encoder`, `only dual has a separate encoder group; ${id === "xpe" ? "xpe's prompt encoder (pseudo-prompt and MLP) trains with" : `${id} has no prompt encoder: use`} ${k}.prompt`);
    }
  }
  return v;
};
const then = <T>(first: Checker<unknown>, c: Checker<T>): Checker<T> => (v, p, s) => c(first(v, p, s), p, s);

/** SPT, optionally with Razdaibiedina et al.'s residual reparameterization (SPT Appendix C); absent fields keep plain SPT. */
const sptParams: Checker<PromptTuningParams> = then(noEncoderGroup("spt"), (v, p, s) => {
  const r = obj({ ...promptTuningShape, reparameterization: optional(oneOf("none", "residual")), bottleneck: optional(posInt) })(v, p, s) as PromptTuningParams;
  if (r.reparameterization === "residual" && r.bottleneck === undefined) throw new SpecError(s, `${p}.bottleneck`, 'missing: reparameterization "residual" needs the MLP\'s bottleneck size m (SPT Appendix C: 500 for BLOOM-560M, 200 for XGLM-564M)');
  if (r.reparameterization !== "residual" && r.bottleneck !== undefined) throw new SpecError(s, `${p}.bottleneck`, `only with reparameterization "residual" (here ${JSON.stringify(r.reparameterization ?? "none")})`);
  return r;
});

const xpeParams = then(noEncoderGroup("xpe"), obj(promptTuningShape)) as Checker<PromptTuningParams>;

/** DUAL's token split: round(promptLength * xpeShare) encoded tokens (half up), the rest standard; null when a part would be empty. */
export function dualSplit(promptLength: number, xpeShare: number): { standard: number; encoded: number } | null {
  const encoded = Math.round(promptLength * xpeShare);
  const standard = promptLength - encoded;
  return encoded >= 1 && standard >= 1 ? { standard, encoded } : null;
}

/** The share of DUAL's tokens that go to XPE: a number strictly between 0 and 1. */
const share: Checker<number> = (v, p, s) => {
  if (typeof v === "number" && v > 0 && v < 1) return v;
  throw new SpecError(s, p, `expected a number strictly between 0 and 1 (the share of promptLength given to XPE, e.g. 0.7 for DUAL^{XPE-70}), got ${JSON.stringify(v)}`);
};

/** DUAL: XPE's fields, the token split, and a separate learning rate (and decay) for the encoded part. */
const dualParams: Checker<PromptTuningParams> = (v, p, s) => {
  const r = obj({
    ...promptTuningShape,
    lr: obj({ prompt: positive, encoder: positive, head: optional(positive), backbone: optional(positive) }),
    weightDecay: optional(obj({ ...groupNumbers, encoder: optional(nonNeg) })),
    xpeShare: share,
  })(v, p, s) as PromptTuningParams;
  const n = Math.round(r.promptLength * r.xpeShare!);
  if (!dualSplit(r.promptLength, r.xpeShare!)) {
    throw new SpecError(s, `${p}.xpeShare`, `${r.xpeShare} of promptLength ${r.promptLength} gives ${n} XPE and ${r.promptLength - n} standard tokens; both parts need at least one`);
  }
  return r;
};

const lrAndDecay = { lr: positive, weightDecay: optional(nonNeg) };
const discretePrompt = obj({ ...lrAndDecay, template: str }) as Checker<DiscretePromptParams>;
const ENCODERS = ["xlm-roberta", "roberta"] as const;

const unit: Checker<number> = (v, p, s) => {
  if (typeof v === "number" && v >= 0 && v <= 1) return v;
  throw new SpecError(s, p, `expected a number in [0, 1], got ${JSON.stringify(v)}`);
};
const softPrompt = { ...lrAndDecay, template: str, promptLength: posInt, freezeBackbone: optional(bool) };
const corpusIds = ["paws-x", "xnli"] as const;
// alpha = 1 is Table II's "w/o consistency loss": the translator stays as initialised (no loss reaches it)
const mpt = obj({ ...softPrompt, translator: oneOf(...TRANSLATOR_KINDS, "none"), alpha: unit, corpus: obj({ id: oneOf(...corpusIds), size: posInt }) }) as Checker<MptParams>;

/** Each entry typed by its own parameters, stored untyped: parameters are checked before anything reads them. */
// deno-lint-ignore no-explicit-any
const info = <P>(d: MethodInfo<P>): MethodInfo<any> => d;

export const METHOD_INFO: Record<string, MethodInfo> = {
  spt: info({
    title: "Soft prompt tuning (Lester et al., 2021): a trained prefix (encoders) or suffix (decoders) of prompt vectors, optionally reparameterized by a residual bottleneck MLP (Razdaibiedina et al., 2023)",
    params: sptParams,
    trainsBackbone: (p) => !p.freezeBackbone,
  }),
  xpe: info({
    title: "Cross-prompt encoder (Mikaberidze et al., 2025): an MLP over pseudo-prompt embeddings, cached as a static prompt",
    params: xpeParams,
    trainsBackbone: (p) => !p.freezeBackbone,
  }),
  dual: info({
    title: "Dual soft prompt (Mikaberidze et al., 2025, §3.2): a standard soft prompt followed by an XPE-encoded one within one token budget, trained jointly, cached as a static prompt",
    params: dualParams,
    trainsBackbone: (p) => !p.freezeBackbone,
  }),
  finetune: info({
    title: "Vanilla fine-tuning (Devlin et al., 2019): a new classification head on <s>, every encoder weight trained",
    params: obj(lrAndDecay) as Checker<FinetuneParams>,
    architectures: ENCODERS,
  }),
  "english-prompt": info({
    title: "English Prompt (Lin et al., 2021): the English template and label words through the MLM head, for training and every target language; every weight trained",
    params: discretePrompt,
    architectures: ENCODERS,
  }),
  "translation-prompt": info({
    title: "Translation Prompt (Zhao and Schütze, 2021): trained with the English template and label words, tested with both translated into the target language; every weight trained",
    params: discretePrompt,
    architectures: ENCODERS,
  }),
  "soft-prompt": info({
    title: "Soft Prompt: artificial template tokens with English label words through the MLM head; every weight trained",
    params: obj({ ...lrAndDecay, template: str, promptLength: posInt }) as Checker<SoftTemplateParams>,
    architectures: ENCODERS,
  }),
  uniprompt: info({
    title: "UniPrompt (Huang et al., 2022): a two-tower prompt encoder (template and context towers, fusion tower) with soft label words initialised by Algorithm 1; every weight trained",
    params: obj({
      ...lrAndDecay,
      template: str,
      towerLayers: posInt,
      templateTower: tagged("init", {
        backbone: obj({ init: oneOf("backbone") }),
        random: obj({ init: oneOf("random") }),
        checkpoint: obj({ init: oneOf("checkpoint"), backbone: backboneRef }),
      }),
      labelWords: oneOf("soft-mask-mean", "soft-lm-head", "soft-random", "discrete"),
    }) as Checker<UniPromptParams>,
    architectures: ENCODERS,
    extraBackbones: (p) => (p.templateTower.init === "checkpoint" ? [p.templateTower.backbone] : []),
    checkShapes: uniPromptShapeProblem,
  }),
  sp: info({
    title: "Soft prompting (Zhao and Schütze, 2021, as MPT's baseline): a cloze template with m prompt vectors from an LSTM+MLP encoder (P-tuning), label words through the MLM head; the backbone trains unless frozen",
    params: obj(softPrompt) as Checker<SoftPromptParams>,
    trainsBackbone: (p: SoftPromptParams) => !p.freezeBackbone,
    architectures: ENCODERS,
  }),
  mpt: info({
    title: "MPT (Qiu et al., 2024): soft prompting whose prompt a translator maps to the target languages, trained with alpha * CE + (1 - alpha) * symmetric KL between the answer distributions of a parallel pair",
    params: mpt,
    trainsBackbone: (p: MptParams) => !p.freezeBackbone,
    architectures: ENCODERS,
    parallelCorpus: (p: MptParams) => (p.alpha < 1 ? p.corpus : null),
  }),
  pct: info({
    title: "PCT (Qi et al., 2022): a discrete cloze template, each training example also read with the template of another language, full-vocabulary CE on both plus a symmetric KL between their answer distributions; tested with the target language's template; every weight trained",
    params: obj({ ...lrAndDecay, template: str, consistencyWeight: optional(nonNeg) }) as Checker<PctParams>,
    architectures: ENCODERS,
  }),
};


export function methodInfo(id: string): MethodInfo {
  const d = METHOD_INFO[id];
  if (!d) throw new Error(`unknown method "${id}" (known: ${Object.keys(METHOD_INFO).join(", ")})`);
  return d;
}

/** Validate a method's parameters; errors are SpecErrors naming `path` in `source`. */
export function checkMethodParams(id: string, params: unknown, path: string, source: string): unknown {
  const d = METHOD_INFO[id];
  if (!d) throw new SpecError(source, path.replace(/\.params$/, ".method"), `unknown method ${JSON.stringify(id)} (known: ${Object.keys(METHOD_INFO).join(", ")})`);
  return d.params(params, path, source);
}
