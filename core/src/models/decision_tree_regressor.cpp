// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/decision_tree_regressor.h"

#include <cstdint>

#include "models/detail/cart.h"

namespace naap::core {

DecisionTreeRegressor::DecisionTreeRegressor(DecisionTreeParams params) : m_params(params) {}

std::string DecisionTreeRegressor::name() const { return "Decision Tree"; }

void DecisionTreeRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    checkFitInput(name(), X, y);
    m_fitted = false;
    m_tree = {};
    control.checkCancelled();
    const std::shared_ptr<const detail::CartData> shared = detail::CartData::shared(X);
    const detail::CartData& data = *shared;
    detail::CartBuilder builder(
        data, {m_params.maxDepth, m_params.minSamplesSplit, m_params.minSamplesLeaf});
    const std::vector<std::int32_t> counts(static_cast<std::size_t>(X.rows()), 1);
    Rng rng(control.seed);
    builder.grow(y.data(), counts.data(), rng, m_tree);
    m_features = X.cols();
    m_fitted = true;
    control.report(1.0);
}

Vector DecisionTreeRegressor::predict(const Matrix& X) const
{
    checkPredictInput(name(), m_fitted, m_features, X);
    Vector out = Vector::Zero(X.rows());
    detail::addPrediction(m_tree, detail::toFloat32(X), m_features, 1.0, out.data());
    return out;
}

std::unique_ptr<Regressor> DecisionTreeRegressor::clone() const
{
    return std::make_unique<DecisionTreeRegressor>(m_params);
}

} // namespace naap::core
