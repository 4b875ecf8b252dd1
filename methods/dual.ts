// DUAL (Mikaberidze et al. 2025, §3.2): a standard soft prompt followed by an
// XPE-encoded one within one token budget, trained jointly, each part at its
// own learning rate.
import { type Infer, nonNeg, obj, optional, positive, refine, SpecError, withSchema } from "../core/check.ts";
import { defineMethod } from "./define.ts";
import type { BuildContext, Method } from "./method.ts";
import { encodedPrompt, groupNumbers, promptBesideTokens, promptTuning, promptTuningShape } from "./prompt-tuning.ts";
import { DualPrompt, sampledVocabInit, SoftPrompt } from "./prompts.ts";

/** DUAL's token split: round(promptLength * xpeShare) encoded tokens (half up), the rest standard; null when a part would be empty. */
export function dualSplit(promptLength: number, xpeShare: number): { standard: number; encoded: number } | null {
  const encoded = Math.round(promptLength * xpeShare);
  const standard = promptLength - encoded;
  return encoded >= 1 && standard >= 1 ? { standard, encoded } : null;
}

/** The share of DUAL's tokens that go to XPE: a number strictly between 0 and 1. */
const share = withSchema<number>((v, p, s) => {
  if (typeof v === "number" && v > 0 && v < 1) return v;
  throw new SpecError(
    s,
    p,
    `expected a number strictly between 0 and 1 (the share of promptLength given to XPE, e.g. 0.7 for DUAL^{XPE-70}), got ${
      JSON.stringify(v)
    }`,
  );
}, { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 });

/** XPE's fields, the token split, and a separate learning rate (and decay) for the encoded part. */
const params = refine(
  obj({
    ...promptTuningShape,
    lr: obj({ prompt: positive, encoder: positive, head: optional(positive), backbone: optional(positive) }),
    weightDecay: optional(obj({ ...groupNumbers, encoder: optional(nonNeg) })),
    xpeShare: share,
  }),
  (r, p, s) => {
    const n = Math.round(r.promptLength * r.xpeShare);
    if (!dualSplit(r.promptLength, r.xpeShare)) {
      throw new SpecError(
        s,
        `${p}.xpeShare`,
        `${r.xpeShare} of promptLength ${r.promptLength} gives ${n} XPE and ${
          r.promptLength - n
        } standard tokens; both parts need at least one`,
      );
    }
  },
);
export type DualParams = Infer<typeof params>;

/** The standard part drawn first, then the encoded part (pseudo-prompt, then MLP), all from the cell's rng; then the head. */
function build(c: BuildContext<DualParams>): Method {
  const split = dualSplit(c.params.promptLength, c.params.xpeShare);
  if (!split) {
    throw new Error(
      `dual: params.xpeShare ${c.params.xpeShare} of promptLength ${c.params.promptLength} leaves a part without tokens`,
    );
  }
  const standard = new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, split.standard, c.rng));
  const encoded = encodedPrompt(c, split.encoded);
  return promptTuning(c, new DualPrompt(standard, encoded), encoded.trainable());
}

export const dual = defineMethod({
  id: "dual",
  title:
    "Dual soft prompt (Mikaberidze et al., 2025, §3.2): a standard soft prompt followed by an XPE-encoded one within one token budget, trained jointly, cached as a static prompt",
  citation: "Mikaberidze et al. 2025, Cross-Prompt Encoder for Low-Performing Languages, §3.2",
  params,
  trainsBackbone: (p) => !p.freezeBackbone,
  checkShapes: promptBesideTokens,
  build,
});
