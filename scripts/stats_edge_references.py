"""SciPy's values for the statistics edge cases of test/analysis/stats/edge-cases.test.ts.

  python3 scripts/stats_edge_references.py

Run once with SciPy 1.17.1; the test stores what it prints. Where SciPy itself
rounds or overflows on the edge case, the reference is SciPy on an equivalent
input that it computes exactly, and the script prints both:

- Pearson on exactly collinear data: pearsonr gives r = 1, p = 0 on
  x = 1..5, y = 2x (its dot product of unit vectors is exact there).
- Spearman on a monotone relation: spearmanr(1..5, x^2) rounds rho to
  0.9999999999999999 (p = 1.4e-24); rho is by definition Pearson's r on the
  midranks, and pearsonr on those (identical) ranks gives 1 and 0.
- Welch, Student and paired t-tests are invariant to scaling both samples by
  the same factor, so the reference at 1e150, 1e-150 and 1e-200 is the test on
  the unscaled samples; SciPy's own Welch df overflows or underflows there.
"""
import json
import warnings

import numpy as np
import scipy
from scipy import stats

A = [1.1, 2.3, 2.9, 4.2]
B = [2.0, 3.1, 4.4, 5.6]


def pearson(x, y):
    r = stats.pearsonr(x, y)
    return {"r": float(r.statistic), "p": float(r.pvalue)}


def ttests(a, b):
    w = stats.ttest_ind(a, b, equal_var=False)
    s = stats.ttest_ind(a, b, equal_var=True)
    p = stats.ttest_rel(a, b)
    return {
        "welch": {"t": float(w.statistic), "df": float(w.df), "p": float(w.pvalue)},
        "student": {"t": float(s.statistic), "df": float(s.df), "p": float(s.pvalue)},
        "paired": {"t": float(p.statistic), "df": float(p.df), "p": float(p.pvalue)},
    }


out = {"scipy": scipy.__version__}
out["pearson collinear (1..5, 2x)"] = pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])
x, y = [1, 2, 3, 4, 5], [1, 4, 9, 16, 25]
out["spearman monotone (1..5, x^2): pearsonr on midranks"] = pearson(stats.rankdata(x), stats.rankdata(y))
sp = stats.spearmanr(x, y)
out["  spearmanr itself (rounded)"] = {"rho": float(sp.statistic), "p": float(sp.pvalue)}
out["t-tests A, B (reference at every scale)"] = ttests(A, B)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for scale in (1e150, 1e-150, 1e-200):
        a, b = np.array(A) * scale, np.array(B) * scale
        out[f"  scipy itself at {scale:g}"] = ttests(a, b)
print(json.dumps(out, indent=2))
