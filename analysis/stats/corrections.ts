// Family-wise error corrections of p-values (as R's p.adjust "bonferroni" and "holm").
import { checkProbability, StatsInputError } from "./errors.ts";

function checkPValues(pValues: number[]): void {
  if (!Array.isArray(pValues) || pValues.length === 0) throw new StatsInputError("p", "expected at least one p-value");
  pValues.forEach((p, i) => checkProbability(`p[${i}]`, p));
}

/** Bonferroni: min(1, m·p). */
export function bonferroniAdjust(pValues: number[]): number[] {
  checkPValues(pValues);
  return pValues.map((p) => Math.min(1, pValues.length * p));
}

/**
 * Holm's step-down adjustment: the i-th smallest p (1-based) becomes
 * min(1, max over j <= i of (m - j + 1)·p_(j)), so adjusted values keep the
 * order of the raw ones. Returned in the input order.
 */
export function holmAdjust(pValues: number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((u, v) => u.p - v.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
