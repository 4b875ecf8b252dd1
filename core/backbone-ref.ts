// The checker of a backbone reference, shared by specs and method parameters.
import { ARCHITECTURES } from "./architectures.ts";
import { describe, hubId, hubRevision, type Infer, label, obj, oneOf, optional, safeName, tagged } from "./check.ts";

export const backboneRef = describe(
  tagged("kind", {
    embedded: obj({
      kind: oneOf("embedded"),
      id: describe(safeName, "A model of models/embedded/, e.g. xlt-embedded-mini-v4."),
      label: optional(label),
    }),
    hub: obj({
      kind: oneOf("hub"),
      id: describe(hubId, "The Hugging Face repository, e.g. FacebookAI/xlm-roberta-base."),
      revision: describe(hubRevision, "The repository's revision: a branch, tag or commit."),
      architecture: oneOf(...ARCHITECTURES),
      label: optional(label),
    }),
  }),
  "A backbone: the embedded smoke model, or a Hugging Face checkpoint.",
);
export type BackboneRef = Infer<typeof backboneRef>;
