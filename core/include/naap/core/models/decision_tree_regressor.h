// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include "naap/core/models/regressor.h"
#include "naap/core/models/tree.h"

namespace naap::core {

struct DecisionTreeParams {
    int maxDepth = 0;         ///< 0 = unlimited (grown until pure or one sample)
    int minSamplesSplit = 2;
    int minSamplesLeaf = 1;
};

/// CART, squared error, best split, candidate features in a seeded random order.
class DecisionTreeRegressor final : public Regressor {
public:
    explicit DecisionTreeRegressor(DecisionTreeParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }

    const RegressionTree& tree() const { return m_tree; }

private:
    DecisionTreeParams m_params;
    RegressionTree m_tree;
    long m_features = 0;
    bool m_fitted = false;
};

} // namespace naap::core
