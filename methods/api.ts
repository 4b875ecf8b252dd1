// What a plug-in method imports: one module, so that a method file outside the
// tree names one path into it (`import { defineMethod, tf } from
// "<xlt-bench>/methods/api.ts"`). Everything comes from the project's own
// modules, so the plug-in shares their instances (tfjs and its backend, the
// method registry) instead of loading copies. docs/plugins.md shows a whole method.
export { tf, variableFrom } from "../models/backend.ts";
export { mm, mmT } from "../models/linalg.ts";
export { dropout } from "../models/xlmr.ts";
export { normals, type Rng } from "../core/rng.ts";
export {
  defineMethod,
  MAX_PROMPT_LENGTH,
  type MethodDefinition,
  roomBesideTokens,
  roomWithinTokens,
  type SequenceRoom,
  type ShapeConfig,
} from "./define.ts";
export type { BuildContext, Encoded, Method } from "./method.ts";
export type { DropoutCtx } from "../models/xlmr.ts";
export {
  asHookable,
  attachHooks,
  type AttentionPrefix,
  type Hookable,
  isHookable,
  type LayerHooks,
  type Projection,
  PROJECTIONS,
  type ProjectionWeight,
  type Sublayer,
} from "../models/hooks.ts";
export { encodeTokenIds, headedModel, headPositions, type TokenIdsRow } from "./headed-model.ts";
export { ARCHITECTURES, ENCODERS } from "../core/architectures.ts";
export {
  arr,
  bool,
  describe,
  distinct,
  either,
  nonNeg,
  num,
  obj,
  oneOf,
  optional,
  posInt,
  posIntUpTo,
  positive,
  rate,
  refine,
  SpecError,
  str,
} from "../core/check.ts";
export { asEncoder, encodeRows, inputFields, sourceLanguages, trainable } from "./encoder.ts";
export { ClassifierHead, VerbalizerHead, verbalizerIds } from "./heads.ts";
export { crossEntropy, symmetricKl } from "./losses.ts";
export { decayGroups, type ParamGroup } from "./optim.ts";
