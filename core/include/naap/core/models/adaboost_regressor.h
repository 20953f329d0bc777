// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <vector>

#include "naap/core/models/regressor.h"
#include "naap/core/models/tree.h"

namespace naap::core {

struct AdaBoostParams {
    int nEstimators = 50;
    double learningRate = 1.0;
    int maxDepth = 3;
};

/// AdaBoost.R2 (Drucker 1997) with linear loss: depth-3 trees fitted on weighted
/// bootstrap samples, weighted-median prediction, early stop when a learner's error is
/// 0 or ≥ 0.5 (scikit-learn 1.2 semantics).
class AdaBoostRegressor final : public Regressor, public StagedEnsemble {
public:
    explicit AdaBoostRegressor(AdaBoostParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }
    int fittedMembers() const override { return static_cast<int>(m_trees.size()); }
    Vector predictPrefix(const Matrix& X, int members) const override;

private:
    AdaBoostParams m_params;
    std::vector<RegressionTree> m_trees;
    std::vector<double> m_weights; ///< estimator weights, one per tree
    long m_features = 0;
    bool m_fitted = false;
};

} // namespace naap::core
