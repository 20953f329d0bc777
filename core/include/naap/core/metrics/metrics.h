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
/// be sorted on input.
std::int64_t countViolations(const Vector& truth, const Vector& pred);
inline std::int64_t maxViolations(std::int64_t n) { return n * (n - 1) / 2; }
/// 1 − violations / maxViolations(n) (1 when n < 2).
double monotonicityScore(std::int64_t violations, std::int64_t n);

struct KendallResult {
    double tau = 0.0;          ///< τ-b (NaN when either side is constant)
    std::int64_t concordant = 0;
    std::int64_t discordant = 0;
    std::int64_t tiesTruth = 0; ///< pairs tied in truth only
    std::int64_t tiesPred = 0;  ///< pairs tied in prediction only
    std::int64_t tiesBoth = 0;  ///< pairs tied in both
};
/// Kendall τ-b (as scipy.stats.kendalltau) with tie counts.
KendallResult kendallTauB(const Vector& truth, const Vector& pred);
/// Spearman ρ: Pearson correlation of average ranks.
double spearmanRho(const Vector& truth, const Vector& pred);
/// |top-k by truth ∩ top-k by prediction| / k (highest values are "top").
double precisionAtK(const Vector& truth, const Vector& pred, int k);
/// max(truth) − truth[argmax(pred)] (first argmax on prediction ties).
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
    double precisionAt5 = 0.0;
    double precisionAt10 = 0.0;
    double topOneRegret = 0.0;
};
MetricReport computeMetrics(const Vector& truth, const Vector& pred);

} // namespace naap::core
