#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 NAAP Workbench authors
"""Known answers for tst_protocol's split modes and extended metrics (scikit-learn 1.2.1, scipy).

Run from the repository root: /usr/bin/python3 tests/data/gen_split_known_answers.py
    ../shared/datasets/naap440/naap440.csv > tests/data/sklearn_splits_v1.csv
For each split mode (left, right, dual, kfold=5), model and cutoff, the protocol of PRODUCT.md
section 3 over the 5 paper seeds, written independently of the C++: the rows sorted by
MaxAccuracy (stable); left / right train on the lower / upper floor(n/2) rows, dual on all but
the floor(n/4) lowest and highest; kfold=K shuffles with the workbench's generator (SplitMix64-
seeded xoshiro256**, Lemire's bounded draw, seed ^ 0x6b666f6c64, Fisher-Yates from the end) and
puts position i of the shuffle in fold i % K, scoring the pooled out-of-fold predictions. The
median-by-violations run's metrics, with the spread (population std) over seeds.
precision@k: the k rows with the highest predictions (ties: lower truth first) whose truth is
at least the k-th highest truth; top-1 regret: the best truth minus the lowest truth among the
rows tied for the highest prediction.
"""
import csv
import os
import sys

import numpy as np
from scipy import stats
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

# The paper's features, as the scikit-learn protocol reference builds them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from sklearn_protocol import features  # noqa: E402

M64 = (1 << 64) - 1
SEEDS = [20220905, 20220906, 20220907, 20220908, 20220909]
V1 = ["NumParams", "NumMACs", "NumLayers", "NumStages", "FirstLayerWidth", "LastLayerWidth"]
V2 = V1 + ["NumSkipConnections", "NumPartialRFLayers"]
MODELS = {"Linear Regression": LinearRegression,
          "SVR (RBF kernel)": lambda: SVR(kernel="rbf", C=0.1, epsilon=0.001)}


class Rng:
    def __init__(self, seed):
        x, self.s = seed & M64, []
        for _ in range(4):
            x = (x + 0x9e3779b97f4a7c15) & M64
            z = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & M64
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
            self.s.append(z ^ (z >> 31))

    def next(self):
        s = self.s
        rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M64
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        m = self.next() * n
        if (m & M64) < n:
            threshold = ((1 << 64) - n) % n
            while (m & M64) < threshold:
                m = self.next() * n
        return m >> 64


def splits(rows, mode, seed):
    n, pos = len(rows), np.arange(len(rows))
    h, q = n // 2, n // 4
    if mode == "left":
        return [(pos[:h], pos[h:])]
    if mode == "right":
        return [(pos[n - h:], pos[:n - h])]
    if mode == "dual":
        return [(pos[q:n - q], np.concatenate([pos[:q], pos[n - q:]]))]
    k = int(mode.split("=")[1])
    order, rng = list(range(n)), Rng(seed ^ 0x6b666f6c64)
    for i in range(n, 1, -1):
        j = rng.below(i)
        order[i - 1], order[j] = order[j], order[i - 1]
    fold = np.empty(n, dtype=int)
    fold[order] = np.arange(n) % k
    return [(pos[fold != f], pos[fold == f]) for f in range(k)]


def precision(t, p, k):
    threshold = np.sort(t)[::-1][k - 1]
    top = sorted(range(len(t)), key=lambda i: (-p[i], t[i], i))[:k]
    return sum(t[i] >= threshold for i in top) / k


def metrics(t, p):
    n = len(t)
    q = p[np.argsort(t, kind="stable")]
    viol = sum(int(np.sum(q[i] > q[i + 1:])) for i in range(n))
    tied = sum(1 for i in range(n) for j in range(i + 1, n) if t[i] == t[j] or p[i] == p[j])
    return {"n": n, "mae": float(np.mean(np.abs(t - p))), "violations": viol,
            "rmse": float(np.sqrt(np.mean((t - p) ** 2))),
            "r2": float(1 - np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2)),
            "tau": float(stats.kendalltau(t, p).correlation), "ties": tied,
            "rho": float(stats.spearmanr(t, p).correlation),
            "p5": precision(t, p, 5), "p10": precision(t, p, 10),
            "regret": float(t.max() - t[p == p.max()].min())}


def main():
    with open(sys.argv[1], newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: float(r["MaxAccuracy"]))
    scheme = V2 if "NumSkipConnections" in rows[0] else V1
    y = np.array([float(r["MaxAccuracy"]) for r in rows])
    cols = ["split", "model", "cutoff", "seed", "trainRows", "testRows", "mae", "violations", "rmse",
            "r2", "tau", "ties", "rho", "p5", "p10", "regret", "maeStd", "violationsStd"]
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(cols)
    for mode in ("left", "right", "dual", "kfold=5"):
        for name, make in MODELS.items():
            for cutoff in (0, 3, 9):
                X = features(rows, cutoff, scheme)
                runs = []
                for seed in SEEDS:
                    sp = splits(rows, mode, seed)
                    pred = np.full(len(rows), np.nan)
                    for tr, te in sp:
                        scaler = StandardScaler().fit(X[tr])
                        pred[te] = make().fit(scaler.transform(X[tr]), y[tr]).predict(scaler.transform(X[te]))
                    ev = np.sort(np.concatenate([te for _, te in sp]))
                    runs.append((seed, max(len(tr) for tr, _ in sp), metrics(y[ev], pred[ev])))
                seed, train, m = sorted(runs, key=lambda r: r[2]["violations"])[len(runs) // 2]
                w.writerow([mode, name, cutoff, seed, train, m["n"]]
                           + [repr(v) if isinstance(v, float) else v for v in
                              (m["mae"], m["violations"], m["rmse"], m["r2"], m["tau"], m["ties"], m["rho"],
                               m["p5"], m["p10"], m["regret"])]
                           + [repr(float(np.std([r[2]["mae"] for r in runs]))),
                              repr(float(np.std([r[2]["violations"] for r in runs])))])


if __name__ == "__main__":
    main()
