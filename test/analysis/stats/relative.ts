import { expect } from "bun:test";

/** |actual / expected - 1| <= tolerance: agreement in significant digits, whatever the magnitude. */
export function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);
}
