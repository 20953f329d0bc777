// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "naap/core/control.h"
#include "naap/core/models/types.h"

namespace naap::core {

/// The estimator contract (scikit-learn's, in C++).
///  - Construction takes a params struct with defaults and does no work.
///  - fit(X, y, control) throws InvalidArgument on bad shapes or non-finite data, with a
///    sentence naming the call and the sizes; a refit discards previous state; throws
///    Cancelled when control.cancel is set (polled between trees / iterations).
///  - predict before fit throws Error; predict with the wrong number of features throws
///    InvalidArgument.
///  - clone() returns an unfitted copy with the same params.
///  - The same seed gives the same model. Distinct instances may be used from several
///    threads at once; one instance is not thread-safe for concurrent fit.
class Regressor {
public:
    virtual ~Regressor() = default;

    virtual std::string name() const = 0;
    virtual void fit(const Matrix& X, const Vector& y, const FitControl& control) = 0;
    virtual Vector predict(const Matrix& X) const = 0;
    virtual std::unique_ptr<Regressor> clone() const = 0;
    virtual bool isFitted() const = 0;
    /// True when the fitted model does not depend on the seed.
    virtual bool isDeterministic() const { return false; }
};

/// Ensembles whose first m members are exactly the model an m-member ensemble with the
/// same seed would fit (Random Forest, Gradient Boosting, AdaBoost): predicting a
/// prefix replaces refitting the smaller ensembles.
class StagedEnsemble {
public:
    virtual ~StagedEnsemble() = default;
    /// Members actually fitted (AdaBoost may stop early).
    virtual int fittedMembers() const = 0;
    /// Prediction of the first `members` members (clamped to what was requested at
    /// construction). Throws like predict().
    virtual Vector predictPrefix(const Matrix& X, int members) const = 0;
};

/// Shared validation for fit(): throws InvalidArgument naming `who` and the sizes.
void checkFitInput(const std::string& who, const Matrix& X, const Vector& y);
/// Shared validation for predict(): throws when not fitted or on a feature mismatch.
void checkPredictInput(const std::string& who, bool fitted, long expectedFeatures,
                       const Matrix& X);

} // namespace naap::core
