// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/detail/cart.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace naap::core::detail {

namespace {
/// scikit-learn's FEATURE_THRESHOLD: sorted neighbours closer than this are one value.
constexpr double kFeatureThreshold = 1e-7;
/// Improvements this close (relative) are ties, broken at random: scikit-learn visits the
/// features in a random order and keeps the first of equal improvements.
constexpr double kTieTolerance = 1e-13;

bool distinct(float lo, float hi)
{
    return static_cast<double>(hi) > static_cast<double>(lo) + kFeatureThreshold;
}

/// The largest float t with t <= the double midpoint of lo < hi, so that float x <= t
/// exactly when scikit-learn's double threshold sends x left.
float threshold(float lo, float hi)
{
    double mid = static_cast<double>(lo) / 2.0 + static_cast<double>(hi) / 2.0;
    if (mid == static_cast<double>(hi) || std::isinf(mid))
        mid = lo;
    float t = static_cast<float>(mid);
    if (static_cast<double>(t) > mid)
        t = std::nextafter(t, -std::numeric_limits<float>::infinity());
    return t;
}
} // namespace

CartData::CartData(const Matrix& X)
    : m_rows(static_cast<int>(X.rows())), m_features(static_cast<int>(X.cols()))
{
    const auto n = static_cast<std::size_t>(m_rows);
    m_xf.resize(n * static_cast<std::size_t>(m_features));
    m_order.resize(m_xf.size());
    std::vector<std::uint32_t> rows(n);
    for (int f = 0; f < m_features; ++f) {
        float* col = m_xf.data() + static_cast<std::size_t>(f) * n;
        for (int i = 0; i < m_rows; ++i)
            col[i] = static_cast<float>(X(i, f));
        std::iota(rows.begin(), rows.end(), 0U);
        std::stable_sort(rows.begin(), rows.end(),
                         [col](std::uint32_t a, std::uint32_t b) { return col[a] < col[b]; });
        std::uint64_t* ord = m_order.data() + static_cast<std::size_t>(f) * n;
        std::uint64_t cls = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (k > 0 && distinct(col[rows[k - 1]], col[rows[k]]))
                ++cls;
            ord[k] = (cls << 32) | rows[k];
        }
    }
}

namespace {
inline std::uint32_t rowOf(std::uint64_t key) { return static_cast<std::uint32_t>(key); }
inline std::uint32_t classOf(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }
} // namespace

struct CartBuilder::Best {
    int feature = -1;
    int pos = -1; ///< first position of the right child
    double proxy = -std::numeric_limits<double>::infinity();
};

CartBuilder::CartBuilder(const CartData& data, CartOptions options)
    : m_data(data), m_options(options), m_n(data.rows()), m_f(data.features())
{
    const auto n = static_cast<std::size_t>(m_n);
    const std::size_t cells = n * static_cast<std::size_t>(m_f);
    m_buf[0].resize(cells);
    m_buf[1].resize(cells);
    m_wy.resize(n);
    m_wyy.resize(n);
    m_cnt.resize(n);
    m_left.resize(n);
    m_options.minSamplesLeaf = std::max(1, m_options.minSamplesLeaf);
    m_options.minSamplesSplit = std::max(2, m_options.minSamplesSplit);
}

bool CartBuilder::isLeaf(const Task& task) const
{
    const int size = task.end - task.begin;
    if ((m_options.maxDepth > 0 && task.depth >= m_options.maxDepth) ||
        size < m_options.minSamplesSplit || size < 2 * m_options.minSamplesLeaf)
        return true;
    // Pure node, with scikit-learn's impurity formula and EPSILON.
    const double w = static_cast<double>(task.weight);
    const double mean = task.sum / w;
    return task.sumSq / w - mean * mean <= DBL_EPSILON;
}

void CartBuilder::grow(const double* y, const std::int32_t* counts, Rng& rng, RegressionTree& out)
{
    const auto n = static_cast<std::size_t>(m_n);
    std::int64_t total = 0;
    double sum = 0.0;
    double sumSq = 0.0;
    m_unit = true;
    for (std::size_t i = 0; i < n; ++i) {
        assert(counts[i] >= 0);
        m_cnt[i] = counts[i];
        m_wy[i] = counts[i] * y[i];
        m_wyy[i] = m_wy[i] * y[i];
        total += counts[i];
        sum += m_wy[i];
        sumSq += m_wyy[i];
        m_unit = m_unit && counts[i] <= 1;
    }
    if (m_inv.size() < static_cast<std::size_t>(total) + 1) {
        m_inv.resize(static_cast<std::size_t>(total) + 1);
        m_inv[0] = 0.0;
        for (std::size_t k = 1; k < m_inv.size(); ++k)
            m_inv[k] = 1.0 / static_cast<double>(k);
    }
    // Rows drawn zero times take no part (scikit-learn drops zero-weight samples).
    const int used = static_cast<int>(
        std::count_if(counts, counts + n, [](std::int32_t c) { return c != 0; }));
    m_allRows = used == m_n;
    for (int f = 0; f < m_f && !m_allRows; ++f) {
        const std::uint64_t* ord = m_data.order(f);
        std::uint64_t* dst = buffer(0, f);
        int k = 0;
        for (int i = 0; i < m_n; ++i) {
            dst[k] = ord[i];
            k += counts[rowOf(ord[i])] != 0 ? 1 : 0;
        }
    }
    out.nodes.clear();
    out.nodes.reserve(static_cast<std::size_t>(2 * used + 1));
    out.nodes.emplace_back();
    if (used == 0 || total == 0)
        return;
    m_stack.clear();
    m_stack.push_back({0, used, 0, 0, sum, sumSq, total});
    while (!m_stack.empty()) {
        const Task task = m_stack.back();
        m_stack.pop_back();
        out.nodes[static_cast<std::size_t>(task.node)].value =
            task.sum / static_cast<double>(task.weight);
        if (isLeaf(task))
            continue;
        Best best;
        if (task.end - task.begin == 2)
            splitTwo(task, rng, best);
        else if (m_unit)
            findSplit<true>(task, rng, best);
        else
            findSplit<false>(task, rng, best);
        if (best.feature < 0)
            continue;
        const std::uint64_t* keys = std::as_const(*this).buffer(task.depth, best.feature);
        const float* col = m_data.column(best.feature);
        const auto left = static_cast<std::int32_t>(out.nodes.size());
        auto& node = out.nodes[static_cast<std::size_t>(task.node)];
        node.feature = best.feature;
        node.threshold = threshold(col[rowOf(keys[best.pos - 1])], col[rowOf(keys[best.pos])]);
        node.left = left;
        node.right = left + 1;
        // Children's totals, summed over their rows (as scikit-learn's criterion does).
        Task l{task.begin, best.pos, task.depth + 1, left, 0.0, 0.0, 0};
        Task r{best.pos, task.end, task.depth + 1, left + 1, 0.0, 0.0, 0};
        for (Task* c : {&l, &r}) {
            for (int k = c->begin; k < c->end; ++k) {
                const std::uint32_t row = rowOf(keys[k]);
                c->sum += m_wy[row];
                c->sumSq += m_wyy[row];
                c->weight += m_cnt[row];
            }
        }
        out.nodes.emplace_back();
        out.nodes.emplace_back();
        out.nodes[static_cast<std::size_t>(left)].value = l.sum / static_cast<double>(l.weight);
        out.nodes[static_cast<std::size_t>(left + 1)].value =
            r.sum / static_cast<double>(r.weight);
        const bool splitLeft = !isLeaf(l);
        const bool splitRight = !isLeaf(r);
        if (!splitLeft && !splitRight)
            continue;
        partition(task, best);
        if (splitRight)
            m_stack.push_back(r);
        if (splitLeft)
            m_stack.push_back(l);
    }
}

void CartBuilder::splitTwo(const Task& task, Rng& rng, Best& best) const
{
    // Every separating feature gives the same improvement: pick one at random.
    int ties = 0;
    for (int f = 0; f < m_f; ++f) {
        const std::uint64_t* keys = buffer(task.depth, f);
        if (classOf(keys[task.begin]) == classOf(keys[task.begin + 1]))
            continue;
        ++ties;
        if (ties == 1 || rng.below(static_cast<std::uint64_t>(ties)) == 0) {
            best.feature = f;
            best.pos = task.begin + 1;
        }
    }
}

template <bool Unit>
void CartBuilder::findSplit(const Task& task, Rng& rng, Best& best) const
{
    const int b = task.begin;
    const int e = task.end;
    const int minLeaf = m_options.minSamplesLeaf;
    const int first = b + minLeaf; // first allowed right-child start
    const int last = e - minLeaf;  // last allowed right-child start
    const double total = task.sum;
    const std::int64_t weight = task.weight;
    const double* wy = m_wy.data();
    const std::int32_t* cnt = m_cnt.data();
    const double* inv = m_inv.data();
    constexpr double kNone = -std::numeric_limits<double>::infinity();
    int ties = 0;
    for (int f = 0; f < m_f; ++f) {
        const std::uint64_t* keys = buffer(task.depth, f);
        if (classOf(keys[b]) == classOf(keys[e - 1]))
            continue; // constant in this node
        double sl = 0.0;
        std::int64_t wl = 0;
        for (int k = b; k < first - 1; ++k) {
            sl += wy[rowOf(keys[k])];
            wl += Unit ? 1 : cnt[rowOf(keys[k])];
        }
        double fbest = kNone;
        int fpos = -1;
        std::uint64_t cur = keys[first - 1];
        for (int p = first; p <= last; ++p) {
            const std::uint64_t next = keys[p];
            const std::uint32_t row = rowOf(cur);
            sl += wy[row];
            if constexpr (Unit)
                wl = p - b;
            else
                wl += cnt[row];
            const double sr = total - sl;
            double proxy = sl * sl * inv[wl] + sr * sr * inv[weight - wl];
            proxy = classOf(next) != classOf(cur) ? proxy : kNone;
            const bool better = proxy > fbest;
            fbest = better ? proxy : fbest;
            fpos = better ? p : fpos;
            cur = next;
        }
        if (fpos < 0)
            continue;
        const double tol = kTieTolerance * std::abs(fbest);
        if (best.feature < 0 || fbest > best.proxy + tol) {
            best = {f, fpos, fbest};
            ties = 1;
        } else if (fbest >= best.proxy - tol) {
            ++ties;
            if (rng.below(static_cast<std::uint64_t>(ties)) == 0)
                best = {f, fpos, std::max(fbest, best.proxy)};
        }
    }
}

void CartBuilder::partition(const Task& task, const Best& best)
{
    const std::uint64_t* split = std::as_const(*this).buffer(task.depth, best.feature);
    for (int k = task.begin; k < best.pos; ++k)
        m_left[rowOf(split[k])] = 1;
    for (int k = best.pos; k < task.end; ++k)
        m_left[rowOf(split[k])] = 0;
    const std::uint8_t* goesLeft = m_left.data();
    for (int f = 0; f < m_f; ++f) {
        const std::uint64_t* src = std::as_const(*this).buffer(task.depth, f);
        std::uint64_t* dst = buffer(task.depth + 1, f);
        if (f == best.feature) {
            std::copy(src + task.begin, src + task.end, dst + task.begin);
            continue;
        }
        // Branch-free stable partition: the side is data, not control flow.
        std::int64_t l = task.begin;
        std::int64_t r = best.pos;
        for (int k = task.begin; k < task.end; ++k) {
            const std::uint64_t key = src[k];
            const std::int64_t isLeft = goesLeft[rowOf(key)];
            const std::int64_t mask = -isLeft;
            dst[r ^ ((l ^ r) & mask)] = key;
            l += isLeft;
            r += 1 - isLeft;
        }
    }
}

std::vector<float> toFloat32(const Matrix& X)
{
    std::vector<float> out(static_cast<std::size_t>(X.size()));
    const double* src = X.data(); // row-major
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<float>(src[i]);
    return out;
}

void addPrediction(const RegressionTree& tree, const std::vector<float>& xf, long features,
                   double scale, double* out)
{
    if (features <= 0)
        return;
    const std::size_t rows = xf.size() / static_cast<std::size_t>(features);
    for (std::size_t i = 0; i < rows; ++i)
        out[i] += scale * tree.predictRow(xf.data() + i * static_cast<std::size_t>(features));
}

} // namespace naap::core::detail
