#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""The NAAP regression protocol in scikit-learn: the reference for parity and speed.

Usage: sklearn_protocol.py TABLE.csv [--cutoffs 0,3,6,9] [--models paper|all|"A;B"]
                           [--features v1|v2|auto] [--out FILE] [--timing-only]
Prints the CSV `Model,Cutoff,MeanAbsoluteError,NumViolations,MaxViolations,
MonotonicityScore` (the same protocol as `naap evaluate`, PRODUCT.md section 3) and,
on stderr, one JSON line with the wall time. Run with /usr/bin/python3 (Debian's
python3-sklearn); it is a reference, not a dependency of the product.
"""
import argparse
import csv
import json
import sys
import time

import numpy as np
from sklearn.ensemble import AdaBoostRegressor, GradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR
from sklearn.tree import DecisionTreeRegressor

SEEDS = [20220905, 20220906, 20220907, 20220908, 20220909]
V1 = ["NumParams", "NumMACs", "NumLayers", "NumStages", "FirstLayerWidth", "LastLayerWidth"]
V2 = V1 + ["NumSkipConnections", "NumPartialRFLayers"]


class Transformed:
    """OLS on a transformed target, predicted through the inverse (PRODUCT.md section 3)."""

    def __init__(self, fwd, inv):
        self.fwd, self.inv, self.model = fwd, inv, LinearRegression()

    def fit(self, X, y):
        self.model.fit(X, self.fwd(y))
        return self

    def predict(self, X):
        with np.errstate(all="ignore"):
            return self.inv(self.model.predict(X))


def power(d):
    return lambda: Transformed(lambda y: y ** (1.0 / d) - 1.0, lambda p: (p + 1.0) ** d)


def registry():
    r = [(f"{k}-NN", (lambda k=k: lambda s: KNeighborsRegressor(n_neighbors=k, algorithm="brute"))()) for k in (1, 3, 5, 7, 9)]
    r += [("Linear Regression", lambda s: LinearRegression()),
          ("Linear Regression (D=0.5)", lambda s: power(0.5)()),
          ("Linear Regression (D=0.25)", lambda s: power(0.25)()),
          ("Decision Tree", lambda s: DecisionTreeRegressor(random_state=s))]
    r += [(f"Gradient Boosting (N={n})", (lambda n=n: lambda s: GradientBoostingRegressor(n_estimators=n, random_state=s))()) for n in (25, 50, 100, 200)]
    r += [(f"AdaBoost (N={n})", (lambda n=n: lambda s: AdaBoostRegressor(
        estimator=DecisionTreeRegressor(max_depth=3), n_estimators=n, random_state=s))()) for n in (25, 50, 100, 200)]
    r += [(f"SVR ({name} kernel)", (lambda k=k: lambda s: SVR(kernel=k, C=0.1, epsilon=0.001))())
          for name, k in (("RBF", "rbf"), ("Polynomial", "poly"), ("Linear", "linear"))]
    r += [(f"Random Forest (N={n})", (lambda n=n: lambda s: RandomForestRegressor(n_estimators=n, random_state=s))()) for n in (25, 50, 100, 200)]
    extended = [("Linear Regression (D=2)", lambda s: power(2.0)()),
                ("Linear Regression (Exp)", lambda s: Transformed(np.log, np.exp)),
                ("Linear Regression (Log)", lambda s: Transformed(np.exp, np.log)),
                ("Linear Regression (Sigmoid)", lambda s: Transformed(lambda y: np.log(y / (1 - y)), lambda p: 1 / (1 + np.exp(-p))))]
    return r, extended


def violations(pred):
    n = len(pred)
    return int(sum(1 for i in range(n) for j in range(i + 1, n) if pred[i] > pred[j]))


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    rows.sort(key=lambda r: float(r["MaxAccuracy"]))  # stable, as the protocol says
    return rows


def features(rows, cutoff, scheme_cols):
    cols = ["NumParams", "NumStages"] if cutoff == 0 else list(scheme_cols)
    for e in range(1, cutoff + 1):
        cols += [f"e{e}LossMean", f"e{e}LossMedian", f"e{e}Accuracy"]
    X = np.array([[float(r[c]) for c in cols] for r in rows])
    for i, c in enumerate(cols):
        if c in ("NumParams", "NumMACs"):
            X[:, i] = np.log(X[:, i])
    return X


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("table")
    ap.add_argument("--cutoffs", default="0,3,6,9")
    ap.add_argument("--models", default="paper")
    ap.add_argument("--features", default="auto")
    ap.add_argument("--out")
    ap.add_argument("--per-model", action="store_true",
                    help="time each model's 5-seed refit at the (single) cutoff; print one JSON line")
    args = ap.parse_args()

    paper, extended = registry()
    allm = dict(paper + extended)
    if args.models == "paper":
        names = [n for n, _ in paper]
    elif args.models == "all":
        names = [n for n, _ in paper + extended]
    else:
        names = [n.strip() for n in args.models.split(";") if n.strip()]
    rows = load(args.table)
    has_v2 = "NumSkipConnections" in rows[0]
    scheme_cols = V2 if (args.features == "v2" or (args.features == "auto" and has_v2)) else V1
    is_test = np.array([int(r["IsTest"]) == 1 for r in rows])
    y = np.array([float(r["MaxAccuracy"]) for r in rows])

    if args.per_model:
        cutoff = int(args.cutoffs.split(",")[0])
        X = features(rows, cutoff, scheme_cols)
        scaler = StandardScaler().fit(X[~is_test])
        Xtr, Xte = scaler.transform(X[~is_test]), scaler.transform(X[is_test])
        times = {}
        for name in names:
            t0 = time.perf_counter()
            for seed in SEEDS:
                allm[name](seed).fit(Xtr, y[~is_test]).predict(Xte)
            times[name] = round(time.perf_counter() - t0, 5)
        sys.stdout.write(json.dumps({"cutoff": cutoff, "seconds": times}) + "\n")
        return

    out = ["Model,Cutoff,MeanAbsoluteError,NumViolations,MaxViolations,MonotonicityScore"]
    start = time.perf_counter()
    for name in names:
        for cutoff in [int(c) for c in args.cutoffs.split(",")]:
            X = features(rows, cutoff, scheme_cols)
            scaler = StandardScaler().fit(X[~is_test])
            Xtr, Xte = scaler.transform(X[~is_test]), scaler.transform(X[is_test])
            ytr, yte = y[~is_test], y[is_test]
            runs = []
            for seed in SEEDS:
                pred = allm[name](seed).fit(Xtr, ytr).predict(Xte)
                runs.append((violations(pred), float(np.mean(np.abs(pred - yte)))))
            v, mae = sorted(runs, key=lambda r: r[0])[2]
            n = len(yte)
            mv = n * (n - 1) // 2
            out.append(f"{name},{cutoff},{mae:.5f},{v},{mv},{1 - v / mv:.5f}")
    seconds = time.perf_counter() - start
    text = "\n".join(out) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    sys.stderr.write(json.dumps({"reference": "scikit-learn", "seconds": round(seconds, 3)}) + "\n")


if __name__ == "__main__":
    main()
