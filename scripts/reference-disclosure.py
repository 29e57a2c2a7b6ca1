#!/usr/bin/env python3
"""Bounds of every hidden count on the fixture's results page, computed with
SciPy's linprog (HiGHS), independently of the Rust core's own simplex and of
its merged variables: here a variable per gender x track x age band x state.

The Rust core writes the pages' figures (tests/fixtures/evaluation/
disclosure-model.json, with STEGVIS_WRITE_DISCLOSURE=1 cargo test -p
stegvis-core every_hidden_count_has_the_bounds_scipy_finds); this script
writes the bounds the Rust test compares with:

    python3 -m venv /tmp/sci && /tmp/sci/bin/pip install scipy
    /tmp/sci/bin/python scripts/reference-disclosure.py > tests/fixtures/evaluation/disclosure-bounds.json
"""
import json
import pathlib
import sys

import numpy as np
import scipy
from scipy.optimize import linprog

ROOT = pathlib.Path(__file__).resolve().parent.parent
model = json.loads((ROOT / "tests/fixtures/evaluation/disclosure-model.json").read_text())

out = []
for family in model["families"]:
    n = family["variables"]
    shown = [f for f in family["figures"] if not f["hidden"]]
    a_eq = np.zeros((len(shown), n))
    for r, f in enumerate(shown):
        for v in f["variables"]:
            a_eq[r, v] += 1.0
    b_eq = np.array([f["value"] for f in shown], dtype=float)
    bounds = []
    for f in family["figures"]:
        if not f["hidden"]:
            bounds.append(None)
            continue
        c = np.zeros(n)
        for v in f["variables"]:
            c[v] += 1.0
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, (family["name"], low.message)
        hi = -1.0 if high.status == 3 else -high.fun
        assert high.status in (0, 3), (family["name"], high.message)
        bounds.append([max(low.fun, 0.0), hi])
    out.append({"name": family["name"], "bounds": bounds})
    mismatched = [
        i for i, (f, b) in enumerate(zip(family["figures"], bounds))
        if b is not None and any(abs(x - y) > 1e-6 for x, y in zip(b, f["bounds"]))
    ]
    if mismatched:
        print(f"{family['name']}: Rust and SciPy differ on figures {mismatched}", file=sys.stderr)

print(json.dumps({
    "made_by": "scripts/reference-disclosure.py",
    "scipy": scipy.__version__,
    "method": "linprog(method='highs'), min and max of each hidden figure, x >= 0, shown figures as equalities",
    "families": out,
}, indent=1))
