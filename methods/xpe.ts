// XPE: the cross-prompt encoder (Mikaberidze et al. 2025): the prompt is an
// MLP's output over pseudo-prompt embeddings, cached as a static prompt once trained.
import { guard, obj } from "../core/check.ts";
import { defineMethod } from "./define.ts";
import { encodedPrompt, noEncoderGroup, promptBesideTokens, promptTuning, promptTuningShape } from "./prompt-tuning.ts";

export const xpe = defineMethod({
  id: "xpe",
  title:
    "Cross-prompt encoder (Mikaberidze et al., 2025): an MLP over pseudo-prompt embeddings, cached as a static prompt",
  citation: "Mikaberidze et al. 2025, Cross-Prompt Encoder for Low-Performing Languages",
  params: guard(noEncoderGroup("xpe"), obj(promptTuningShape)),
  trainsBackbone: (p) => !p.freezeBackbone,
  checkShapes: promptBesideTokens,
  build: (c) => promptTuning(c, encodedPrompt(c, c.params.promptLength)),
});
