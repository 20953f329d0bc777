// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <vector>

#include "naap/core/models/regressor.h"
#include "naap/core/models/tree.h"

namespace naap::core {

struct RandomForestParams {
    int nEstimators = 100;
};

/// Bootstrap samples (as integer sample weights), all features at each split, fully
/// grown CART trees, mean of the trees. Member i depends only on (seed, i), so the first
/// m trees are exactly an m-tree forest with the same seed.
class RandomForestRegressor final : public Regressor, public StagedEnsemble {
public:
    explicit RandomForestRegressor(RandomForestParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }
    int fittedMembers() const override { return static_cast<int>(m_trees.size()); }
    Vector predictPrefix(const Matrix& X, int members) const override;

private:
    RandomForestParams m_params;
    std::vector<RegressionTree> m_trees;
    long m_features = 0;
    bool m_fitted = false;
};

} // namespace naap::core
