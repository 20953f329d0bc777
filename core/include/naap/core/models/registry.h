// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "naap/core/models/regressor.h"

namespace naap::core {

/// One registered regressor. An explicit table (no static-initialisation tricks).
struct RegressorInfo {
    std::string name;   ///< exactly as the paper prints it, e.g. "Random Forest (N=25)"
    std::string family; ///< e.g. "Random Forest"; members of a family share one staged fit
    int members = 0;    ///< ensemble size, 0 for non-ensembles
    bool inPaper = true;    ///< one of the paper's 24 (false: the follow-up paper's)
    bool deterministic = false;
    std::function<std::unique_ptr<Regressor>()> create;
};

/// All regressors: the paper's 24 in the paper's order, then the follow-up paper's
/// Linear Regression (D=2), (Exp), (Log), (Sigmoid).
const std::vector<RegressorInfo>& regressorRegistry();
/// The entry of a name, or nullptr.
const RegressorInfo* findRegressor(const std::string& name);
/// A new unfitted regressor by name. Throws InvalidArgument listing the valid names.
std::unique_ptr<Regressor> createRegressor(const std::string& name);
/// Parses "NAME;NAME;..." into registry names, where a name may also be one of the groups
/// "all", "paper" or "extended" (their union, in order, without duplicates).
/// Throws InvalidArgument for an unknown name.
std::vector<std::string> parseModelList(const std::string& spec);

} // namespace naap::core
