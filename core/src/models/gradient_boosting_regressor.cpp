// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/gradient_boosting_regressor.h"

#include <algorithm>
#include <cstdint>

#include "models/detail/cart.h"

namespace naap::core {

GradientBoostingRegressor::GradientBoostingRegressor(GradientBoostingParams params)
    : m_params(params)
{
}

std::string GradientBoostingRegressor::name() const
{
    return "Gradient Boosting (N=" + std::to_string(m_params.nEstimators) + ")";
}

void GradientBoostingRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    checkFitInput(name(), X, y);
    m_fitted = false;
    m_trees.clear();
    const int total = std::max(1, m_params.nEstimators);
    const long n = X.rows();
    const std::shared_ptr<const detail::CartData> shared = detail::CartData::shared(X);
    const detail::CartData& data = *shared;
    // Friedman's MSE ranks splits exactly as the squared-error improvement does.
    detail::CartBuilder builder(data, {m_params.maxDepth, 2, 1});
    const std::vector<std::int32_t> counts(static_cast<std::size_t>(n), 1);
    std::vector<std::int32_t> leafOfRow(static_cast<std::size_t>(n), 0);
    m_init = y.mean();
    Vector raw = Vector::Constant(n, m_init);
    Vector residual(n);
    m_trees.resize(static_cast<std::size_t>(total));
    for (int t = 0; t < total; ++t) {
        control.checkCancelled();
        residual = y - raw;
        Rng rng = Rng::derive(control.seed, static_cast<std::uint64_t>(t));
        RegressionTree& tree = m_trees[static_cast<std::size_t>(t)];
        builder.grow(residual.data(), counts.data(), rng, tree, leafOfRow.data());
        // Every training row's leaf is known from the build: no traversal needed.
        for (long i = 0; i < n; ++i)
            raw[i] += m_params.learningRate *
                      tree.nodes[static_cast<std::size_t>(leafOfRow[static_cast<std::size_t>(i)])]
                          .value;
        if ((t + 1) % 10 == 0 || t + 1 == total)
            control.report(static_cast<double>(t + 1) / total);
    }
    m_features = X.cols();
    m_fitted = true;
}

Vector GradientBoostingRegressor::predict(const Matrix& X) const
{
    return predictPrefix(X, static_cast<int>(m_trees.size()));
}

Vector GradientBoostingRegressor::predictPrefix(const Matrix& X, int members) const
{
    checkPredictInput(name(), m_fitted, m_features, X);
    const int m = std::clamp(members, 1, static_cast<int>(m_trees.size()));
    const std::vector<float> xf = detail::toFloat32(X);
    Vector out = Vector::Constant(X.rows(), m_init);
    for (int t = 0; t < m; ++t)
        detail::addPrediction(m_trees[static_cast<std::size_t>(t)], xf, m_features,
                              m_params.learningRate, out.data());
    return out;
}

std::unique_ptr<Regressor> GradientBoostingRegressor::clone() const
{
    return std::make_unique<GradientBoostingRegressor>(m_params);
}

} // namespace naap::core
