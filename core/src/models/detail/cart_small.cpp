// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
//
// Small nodes (at most CartBuilder::kSmall rows): no presorted keys. Per feature, the node's
// rows are sorted on the spot by value class; features are visited in a fresh random order
// (a Fisher–Yates draw per node, as scikit-learn's splitter does), the first strictly best kept,
// and the visit stops as soon as a feature reaches the bound B: the best proxy over every
// 2-partition of the rows, found among the splits of the rows in y order (optimal 1-D 2-means
// clusters are contiguous in y). No feature can beat B, so stopping there changes nothing.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>

#include "models/detail/cart.h"
#include "models/detail/cart_scan.h"

namespace naap::core::detail {

namespace {
/// Improvements this close (relative) are ties: the first visited is kept.
constexpr double kTieTolerance = 1e-13;
/// Local row index bits in a small node's sort keys ((class or rank) << kLocalBits | index).
constexpr int kLocalBits = 5;
constexpr std::uint32_t kLocalMask = (1U << kLocalBits) - 1;
constexpr int kMaxSmall = 32; // kSmall <= 1 << kLocalBits, a multiple of 8

/// sorted = keys[0, m) in ascending order (keys distinct, below 2^31): each key's rank is the
/// number of smaller keys.
void rankSortScalar(const std::uint32_t* keys, int m, std::uint32_t* sorted)
{
    for (int i = 0; i < m; ++i) {
        int rank = 0;
        for (int j = 0; j < m; ++j)
            rank += keys[j] < keys[i] ? 1 : 0;
        sorted[rank] = keys[i];
    }
}

#if defined(NAAP_CART_VECTOR)
#pragma GCC diagnostic ignored "-Wpsabi"
using V8i = int __attribute__((vector_size(32)));

/// rankSortScalar, eight ranks at once; keys padded to C * 8 with INT_MAX.
template <int C>
__attribute__((target("avx2"))) void rankSortVec(const std::uint32_t* keys, int m,
                                                  std::uint32_t* sorted)
{
    V8i k[C];
    V8i rank[C];
    for (int c = 0; c < C; ++c) {
        std::memcpy(&k[c], keys + 8 * c, sizeof(V8i));
        rank[c] = V8i{0, 0, 0, 0, 0, 0, 0, 0};
    }
    for (int j = 0; j < m; ++j) {
        const V8i b = V8i{0, 0, 0, 0, 0, 0, 0, 0} + static_cast<int>(keys[j]);
        for (int c = 0; c < C; ++c)
            rank[c] -= b < k[c]; // -1 where keys[j] < keys[i]
    }
    int ranks[C * 8];
    std::memcpy(ranks, rank, sizeof ranks);
    for (int i = 0; i < m; ++i)
        sorted[ranks[i]] = keys[i];
}

#endif

/// keys has room for kMaxSmall entries; those past m are overwritten as padding.
void rankSort(std::uint32_t* keys, int m, std::uint32_t* sorted)
{
#if defined(NAAP_CART_VECTOR)
    if (cartSimdInUse() >= CartSimd::Avx2) {
        for (int i = m; i < (m + 7) / 8 * 8; ++i)
            keys[i] = std::numeric_limits<std::int32_t>::max();
        switch ((m + 7) / 8) {
        case 1: rankSortVec<1>(keys, m, sorted); return;
        case 2: rankSortVec<2>(keys, m, sorted); return;
        case 3: rankSortVec<3>(keys, m, sorted); return;
        default: rankSortVec<4>(keys, m, sorted); return;
        }
    }
#endif
    rankSortScalar(keys, m, sorted);
}

/// The best split of sorted keys (left sizes minLeaf..m - minLeaf, only between classes when
/// `classes`): proxy sl²/wl + sr²/wr and the first right position reaching it (-1: none).
template <bool Classes>
double scanSorted(const std::uint32_t* sorted, int m, int minLeaf, const double* wy,
                  const double* cw, double sum, double weight, int& pos)
{
    double sl = 0.0;
    double wl = 0.0;
    double bestNum = -1.0;
    double bestDen = 1.0;
    pos = -1;
    for (int p = 1; p < m; ++p) {
        const std::uint32_t o = sorted[p - 1] & kLocalMask;
        sl += wy[o];
        wl += cw[o];
        if (p < minLeaf || p > m - minLeaf)
            continue;
        if (Classes && ((sorted[p - 1] ^ sorted[p]) >> kLocalBits) == 0)
            continue;
        const double sr = sum - sl;
        const double wr = weight - wl;
        const double num = sl * sl * wr + sr * sr * wl;
        const double den = wl * wr;
        if (num * bestDen > bestNum * den) {
            bestNum = num;
            bestDen = den;
            pos = p;
        }
    }
    return pos < 0 ? -std::numeric_limits<double>::infinity() : bestNum / bestDen;
}
} // namespace

double CartBuilder::smallBound(const std::uint32_t* rows, int m, const double* wy,
                               const double* cw, double sum, double weight)
{
    if (m_options.minSamplesLeaf > 1) // the bound holds for unconstrained splits only
        return std::numeric_limits<double>::infinity();
    double y[kMaxSmall];
    for (int i = 0; i < m; ++i)
        y[i] = m_y[rows[i]];
    std::uint32_t sorted[kMaxSmall];
    for (int i = 0; i < m; ++i) { // (y, index) order, by rank
        int rank = 0;
        for (int j = 0; j < m; ++j)
            rank += (y[j] < y[i] || (y[j] == y[i] && j < i)) ? 1 : 0;
        sorted[rank] = static_cast<std::uint32_t>(i);
    }
    int pos = 0;
    return scanSorted<false>(sorted, m, 1, wy, cw, sum, weight, pos);
}

void CartBuilder::growSmall(const Task& task, Rng& rng, RegressionTree& out,
                            std::int32_t* leafOfRow)
{
    static_assert(kSmall <= kMaxSmall && kSmall >= 2);
    const int m = task.end - task.begin;
    std::uint32_t* rows = m_rows.data() + task.begin;
    out.nodes[static_cast<std::size_t>(task.node)].value =
        task.sum / static_cast<double>(task.weight);
    const auto markLeaf = [leafOfRow](const std::uint32_t* r, int count, int node) {
        if (leafOfRow != nullptr)
            for (int k = 0; k < count; ++k)
                leafOfRow[r[k]] = node;
    };
    assert(!isLeaf(task)); // only nodes to split come here (leaves are closed by their parent)
    double wy[kMaxSmall];
    double cw[kMaxSmall];
    for (int i = 0; i < m; ++i) {
        wy[i] = m_wy[rows[i]];
        cw[i] = m_cw[rows[i]];
    }
    const double weight = static_cast<double>(task.weight);
    // Two rows: every feature that separates them gives the one possible split.
    const double bound = m == 2 ? -std::numeric_limits<double>::infinity()
                                : smallBound(rows, m, wy, cw, task.sum, weight);
    const double reach = bound - kTieTolerance * std::abs(bound);
    std::uint32_t keys[kMaxSmall];
    std::uint32_t sorted[kMaxSmall];
    std::uint32_t bestSorted[kMaxSmall];
    int bestFeature = -1;
    int bestPos = -1;
    double bestProxy = -std::numeric_limits<double>::infinity();
    const int minLeaf = m_options.minSamplesLeaf;
    for (int i = 0; i < m_f; ++i) {
        const auto j = i + static_cast<int>(rng.below(static_cast<std::uint64_t>(m_f - i)));
        std::swap(m_perm[static_cast<std::size_t>(i)], m_perm[static_cast<std::size_t>(j)]);
        const int f = m_perm[static_cast<std::size_t>(i)];
        const std::uint32_t* cls = m_data.classes(f);
        if (m == 2) {
            const std::uint32_t a = cls[rows[0]];
            const std::uint32_t b = cls[rows[1]];
            if (a == b)
                continue;
            bestFeature = f;
            bestPos = 1;
            bestSorted[0] = a < b ? 0U : 1U;
            bestSorted[1] = a < b ? 1U : 0U;
            break;
        }
        for (int k = 0; k < m; ++k)
            keys[k] = cls[rows[k]] << kLocalBits | static_cast<std::uint32_t>(k);
        rankSort(keys, m, sorted);
        if ((sorted[0] >> kLocalBits) == (sorted[m - 1] >> kLocalBits))
            continue; // constant here
        int pos = -1;
        const double proxy = scanSorted<true>(sorted, m, minLeaf, wy, cw, task.sum, weight, pos);
        if (pos < 0)
            continue;
        if (bestFeature < 0 || proxy > bestProxy + kTieTolerance * std::abs(bestProxy)) {
            bestFeature = f;
            bestPos = pos;
            bestProxy = proxy;
            for (int k = 0; k < m; ++k) // (memcpy of m entries was a rep movs: slow to start)
                bestSorted[k] = sorted[k];
        }
        if (proxy >= reach)
            break; // nothing can do better // nothing can do better
    }
    if (bestFeature < 0) {
        markLeaf(rows, m, task.node);
        return;
    }
    const float* col = m_data.column(bestFeature);
    const auto left = static_cast<std::int32_t>(out.nodes.size());
    auto& node = out.nodes[static_cast<std::size_t>(task.node)];
    node.feature = bestFeature;
    node.threshold = cartThreshold(col[rows[bestSorted[bestPos - 1] & kLocalMask]],
                                   col[rows[bestSorted[bestPos] & kLocalMask]]);
    node.left = left;
    node.right = left + 1;
    // The rows in the split feature's order: left child, then right child.
    std::uint32_t ordered[kMaxSmall];
    for (int k = 0; k < m; ++k)
        ordered[k] = rows[bestSorted[k] & kLocalMask];
    std::memcpy(rows, ordered, sizeof(std::uint32_t) * static_cast<std::size_t>(m));
    Task l{task.begin, task.begin + bestPos, task.depth + 1, left, 0.0, 0.0, 0, true};
    Task r{task.begin + bestPos, task.end, task.depth + 1, left + 1, 0.0, 0.0, 0, true};
    for (Task* c : {&l, &r}) {
        for (int k = c->begin; k < c->end; ++k) {
            const std::uint32_t row = m_rows[static_cast<std::size_t>(k)];
            c->sum += m_wy[row];
            c->sumSq += m_wyy[row];
            c->weight += m_cnt[row];
        }
    }
    out.nodes.emplace_back();
    out.nodes.emplace_back();
    // Leaves are closed here (most small nodes split into leaves: a two-row node always);
    // the others go on the stack, right under left, and take their value when popped.
    const bool splitLeft = !isLeaf(l);
    const bool splitRight = !isLeaf(r);
    for (const Task* c : {&l, &r}) {
        if (c == &l ? splitLeft : splitRight)
            continue;
        out.nodes[static_cast<std::size_t>(c->node)].value =
            c->sum / static_cast<double>(c->weight);
        markLeaf(m_rows.data() + c->begin, c->end - c->begin, c->node);
    }
    if (splitRight)
        m_stack.push_back(r);
    if (splitLeft)
        m_stack.push_back(l);
}

} // namespace naap::core::detail
