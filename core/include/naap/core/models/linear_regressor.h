// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include "naap/core/models/regressor.h"

namespace naap::core {

/// Target transform of the linear family (PRODUCT.md §3).
enum class TargetTransform {
    None,    ///< plain OLS
    Power,   ///< fit y^(1/D) − 1, predict (ŷ + 1)^D
    Exp,     ///< fit log y, predict exp ŷ
    Log,     ///< fit exp y, predict log ŷ
    Sigmoid, ///< fit logit y, predict logistic(ŷ)
};

struct LinearRegressionParams {
    TargetTransform transform = TargetTransform::None;
    double power = 1.0; ///< D for TargetTransform::Power
};

/// Ordinary least squares with intercept; minimum-norm solution when rank-deficient
/// (centred X and y, then an SVD solve, as scikit-learn does via LAPACK gelsd).
class LinearRegressor final : public Regressor {
public:
    explicit LinearRegressor(LinearRegressionParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }
    bool isDeterministic() const override { return true; }

    const Vector& coefficients() const { return m_coef; }
    double intercept() const { return m_intercept; }

private:
    LinearRegressionParams m_params;
    Vector m_coef;
    double m_intercept = 0.0;
    bool m_fitted = false;
};

} // namespace naap::core
