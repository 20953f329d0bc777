// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/detail/cart.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>
#include <utility>

#include "models/detail/cart_avx512.h"
#include "models/detail/cart_scan.h"

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

} // namespace

namespace {
// The test switches (cartSimdLimit, cartRowReads).
std::atomic<int> g_cartSimdLimit{static_cast<int>(CartSimd::Avx512)};
std::atomic<int> g_cartReads{static_cast<int>(CartReads::Auto)};
} // namespace

CartSimd cartSimdInUse()
{
#if defined(NAAP_CART_VECTOR)
    static const CartSimd cpu = cartHaveAvx512()                      ? CartSimd::Avx512
                                : __builtin_cpu_supports("avx2") ? CartSimd::Avx2
                                                                 : CartSimd::None;
    return std::min(cpu, static_cast<CartSimd>(g_cartSimdLimit.load(std::memory_order_relaxed)));
#else
    return CartSimd::None;
#endif
}

void cartSimdLimit(CartSimd limit)
{
    g_cartSimdLimit.store(static_cast<int>(limit));
}

void cartRowReads(CartReads reads)
{
    g_cartReads.store(static_cast<int>(reads));
}

namespace {
#if defined(NAAP_CART_VECTOR)
bool useAvx2()
{
    return cartSimdInUse() >= CartSimd::Avx2;
}
bool useAvx512()
{
    return cartSimdInUse() == CartSimd::Avx512;
}
// Whether the AVX-512 scan reads values by row with scalar loads (else gathers).
bool rowLoads()
{
    switch (static_cast<CartReads>(g_cartReads.load(std::memory_order_relaxed))) {
    case CartReads::Gather: return false;
    case CartReads::Loads: return true;
    case CartReads::Auto: break;
    }
    static const bool amd = __builtin_cpu_is("amd");
    return amd;
}
#endif

// The split scan: SIMD lanes where the CPU has AVX-512 or AVX2 (see cartSimdInUse), else scalar.
// No FMA: both paths round alike, so results do not depend on the CPU.
#if defined(NAAP_CART_VECTOR)
#pragma GCC diagnostic ignored "-Wpsabi"
#define NAAP_CART_SCAN(Name, Key, Unit)                                                      \
    __attribute__((target("avx2"))) void Name(const Key* ks, std::size_t stride,       \
                                                  int groups, const ScanRange& r,          \
                                                  const double* wy, const double* cw,      \
                                                  double* out)                             \
    {                                                                                        \
        scanGroupsVec<Key, Unit>(ks, stride, groups, r, wy, cw, out);                       \
    }
NAAP_CART_SCAN(scan32Unit, std::uint32_t, true)
NAAP_CART_SCAN(scan32, std::uint32_t, false)
NAAP_CART_SCAN(scan64Unit, std::uint64_t, true)
NAAP_CART_SCAN(scan64, std::uint64_t, false)
#undef NAAP_CART_SCAN

__attribute__((target("avx2"))) void partition32(const std::uint32_t* src, std::uint32_t* dst,
                                                   int begin, int end, int pos,
                                                   const std::int32_t* goesLeft)
{
    partitionGroupVec(src, dst, begin, end, pos, goesLeft);
}

#endif

template <class Key>
void partitionKeys(const Key* src, Key* dst, int begin, int end, int pos,
                   const std::int32_t* goesLeft)
{
#if defined(NAAP_CART_VECTOR)
    if constexpr (sizeof(Key) == 4) {
        if (useAvx2()) {
            partition32(src, dst, begin, end, pos, goesLeft);
            return;
        }
    }
#endif
    partitionGroup(src, dst, begin, end, pos, goesLeft);
}

template <class Key, bool Unit>
void scanGroups(const Key* ks, std::size_t stride, int groups, const ScanRange& r,
                const double* wy, const double* cw, double* out, bool countsInKeys)
{
#if defined(NAAP_CART_VECTOR)
    if (useAvx512()) {
        scan512(ks, stride, groups, r, wy, cw, out, Unit, countsInKeys, rowLoads());
        return;
    }
    if (useAvx2()) {
        if constexpr (sizeof(Key) == 4)
            (Unit ? scan32Unit : scan32)(ks, stride, groups, r, wy, cw, out);
        else
            (Unit ? scan64Unit : scan64)(ks, stride, groups, r, wy, cw, out);
        return;
    }
#endif
    scanGroupsScalar<Key, Unit>(ks, stride, groups, r, wy, cw, out);
}

template <class Key>
void fillOrder(const std::vector<float>& xf, int rows, const std::vector<int>& laneFeature,
               std::vector<Key>& order, std::vector<std::uint32_t>& classes)
{
    const auto n = static_cast<std::size_t>(rows);
    order.assign(laneFeature.size() * n, 0);
    std::vector<std::uint32_t> idx(n);
    for (std::size_t lf = 0; lf < laneFeature.size(); ++lf) {
        const std::size_t g = lf / kLanes;
        const std::size_t lane = lf % kLanes;
        Key* ord = order.data() + g * n * kLanes + lane;
        const int f = laneFeature[lf];
        if (f < 0) { // padding lane: a copy of lane 0, never a candidate
            for (std::size_t k = 0; k < n; ++k)
                ord[k * kLanes] = ord[k * kLanes - lane];
            continue;
        }
        const float* col = xf.data() + static_cast<std::size_t>(f) * n;
        std::iota(idx.begin(), idx.end(), 0U);
        std::stable_sort(idx.begin(), idx.end(),
                         [col](std::uint32_t a, std::uint32_t b) { return col[a] < col[b]; });
        Key cls = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (k > 0 && distinct(col[idx[k - 1]], col[idx[k]]))
                ++cls;
            ord[k * kLanes] = static_cast<Key>((cls << KeyTraits<Key>::kShift) | idx[k]);
            classes[static_cast<std::size_t>(f) * n + idx[k]] = static_cast<std::uint32_t>(cls);
        }
    }
}

// Whether column col (n values) holds exactly two values, distinct as splits see them; lo and
// hi receive them.
bool twoValued(const float* col, int n, float& lo, float& hi)
{
    lo = col[0];
    hi = col[0];
    for (int i = 1; i < n; ++i) {
        if (col[i] == lo || col[i] == hi)
            continue;
        if (lo != hi)
            return false; // a third value
        (col[i] < lo ? lo : hi) = col[i];
    }
    return lo != hi && distinct(lo, hi);
}
} // namespace

CartData::CartData(const Matrix& X)
    : m_rows(static_cast<int>(X.rows())), m_features(static_cast<int>(X.cols()))
{
    const auto n = static_cast<std::size_t>(m_rows);
    m_xf.resize(n * static_cast<std::size_t>(m_features));
    for (int f = 0; f < m_features; ++f) {
        float* col = m_xf.data() + static_cast<std::size_t>(f) * n;
        for (int i = 0; i < m_rows; ++i)
            col[i] = static_cast<float>(X(i, f));
    }
    // A two-valued feature is counted instead of scanned where that saves a scan pass (see
    // counted()): the scan runs groups four at a time as two chains, and a last one, two or
    // three groups as single chains, each as slow as a full pass. With 4k + 1 features and an
    // odd number of groups, one group fewer saves such a pass; with an even number it would
    // cost one or two (measured: +3.5 % and +6 % a tree at 21 and 45 features).
    const int groupsScanningAll = (m_features + kLanes - 1) / kLanes;
    if (m_rows > 0 && m_features > 1 && m_features % kLanes == 1 && groupsScanningAll % 2 == 1) {
        for (int f = 0; f < m_features && m_counted < 0; ++f)
            if (twoValued(column(f), m_rows, m_countedLo, m_countedHi))
                m_counted = f;
    }
    m_laneOf.assign(static_cast<std::size_t>(m_features), -1);
    m_laneFeature.assign(static_cast<std::size_t>(groups()) * kLanes, -1);
    int lane = 0;
    for (int f = 0; f < m_features; ++f) {
        if (f == m_counted)
            continue;
        m_laneOf[static_cast<std::size_t>(f)] = lane;
        m_laneFeature[static_cast<std::size_t>(lane++)] = f;
    }
    m_cls.assign(n * static_cast<std::size_t>(m_features), 0);
    if (m_counted >= 0) {
        const float* col = column(m_counted);
        for (std::size_t i = 0; i < n; ++i)
            m_cls[static_cast<std::size_t>(m_counted) * n + i] = col[i] == m_countedHi ? 1U : 0U;
    }
    m_narrow = m_rows <= 4096; // classes (below the row count) in 12 bits (KeyTraits)
    if (m_narrow)
        fillOrder(m_xf, m_rows, m_laneFeature, m_order32, m_cls);
    else
        fillOrder(m_xf, m_rows, m_laneFeature, m_order64, m_cls);
}

namespace {
/// Recently presorted matrices: the original values (for an exact match) and their CartData.
struct CartCacheEntry {
    std::uint64_t hash = 0;
    Matrix X;
    std::shared_ptr<const CartData> data;
};

std::uint64_t hashMatrix(const Matrix& X)
{
    std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(X.rows() * 31 + X.cols());
    const double* v = X.data();
    for (long i = 0; i < X.size(); ++i) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, v + i, sizeof bits);
        h = (h ^ bits) * 1099511628211ULL;
        h ^= h >> 29;
    }
    return h;
}

bool sameMatrix(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}
} // namespace

std::shared_ptr<const CartData> CartData::shared(const Matrix& X)
{
    // Few entries, and none for big inputs: the cache is for the protocol's repeated fits.
    constexpr std::size_t kEntries = 8;
    constexpr long kMaxCells = 1L << 20;
    if (X.size() > kMaxCells)
        return std::make_shared<const CartData>(X);
    static std::mutex mutex;
    static std::vector<CartCacheEntry> cache; // most recent last
    const std::uint64_t hash = hashMatrix(X);
    {
        const std::lock_guard lock(mutex);
        for (auto it = cache.begin(); it != cache.end(); ++it) {
            if (it->hash == hash && sameMatrix(it->X, X)) {
                std::rotate(it, it + 1, cache.end());
                return cache.back().data;
            }
        }
    }
    auto data = std::make_shared<const CartData>(X); // outside the lock: it takes a while
    const std::lock_guard lock(mutex);
    if (cache.size() >= kEntries)
        cache.erase(cache.begin());
    cache.push_back({hash, X, data});
    return data;
}

template <>
const std::uint32_t* CartData::order<std::uint32_t>(int g) const
{
    return m_order32.data() + static_cast<std::size_t>(g) * m_rows * kLanes;
}

template <>
const std::uint64_t* CartData::order<std::uint64_t>(int g) const
{
    return m_order64.data() + static_cast<std::size_t>(g) * m_rows * kLanes;
}

struct CartBuilder::Best {
    int feature = -1;
    int pos = -1; ///< first position of the right child
    double proxy = -std::numeric_limits<double>::infinity();
};

template <>
std::vector<std::uint32_t>* CartBuilder::buffers<std::uint32_t>()
{
    return m_buf32;
}

template <>
std::vector<std::uint64_t>* CartBuilder::buffers<std::uint64_t>()
{
    return m_buf64;
}

template <class Key>
const Key* CartBuilder::keys(int depth, int g)
{
    if (depth == 0 && m_allRows)
        return m_data.order<Key>(g);
    return writeKeys<Key>(depth, g);
}

CartBuilder::CartBuilder(const CartData& data, CartOptions options)
    : m_data(data), m_options(options), m_n(data.rows()), m_f(data.features()),
      m_g(data.groups())
{
    const auto n = static_cast<std::size_t>(m_n);
    const std::size_t cells = n * static_cast<std::size_t>(m_g) * kLanes;
    for (auto& b : m_buf32)
        b.resize(data.narrow() ? cells : 0);
    for (auto& b : m_buf64)
        b.resize(data.narrow() ? 0 : cells);
    m_wy.resize(n);
    m_wyy.resize(n);
    m_cw.resize(n);
    m_cnt.resize(n);
    m_left.resize(n);
    m_leftBits.resize(16);
    m_compact.resize(8 * (n + 16)); // AVX-512 compaction and partition scratch
    if (data.counted() >= 0) { // countedSplit's list
        if (data.narrow())
            m_countedKeys32.resize(n * kLanes);
        else
            m_countedKeys64.resize(n * kLanes);
    }
    m_scan.resize(static_cast<std::size_t>(m_g) * kLanes * 2);
    m_rows.resize(n);
    m_perm.resize(static_cast<std::size_t>(m_f));
    std::iota(m_perm.begin(), m_perm.end(), 0);
    m_options.minSamplesLeaf = std::max(1, m_options.minSamplesLeaf);
    m_options.minSamplesSplit = std::max(2, m_options.minSamplesSplit);
}

void CartBuilder::grow(const double* y, const std::int32_t* counts, Rng& rng,
                       RegressionTree& out, std::int32_t* leafOfRow)
{
    if (m_data.narrow())
        growKeys<std::uint32_t>(y, counts, rng, out, leafOfRow);
    else
        growKeys<std::uint64_t>(y, counts, rng, out, leafOfRow);
}

template <class Key>
void CartBuilder::growKeys(const double* y, const std::int32_t* counts, Rng& rng,
                           RegressionTree& out, std::int32_t* leafOfRow)
{
    const auto n = static_cast<std::size_t>(m_n);
    m_y = y;
    // Each tree starts from the same feature order, so a tree depends only on its inputs and
    // rng, never on the trees this builder grew before (threads may share them out).
    std::iota(m_perm.begin(), m_perm.end(), 0);
    std::int64_t total = 0;
    double sum = 0.0;
    double sumSq = 0.0;
    int used = 0;
    m_unit = true;
    std::int32_t maxCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
        assert(counts[i] >= 0);
        m_cnt[i] = counts[i];
        m_cw[i] = counts[i];
        m_wy[i] = counts[i] * y[i];
        m_wyy[i] = m_wy[i] * y[i];
        total += counts[i];
        sum += m_wy[i];
        sumSq += m_wyy[i];
        m_unit = m_unit && counts[i] <= 1;
        maxCount = std::max(maxCount, counts[i]);
        used += counts[i] != 0 ? 1 : 0;
    }
    // Rows drawn zero times take no part (scikit-learn drops zero-weight samples).
    m_allRows = used == m_n;
    bool compacted = m_allRows;
    // Compacted keys take their rows' counts where they fit (the root of a full sample reads
    // the shared presorted keys, which hold none).
    m_countsInKeys = !m_unit && !compacted && maxCount <= KeyTraits<Key>::kMaxCount;
    constexpr int kCountShift = KeyTraits<Key>::kRowBits;
#if defined(NAAP_CART_AVX512)
    if constexpr (sizeof(Key) == 4) {
        if (useAvx512() && !compacted) {
            compact512(m_data.order<Key>(0), writeKeys<Key>(0, 0), n * kLanes, m_g, m_n,
                       counts, m_countsInKeys, m_compact.data());
            compacted = true;
        }
    }
#endif
    for (int g = 0; g < m_g && !compacted; ++g) {
        const Key* ord = m_data.order<Key>(g);
        Key* dst = writeKeys<Key>(0, g);
        for (int lane = 0; lane < kLanes; ++lane) {
            int k = 0;
            for (int i = 0; i < m_n; ++i) {
                const Key key = ord[i * kLanes + lane];
                const std::int32_t c = counts[KeyTraits<Key>::row(key)];
                dst[k * kLanes + lane] =
                    m_countsInKeys ? key | (static_cast<Key>(c) << kCountShift) : key;
                k += c != 0 ? 1 : 0;
            }
        }
    }
    out.nodes.clear();
    out.nodes.reserve(static_cast<std::size_t>(2 * used + 1));
    out.nodes.emplace_back();
    if (used == 0 || total == 0)
        return;
    // Records `node` as the leaf of the rows at [begin, end) of a buffer (lane 0 of group g).
    const auto markLeaf = [&](const Key* ks, int begin, int end, int node) {
        if (leafOfRow == nullptr)
            return;
        for (int k = begin; k < end; ++k)
            leafOfRow[KeyTraits<Key>::row(ks[k * kLanes])] = node;
    };
    m_stack.clear();
    // Moves a node that will be split small to m_rows (its rows at [begin, end) of ks).
    const auto makeSmall = [&](const Key* ks, Task& t) {
        t.small = t.end - t.begin <= kSmall && !isLeaf(t);
        if (t.small)
            for (int k = t.begin; k < t.end; ++k)
                m_rows[static_cast<std::size_t>(k)] = KeyTraits<Key>::row(ks[k * kLanes]);
    };
    Task root{0, used, 0, 0, sum, sumSq, total, false};
    const int counted = m_data.counted();
    const std::uint32_t* countedCls = counted >= 0 ? m_data.classes(counted) : nullptr;
    if (counted >= 0) {
        for (std::size_t i = 0; i < n; ++i) { // branch-free, as for the children below
            const std::uint32_t in0 = countedCls[i] ^ 1U;
            root.sum0 += m_wy[i] * static_cast<double>(in0); // 0 where counts[i] is 0
            root.weight0 += static_cast<std::int64_t>(counts[i]) * in0;
            root.rows0 += static_cast<int>(in0 & (counts[i] != 0 ? 1U : 0U));
        }
    }
    makeSmall(keys<Key>(0, 0), root);
    m_stack.push_back(root);
    while (!m_stack.empty()) {
        const Task task = m_stack.back();
        m_stack.pop_back();
        if (task.small) {
            growSmall(task, rng, out, leafOfRow);
            continue;
        }
        out.nodes[static_cast<std::size_t>(task.node)].value =
            task.sum / static_cast<double>(task.weight);
        Best best;
        if (!isLeaf(task)) {
            if (m_unit)
                findSplit<Key, true>(task, rng, best);
            else
                findSplit<Key, false>(task, rng, best);
        }
        if (best.feature < 0) {
            markLeaf(keys<Key>(task.depth, 0), task.begin, task.end, task.node);
            continue;
        }
        const bool byCount = best.feature == counted;
        const int at = m_data.laneOf(best.feature);
        const Key* split =
            byCount ? countedSplit<Key>(task) : keys<Key>(task.depth, at / kLanes) + at % kLanes;
        const float* col = m_data.column(best.feature);
        const auto left = static_cast<std::int32_t>(out.nodes.size());
        auto& node = out.nodes[static_cast<std::size_t>(task.node)];
        node.feature = best.feature;
        node.threshold =
            byCount ? cartThreshold(m_data.countedLo(), m_data.countedHi())
                    : cartThreshold(col[KeyTraits<Key>::row(split[(best.pos - 1) * kLanes])],
                                    col[KeyTraits<Key>::row(split[best.pos * kLanes])]);
        node.left = left;
        node.right = left + 1;
        // Children's totals, summed over their rows (as scikit-learn's criterion does).
        Task l{task.begin, best.pos, task.depth + 1, left, 0.0, 0.0, 0, false};
        Task r{best.pos, task.end, task.depth + 1, left + 1, 0.0, 0.0, 0, false};
        // With a counted feature, its class 0 totals too, in the same pass, branch-free (the
        // classes are 0 or 1; a branch on them mispredicts about every other row).
        for (Task* c : {&l, &r}) {
            if (countedCls != nullptr) {
                for (int k = c->begin; k < c->end; ++k) {
                    const std::uint32_t row = KeyTraits<Key>::row(split[k * kLanes]);
                    const double wy = m_wy[row];
                    const std::int32_t cnt = m_cnt[row];
                    const std::uint32_t in0 = countedCls[row] ^ 1U;
                    c->sum += wy;
                    c->sumSq += m_wyy[row];
                    c->weight += cnt;
                    c->sum0 += wy * static_cast<double>(in0); // (+0 changes no sum)
                    c->weight0 += static_cast<std::int64_t>(cnt) * in0;
                    c->rows0 += static_cast<int>(in0);
                }
            } else {
                for (int k = c->begin; k < c->end; ++k) {
                    const std::uint32_t row = KeyTraits<Key>::row(split[k * kLanes]);
                    c->sum += m_wy[row];
                    c->sumSq += m_wyy[row];
                    c->weight += m_cnt[row];
                }
            }
        }
        out.nodes.emplace_back();
        out.nodes.emplace_back();
        out.nodes[static_cast<std::size_t>(left)].value = l.sum / static_cast<double>(l.weight);
        out.nodes[static_cast<std::size_t>(left + 1)].value =
            r.sum / static_cast<double>(r.weight);
        const bool splitLeft = !isLeaf(l);
        const bool splitRight = !isLeaf(r);
        if (!splitLeft)
            markLeaf(split, l.begin, l.end, l.node);
        if (!splitRight)
            markLeaf(split, r.begin, r.end, r.node);
        makeSmall(split, l);
        makeSmall(split, r);
        const bool keysLeft = splitLeft && !l.small;
        const bool keysRight = splitRight && !r.small;
        if (keysLeft || keysRight)
            partition<Key>(task, best, split, keysLeft, keysRight);
        if (splitRight)
            m_stack.push_back(r);
        if (splitLeft)
            m_stack.push_back(l);
    }
}

template <class Key, bool Unit>
void CartBuilder::findSplit(const Task& task, Rng& rng, Best& best)
{
    const int minLeaf = m_options.minSamplesLeaf;
    ScanRange range{task.begin, task.end, task.begin + minLeaf, task.end - minLeaf, task.sum,
                    static_cast<double>(task.weight)};
    double* res = m_scan.data();
    const Key* base = keys<Key>(task.depth, 0);
    const std::size_t stride = static_cast<std::size_t>(m_n) * kLanes;
    scanGroups<Key, Unit>(base, stride, m_g, range, m_wy.data(), m_cw.data(), res, m_countsInKeys);
    // The counted feature's one candidate, class 0 left, with the scan's arithmetic.
    const int counted = m_data.counted();
    double countedProxy = -std::numeric_limits<double>::infinity();
    const int countedPos = task.begin + task.rows0;
    if (counted >= 0 && countedPos >= range.first && countedPos <= range.last) {
        const double sl = task.sum0;
        const double wl = static_cast<double>(task.weight0);
        const double sr = range.sum - sl;
        const double wr = range.weight - wl;
        countedProxy = (sl * sl * wr + sr * sr * wl) / (wl * wr);
    }
    // The best proxy; features within kTieTolerance of it tie, one drawn at random. The scan's
    // lanes hold the features in order, the counted one left out; padding lanes repeat a
    // group's lane 0, which changes no maximum.
    const int lanes = m_data.scanned();
    const auto proxyAt = [res](int lane) {
        return res[static_cast<std::size_t>(lane / kLanes) * kLanes * 2 + lane % kLanes];
    };
    const auto posAt = [res](int lane) {
        return static_cast<int>(res[static_cast<std::size_t>(lane / kLanes) * kLanes * 2 + kLanes + lane % kLanes]);
    };
    double top = countedProxy;
    for (int g = 0; g < m_g; ++g)
        for (int l = 0; l < kLanes; ++l)
            top = std::max(top, res[static_cast<std::size_t>(g) * kLanes * 2 + l]);
    if (top == -std::numeric_limits<double>::infinity())
        return;
    const double floor = top - kTieTolerance * std::abs(top);
    // Features reaching the floor tie: one is drawn as scikit-learn's random visiting order
    // would, by reservoir sampling over the features in order. Ties are the rule in small
    // nodes (neighbouring epochs' features split alike), so the lanes reaching the floor are
    // gathered as bits first, 64 lanes at a time, and only they are visited. The counted
    // feature comes in its feature order: after the `counted` lanes of the features before it.
    int ties = 0;
    int chosen = -1; // a lane, or -1 for the counted feature
    const auto visit = [&](int lane) {
        ++ties;
        if (ties == 1 || rng.below(static_cast<std::uint64_t>(ties)) == 0)
            chosen = lane;
    };
    const auto visitBits = [&](std::uint64_t bits, int from) {
        for (; bits != 0; bits &= bits - 1)
            visit(from + std::countr_zero(bits));
    };
    const bool countedTies = countedProxy >= floor;
    for (int from = 0; from < lanes; from += 64) {
        const int n = std::min(64, lanes - from);
        std::uint64_t bits = 0;
        for (int i = 0; i < n; ++i)
            bits |= static_cast<std::uint64_t>(proxyAt(from + i) >= floor ? 1 : 0) << i;
        if (countedTies && counted >= from && counted < from + n) {
            const std::uint64_t before = bits & ((std::uint64_t{1} << (counted - from)) - 1);
            visitBits(before, from);
            visit(-1);
            bits &= ~before;
        }
        visitBits(bits, from);
    }
    if (countedTies && counted >= lanes)
        visit(-1);
    best.feature = chosen < 0 ? counted : m_data.featureOfLane(chosen);
    best.proxy = chosen < 0 ? countedProxy : proxyAt(chosen);
    best.pos = chosen < 0 ? countedPos : posAt(chosen);
}

template <class Key>
const Key* CartBuilder::countedSplit(const Task& task)
{
    // Any group's list holds the node's rows; class 0 first, each side in that list's order.
    Key* out;
    if constexpr (sizeof(Key) == 4)
        out = m_countedKeys32.data();
    else
        out = m_countedKeys64.data();
    const Key* ks = keys<Key>(task.depth, 0);
    const std::uint32_t* cls = m_data.classes(m_data.counted());
    int k = task.begin;
    for (const std::uint32_t side : {0U, 1U})
        for (int i = task.begin; i < task.end; ++i)
            if (cls[KeyTraits<Key>::row(ks[i * kLanes])] == side)
                out[static_cast<std::size_t>(k++) * kLanes] = ks[i * kLanes];
    return out;
}

template <class Key>
void CartBuilder::partition(const Task& task, const Best& best, const Key* split, bool wantLeft,
                            bool wantRight)
{
#if defined(NAAP_CART_VECTOR)
    if constexpr (sizeof(Key) == 4) {
        if (useAvx512()) {
            const bool inReg = m_n <= 512;
            if (inReg) {
                std::fill(m_leftBits.begin(), m_leftBits.end(), 0U);
                for (int k = task.begin; k < best.pos; ++k) {
                    const std::uint32_t row = KeyTraits<Key>::row(split[k * kLanes]);
                    m_leftBits[row >> 5] |= 1U << (row & 31);
                }
            } else {
                for (int k = task.begin; k < best.pos; ++k)
                    m_left[KeyTraits<Key>::row(split[k * kLanes])] = -1;
                for (int k = best.pos; k < task.end; ++k)
                    m_left[KeyTraits<Key>::row(split[k * kLanes])] = 0;
            }
            partitionCompress512(keys<Key>(task.depth, 0), writeKeys<Key>(task.depth + 1, 0),
                                 static_cast<std::size_t>(m_n) * kLanes, m_g, task.begin, task.end,
                                 best.pos, m_leftBits.data(), m_n, m_left.data(), m_compact.data(),
                                 wantLeft, wantRight);
            return;
        }
    }
#endif
    for (int k = task.begin; k < best.pos; ++k)
        m_left[KeyTraits<Key>::row(split[k * kLanes])] = -1;
    for (int k = best.pos; k < task.end; ++k)
        m_left[KeyTraits<Key>::row(split[k * kLanes])] = 0;
    const std::int32_t* goesLeft = m_left.data();
    for (int g = 0; g < m_g; ++g)
        partitionKeys(keys<Key>(task.depth, g), writeKeys<Key>(task.depth + 1, g), task.begin,
                       task.end, best.pos, goesLeft);
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
    if (features <= 0 || tree.nodes.empty())
        return;
    const auto f = static_cast<std::size_t>(features);
    const std::size_t rows = xf.size() / f;
    const RegressionTree::Node* nodes = tree.nodes.data();
    // Eight rows descend together, one level a round, without branches (a row at its leaf
    // stays there): their loads overlap instead of waiting on each other, and no branch
    // mispredicts on the rows' different paths.
    constexpr std::size_t kBlock = 8;
    std::size_t i = 0;
    for (; i + kBlock <= rows; i += kBlock) {
        const float* x = xf.data() + i * f;
        std::int32_t at[kBlock] = {};
        for (bool moving = true; moving;) {
            moving = false;
            for (std::size_t j = 0; j < kBlock; ++j) {
                const RegressionTree::Node& n = nodes[at[j]];
                const bool inner = n.feature >= 0;
                const float v = x[j * f + static_cast<std::size_t>(inner ? n.feature : 0)];
                const std::int32_t next = v <= n.threshold ? n.left : n.right;
                at[j] = inner ? next : at[j];
                moving = moving || inner;
            }
        }
        for (std::size_t j = 0; j < kBlock; ++j)
            out[i + j] += scale * nodes[at[j]].value;
    }
    for (; i < rows; ++i)
        out[i] += scale * tree.predictRow(xf.data() + i * f);
}

} // namespace naap::core::detail
