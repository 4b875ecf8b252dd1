// What a seed is, once, for a spec's seeds (the checker) and the command line's
// --seeds (the parser): a positive integer up to 2^31 − 1. The bound keeps a
// seed an exact integer (a 20-digit one would round to another number, and
// another cell) that 32-bit generators (torch's, numpy's) take as it is. A
// seed is its number: "01" and "1" are the same seed, so listing both is
// listing one twice.
import { arr, distinct, type SchemaChecker, SpecError, withSchema } from "./check.ts";
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
