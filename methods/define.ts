// A method is one definition: what a spec may say about it (its parameters'
// checker, from which their type is inferred), what preflight needs to know
// without loading a model (whether it trains the backbone, the architectures
// it is defined for, other checkpoints and corpora it loads), and how a cell
// builds it. `defineMethod` in the method's own file, one line in builtin.ts.
import type { Architecture } from "../core/architectures.ts";
import type { Checker } from "../core/check.ts";
import type { BackboneRef } from "../core/spec.ts";
import type { BuildContext, Method } from "./method.ts";

/** The config.json fields a method's shapes depend on. */
export interface ShapeConfig {
  num_hidden_layers: number;
  hidden_size: number;
  num_attention_heads: number;
  intermediate_size: number;
}

/** What a cell gives a method's tokens: its training's maxLength, and the backbone's token positions (Infinity: ALiBi). */
export interface SequenceRoom {
  maxLength: number;
  positions: number;
}

/**
 * The most prompt vectors (or prefix positions) a method's parameters may ask
 * for: twice the positions of the encoders here (XLM-R: 512), far beyond the
 * papers' (20; Lester et al. 2021 go to 150). A backbone's own positions and
 * maxLength bound it further (checkShapes, before any cell starts).
 */
export const MAX_PROMPT_LENGTH = 1024;

/** A prompt of `length` vectors beside up to maxLength tokens (a prefix or suffix prompt, prefix-tuning's keys and values) takes both's positions. */
export function roomBesideTokens(what: string, length: number, room: SequenceRoom): string | null {
  if (length + room.maxLength <= room.positions) return null;
  return `${what} ${length} and maxLength ${room.maxLength} need ${
    length + room.maxLength
  } positions; the backbone has ${room.positions}: lower maxLength or ${what}`;
}

/** Prompt slots inside a template take part of its maxLength tokens, with the special tokens and the <mask>. */
export function roomWithinTokens(what: string, length: number, room: SequenceRoom): string | null {
  if (length < room.maxLength) return null;
  return `${what} ${length} fills maxLength ${room.maxLength}, which also holds the template's other tokens: lower ${what} or raise maxLength`;
}

export interface MethodDefinition<P = unknown> {
  /** The id specs name it by (a row's `method`). */
  id: string;
  /** One line: the method and where it comes from. */
  title: string;
  /** The paper that defines it. */
  citation: string;
  /** Validates (and types) the spec's parameters; errors name the field. */
  params: Checker<P>;
  /** A cell's method from its checked parameters and what the cell provides; may read from the device. */
  build(c: BuildContext<P>): Method | Promise<Method>;
  /** Whether it trains the backbone's own weights (absent: it does); preflight sizes memory by it. */
  trainsBackbone?: (params: P) => boolean;
  /** The backbone architectures it is defined for (absent: any); others are refused before training. */
  architectures?: readonly Architecture[];
  /** Checkpoints besides the backbone that the method loads (preflight resolves them first). */
  extraBackbones?: (params: P) => BackboneRef[];
  /** The parallel corpus the method aligns on (datasets/parallel.ts), if any; the cell loads it. */
  parallelCorpus?: (params: P) => { id: string; size: number } | null;
  /**
   * What in the backbone's config.json (and the extra checkpoints', by id), or in the room its positions and the
   * training's maxLength leave, rules these parameters out; null when they fit. Preflight runs it before any cell.
   */
  checkShapes?: (
    params: P,
    backbone: ShapeConfig,
    extras: Record<string, ShapeConfig>,
    room: SequenceRoom,
  ) => string | null;
}

/** The parameter type a method's checker gives. */
export type ParamsOf<D> = D extends MethodDefinition<infer P> ? P : never;

// what defineMethod made: a plug-in's exports are registered when they are among them
const DEFINED = new WeakSet<object>();
// marks a definition of any copy of this module, to tell a plug-in that imported another copy why it is refused
const MARK = Symbol.for("xlt-bench.defineMethod");

/** A method definition, typed by its checker: `build` and the hooks see the checked parameters' type. */
export function defineMethod<P>(d: MethodDefinition<P>): MethodDefinition<P> {
  DEFINED.add(d);
  Object.defineProperty(d, MARK, { value: true });
  return d;
}

/** Whether `x` came from this module's defineMethod (a plug-in importing another copy of xlt-bench gives false). */
export function isMethodDefinition(x: unknown): x is MethodDefinition {
  return typeof x === "object" && x !== null && DEFINED.has(x);
}

/** Whether `x` came from another copy's defineMethod (another checkout, or this one through a symlink under Deno). */
export function isForeignDefinition(x: unknown): boolean {
  return typeof x === "object" && x !== null && !DEFINED.has(x) && MARK in x;
}
