// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstdint>
#include <vector>

#include "naap/core/models/tree.h"
#include "naap/core/models/types.h"
#include "naap/core/util/rng.h"

// The one CART engine (squared error, best splitter, scikit-learn 1.2 semantics) behind the
// decision tree, the random forest and both boosters.
namespace naap::core::detail {

/// X as float32, column-major, with every feature presorted once per fit. Shared by all the
/// trees of an ensemble (read-only while trees grow).
class CartData {
public:
    explicit CartData(const Matrix& X);
    int rows() const { return m_rows; }
    int features() const { return m_features; }
    /// Column f (float32 values of feature f, by row).
    const float* column(int f) const { return m_xf.data() + static_cast<std::size_t>(f) * m_rows; }
    /// Feature f's rows in ascending order (ties by row), each packed as
    /// (value class << 32) | row. Sorted neighbours within 1e-7 share a value class
    /// (scikit-learn's FEATURE_THRESHOLD), so a split may fall only between classes.
    const std::uint64_t* order(int f) const
    {
        return m_order.data() + static_cast<std::size_t>(f) * m_rows;
    }

private:
    int m_rows = 0;
    int m_features = 0;
    std::vector<float> m_xf;
    std::vector<std::uint64_t> m_order;
};

struct CartOptions {
    int maxDepth = 0; ///< 0 = unlimited
    int minSamplesSplit = 2;
    int minSamplesLeaf = 1;
};

/// Grows regression trees over one CartData, reusing its buffers from tree to tree. One
/// builder per thread.
class CartBuilder {
public:
    CartBuilder(const CartData& data, CartOptions options);

    /// Grows a tree on targets y with integer sample weights `counts` (0 = row excluded,
    /// k = row drawn k times). Ties between features go to a seeded random one.
    void grow(const double* y, const std::int32_t* counts, Rng& rng, RegressionTree& out);

private:
    struct Best;
    struct Task {
        int begin;
        int end;
        int depth; ///< its rows live in buffer depth % 2
        int node;
        double sum;
        double sumSq;
        std::int64_t weight;
    };
    bool isLeaf(const Task& task) const;
    template <bool Unit>
    void findSplit(const Task& task, Rng& rng, Best& best) const;
    void splitTwo(const Task& task, Rng& rng, Best& best) const;
    void partition(const Task& task, const Best& best);
    std::uint64_t* buffer(int depth, int f)
    {
        return m_buf[depth & 1].data() + static_cast<std::size_t>(f) * m_n;
    }
    /// The root reads the presorted data itself when every row takes part.
    const std::uint64_t* buffer(int depth, int f) const
    {
        if (depth == 0 && m_allRows)
            return m_data.order(f);
        return m_buf[depth & 1].data() + static_cast<std::size_t>(f) * m_n;
    }

    const CartData& m_data;
    CartOptions m_options;
    int m_n = 0;       ///< rows
    int m_f = 0;       ///< features
    bool m_unit = false;    ///< every used row has weight 1
    bool m_allRows = false; ///< no row has weight 0
    /// Two buffers (node depth parity) of per-feature sorted packed rows; a split moves its
    /// node's range from one to the other, stably partitioned into left then right.
    std::vector<std::uint64_t> m_buf[2];
    std::vector<double> m_wy;          ///< count * y by row
    std::vector<double> m_wyy;         ///< count * y * y by row
    std::vector<std::int32_t> m_cnt;   ///< count by row
    std::vector<double> m_inv;         ///< 1 / k for integer weights k
    std::vector<std::uint8_t> m_left;  ///< by row: goes left in the current split
    std::vector<Task> m_stack;
};

/// Row-major float32 copy of X, as trees predict on (scikit-learn casts X to float32).
std::vector<float> toFloat32(const Matrix& X);

/// out[i] += scale * tree(x_i) for every row of the float32 matrix xf (rows × features).
void addPrediction(const RegressionTree& tree, const std::vector<float>& xf, long features,
                   double scale, double* out);

} // namespace naap::core::detail
