"""statsmodels' and SciPy's values for bench compare's equivalence tests (test/analysis/compare-equivalence.test.ts).

  python3 scripts/compare_equivalence_references.py

Run once with statsmodels 0.15.0 and SciPy 1.17.1; the test stores what it
prints (tolerance 1e-10 absolute on p-values and interval bounds). B − A is
what compare tests, so B is statsmodels' first sample.

- paired: ttost_paired(B, A, -margin, margin) on seeds 1-4; the (1 - 2 alpha)
  interval from scipy.stats.ttest_rel(B, A).confidence_interval(0.90);
- Welch: ttost_ind(B, A, -margin, margin, usevar="unequal") on A's seeds 1-3
  and B's seeds 4-7; the interval from ttest_ind(B, A, equal_var=False);
- Holm: multipletests(p, method="holm") over a run's TOST p's of three cells.
"""
import json

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import ttost_ind, ttost_paired

A_P = np.array([70.0, 72.0, 74.0, 71.0])
B_P = np.array([69.5, 72.5, 73.0, 71.5])
A_W = np.array([70.0, 72.0, 74.0])
B_W = np.array([71.0, 71.5, 72.5, 73.0])


def paired(margin):
    p, _, _ = ttost_paired(B_P, A_P, -margin, margin)
    ci = stats.ttest_rel(B_P, A_P).confidence_interval(0.90)
    return {"p": float(p), "ci": [float(ci.low), float(ci.high)]}


def welch(margin):
    p, _, _ = ttost_ind(B_W, A_W, -margin, margin, usevar="unequal")
    ci = stats.ttest_ind(B_W, A_W, equal_var=False).confidence_interval(0.90)
    return {"p": float(p), "ci": [float(ci.low), float(ci.high)]}


out = {
    "versions": {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__},
    "paired_margin_1": paired(1.0),
    "paired_margin_2": paired(2.0),
    "welch_margin_1.5": welch(1.5),
    "welch_margin_3": welch(3.0),
    "welch_margin_4": welch(4.0),
}
holm_in = [out["paired_margin_2"]["p"], out["welch_margin_3"]["p"], 0.2]
out["holm"] = {"p": holm_in, "adjusted": [float(x) for x in multipletests(holm_in, method="holm")[1]]}
print(json.dumps(out, indent=2))
