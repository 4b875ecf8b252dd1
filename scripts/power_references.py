"""Reference values for test/analysis/stats/power.test.ts (stored in test/fixtures/power-references.json).

  python3 scripts/power_references.py > test/fixtures/power-references.json

Run once with SciPy 1.17.1 and statsmodels 0.15.0:

- nct: scipy.stats.nct.cdf over a grid of t, df and noncentrality (up to 40);
  null where SciPy gives NaN (far lower tails: t = -5, nc >= 8).
- paired / student power: statsmodels TTestPower / TTestIndPower .power.
- mdd: the effect size at which the same power (scipy's nct) is 0.8, solved with brentq at
  xtol 1e-14 (solve_power's own tolerance is ~1e-6), times the standard error.
- seeds: the smallest n in 2..100 with statsmodels' power >= 0.8 (a scan, so
  the integer is exact).
- welch power: scipy nct at the Satterthwaite df and nc = diff / se.
- tost power: scipy.integrate.quad of P(-m + c s < d < m - c s) over the
  chi distribution of the estimated standard error (Owen's Q as an integral);
  the script also prints a Monte Carlo estimate of each to stderr, as a check
  of the formula itself.
"""
import json
import sys

import numpy as np
from scipy import integrate, optimize, stats
from statsmodels.stats.power import TTestIndPower, TTestPower

ALPHA, POWER = 0.05, 0.8


def t_power(nc, df):
    """Two-sided power from scipy's public nct (statsmodels' private nct._sf gives NaN far out, e.g. n = 2)."""
    c = stats.t.isf(ALPHA / 2, df)
    lower = stats.nct.cdf(-c, df, nc)
    if np.isnan(lower):  # scipy 1.17.1 gives NaN far in the lower tail (df 1, nc 13.96); it is below 1e-15 there
        lower = 0.0
    return stats.nct.sf(c, df, nc) + lower

nct = []
for t in [-5, -1, 0, 0.5, 2, 5, 20, 45]:
    for df in [1, 2, 4.5, 10, 30, 200]:
        for nc in [-5, -1, 0.5, 2, 8, 20, 40]:
            cdf = float(stats.nct.cdf(t, df, nc))
            # scipy gives NaN far in the lower tail (t < 0, nc >= 8); stored as null, the test bounds ours there
            nct.append({"t": t, "df": df, "nc": nc, "cdf": None if np.isnan(cdf) else cdf})

paired = []
for d, sd, n in [(1, 1, 10), (0.5, 2, 5), (3, 1.2, 3), (0.2, 1, 40), (2, 0.7, 2)]:
    p = float(TTestPower().power(d / sd, n, ALPHA))
    assert abs(p - t_power(d / sd * np.sqrt(n), n - 1)) < 1e-12
    es = optimize.brentq(lambda e: t_power(e * np.sqrt(n), n - 1) - POWER, 1e-6, 100, xtol=1e-14)
    paired.append({"difference": d, "sd": sd, "n": n, "power": p, "mdd": es * sd})

student = []
for d, sd, n1, n2 in [(1, 1, 5, 5), (2, 1.5, 3, 8), (0.5, 1, 20, 10)]:
    p = float(TTestIndPower().power(d / sd, n1, ALPHA, ratio=n2 / n1))
    m = np.sqrt(n1 * n2 / (n1 + n2))
    assert abs(p - t_power(d / sd * m, n1 + n2 - 2)) < 1e-12
    es = optimize.brentq(lambda e: t_power(e * m, n1 + n2 - 2) - POWER, 1e-6, 100, xtol=1e-14)
    student.append({"difference": d, "sd": sd, "n1": n1, "n2": n2, "power": p, "mdd": es * sd})


def smallest_n(f):
    return next((n for n in range(2, 101) if f(n) >= POWER), None)


seeds = []
for d, sd in [(1, 1), (0.5, 1), (2.1, 3.4), (0.1, 1), (5, 1)]:
    seeds.append({"difference": d, "sd": sd, "n": smallest_n(lambda n: TTestPower().power(d / sd, n, ALPHA))})


def welch(a, b):
    va, vb = a[0] ** 2 / a[1], b[0] ** 2 / b[1]
    return np.sqrt(va + vb), (va + vb) ** 2 / (va**2 / (a[1] - 1) + vb**2 / (b[1] - 1))


welch_power = []
for d, a, b in [(1, (1, 5), (2, 3)), (3, (0.5, 2), (1.5, 5)), (-0.8, (1, 10), (1, 10))]:
    se, df = welch(a, b)
    p = t_power(d / se, df)
    welch_power.append({"difference": d, "a": list(a), "b": list(b), "df": float(df), "power": float(p)})


def tost_power(diff, margin, se, df):
    c = stats.t.isf(ALPHA, df)
    reach = margin / (c * se)

    def f(r):
        band = stats.norm.cdf((margin - c * se * r - diff) / se) - stats.norm.cdf((-margin + c * se * r - diff) / se)
        return max(0.0, band) * stats.chi.pdf(r * np.sqrt(df), df) * np.sqrt(df)

    return integrate.quad(f, 0, reach, epsabs=1e-14, epsrel=1e-12, limit=500)[0]


def tost_mc(diff, margin, se, df, reps=400_000, seed=1):
    rng = np.random.default_rng(seed)
    c = stats.t.isf(ALPHA, df)
    d = rng.normal(diff, se, reps)
    s = se * np.sqrt(rng.chisquare(df, reps) / df)
    return float(np.mean((d - c * s > -margin) & (d + c * s < margin)))


tost = []
for diff, margin, se, df in [(0, 1, 0.3, 9), (0.5, 1, 0.2, 4), (0, 2, 1.1, 1), (-0.3, 0.8, 0.1, 60), (1.5, 2, 0.5, 5.5)]:
    p = tost_power(diff, margin, se, df)
    print(f"tost {diff} {margin} {se} {df}: quad {p:.6f}, monte carlo {tost_mc(diff, margin, se, df):.6f}", file=sys.stderr)
    tost.append({"difference": diff, "margin": margin, "standardError": se, "df": df, "power": p})

print(json.dumps({
    "source": "scripts/power_references.py: SciPy 1.17.1, statsmodels 0.15.0",
    "nct": nct, "paired": paired, "student": student, "seeds": seeds, "welch": welch_power, "tost": tost,
}, indent=1))
