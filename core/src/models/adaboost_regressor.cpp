// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/adaboost_regressor.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "models/detail/cart.h"

namespace naap::core {

AdaBoostRegressor::AdaBoostRegressor(AdaBoostParams params) : m_params(params) {}

std::string AdaBoostRegressor::name() const
{
    return "AdaBoost (N=" + std::to_string(m_params.nEstimators) + ")";
}

// AdaBoost.R2 with linear loss, as scikit-learn 1.2's AdaBoostRegressor._boost and
// BaseWeightBoosting.fit.
void AdaBoostRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    checkFitInput(name(), X, y);
    m_fitted = false;
    m_trees.clear();
    m_weights.clear();
    const int total = std::max(1, m_params.nEstimators);
    const auto n = static_cast<std::size_t>(X.rows());
    const std::shared_ptr<const detail::CartData> shared = detail::CartData::shared(X);
    const detail::CartData& data = *shared;
    detail::CartBuilder builder(data, {m_params.maxDepth, 2, 1});
    const std::vector<float> xf = detail::toFloat32(X);
    std::vector<double> sampleWeight(n, 1.0 / static_cast<double>(n));
    std::vector<double> cdf(n);
    std::vector<std::size_t> guess(n + 1);
    std::vector<std::int32_t> counts(n);
    std::vector<double> pred(n);
    std::vector<double> error(n);
    for (int t = 0; t < total; ++t) {
        control.checkCancelled();
        Rng rng = Rng::derive(control.seed, static_cast<std::uint64_t>(t));
        // Weighted bootstrap, like numpy's choice(n, n, replace=True, p=sampleWeight).
        std::partial_sum(sampleWeight.begin(), sampleWeight.end(), cdf.begin());
        const double last = cdf.back();
        for (double& c : cdf)
            c /= last;
        // guess[j]: the first k with cdf[k] > j / n, a start for u in [j / n, (j + 1) / n).
        for (std::size_t j = 0, k = 0; j <= n; ++j) {
            const double t = static_cast<double>(j) / static_cast<double>(n);
            while (k < n && cdf[k] <= t)
                ++k;
            guess[j] = k;
        }
        std::fill(counts.begin(), counts.end(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            const double u = rng.uniform();
            // std::upper_bound(cdf, u) (the first k with cdf[k] > u), walked from the guess.
            const auto j = static_cast<std::size_t>(u * static_cast<double>(n));
            std::size_t k = guess[std::min(n, j)];
            while (k > 0 && cdf[k - 1] > u)
                --k;
            while (k < n && cdf[k] <= u)
                ++k;
            ++counts[std::min(k, n - 1)];
        }
        RegressionTree tree;
        builder.grow(y.data(), counts.data(), rng, tree);
        std::fill(pred.begin(), pred.end(), 0.0);
        detail::addPrediction(tree, xf, X.cols(), 1.0, pred.data());

        double errorMax = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            error[i] = std::abs(pred[i] - y[static_cast<Eigen::Index>(i)]);
            if (sampleWeight[i] > 0.0)
                errorMax = std::max(errorMax, error[i]);
        }
        double estimatorError = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            if (sampleWeight[i] > 0.0) {
                if (errorMax != 0.0)
                    error[i] /= errorMax;
                estimatorError += sampleWeight[i] * error[i];
            }
        }
        if (estimatorError <= 0.0) {
            // A perfect fit: keep it with weight 1 and stop.
            m_trees.push_back(std::move(tree));
            m_weights.push_back(1.0);
            break;
        }
        if (estimatorError >= 0.5) {
            // Worse than chance: scikit-learn keeps a first learner (weight 0), drops others.
            if (m_trees.empty()) {
                m_trees.push_back(std::move(tree));
                m_weights.push_back(0.0);
            }
            break;
        }
        const double beta = estimatorError / (1.0 - estimatorError);
        m_trees.push_back(std::move(tree));
        m_weights.push_back(m_params.learningRate * std::log(1.0 / beta));
        if ((t + 1) % 10 == 0 || t + 1 == total)
            control.report(static_cast<double>(t + 1) / total);
        if (t == total - 1)
            break;
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            if (sampleWeight[i] > 0.0)
                sampleWeight[i] *= std::pow(beta, (1.0 - error[i]) * m_params.learningRate);
            sum += sampleWeight[i];
        }
        if (!std::isfinite(sum) || sum <= 0.0)
            break;
        for (double& w : sampleWeight)
            w /= sum;
    }
    control.report(1.0);
    m_features = X.cols();
    m_fitted = true;
}

Vector AdaBoostRegressor::predict(const Matrix& X) const
{
    return predictPrefix(X, static_cast<int>(m_trees.size()));
}

// Weighted median of the members' predictions (scikit-learn's _get_median_predict).
Vector AdaBoostRegressor::predictPrefix(const Matrix& X, int members) const
{
    checkPredictInput(name(), m_fitted, m_features, X);
    const int m = std::clamp(members, 1, static_cast<int>(m_trees.size()));
    const auto rows = static_cast<std::size_t>(X.rows());
    const std::vector<float> xf = detail::toFloat32(X);
    std::vector<double> preds(static_cast<std::size_t>(m) * rows, 0.0); // member-major
    for (int t = 0; t < m; ++t)
        detail::addPrediction(m_trees[static_cast<std::size_t>(t)], xf, m_features, 1.0,
                              preds.data() + static_cast<std::size_t>(t) * rows);
    Vector out(X.rows());
    std::vector<int> order(static_cast<std::size_t>(m));
    std::vector<double> cdf(static_cast<std::size_t>(m));
    for (std::size_t i = 0; i < rows; ++i) {
        std::iota(order.begin(), order.end(), 0);
        const auto at = [&](int t) { return preds[static_cast<std::size_t>(t) * rows + i]; };
        std::sort(order.begin(), order.end(), [&](int a, int b) { return at(a) < at(b); });
        // First member whose cumulative weight (in prediction order) reaches half the total.
        double cumulative = 0.0;
        for (std::size_t k = 0; k < order.size(); ++k) {
            cumulative += m_weights[static_cast<std::size_t>(order[k])];
            cdf[k] = cumulative;
        }
        const auto median = static_cast<std::size_t>(
            std::lower_bound(cdf.begin(), cdf.end(), 0.5 * cumulative) - cdf.begin());
        out[static_cast<Eigen::Index>(i)] = at(order[std::min(median, order.size() - 1)]);
    }
    return out;
}

std::unique_ptr<Regressor> AdaBoostRegressor::clone() const
{
    return std::make_unique<AdaBoostRegressor>(m_params);
}

} // namespace naap::core
