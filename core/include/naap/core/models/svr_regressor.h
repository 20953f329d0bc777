// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <memory>

#include "naap/core/models/regressor.h"

namespace naap::core {

enum class SvrKernel { Rbf, Polynomial, Linear };

struct SvrParams {
    SvrKernel kernel = SvrKernel::Rbf;
    double C = 0.1;
    double epsilon = 0.001;
    double gamma = 0.0;     ///< 0 = "scale": 1 / (n_features · var(X))
    int degree = 3;
    double coef0 = 0.0;
    double tolerance = 1e-3;
    bool shrinking = true;
    double cacheMb = 200.0;
};

/// epsilon-SVR with libsvm's solver (scikit-learn's SVR). libsvm structures live only
/// inside fit(); predict() evaluates the copied support vectors in Eigen. Thread-safe
/// across instances (libsvm 3.24 is re-entrant; its print hook is silenced once).
class SvrRegressor final : public Regressor {
public:
    explicit SvrRegressor(SvrParams params = {});
    ~SvrRegressor() override;
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override;
    bool isDeterministic() const override { return true; }

    struct Model; ///< private: support vectors, dual coefficients, rho

private:
    SvrParams m_params;
    std::unique_ptr<Model> m_model;
};

} // namespace naap::core
