#!/usr/bin/env python3
"""Reference values for the Rust core's paired-change statistics, computed with
SciPy, an independent implementation. Run once and commit the output:

    python3 -m venv /tmp/sci && /tmp/sci/bin/pip install scipy
    /tmp/sci/bin/python scripts/reference-statistics.py > tests/fixtures/statistics/wilcoxon.json

The changes are steps in the favourable direction (positive = better), as
Likert items give them: small integers with many ties and zeros.
"""
import json
import random

import scipy
from scipy.stats import rankdata, wilcoxon

rng = random.Random(20261126)
cases = [
    [2, 0, -1, 3, 0, 1],
    [1, 1, 1, 1, 1],
    [1, -1, 2, -2, 3],
    [3, 2, 1, 1, 2, 3, -1, 0, 0, 4],
    [-1, -2, -1, -3, 1],
]
for n in (8, 15, 30, 60, 120):
    cases.append([rng.choice([-3, -2, -1, 0, 0, 1, 1, 2, 2, 3, 4]) for _ in range(n)])

out = []
for d in cases:
    res = wilcoxon(d, zero_method="wilcox", correction=False, method="approx")
    nz = [x for x in d if x != 0]
    ranks = rankdata([abs(x) for x in nz])
    w_plus = sum(r for r, x in zip(ranks, nz) if x > 0)
    w_minus = sum(r for r, x in zip(ranks, nz) if x < 0)
    out.append({
        "changes": d,
        "statistic": float(res.statistic),
        "pvalue": float(res.pvalue),
        "zstatistic_abs": abs(float(res.zstatistic)),
        "rank_biserial": float((w_plus - w_minus) / (w_plus + w_minus)),
    })

print(json.dumps({
    "made_by": "scripts/reference-statistics.py",
    "scipy": scipy.__version__,
    "method": "wilcoxon(d, zero_method='wilcox', correction=False, method='approx'); r = (W+ - W-) / (W+ + W-)",
    "cases": out,
}, indent=1))
