// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <vector>

#include "naap/core/models/types.h"

namespace naap::core {

/// A fitted regression tree (CART), stored as a flat node array. Thresholds are
/// float32 midpoints, as in scikit-learn; a sample goes left when x[f] <= threshold.
struct RegressionTree {
    struct Node {
        std::int32_t feature = -1; ///< -1 for a leaf
        float threshold = 0.0f;
        std::int32_t left = -1;
        std::int32_t right = -1;
        double value = 0.0;        ///< leaf prediction (weighted mean of y)
    };
    std::vector<Node> nodes;       ///< nodes[0] is the root

    double predictRow(const float* x) const
    {
        std::int32_t i = 0;
        while (nodes[static_cast<std::size_t>(i)].feature >= 0) {
            const Node& n = nodes[static_cast<std::size_t>(i)];
            i = x[n.feature] <= n.threshold ? n.left : n.right;
        }
        return nodes[static_cast<std::size_t>(i)].value;
    }
    int depth() const;
    int leafCount() const;
};

} // namespace naap::core
