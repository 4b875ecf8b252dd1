// Input checks shared by the statistics functions. Failures are StatsInputError
// so a caller (the `stats` command) can map the argument to its own flag name.

export class StatsInputError extends Error {
  constructor(
    /** The argument at fault, as the function's caller names it ("a", "b.n", "confidence"). */
    readonly argument: string,
    /** What is wrong, without the argument's name. */
    readonly detail: string,
  ) {
    super(`${argument}: ${detail}`);
    this.name = "StatsInputError";
  }
}

/** Throws unless every value is finite and there are at least minLength of them. */
export function checkSample(argument: string, xs: readonly number[], minLength = 2): void {
  if (!Array.isArray(xs)) throw new StatsInputError(argument, "expected an array of numbers");
  if (xs.length < minLength) {
    throw new StatsInputError(argument, `needs at least ${minLength} values, got ${xs.length}`);
  }
  const bad = xs.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) throw new StatsInputError(argument, `value ${bad} is not a finite number (${String(xs[bad])})`);
}

/** Throws unless b has as many values as a (paired data). */
export function checkSameLength(
  argumentA: string,
  a: readonly number[],
  argumentB: string,
  b: readonly number[],
): void {
  if (a.length !== b.length) {
    throw new StatsInputError(
      argumentB,
      `has ${b.length} values but ${argumentA} has ${a.length}; paired data need equal lengths`,
    );
  }
}

export function checkFinite(argument: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new StatsInputError(argument, `expected a finite number, got ${String(x)}`);
  }
}

/** A confidence level or an alpha: strictly between 0 and 1. */
export function checkOpenUnit(argument: string, x: number): void {
  if (typeof x !== "number" || !(x > 0 && x < 1)) {
    throw new StatsInputError(argument, `expected a number strictly between 0 and 1, got ${String(x)}`);
  }
}

export function checkProbability(argument: string, x: number): void {
  if (typeof x !== "number" || !(x >= 0 && x <= 1)) {
    throw new StatsInputError(argument, `expected a probability in [0, 1], got ${String(x)}`);
  }
}
