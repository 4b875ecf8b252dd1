"""SciPy's values for test/analysis/typology-correlation.test.ts and
test/analysis/stats/bootstrap-correlation.test.ts.

  python3 scripts/typology_correlation_references.py

Run once with SciPy 1.17.1 and NumPy; the tests store what it prints. The
fixture: eight languages, each with a similarity to English (ties included, as
lang2vec's rounded distances have) and its accuracy per seed; r and rho are
taken over the languages' seed means, as analysis/typology-correlation.ts does.
"""
import json

import numpy as np
import scipy
from scipy import stats

VALUES = [-0.1, -0.3, -0.3, -0.5, -0.6, -0.6, -0.8, -0.9]
SEEDS = [
    [61.0, 63.5, 62.0],
    [58.5, 57.0, 60.0],
    [59.0, 55.5, 57.5],
    [52.0, 54.0, 50.5],
    [55.0, 53.0, 54.5],
    [47.5, 49.0, 50.0],
    [50.0, 48.5, 46.0],
    [44.0, 47.0, 45.5],
]
MEANS = [float(np.mean(s)) for s in SEEDS]

p = stats.pearsonr(MEANS, VALUES)
s = stats.spearmanr(MEANS, VALUES)
# numpy's default ("linear") percentile, which the bootstrap's interval uses
SAMPLE = [0.3, -0.2, 0.9, 0.1, 0.5, 0.45, -0.7, 0.05, 0.2, 0.8, 0.33]
print(json.dumps({
    "scipy": scipy.__version__,
    "means": MEANS,
    "pearson": {"r": float(p.statistic), "p": float(p.pvalue)},
    "spearman": {"rho": float(s.statistic), "p": float(s.pvalue)},
    "percentile": {"sample": SAMPLE, "q": [2.5, 50, 97.5], "values": [float(x) for x in np.percentile(SAMPLE, [2.5, 50, 97.5])]},
}, indent=1))
