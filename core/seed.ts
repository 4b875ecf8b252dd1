// What a seed is, once, for a spec's seeds (the checker) and the command line's
// --seeds (the parser): a positive integer up to 2^31 − 1. The bound keeps a
// seed an exact integer (a 20-digit one would round to another number, and
// another cell) that 32-bit generators (torch's, numpy's) take as it is. A
// seed is its number: "01" and "1" are the same seed, so listing both is
// listing one twice.
import { arr, describe, distinct, listOr, obj, type SchemaChecker, SpecError, withSchema } from "./check.ts";
import { UsageError } from "./errors.ts";

export const MAX_SEED = 2 ** 31 - 1;

/** What `n` lacks to be a seed, or null. */
function seedProblem(n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return "expected a positive integer";
  return n > MAX_SEED ? `a seed is at most ${MAX_SEED} (2^31 − 1)` : null;
}

/** One seed in a spec. */
export const seed: SchemaChecker<number> = withSchema((v, p, s) => {
  const problem = typeof v === "number" ? seedProblem(v) : "expected a positive integer";
  if (problem) throw new SpecError(s, p, `${problem}, got ${JSON.stringify(v) ?? String(v)}`);
  return v as number;
}, { type: "integer", minimum: 1, maximum: MAX_SEED });

/** A spec's list of seeds: at least one, each once. */
export const seedList = distinct(arr(seed, { min: 1 }));

/**
 * A profile's seeds: a list, each seed naming a cell's k-shot draw and its
 * initialisation at once (draw = init), or the two crossed, one cell per
 * (draw, init) pair, so that the variance can be split between them
 * (analysis/variance.ts).
 */
export const seedDesign = listOr(
  seedList,
  describe(
    obj({
      draw: describe(seedList, "Seeds of the k-shot draw (each source's train and dev examples)."),
      init: describe(seedList, "Seeds of the method's initialisation and the training streams (batch order, dropout)."),
    }),
    "Draw seeds crossed with initialisation seeds: one cell per (draw, init) pair.",
  ),
);
export type SeedDesign = number[] | { draw: number[]; init: number[] };

/** How messages write a design: "1,2,3", or "draw 1,2 × init 3,4". */
export const seedDesignText = (d: SeedDesign): string =>
  isCrossed(d) ? `draw ${d.draw.join(",")} × init ${d.init.join(",")}` : d.join(",");

/** One cell's seeds: the k-shot draw's and the initialisation's (equal for a list's seed). */
export interface SeedPair {
  draw: number;
  init: number;
}

export const isCrossed = (d: SeedDesign): d is { draw: number[]; init: number[] } => !Array.isArray(d);
export const drawSeeds = (d: SeedDesign): number[] => (isCrossed(d) ? d.draw : d);
export const initSeeds = (d: SeedDesign): number[] => (isCrossed(d) ? d.init : d);

/** The (draw, init) pairs a design runs: a list's diagonal, or every pair of the crossed design, draw-major. */
export function seedPairs(d: SeedDesign): SeedPair[] {
  if (!isCrossed(d)) return d.map((s) => ({ draw: s, init: s }));
  return d.draw.flatMap((draw) => d.init.map((init) => ({ draw, init })));
}

/**
 * What pairs two runs' numbers (compare, row comparisons): a cell's seed, or
 * "draw/init" when its initialisation seed differs, so that a list's seeds (and
 * a crossed design's diagonal, which are the same cells) keep their numbers.
 */
export type SeedUnit = number | string;
export const seedUnit = (seed: number, initSeed?: number): SeedUnit =>
  initSeed === undefined || initSeed === seed ? seed : `${seed}/${initSeed}`;

/** Seed units in order: by draw seed, then by initialisation seed. */
export function compareSeedUnits(a: SeedUnit, b: SeedUnit): number {
  const parts = (u: SeedUnit) => (typeof u === "number" ? [u, u] : u.split("/").map(Number));
  const [x, y] = [parts(a), parts(b)];
  return x[0] - y[0] || x[1] - y[1];
}

/** The seeds of a comma-separated list ("1,2,3"), each in decimal digits; errors name `flag`. */
export function parseSeeds(text: string, flag = "--seeds"): number[] {
  const items = text.split(",").map((x) => x.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`${flag}: empty list`);
  const seeds = items.map((item) => {
    // digits only: Number() would also take "1e3", "0x10", "1.0" and " +1"
    const problem = /^\d+$/.test(item) ? seedProblem(Number(item)) : "expected a positive integer";
    if (problem) throw new UsageError(`${flag}: ${problem}, got "${item}"`);
    return Number(item);
  });
  seeds.forEach((n, i) => {
    const first = seeds.indexOf(n);
    if (first === i) return;
    throw new UsageError(
      items[first] === items[i]
        ? `${flag}: "${items[i]}" is listed twice`
        : `${flag}: "${items[first]}" and "${items[i]}" are the same seed (${n}), listed twice`,
    );
  });
  return seeds;
}
