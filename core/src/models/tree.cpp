// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "naap/core/models/tree.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace naap::core {

int RegressionTree::depth() const
{
    if (nodes.empty())
        return 0;
    int deepest = 0;
    std::vector<std::pair<std::int32_t, int>> stack{{0, 0}};
    while (!stack.empty()) {
        const auto [i, d] = stack.back();
        stack.pop_back();
        const Node& n = nodes[static_cast<std::size_t>(i)];
        deepest = std::max(deepest, d);
        if (n.feature >= 0) {
            stack.emplace_back(n.left, d + 1);
            stack.emplace_back(n.right, d + 1);
        }
    }
    return deepest;
}

int RegressionTree::leafCount() const
{
    return static_cast<int>(
        std::count_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.feature < 0; }));
}

} // namespace naap::core
