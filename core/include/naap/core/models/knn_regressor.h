// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include "naap/core/models/regressor.h"

namespace naap::core {

struct KnnParams {
    int k = 5;
};

/// k nearest neighbours: Euclidean distance, uniform mean of the neighbours' targets,
/// brute force; distance ties broken by training-row order. Squared distances are summed
/// directly (not scikit-learn's ||a||² − 2a·b + ||b||²), so duplicated rows tie exactly.
/// fit() throws InvalidArgument when k < 1 or k exceeds the training rows.
class KnnRegressor final : public Regressor {
public:
    explicit KnnRegressor(KnnParams params = {});
    std::string name() const override;
    void fit(const Matrix& X, const Vector& y, const FitControl& control) override;
    Vector predict(const Matrix& X) const override;
    std::unique_ptr<Regressor> clone() const override;
    bool isFitted() const override { return m_fitted; }
    bool isDeterministic() const override { return true; }

private:
    KnnParams m_params;
    Matrix m_X;
    Vector m_y;
    bool m_fitted = false;
};

} // namespace naap::core
