// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <vector>

#include "naap/core/models/types.h"

namespace naap::core {

/// Mean absolute error. Throws InvalidArgument on size mismatch or empty input.
double meanAbsoluteError(const Vector& truth, const Vector& pred);
double rootMeanSquaredError(const Vector& truth, const Vector& pred);
/// Coefficient of determination (scikit-learn's r2_score; 1 − SS_res/SS_tot). NaN when it
/// is undefined: fewer than two values, or SS_tot = 0 (constant truth).
double r2Score(const Vector& truth, const Vector& pred);

/// The paper's violations: with rows sorted by ascending truth (stable), count pairs
/// i < j with pred[i] > pred[j]; ties in prediction are not violations. Rows need not
/// be sorted on input. A row with a NaN is in no violating pair (NaN compares false).
std::int64_t countViolations(const Vector& truth, const Vector& pred);
inline std::int64_t maxViolations(std::int64_t n) { return n * (n - 1) / 2; }
/// 1 − violations / maxViolations(n) (1 when n < 2). By the paper's definition a constant
/// prediction has no violations and scores 1; Kendall τ-b (NaN then) tells the two apart.
double monotonicityScore(std::int64_t violations, std::int64_t n);

struct KendallResult {
    double tau = 0.0;          ///< τ-b (NaN when either side is constant or holds a NaN;
                               ///< with a NaN no pair is counted either)
    std::int64_t concordant = 0;
    std::int64_t discordant = 0;
    std::int64_t tiesTruth = 0; ///< pairs tied in truth only
    std::int64_t tiesPred = 0;  ///< pairs tied in prediction only
    std::int64_t tiesBoth = 0;  ///< pairs tied in both
};
/// Kendall τ-b (as scipy.stats.kendalltau) with tie counts.
KendallResult kendallTauB(const Vector& truth, const Vector& pred);
/// Spearman ρ: Pearson correlation of average ranks (as scipy.stats.spearmanr). NaN when
/// either side is constant or holds a NaN.
double spearmanRho(const Vector& truth, const Vector& pred);
/// Share of the predicted top k that is in the true top k (highest values are "top"): the
/// k rows with the highest predictions, count those whose truth is at least the k-th
/// highest truth, divide by k. Ties in truth: every row tied with the k-th highest truth
/// counts as true top k. Ties in prediction at the k-th place: the rows with the lower
/// truth are taken (the model gets no credit for a tie it does not break). The value
/// depends on the values only, never on the row order. NaN when any value is NaN.
/// Throws InvalidArgument unless 1 ≤ k ≤ n.
double precisionAtK(const Vector& truth, const Vector& pred, int k);
/// max(truth) − truth of the predicted best row. When several rows tie for the highest
/// prediction, the one with the lowest truth counts (the worst case among them, as for
/// precisionAtK). NaN when any value is NaN.
double topOneRegret(const Vector& truth, const Vector& pred);

/// Every metric of one prediction set.
struct MetricReport {
    int n = 0;
    double mae = 0.0;
    std::int64_t violations = 0;
    std::int64_t maxViolations = 0;
    double monotonicity = 0.0;
    double rmse = 0.0;
    double r2 = 0.0;             ///< NaN when undefined (see r2Score)
    KendallResult kendall;
    double spearman = 0.0;
    double precisionAt5 = 0.0;   ///< precisionAtK with k = min(5, n): 1 by construction when n ≤ 5
    double precisionAt10 = 0.0;  ///< precisionAtK with k = min(10, n): 1 by construction when n ≤ 10
    double topOneRegret = 0.0;
};
MetricReport computeMetrics(const Vector& truth, const Vector& pred);

} // namespace naap::core
