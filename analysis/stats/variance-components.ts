// Variance components of a crossed two-factor layout with one observation per
// cell (rows: draw seeds, columns: initialisation seeds), both factors random:
//   y_ij = mu + A_i + B_j + E_ij,  A ~ (0, s2A), B ~ (0, s2B), E ~ (0, s2E)
// where E holds the interaction and everything else. ANOVA (method of moments)
// estimates, which equal REML's for this balanced layout when positive:
//   s2A = (MS_A - MS_E) / b,  s2B = (MS_B - MS_E) / a,  s2E = MS_E.
// (A one-way ANOVA per factor would be biased here: with the factors crossed,
// its within-group mean square also holds the other factor's variance, so it
// would estimate s2A - s2B / b.)
// A negative estimate (a factor's mean square below the residual's) is
// truncated at 0, and the result says so.
// Intervals: s2E exact, SS_E / chi-square quantiles. s2A and s2B are
// differences of mean squares; their interval is the modified large-sample
// (MLS) one of Graybill and Wang (1980) / Ting, Burdick, Graybill, Jeyaratnam
// and Lu (1990) for c1 MS1 - c2 MS2 (Burdick and Graybill 1992, §3.5), which
// keeps close to its level with few degrees of freedom, where Satterthwaite's
// does not. Bounds below 0 are truncated at 0.
import { chiSquareQuantile, fQuantile } from "./chi-square-f.ts";
import { StatsInputError } from "./errors.ts";

export interface Component {
  /** The estimate, truncated at 0. */
  estimate: number;
  /** The untruncated moment estimate (negative when the factor's mean square is below the residual's). */
  raw: number;
  truncated: boolean;
  /** Two-sided interval at the confidence level, bounds truncated at 0. */
  interval: [number, number];
  /** Share of the estimated total (the sum of the truncated components); NaN when the total is 0. */
  share: number;
}

export interface CrossedComponents {
  /** Levels of the row factor (a) and the column factor (b). */
  a: number;
  b: number;
  mean: number;
  /** Mean squares and their degrees of freedom. */
  ms: { rows: number; columns: number; residual: number };
  df: { rows: number; columns: number; residual: number };
  rows: Component;
  columns: Component;
  residual: Component;
  /** The estimated variance of one observation: the sum of the truncated components. */
  total: number;
  confidence: number;
}

/**
 * MLS interval for c1·MS1 − c2·MS2 (c1, c2 > 0), MS_i on df_i degrees of
 * freedom, at two-sided confidence 1 − alpha (Burdick and Graybill 1992, eq. 3.8–3.9).
 */
export function mlsDifferenceInterval(
  c1: number,
  ms1: number,
  df1: number,
  c2: number,
  ms2: number,
  df2: number,
  alpha: number,
): [number, number] {
  const hi = 1 - alpha / 2, lo = alpha / 2;
  const f1Inf = [fQuantile(hi, df1, Infinity), fQuantile(lo, df1, Infinity)];
  const f2Inf = [fQuantile(hi, df2, Infinity), fQuantile(lo, df2, Infinity)];
  const G1 = 1 - 1 / f1Inf[0], H1 = 1 / f1Inf[1] - 1;
  const G2 = 1 - 1 / f2Inf[0], H2 = 1 / f2Inf[1] - 1;
  const F12hi = fQuantile(hi, df1, df2), F12lo = fQuantile(lo, df1, df2);
  const G12 = ((F12hi - 1) ** 2 - G1 ** 2 * F12hi ** 2 - H2 ** 2) / F12hi;
  const H12 = ((1 - F12lo) ** 2 - H1 ** 2 * F12lo ** 2 - G2 ** 2) / F12lo;
  const x1 = c1 * ms1, x2 = c2 * ms2, est = x1 - x2;
  const vl = G1 ** 2 * x1 ** 2 + H2 ** 2 * x2 ** 2 + G12 * x1 * x2;
  const vu = H1 ** 2 * x1 ** 2 + G2 ** 2 * x2 ** 2 + H12 * x1 * x2;
  return [est - Math.sqrt(Math.max(0, vl)), est + Math.sqrt(Math.max(0, vu))];
}

/** The components of `y[i][j]` (row i, column j): a complete a × b grid, a, b >= 2. */
export function crossedComponents(y: readonly (readonly number[])[], confidence = 0.95): CrossedComponents {
  const a = y.length, b = y[0]?.length ?? 0;
  if (a < 2 || b < 2) {
    throw new StatsInputError("y", `needs at least 2 levels of each factor, got ${a} × ${b}`);
  }
  y.forEach((row, i) => {
    if (row.length !== b) throw new StatsInputError("y", `row ${i} has ${row.length} values, row 0 has ${b}`);
    if (row.some((v) => !Number.isFinite(v))) throw new StatsInputError("y", `row ${i} has a value that is not finite`);
  });
  if (!(confidence > 0 && confidence < 1)) {
    throw new StatsInputError("confidence", `expected a level strictly between 0 and 1, got ${confidence}`);
  }
  const rowMeans = y.map((r) => r.reduce((s, v) => s + v, 0) / b);
  const colMeans = Array.from({ length: b }, (_, j) => y.reduce((s, r) => s + r[j], 0) / a);
  const mean = rowMeans.reduce((s, v) => s + v, 0) / a;
  const ssRows = b * rowMeans.reduce((s, m) => s + (m - mean) ** 2, 0);
  const ssCols = a * colMeans.reduce((s, m) => s + (m - mean) ** 2, 0);
  let ssRes = 0;
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) ssRes += (y[i][j] - rowMeans[i] - colMeans[j] + mean) ** 2;
  }
  const df = { rows: a - 1, columns: b - 1, residual: (a - 1) * (b - 1) };
  const ms = { rows: ssRows / df.rows, columns: ssCols / df.columns, residual: ssRes / df.residual };
  const alpha = 1 - confidence;
  const clip = ([l, u]: [number, number]): [number, number] => [Math.max(0, l), Math.max(0, u)];
  const difference = (ms1: number, df1: number, c: number) => {
    const raw = (ms1 - ms.residual) / c;
    return {
      raw,
      interval: clip(mlsDifferenceInterval(1 / c, ms1, df1, 1 / c, ms.residual, df.residual, alpha)),
    };
  };
  const r = difference(ms.rows, df.rows, b), c = difference(ms.columns, df.columns, a);
  const e = {
    raw: ms.residual,
    interval: [
      ssRes / chiSquareQuantile(1 - alpha / 2, df.residual),
      ssRes / chiSquareQuantile(alpha / 2, df.residual),
    ] as [number, number],
  };
  const total = Math.max(0, r.raw) + Math.max(0, c.raw) + e.raw;
  const component = (x: { raw: number; interval: [number, number] }): Component => ({
    estimate: Math.max(0, x.raw),
    raw: x.raw,
    truncated: x.raw < 0,
    interval: x.interval,
    share: total > 0 ? Math.max(0, x.raw) / total : NaN,
  });
  return {
    a,
    b,
    mean,
    ms,
    df,
    rows: component(r),
    columns: component(c),
    residual: component(e),
    total,
    confidence,
  };
}
