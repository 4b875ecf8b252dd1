// SPT: soft prompt tuning as Lester et al. (2021) define it and Philippy et al.
// (2024) transfer it across languages: trained prompt vectors before (encoders)
// or after (decoders) the tokens, read by the LM head's label words, the
// backbone frozen or not; optionally reparameterized by a residual bottleneck
// MLP (Razdaibiedina et al. 2023; SPT Appendix C).
import { guard, type Infer, obj, oneOf, optional, posInt, refine, SpecError } from "../core/check.ts";
import { defineMethod } from "./define.ts";
import type { BuildContext } from "./method.ts";
import { noEncoderGroup, promptBesideTokens, promptTuning, promptTuningShape } from "./prompt-tuning.ts";
import { type PromptSource, ResidualPrompt, sampledVocabInit, SoftPrompt } from "./prompts.ts";

/** Absent reparameterization fields keep plain SPT. */
const params = guard(
  noEncoderGroup("spt"),
  refine(
    obj({
      ...promptTuningShape,
      reparameterization: optional(oneOf("none", "residual")),
      bottleneck: optional(posInt),
    }),
    (r, p, s) => {
      if (r.reparameterization === "residual" && r.bottleneck === undefined) {
        throw new SpecError(
          s,
          `${p}.bottleneck`,
          'missing: reparameterization "residual" needs the MLP\'s bottleneck size m (SPT Appendix C: 500 for BLOOM-560M, 200 for XGLM-564M)',
        );
      }
      if (r.reparameterization !== "residual" && r.bottleneck !== undefined) {
        throw new SpecError(
          s,
          `${p}.bottleneck`,
          `only with reparameterization "residual" (here ${JSON.stringify(r.reparameterization ?? "none")})`,
        );
      }
    },
  ),
);
export type SptParams = Infer<typeof params>;

/** SPT's prompt, drawn from the vocabulary as Lester et al.; with `reparameterization: "residual"` then its MLP (W_down, b_down, W_up, b_up). */
function sptPrompt(c: BuildContext<SptParams>): PromptSource {
  const soft = new SoftPrompt(sampledVocabInit(c.backbone.wordEmbeddings, c.params.promptLength, c.rng));
  if ((c.params.reparameterization ?? "none") === "none") return soft;
  return new ResidualPrompt(soft, c.backbone.hidden, c.params.bottleneck!, c.rng);
}

export const spt = defineMethod({
  id: "spt",
  title:
    "Soft prompt tuning (Lester et al., 2021): a trained prefix (encoders) or suffix (decoders) of prompt vectors, optionally reparameterized by a residual bottleneck MLP (Razdaibiedina et al., 2023)",
  citation:
    "Lester, Al-Rfou and Constant 2021, The Power of Scale for Parameter-Efficient Prompt Tuning (EMNLP); Philippy et al. 2024, Soft Prompt Tuning for Cross-Lingual Transfer: When Less is More",
  params,
  trainsBackbone: (p) => !p.freezeBackbone,
  checkShapes: promptBesideTokens,
  build: (c) => promptTuning(c, sptPrompt(c)),
});
