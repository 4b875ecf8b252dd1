"""Reference values for test/analysis/stats/chi-square-f.test.ts and
test/analysis/stats/variance-components.test.ts.

  python3 scripts/variance_references.py

Run once with SciPy 1.17.1 and statsmodels 0.15.0; the tests store what it prints.

- Quantiles: scipy.stats.chi2.ppf and scipy.stats.f.ppf.
- Mean squares of a crossed draw x init layout (one value per pair): the
  two-way additive OLS anova (statsmodels anova_lm, y ~ C(draw) + C(init));
  the components from them as ANOVA (moment) estimates:
  draw = (MS_draw - MS_res) / n_init, init = (MS_init - MS_res) / n_draw, residual = MS_res.
- Balanced case: statsmodels MixedLM REML with crossed variance components
  (one group, vc_formula draw and init) gives the same components when positive.
- Intervals: residual SS_res / chi2.ppf; draw and init the MLS interval
  (Burdick and Graybill 1992, eq. 3.8-3.9) with scipy's F quantiles.
"""
import json
import warnings

import numpy as np
import pandas as pd
import scipy
import statsmodels
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.anova import anova_lm

QUANTILES = {
    "chi2": [(0.025, 1), (0.975, 1), (0.025, 2), (0.975, 2), (0.5, 3.5), (0.001, 10), (0.999, 10), (0.05, 100)],
    "f": [(0.025, 1, 1), (0.975, 1, 1), (0.025, 1, 2), (0.975, 1, 2), (0.975, 3, 6), (0.025, 3, 6), (0.5, 2.5, 7), (0.99, 10, 40)],
}

GRIDS = {
    # rows: draw seeds, columns: init seeds (accuracy %)
    "3x4": [[61.2, 63.0, 60.1, 62.4], [55.3, 58.1, 54.9, 57.0], [66.0, 67.2, 64.8, 66.9]],
    "2x2": [[50.0, 52.5], [47.0, 50.5]],
    # init spread dominates; the draw's mean square falls below the residual's (negative estimate)
    "negative": [[70.0, 60.0, 65.0], [69.0, 61.5, 64.0], [71.0, 60.5, 64.5]],
}


def mls(c1, ms1, df1, c2, ms2, df2, alpha=0.05):
    hi, lo = 1 - alpha / 2, alpha / 2
    g1 = 1 - 1 / (stats.chi2.ppf(hi, df1) / df1)
    h1 = 1 / (stats.chi2.ppf(lo, df1) / df1) - 1
    g2 = 1 - 1 / (stats.chi2.ppf(hi, df2) / df2)
    h2 = 1 / (stats.chi2.ppf(lo, df2) / df2) - 1
    fhi, flo = stats.f.ppf(hi, df1, df2), stats.f.ppf(lo, df1, df2)
    g12 = ((fhi - 1) ** 2 - g1**2 * fhi**2 - h2**2) / fhi
    h12 = ((1 - flo) ** 2 - h1**2 * flo**2 - g2**2) / flo
    x1, x2 = c1 * ms1, c2 * ms2
    est = x1 - x2
    return [max(0.0, est - np.sqrt(max(0.0, g1**2 * x1**2 + h2**2 * x2**2 + g12 * x1 * x2))),
            max(0.0, est + np.sqrt(max(0.0, h1**2 * x1**2 + g2**2 * x2**2 + h12 * x1 * x2)))]


def grid(y):
    y = np.asarray(y, dtype=float)
    a, b = y.shape
    df = pd.DataFrame([(f"d{i}", f"i{j}", y[i, j]) for i in range(a) for j in range(b)], columns=["draw", "init", "y"])
    table = anova_lm(smf.ols("y ~ C(draw) + C(init)", df).fit())
    ms_d, ms_i, ms_e = table["mean_sq"].iloc[0], table["mean_sq"].iloc[1], table["mean_sq"].iloc[2]
    df_d, df_i, df_e = table["df"].iloc[0], table["df"].iloc[1], table["df"].iloc[2]
    out = {
        "mean": float(y.mean()),
        "ms": [float(ms_d), float(ms_i), float(ms_e)],
        "draw": float((ms_d - ms_e) / b),
        "init": float((ms_i - ms_e) / a),
        "residual": float(ms_e),
        "drawInterval": mls(1 / b, ms_d, df_d, 1 / b, ms_e, df_e),
        "initInterval": mls(1 / a, ms_i, df_i, 1 / a, ms_e, df_e),
        "residualInterval": [float(ms_e * df_e / stats.chi2.ppf(0.975, df_e)), float(ms_e * df_e / stats.chi2.ppf(0.025, df_e))],
    }
    if out["draw"] > 0 and out["init"] > 0:
        df["g"] = 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = smf.mixedlm("y ~ 1", df, groups="g", re_formula="0",
                              vc_formula={"draw": "0 + C(draw)", "init": "0 + C(init)"}).fit(reml=True)
        out["reml"] = {"vc": [float(v) for v in fit.vcomp], "names": list(fit.model.exog_vc.names), "scale": float(fit.scale)}
    return out


print(json.dumps({
    "versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
    "chi2": [[p, df, float(stats.chi2.ppf(p, df))] for p, df in QUANTILES["chi2"]],
    "f": [[p, d1, d2, float(stats.f.ppf(p, d1, d2))] for p, d1, d2 in QUANTILES["f"]],
    "grids": {k: grid(v) for k, v in GRIDS.items()},
}, indent=1))
