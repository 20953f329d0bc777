// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <vector>

#include "naap/core/models/regressor.h"
#include "naap/core/models/tree.h"

namespace naap::core {

struct GradientBoostingParams {
    int nEstimators = 100;
    double learningRate = 0.1;
    int maxDepth = 3;
};

/// Least-squares gradient boosting: initial prediction = mean, depth-3 CART trees on the
/// residuals (Friedman MSE criterion), no subsampling.
class GradientBoostingRegressor final : public Regressor, public StagedEnsemble {
public:
    explicit GradientBoostingRegressor(GradientBoostingParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }
    int fittedMembers() const override { return static_cast<int>(m_trees.size()); }
    Vector predictPrefix(const Matrix& X, int members) const override;

private:
    GradientBoostingParams m_params;
    double m_init = 0.0;
    std::vector<RegressionTree> m_trees;
    long m_features = 0;
    bool m_fitted = false;
};

} // namespace naap::core
