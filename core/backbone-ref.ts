// The checker of a backbone reference, shared by specs and method parameters.
import { ARCHITECTURES } from "./architectures.ts";
import { describe, type Infer, obj, oneOf, optional, str, tagged } from "./check.ts";

export const backboneRef = describe(
  tagged("kind", {
    embedded: obj({
      kind: oneOf("embedded"),
      id: describe(str, "A model of models/embedded/, e.g. xlt-embedded-mini-v4."),
      label: optional(str),
    }),
    hub: obj({
      kind: oneOf("hub"),
      id: describe(str, "The Hugging Face repository, e.g. FacebookAI/xlm-roberta-base."),
      revision: describe(str, "The repository's revision: a branch, tag or commit."),
      architecture: oneOf(...ARCHITECTURES),
      label: optional(str),
    }),
  }),
  "A backbone: the embedded smoke model, or a Hugging Face checkpoint.",
);
export type BackboneRef = Infer<typeof backboneRef>;
