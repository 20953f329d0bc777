// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <Eigen/Core>

namespace naap::core {

/// X is always n_samples × n_features (row-major, like the table); y has n_samples.
using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXd;

} // namespace naap::core
