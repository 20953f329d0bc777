// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "naap/core/models/tree.h"
#include "naap/core/models/types.h"
#include "naap/core/util/rng.h"

// The one CART engine (squared error, best splitter, scikit-learn 1.2 semantics) behind the
// decision tree, the random forest and both boosters.
namespace naap::core::detail {

/// Features are handled in groups of kLanes, interleaved position by position, so that one
/// split scan advances kLanes features at once (SIMD lanes, independent add chains).
constexpr int kLanes = 4;

/// X as float32, column-major, with every feature presorted once per fit. Shared by all the
/// trees of an ensemble (read-only while trees grow).
class CartData {
public:
    explicit CartData(const Matrix& X);
    /// The CartData of X, shared with earlier callers that passed equal data: the protocol
    /// fits the same training rows once per seed and per tree family, and presorting them
    /// again each time costs a GB-25 refit a third of its time. A few recent entries are kept
    /// (matched by exact contents); thread-safe.
    static std::shared_ptr<const CartData> shared(const Matrix& X);
    int rows() const { return m_rows; }
    int features() const { return m_features; }
    /// Features in the presorted groups: all but the counted one.
    int scanned() const { return m_features - (m_counted >= 0 ? 1 : 0); }
    int groups() const { return (scanned() + kLanes - 1) / kLanes; }
    /// The group lane (g · kLanes + lane) of feature f, or −1 for the counted feature.
    int laneOf(int f) const { return m_laneOf[static_cast<std::size_t>(f)]; }
    /// The feature in group lane `lane` (< scanned()).
    int featureOfLane(int lane) const { return m_laneFeature[static_cast<std::size_t>(lane)]; }
    /// A feature of exactly two values kept out of the groups (−1: none) where one group
    /// fewer saves a scan pass (4k + 1 features in an odd number of groups: the last group
    /// would hold one feature and cost a pass of its own). Its split is found by counting
    /// (class 0 = the lower value); countedLo() < countedHi() are its two values.
    int counted() const { return m_counted; }
    float countedLo() const { return m_countedLo; }
    float countedHi() const { return m_countedHi; }
    /// Keys fit 32 bits (row in the low 16, a count in the next 4, value class in the high
    /// 12, see KeyTraits): at most 4096 rows, so that classes fit their 12 bits.
    bool narrow() const { return m_narrow; }
    /// Column f (float32 values of feature f, by row).
    const float* column(int f) const { return m_xf.data() + static_cast<std::size_t>(f) * m_rows; }
    /// Feature f's value class by row (0 = smallest; see order()).
    const std::uint32_t* classes(int f) const
    {
        return m_cls.data() + static_cast<std::size_t>(f) * m_rows;
    }
    /// Feature group g's rows in ascending order (ties by row), packed as (value class <<
    /// half) | row, position-major: key of lane l at position p is at [p * kLanes + l]. Sorted
    /// neighbours within 1e-7 share a value class (scikit-learn's FEATURE_THRESHOLD), so a
    /// split may fall only between classes. Padding lanes repeat lane 0.
    template <class Key>
    const Key* order(int g) const;

private:
    int m_rows = 0;
    int m_features = 0;
    int m_counted = -1;
    float m_countedLo = 0.0f;
    float m_countedHi = 0.0f;
    std::vector<int> m_laneOf;
    std::vector<int> m_laneFeature;
    bool m_narrow = true;
    std::vector<float> m_xf;
    std::vector<std::uint32_t> m_cls;
    std::vector<std::uint32_t> m_order32;
    std::vector<std::uint64_t> m_order64;
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
    /// k = row drawn k times). Ties between features go to a seeded random one. With
    /// `leafOfRow`, leafOfRow[i] receives the leaf (node index) of every row with counts[i] > 0.
    void grow(const double* y, const std::int32_t* counts, Rng& rng, RegressionTree& out,
              std::int32_t* leafOfRow = nullptr);

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
        bool small; ///< at most kSmall rows, held in m_rows[begin, end) (no sorted keys)
        /// Over its rows in the counted feature's class 0: Σ count·y, Σ count, rows.
        double sum0 = 0.0;
        std::int64_t weight0 = 0;
        int rows0 = 0;
    };
    /// Nodes this small are split without sorted keys: per feature, their rows are sorted on
    /// the spot, features visited in a random order until one reaches the best possible split.
    static constexpr int kSmall = 4;
    template <class Key>
    void growKeys(const double* y, const std::int32_t* counts, Rng& rng, RegressionTree& out,
                  std::int32_t* leafOfRow);
    /// Too small, too deep or pure (scikit-learn's impurity formula and EPSILON). Inline: every
    /// node asks, twice for a split's children.
    bool isLeaf(const Task& task) const
    {
        const int size = task.end - task.begin;
        if ((m_options.maxDepth > 0 && task.depth >= m_options.maxDepth) ||
            size < m_options.minSamplesSplit || size < 2 * m_options.minSamplesLeaf)
            return true;
        const double w = static_cast<double>(task.weight);
        const double mean = task.sum / w;
        return task.sumSq / w - mean * mean <= DBL_EPSILON;
    }
    template <class Key, bool Unit>
    void findSplit(const Task& task, Rng& rng, Best& best);
    /// Moves the node's keys to the children's ranges in the next buffer: those of the sides
    /// asked for (the AVX-512 path writes only them; the others write both).
    template <class Key>
    void partition(const Task& task, const Best& best, const Key* split, bool wantLeft,
                   bool wantRight);
    /// The node's rows, class 0 of the counted feature first, as a split list (stride kLanes).
    template <class Key>
    const Key* countedSplit(const Task& task);
    /// Splits (or closes) a small node; its children go on the stack.
    void growSmall(const Task& task, Rng& rng, RegressionTree& out, std::int32_t* leafOfRow);
    /// The best proxy over every 2-partition of a small node's rows (by y order).
    double smallBound(const std::uint32_t* rows, int m, const double* wy, const double* cw,
                      double sum, double weight);
    template <class Key>
    std::vector<Key>* buffers();
    /// Group g's keys for nodes at `depth` (the root reads the presorted data itself when
    /// every row takes part).
    template <class Key>
    const Key* keys(int depth, int g);
    template <class Key>
    Key* writeKeys(int depth, int g)
    {
        return buffers<Key>()[depth & 1].data() + static_cast<std::size_t>(g) * m_n * kLanes;
    }

    const CartData& m_data;
    CartOptions m_options;
    int m_n = 0;       ///< rows
    int m_f = 0;       ///< features
    int m_g = 0;       ///< feature groups
    bool m_unit = false;    ///< every used row has weight 1
    bool m_allRows = false; ///< no row has weight 0
    /// The tree's keys carry their rows' counts (32-bit keys, all counts <= 15, rows
    /// compacted at the root): the AVX-512 scan reads weights from them, not from m_cw.
    bool m_countsInKeys = false;
    /// Two buffers (node depth parity) of per-group sorted packed rows; a split moves its
    /// node's range from one to the other, stably partitioned into left then right.
    std::vector<std::uint32_t> m_buf32[2];
    std::vector<std::uint64_t> m_buf64[2];
    std::vector<double> m_wy;          ///< count * y by row
    std::vector<double> m_wyy;         ///< count * y * y by row
    std::vector<double> m_cw;          ///< count by row, as a double
    std::vector<std::int32_t> m_cnt;   ///< count by row
    std::vector<std::int32_t> m_left;  ///< by row: -1 if it goes left in the current split, else 0
    std::vector<std::uint32_t> m_leftBits; ///< the same as a 512-bit row set (rows < 512)
    std::vector<double> m_scan;        ///< per lane: best numerator, denominator, position
    std::vector<Task> m_stack;
    const double* m_y = nullptr;          ///< targets of the current tree
    std::vector<std::uint32_t> m_rows;    ///< rows of small nodes, at their ranges
    std::vector<int> m_perm;              ///< features in the current random visiting order
    std::vector<std::uint32_t> m_compact; ///< scratch of the AVX-512 root compaction and partition
    std::vector<std::uint32_t> m_countedKeys32; ///< countedSplit's list, by key width
    std::vector<std::uint64_t> m_countedKeys64;
};

/// The engine's hand-vectorised loops: plain C++, AVX2 or AVX-512 (bit for bit the same).
enum class CartSimd { None, Avx2, Avx512 };
/// Caps the loops used to `limit` (the default: the widest the CPU has); for tests, which
/// compare them. Process-wide; change it only while no tree grows.
void cartSimdLimit(CartSimd limit);
/// The loops in use now: the CPU's widest, capped by cartSimdLimit.
CartSimd cartSimdInUse();
/// How the AVX-512 split scan reads values by row: Auto (the default) takes scalar loads on
/// AMD and gathers elsewhere (the quicker on each make measured). For tests. Process-wide.
enum class CartReads { Auto, Gather, Loads };
void cartRowReads(CartReads reads);

/// The float threshold of a split between neighbouring values lo < hi (scikit-learn's
/// double midpoint, rounded down to a float that sends the same values left): the largest
/// float t <= the midpoint, so that float x <= t exactly when scikit-learn's double threshold
/// sends x left. Inline, and the step down taken on the bits (std::nextafter is a libm call):
/// every split node takes one.
inline float cartThreshold(float lo, float hi)
{
    double mid = static_cast<double>(lo) / 2.0 + static_cast<double>(hi) / 2.0;
    if (mid == static_cast<double>(hi) || std::isinf(mid))
        mid = lo;
    const float t = static_cast<float>(mid);
    if (!(static_cast<double>(t) > mid))
        return t;
    // The float just below t (t > mid, so t is not -inf; +inf steps to the largest float).
    const auto bits = std::bit_cast<std::uint32_t>(t);
    if ((bits & 0x7fffffffU) == 0)
        return -std::numeric_limits<float>::denorm_min();
    return std::bit_cast<float>(t > 0.0f ? bits - 1U : bits + 1U);
}

/// Row-major float32 copy of X, as trees predict on (scikit-learn casts X to float32).
std::vector<float> toFloat32(const Matrix& X);

/// out[i] += scale * tree(x_i) for every row of the float32 matrix xf (rows × features).
void addPrediction(const RegressionTree& tree, const std::vector<float>& xf, long features,
                   double scale, double* out);

} // namespace naap::core::detail
