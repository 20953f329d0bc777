#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""Known answers for tst_linear_models and tst_metrics (scikit-learn 1.2.1, scipy).

Run from anywhere: /usr/bin/python3 tests/data/gen_linear_known_answers.py
Writes linear_known_<case>.csv (columns split,y,x1..xp,<model>...: train rows carry no
predictions, test rows carry each model's prediction, a 'coef' row holds plain OLS
coef_ in x1..xp and intercept_ in y) and metrics_known_answers.csv / metrics_known_values.csv.
"""
import csv
import os

import numpy as np
from scipy import stats
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.neighbors import KNeighborsRegressor
from sklearn.svm import SVR

HERE = os.path.dirname(os.path.abspath(__file__))


def linear_family(Xtr, ytr, Xte):
    out = {"Linear Regression": LinearRegression().fit(Xtr, ytr).predict(Xte)}
    for d in (0.5, 0.25, 2):
        m = LinearRegression().fit(Xtr, ytr ** (1 / d) - 1)
        out[f"Linear Regression (D={d:g})"] = (m.predict(Xte) + 1) ** d
    out["Linear Regression (Exp)"] = np.exp(LinearRegression().fit(Xtr, np.log(ytr)).predict(Xte))
    out["Linear Regression (Log)"] = np.log(LinearRegression().fit(Xtr, np.exp(ytr)).predict(Xte))
    logit = np.log(ytr / (1 - ytr))
    out["Linear Regression (Sigmoid)"] = 1 / (1 + np.exp(-LinearRegression().fit(Xtr, logit).predict(Xte)))
    return out


def knn_svr(Xtr, ytr, Xte):
    out = {}
    for k in (1, 3, 5, 7, 9):
        out[f"{k}-NN"] = KNeighborsRegressor(n_neighbors=k, algorithm="brute").fit(Xtr, ytr).predict(Xte)
    for kern, name in (("rbf", "RBF"), ("poly", "Polynomial"), ("linear", "Linear")):
        out[f"SVR ({name} kernel)"] = SVR(kernel=kern, C=0.1, epsilon=0.001).fit(Xtr, ytr).predict(Xte)
    return out


def write_case(name, Xtr, ytr, Xte, yte, preds):
    p = Xtr.shape[1]
    ols = LinearRegression().fit(Xtr, ytr)
    models = list(preds)
    with open(os.path.join(HERE, f"linear_known_{name}.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["split", "y"] + [f"x{j + 1}" for j in range(p)] + models)
        for i in range(len(ytr)):
            w.writerow(["train", repr(ytr[i])] + [repr(v) for v in Xtr[i]] + [""] * len(models))
        for i in range(len(yte)):
            w.writerow(["test", repr(yte[i])] + [repr(v) for v in Xte[i]]
                       + [repr(float(preds[m][i])) for m in models])
        w.writerow(["coef", repr(float(ols.intercept_))] + [repr(float(c)) for c in ols.coef_]
                   + [""] * len(models))


def linear_cases(rng):
    # Targets in (0.4, 0.9) so that every transform is defined.
    X = rng.normal(size=(40, 4))
    y = 0.65 + 0.05 * X @ np.array([1.0, -0.5, 0.3, 0.0]) + 0.01 * rng.normal(size=40)
    y = np.clip(y, 0.41, 0.89)
    Xtr, Xte, ytr, yte = X[:30], X[30:], y[:30], y[30:]
    preds = linear_family(Xtr, ytr, Xte)
    preds.update(knn_svr(Xtr, ytr, Xte))
    write_case("basic", Xtr, ytr, Xte, yte, preds)

    # Rank-deficient: a copied column and a linear combination -> minimum-norm solution.
    B = rng.normal(size=(25, 3))
    X = np.column_stack([B, B[:, 0], B[:, 1] - 2 * B[:, 2]])
    y = 0.6 + 0.1 * B[:, 0] + 0.02 * rng.normal(size=25)
    write_case("collinear", X[:20], y[:20], X[20:], y[20:],
               {"Linear Regression": LinearRegression().fit(X[:20], y[:20]).predict(X[20:])})

    # Unscaled features: gamma "scale" depends on the variance of all of X.
    X = np.column_stack([rng.uniform(0, 10, 35), rng.normal(5, 0.5, 35), rng.integers(2, 5, 35)])
    y = 0.5 + 0.02 * X[:, 0] + 0.01 * rng.normal(size=35)
    write_case("unscaled", X[:28], y[:28], X[28:], y[28:], knn_svr(X[:28], y[:28], X[28:]))


def brute_counts(t, p):
    conc = disc = tt = tp = tb = 0
    for i in range(len(t)):
        for j in range(i + 1, len(t)):
            a, b = np.sign(t[i] - t[j]), np.sign(p[i] - p[j])
            if a == 0 and b == 0:
                tb += 1
            elif a == 0:
                tt += 1
            elif b == 0:
                tp += 1
            elif a == b:
                conc += 1
            else:
                disc += 1
    return conc, disc, tt, tp, tb


def violations(t, p):
    q = p[np.argsort(t, kind="stable")]
    return sum(int(np.sum(q[i] > q[i + 1:])) for i in range(len(q)))


def precision_at(t, p, k):
    # The predicted top k (prediction ties: lower truth first) that reach the k-th highest truth.
    threshold = np.sort(t)[::-1][k - 1]
    top = sorted(range(len(t)), key=lambda i: (-p[i], t[i], i))[:k]
    return sum(t[i] >= threshold for i in top) / k


def regret(t, p):
    # Among rows tied for the highest prediction, the lowest truth counts.
    return float(t.max() - t[p == p.max()].min())


def metric_cases(rng):
    cases = {}
    t = rng.uniform(0.5, 0.7, 40)
    cases["random"] = (t, t + rng.normal(0, 0.01, 40))
    t = np.round(rng.uniform(0.5, 0.7, 40), 2)
    cases["ties"] = (t, np.round(t + rng.normal(0, 0.01, 40), 2))
    t = rng.uniform(0.5, 0.7, 440)
    cases["large"] = (t, t + rng.normal(0, 0.02, 440))
    t = rng.uniform(0.5, 0.7, 12)
    cases["reversed"] = (t, -t)
    with open(os.path.join(HERE, "metrics_known_values.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "truth", "pred"])
        for name, (t, p) in cases.items():
            for a, b in zip(t, p):
                w.writerow([name, repr(float(a)), repr(float(b))])
    with open(os.path.join(HERE, "metrics_known_answers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "mae", "rmse", "r2", "violations", "tau", "concordant", "discordant",
                    "tiesTruth", "tiesPred", "tiesBoth", "spearman", "p5", "p10", "regret"])
        for name, (t, p) in cases.items():
            c = brute_counts(t, p)
            w.writerow([name, repr(mean_absolute_error(t, p)),
                        repr(float(np.sqrt(mean_squared_error(t, p)))), repr(r2_score(t, p)),
                        violations(t, p), repr(float(stats.kendalltau(t, p).correlation)), *c,
                        repr(float(stats.spearmanr(t, p).correlation)), precision_at(t, p, 5),
                        precision_at(t, p, 10), repr(regret(t, p))])


if __name__ == "__main__":
    rng = np.random.default_rng(20220905)
    linear_cases(rng)
    metric_cases(rng)
