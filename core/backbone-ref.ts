// The checker of a backbone reference, shared by specs and method parameters.
import { ARCHITECTURES } from "./architectures.ts";
import { obj, oneOf, optional, str, tagged, type Checker } from "./check.ts";
import type { BackboneRef } from "./spec.ts";

export const backboneRef: Checker<BackboneRef> = tagged("kind", {
  embedded: obj({ kind: oneOf("embedded"), id: str, label: optional(str) }),
  hub: obj({ kind: oneOf("hub"), id: str, revision: str, architecture: oneOf(...ARCHITECTURES), label: optional(str) }),
}) as Checker<BackboneRef>;
