// One definition of a seed for a spec's seeds and the command line's --seeds:
// a positive integer up to 2^31 − 1, and a seed is its number (01 is 1).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/settings.ts";
import { MAX_SEED, parseSeeds } from "../../core/seed.ts";
import { parseSpec } from "../../plan/spec-schema.ts";

const raw = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "specs", "spt-table4.json"), "utf8"));
const withSeeds = (seeds: unknown[]) => {
  const r = raw();
  r.profiles.smoke.seeds = seeds;
  return r;
};

describe("--seeds", () => {
  test("the same number written twice is one seed listed twice: 1,01 would plan the same cells twice", () => {
    expect(() => parseSeeds("1,01")).toThrow('--seeds: "1" and "01" are the same seed (1), listed twice');
    expect(() => parseSeeds("7,2,7")).toThrow('--seeds: "7" is listed twice');
  });

  test("a seed beyond 2^31 − 1 is refused, not rounded (a 20-digit seed would name another number)", () => {
    expect(() => parseSeeds("12345678901234567890")).toThrow(
      '--seeds: a seed is at most 2147483647 (2^31 − 1), got "12345678901234567890"',
    );
    expect(() => parseSeeds(String(MAX_SEED + 1))).toThrow("a seed is at most 2147483647");
    expect(parseSeeds(`1, ${MAX_SEED}`)).toEqual([1, MAX_SEED]);
  });

  test("only decimal digits: 0, signs, fractions, exponents and hex are not seeds", () => {
    for (const bad of ["0", "-1", "+1", "1.0", "1e3", "0x10", "x"]) {
      expect(() => parseSeeds(`1,${bad}`)).toThrow(`--seeds: expected a positive integer, got "${bad}"`);
    }
    expect(() => parseSeeds(" , ")).toThrow("--seeds: empty list");
    expect(parseSeeds("007,13")).toEqual([7, 13]);
  });
});

describe("a spec's seeds", () => {
  test("are positive integers up to 2^31 − 1, named by their place", () => {
    const cases: [unknown, string][] = [
      [0, "expected a positive integer, got 0"],
      [-3, "expected a positive integer, got -3"],
      [1.5, "expected a positive integer, got 1.5"],
      ["1", 'expected a positive integer, got "1"'],
      [2 ** 31, "a seed is at most 2147483647 (2^31 − 1), got 2147483648"],
      [12345678901234567890, "a seed is at most 2147483647 (2^31 − 1), got 12345678901234567000"],
    ];
    for (const [seed, message] of cases) {
      expect(() => parseSpec(withSeeds([1, seed]), "t4.json")).toThrow(`t4.json: profiles.smoke.seeds[1]: ${message}`);
    }
    expect(parseSpec(withSeeds([1, MAX_SEED]), "t4.json").profiles.smoke.seeds).toEqual([1, MAX_SEED]);
  });
});
