// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/linear_regressor.h"

#include <cmath>
#include <limits>
#include <sstream>

#include <Eigen/SVD>

#include "naap/core/error.h"

namespace naap::core {

namespace {

// Forward transform of the training target; NaN where it is undefined (as numpy gives).
double forwardTarget(const LinearRegressionParams& p, double y)
{
    switch (p.transform) {
    case TargetTransform::None: return y;
    case TargetTransform::Power: return std::pow(y, 1.0 / p.power) - 1.0;
    case TargetTransform::Exp: return std::log(y);
    case TargetTransform::Log: return std::exp(y);
    case TargetTransform::Sigmoid: return std::log(y / (1.0 - y));
    }
    return y;
}

double inverseTarget(const LinearRegressionParams& p, double v)
{
    switch (p.transform) {
    case TargetTransform::None: return v;
    case TargetTransform::Power: return std::pow(v + 1.0, p.power);
    case TargetTransform::Exp: return std::exp(v);
    case TargetTransform::Log: return std::log(v);
    case TargetTransform::Sigmoid: return 1.0 / (1.0 + std::exp(-v));
    }
    return v;
}

} // namespace

LinearRegressor::LinearRegressor(LinearRegressionParams params) : m_params(params) {}

std::string LinearRegressor::name() const
{
    switch (m_params.transform) {
    case TargetTransform::None: return "Linear Regression";
    case TargetTransform::Power: {
        std::ostringstream s;
        s << "Linear Regression (D=" << m_params.power << ")";
        return s.str();
    }
    case TargetTransform::Exp: return "Linear Regression (Exp)";
    case TargetTransform::Log: return "Linear Regression (Log)";
    case TargetTransform::Sigmoid: return "Linear Regression (Sigmoid)";
    }
    return "Linear Regression";
}

void LinearRegressor::fit(const Matrix& X, const Vector& y, const FitControl& control)
{
    m_fitted = false;
    const std::string who = name();
    checkFitInput(who, X, y);
    if (m_params.transform == TargetTransform::Power
        && (!std::isfinite(m_params.power) || m_params.power == 0.0))
        throw InvalidArgument(who + ": the power D must be finite and non-zero.");
    control.checkCancelled();

    Vector t = y.unaryExpr([this](double v) { return forwardTarget(m_params, v); });
    if (!t.allFinite())
        throw InvalidArgument(who + ": the target transform is undefined for some of the "
                              + std::to_string(y.size()) + " targets.");

    // As scikit-learn: centre with the train means, then the minimum-norm least-squares
    // solution (LAPACK gelsd via scipy, rcond = machine epsilon relative to the largest
    // singular value).
    const Eigen::RowVectorXd xMean = X.colwise().mean();
    const double tMean = t.mean();
    const Eigen::MatrixXd Xc = X.rowwise() - xMean;
    const Vector tc = t.array() - tMean;
    Eigen::BDCSVD<Eigen::MatrixXd> svd(Xc, Eigen::ComputeThinU | Eigen::ComputeThinV);
    svd.setThreshold(std::numeric_limits<double>::epsilon());
    m_coef = svd.solve(tc);
    m_intercept = tMean - xMean.dot(m_coef);
    m_fitted = true;
    control.report(1.0);
}

Vector LinearRegressor::predict(const Matrix& X) const
{
    checkPredictInput(name(), m_fitted, m_coef.size(), X);
    Vector raw = (X * m_coef).array() + m_intercept;
    return raw.unaryExpr([this](double v) { return inverseTarget(m_params, v); });
}

std::unique_ptr<Regressor> LinearRegressor::clone() const
{
    return std::make_unique<LinearRegressor>(m_params);
}

} // namespace naap::core
