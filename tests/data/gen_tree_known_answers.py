#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""Known answers for tests/core/tst_tree_models.cpp, from scikit-learn 1.2.1.

Exact cases are checked here to give the same answer for every random_state (no tied
improvements), so they do not depend on scikit-learn's RNG. The parity case records
scikit-learn's mean test MAE over 5 seeds and a tolerance from its spread over 40 seeds.
Run: /usr/bin/python3 tests/data/gen_tree_known_answers.py (writes next to this file).
"""
import os

import numpy as np
from sklearn.datasets import make_friedman1
from sklearn.ensemble import (AdaBoostRegressor, GradientBoostingRegressor,
                              RandomForestRegressor)
from sklearn.tree import DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, header, rows):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(x if isinstance(x, str) else repr(float(x)) for x in r) + "\n")


def seed_free(make, Xtr, ytr, Xte):
    """Predictions that agree (up to summation order) for 10 random states."""
    preds = [make(rs).fit(Xtr, ytr).predict(Xte) for rs in range(10)]
    for p in preds[1:]:
        assert np.allclose(p, preds[0], rtol=0, atol=1e-12), "answer depends on the RNG"
    return preds[0]


def exact_case(name, make, Xtr, ytr, Xte):
    pred = seed_free(make, Xtr, ytr, Xte)
    p = Xtr.shape[1]
    header = ["split"] + [f"x{j}" for j in range(p)] + ["y"]
    rows = [["train", *Xtr[i], ytr[i]] for i in range(len(ytr))]
    rows += [["test", *Xte[i], pred[i]] for i in range(len(pred))]
    write(name, header, rows)


rng = np.random.RandomState(7)
# 1. Fully grown tree on one feature (no feature ties); duplicate x values included.
x = np.round(rng.uniform(-2, 2, size=60), 2).reshape(-1, 1)
y = np.sin(2 * x[:, 0]) + 0.3 * rng.normal(size=60)
xt = np.round(rng.uniform(-2.2, 2.2, size=40), 3).reshape(-1, 1)
exact_case("tree_dt_full.csv", lambda rs: DecisionTreeRegressor(random_state=rs), x, y, xt)

# 2. Depth-3 tree with min_samples_leaf=3 on 4 features (distinct improvements).
X = rng.normal(size=(80, 4))
y = np.where(X[:, 0] > 0.2, 2.0, 0.0) + np.where(X[:, 1] > -0.3, 1.0, -1.0) + 0.5 * X[:, 2] + 0.05 * rng.normal(size=80)
Xt = rng.normal(size=(40, 4))
exact_case("tree_dt_depth3.csv",
           lambda rs: DecisionTreeRegressor(max_depth=3, min_samples_leaf=3, random_state=rs),
           X, y, Xt)

# 3. Gradient boosting, 30 stages, one feature (with more, edge rows tie across features).
X = rng.uniform(-1, 1, size=(70, 1))
y = np.sin(3 * X[:, 0]) + 0.1 * rng.normal(size=70)
Xt = rng.uniform(-1.1, 1.1, size=(30, 1))
exact_case("tree_gb.csv",
           lambda rs: GradientBoostingRegressor(n_estimators=30, random_state=rs), X, y, Xt)

# 4. Statistical parity: Friedman #1 with noise, 8 features, 200 train / 100 test rows.
X, y = make_friedman1(n_samples=300, n_features=8, noise=1.0, random_state=3)
Xtr, ytr, Xte, yte = X[:200], y[:200], X[200:], y[200:]
write("tree_parity.csv", ["split"] + [f"x{j}" for j in range(8)] + ["y"],
      [["train", *Xtr[i], ytr[i]] for i in range(200)] +
      [["test", *Xte[i], yte[i]] for i in range(100)])
models = {
    "rf100": lambda rs: RandomForestRegressor(n_estimators=100, random_state=rs),
    "gb100": lambda rs: GradientBoostingRegressor(n_estimators=100, random_state=rs),
    "ab50": lambda rs: AdaBoostRegressor(
        DecisionTreeRegressor(max_depth=3), n_estimators=50, random_state=rs),
}
rows = []
for key, make in models.items():
    maes = np.array([np.mean(np.abs(make(rs).fit(Xtr, ytr).predict(Xte) - yte))
                     for rs in range(40)])
    # The test averages 5 seeds: allow 4 standard errors of a 5-seed mean, at least 0.5 %.
    tol = max(4 * maes.std(ddof=1) / np.sqrt(5), 0.005 * maes.mean())
    rows.append([key, maes[:5].mean(), maes.mean(), maes.std(ddof=1), tol])
    print(key, rows[-1][1:])
write("tree_parity_expected.csv", ["model", "mae5", "mae40", "sd40", "tolerance"], rows)

# 5. Nine features, two of them two-valued: the engine counts the first (x1) instead of
# scanning it, so that the eight others fill two groups of four (three groups would cost an
# extra scan pass). Depth 4, min_samples_leaf=3.
rng5 = np.random.RandomState(11)
X = rng5.normal(size=(90, 9))
X[:, 1] = rng5.randint(0, 2, size=90)
X[:, 3] = np.where(rng5.uniform(size=90) < 0.4, 4.0, 2.0)
y = 1.5 * X[:, 1] + 0.8 * (X[:, 3] == 4.0) + np.sin(X[:, 0]) + 0.3 * X[:, 2] + 0.05 * rng5.normal(size=90)
Xt = rng5.normal(size=(40, 9))
Xt[:, 1] = rng5.randint(0, 2, size=40)
Xt[:, 3] = np.where(rng5.uniform(size=40) < 0.4, 4.0, 2.0)
exact_case("tree_dt_counted.csv",
           lambda rs: DecisionTreeRegressor(max_depth=4, min_samples_leaf=3, random_state=rs),
           X, y, Xt)
