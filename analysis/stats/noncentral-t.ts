// The noncentral t distribution's CDF, which the power of a t-test needs.
// Series of Lenth (1989, AS 243) in Poisson weights of lambda = nc²/2:
//   F(t; df, nc) = Φ(-nc) + ½ Σ_j [p_j I_x(j + ½, df/2) + q_j I_x(j + 1, df/2)],  t >= 0,
//   p_j = e^-λ λ^j / j!,  q_j = sign(nc) e^-λ λ^(j+½) / Γ(j + 3/2),  x = t² / (t² + df).
// AS 243 sums from j = 0, where e^-λ underflows once nc is past ~38; here the
// sum starts at the Poisson mode and runs both ways with the weights' own
// recurrences, so large noncentralities keep their accuracy. Absolute accuracy
// ~1e-14 (checked against scipy.stats.nct.cdf, test/analysis/stats/power.test.ts);
// a tail far below that is not resolved relative to itself.
import { checkFinite, StatsInputError } from "./errors.ts";
import { normalCdf, tCdf } from "./distributions.ts";
import { incompleteBeta, logGamma } from "./special.ts";

// A term whose Poisson weights sum below this cannot move the result (each I_x is at most 1).
const NEGLIGIBLE = 1e-18;
const MAX_TERMS = 100_000;

/** P(T <= t) for the noncentral t with df degrees of freedom and noncentrality nc (df = Infinity: normal at nc). */
export function nctCdf(t: number, df: number, nc: number): number {
  if (Number.isNaN(t)) return NaN;
  if (typeof df !== "number" || !(df > 0)) {
    throw new StatsInputError("df", `expected degrees of freedom > 0, got ${String(df)}`);
  }
  checkFinite("nc", nc);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  if (nc === 0) return tCdf(t, df);
  if (df === Infinity) return normalCdf(t - nc);
  // -T is noncentral t at -nc, so the lower half-line reflects onto the upper one
  return t >= 0 ? clamp(series(t, df, nc)) : clamp(1 - series(-t, df, -nc));
}

function clamp(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** AS 243's series for t >= 0, summed outwards from the Poisson mode. */
function series(t: number, df: number, nc: number): number {
  const t2 = t * t;
  const x = t2 / (t2 + df), y = df / (t2 + df);
  let sum = normalCdf(-nc);
  if (x === 0) return sum;
  const lambda = (nc * nc) / 2, sign = Math.sign(nc), b = df / 2;
  const mode = Math.floor(lambda);
  const logLambda = Math.log(lambda);
  const p0 = Math.exp(-lambda + mode * logLambda - logGamma(mode + 1));
  const q0 = Math.exp(-lambda + (mode + 0.5) * logLambda - logGamma(mode + 1.5));
  const term = (j: number, p: number, q: number) =>
    0.5 * (p * incompleteBeta(x, j + 0.5, b, y) + sign * q * incompleteBeta(x, j + 1, b, y));
  // downwards from the mode: p_{j-1} = p_j j / λ, q_{j-1} = q_j (j + ½) / λ
  let p = p0, q = q0;
  for (let j = mode; j >= 0; j--) {
    sum += term(j, p, q);
    if (p + q < NEGLIGIBLE) break;
    p *= j / lambda;
    q *= (j + 0.5) / lambda;
  }
  // upwards: p_{j+1} = p_j λ / (j + 1), q_{j+1} = q_j λ / (j + 3/2)
  p = p0, q = q0;
  for (let j = mode + 1; j <= mode + MAX_TERMS; j++) {
    p *= lambda / j;
    q *= lambda / (j + 0.5);
    sum += term(j, p, q);
    if (p + q < NEGLIGIBLE) break;
  }
  return sum;
}
