// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/regressor.h"

#include <string>

#include "naap/core/error.h"

namespace naap::core {

void checkFitInput(const std::string& who, const Matrix& X, const Vector& y)
{
    if (X.rows() != y.size())
        throw InvalidArgument(who + ": fit() expects X and y with the same number of rows, got "
                              + std::to_string(X.rows()) + " rows in X and "
                              + std::to_string(y.size()) + " values in y.");
    if (X.rows() < 1 || X.cols() < 1)
        throw InvalidArgument(who + ": fit() expects at least one row and one feature, got a "
                              + std::to_string(X.rows()) + " x " + std::to_string(X.cols())
                              + " matrix.");
    if (!X.allFinite())
        throw InvalidArgument(who + ": fit() expects finite values in X ("
                              + std::to_string(X.rows()) + " x " + std::to_string(X.cols())
                              + "), found NaN or infinity.");
    if (!y.allFinite())
        throw InvalidArgument(who + ": fit() expects finite values in y ("
                              + std::to_string(y.size()) + " values), found NaN or infinity.");
}

void checkPredictInput(const std::string& who, bool fitted, long expectedFeatures,
                       const Matrix& X)
{
    if (!fitted)
        throw Error(who + ": predict() called before fit().");
    if (X.cols() != expectedFeatures)
        throw InvalidArgument(who + ": predict() expects " + std::to_string(expectedFeatures)
                              + " features, got " + std::to_string(X.cols()) + ".");
    if (!X.allFinite())
        throw InvalidArgument(who + ": predict() expects finite values in X ("
                              + std::to_string(X.rows()) + " x " + std::to_string(X.cols())
                              + "), found NaN or infinity.");
}

} // namespace naap::core
