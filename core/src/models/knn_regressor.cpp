// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/knn_regressor.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "naap/core/error.h"

namespace naap::core {

KnnRegressor::KnnRegressor(KnnParams params) : m_params(params) {}

std::string KnnRegressor::name() const
{
    return std::to_string(m_params.k) + "-NN";
}

void KnnRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    m_fitted = false;
    m_X.resize(0, 0);
    m_y.resize(0);
    const std::string who = name();
    checkFitInput(who, X, y);
    if (m_params.k < 1)
        throw InvalidArgument(who + ": k must be at least 1, got " + std::to_string(m_params.k)
                              + ".");
    if (m_params.k > X.rows())
        throw InvalidArgument(who + ": k = " + std::to_string(m_params.k)
                              + " needs at least that many training rows, got "
                              + std::to_string(X.rows()) + ".");
    control.checkCancelled();
    m_X = X;
    m_y = y;
    m_fitted = true;
    control.report(1.0);
}

Vector KnnRegressor::predict(const Matrix& X) const
{
    checkPredictInput(name(), m_fitted, m_X.cols(), X);
    const Eigen::Index n = m_X.rows();
    const int k = m_params.k;
    Vector out(X.rows());
    std::vector<std::pair<double, Eigen::Index>> dist(static_cast<std::size_t>(n));
    for (Eigen::Index q = 0; q < X.rows(); ++q) {
        // Squared differences summed directly, not scikit-learn's ||a||² − 2ab + ||b||²
        // expansion: exact for duplicated rows, so distance ties are real ties and the
        // lower training index wins them.
        for (Eigen::Index i = 0; i < n; ++i)
            dist[static_cast<std::size_t>(i)] = {(m_X.row(i) - X.row(q)).squaredNorm(), i};
        std::partial_sort(dist.begin(), dist.begin() + k, dist.end());
        double sum = 0.0;
        for (int j = 0; j < k; ++j)
            sum += m_y[dist[static_cast<std::size_t>(j)].second];
        out[q] = sum / k;
    }
    return out;
}

std::unique_ptr<Regressor> KnnRegressor::clone() const
{
    return std::make_unique<KnnRegressor>(m_params);
}

} // namespace naap::core
