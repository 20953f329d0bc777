// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

// The CART engine's two inner loops: the split scan and the partition of a node's sorted rows,
// each over one group of kLanes features interleaved position by position.

#include <cstdint>
#include <cstring>
#include <limits>

#include "models/detail/cart.h"

namespace naap::core::detail {

/// Packed sorted keys: (value class << kShift) | row. 32-bit keys hold rows below 4096 in
/// the low 16 bits (so that a 16-bit load reads the row), the row's bootstrap count in bits
/// 16-19 (0 in the presorted data; a tree may store counts there, see
/// CartBuilder::m_countsInKeys) and the value class (below 4096, as the rows) in bits 20-31.
template <class Key>
struct KeyTraits {
    static constexpr int kShift = sizeof(Key) == 4 ? 20 : 32;
    static constexpr int kRowBits = sizeof(Key) == 4 ? 16 : kShift;
    static constexpr Key kRowMask = (Key{1} << kRowBits) - 1;
    static constexpr int kMaxCount = sizeof(Key) == 4 ? 15 : 0; ///< storable in the key
    static std::uint32_t row(Key k) { return static_cast<std::uint32_t>(k & kRowMask); }
    static Key cls(Key k) { return k >> kShift; }
};
inline constexpr int kNarrowRowMask = static_cast<int>(KeyTraits<std::uint32_t>::kRowMask);

/// A node [begin, end) whose right child may start at first..last, with its weighted sum
/// of y and total weight.
struct ScanRange {
    int begin;
    int end;
    int first;
    int last;
    double sum;
    double weight;
};

#if defined(__GNUC__) && defined(__x86_64__)
#define NAAP_CART_VECTOR 1
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
using V4d = double __attribute__((vector_size(32)));
using V4l = long long __attribute__((vector_size(32)));
using V4u = std::uint32_t __attribute__((vector_size(16)));
using V4ul = unsigned long long __attribute__((vector_size(32)));

/// Lanes whose value class changes between two positions (all ones), else zero.
__attribute__((always_inline)) inline V4l classChange(const std::uint32_t* cur)
{
    V4u a;
    V4u b;
    std::memcpy(&a, cur, sizeof a);
    std::memcpy(&b, cur + kLanes, sizeof b);
    return __builtin_convertvector(((a ^ b) >> KeyTraits<std::uint32_t>::kShift) != 0, V4l);
}

__attribute__((always_inline)) inline V4l classChange(const std::uint64_t* cur)
{
    V4ul a;
    V4ul b;
    std::memcpy(&a, cur, sizeof a);
    std::memcpy(&b, cur + kLanes, sizeof b);
    return (V4l)(((a ^ b) >> 32) != 0);
}

template <class Key>
__attribute__((always_inline)) inline V4d gather(const double* a, const Key* k)
{
    using T = KeyTraits<Key>;
    return V4d{a[T::row(k[0])], a[T::row(k[1])], a[T::row(k[2])], a[T::row(k[3])]};
}

/// One group's scan state: running left sums, and per lane the best proxy so far (its
/// numerator and denominator, proxy = sl²/wl + sr²/wr, compared as cross-products) and the
/// first position reaching it (-1: none, e.g. a constant feature).
template <class Key, bool Unit>
struct LaneScan {
    V4d sl;
    V4d wl;
    V4d bestNum;
    V4d bestDen;
    V4l bestPos;
    const Key* cur;

    __attribute__((always_inline)) inline void start(const Key* ks, const ScanRange& r,
                                                     const double* wy, const double* cw)
    {
        sl = V4d{0.0, 0.0, 0.0, 0.0};
        wl = sl;
        for (int k = r.begin; k < r.first - 1; ++k) {
            sl += gather(wy, ks + k * kLanes);
            if constexpr (!Unit)
                wl += gather(cw, ks + k * kLanes);
        }
        bestNum = sl - 1.0 - sl;
        bestDen = sl + 1.0 - sl;
        bestPos = V4l{-1, -1, -1, -1};
        cur = ks + static_cast<std::ptrdiff_t>(r.first - 1) * kLanes;
    }

    __attribute__((always_inline)) inline void step(int p, V4d total, V4d weight, V4d unitWl,
                                                    const double* wy, const double* cw)
    {
        sl += gather(wy, cur);
        if constexpr (Unit)
            wl = unitWl;
        else
            wl += gather(cw, cur);
        const V4d sr = total - sl;
        const V4d wr = weight - wl;
        const V4d num = sl * sl * wr + sr * sr * wl;
        const V4d den = wl * wr;
        const V4l better = (num * bestDen > bestNum * den) & classChange(cur);
        bestNum = better ? num : bestNum;
        bestDen = better ? den : bestDen;
        bestPos = better ? V4l{0, 0, 0, 0} + p : bestPos;
        cur += kLanes;
    }

    __attribute__((always_inline)) inline void finish(double* out) const
    {
        const V4d none = V4d{0.0, 0.0, 0.0, 0.0} - std::numeric_limits<double>::infinity();
        const V4d proxy = bestPos >= 0 ? bestNum / bestDen : none;
        for (int l = 0; l < kLanes; ++l) {
            out[l] = proxy[l];
            out[kLanes + l] = static_cast<double>(bestPos[l]);
        }
    }
};

/// Best split of each lane of groups (kLanes keys per position, group g at
/// ks + g * stride): out receives per group and lane the best proxy's numerator,
/// denominator and position (see LaneScan). Two groups advance together (independent chains).
template <class Key, bool Unit>
__attribute__((always_inline)) inline void scanGroupsVec(const Key* ks, std::size_t stride,
                                                          int groups, const ScanRange& r,
                                                          const double* wy, const double* cw,
                                                          double* out)
{
    static_assert(kLanes == 4);
    const V4d zero = {0.0, 0.0, 0.0, 0.0};
    const V4d total = zero + r.sum;
    const V4d weight = zero + r.weight;
    int g = 0;
    for (; g + 1 < groups; g += 2) {
        LaneScan<Key, Unit> a;
        LaneScan<Key, Unit> b;
        a.start(ks + g * stride, r, wy, cw);
        b.start(ks + (g + 1) * stride, r, wy, cw);
        for (int p = r.first; p <= r.last; ++p) {
            const V4d unitWl = zero + static_cast<double>(p - r.begin);
            a.step(p, total, weight, unitWl, wy, cw);
            b.step(p, total, weight, unitWl, wy, cw);
        }
        a.finish(out + static_cast<std::size_t>(g) * kLanes * 2);
        b.finish(out + static_cast<std::size_t>(g + 1) * kLanes * 2);
    }
    if (g < groups) {
        LaneScan<Key, Unit> a;
        a.start(ks + g * stride, r, wy, cw);
        for (int p = r.first; p <= r.last; ++p)
            a.step(p, total, weight, zero + static_cast<double>(p - r.begin), wy, cw);
        a.finish(out + static_cast<std::size_t>(g) * kLanes * 2);
    }
}

/// partitionGroup (below) for 32-bit keys, the kLanes lanes of a position at once: goesLeft
/// holds -1 (left) or 0 by row; each lane's key lands at its own running left or right slot.
__attribute__((always_inline)) inline void partitionGroupVec(const std::uint32_t* src,
                                                             std::uint32_t* dst, int begin,
                                                             int end, int pos,
                                                             const std::int32_t* goesLeft)
{
    using V4i = int __attribute__((vector_size(16)));
    const V4i lanes = {0, 1, 2, 3};
    V4i l = V4i{0, 0, 0, 0} + begin * kLanes + lanes; // element index of the next left slot
    V4i r = V4i{0, 0, 0, 0} + pos * kLanes + lanes;
    const V4i step = V4i{0, 0, 0, 0} + kLanes;
    for (int k = begin; k < end; ++k) {
        V4i key;
        std::memcpy(&key, src + static_cast<std::ptrdiff_t>(k) * kLanes, sizeof key);
        const V4i rows = key & kNarrowRowMask;
        const V4i left = V4i{goesLeft[rows[0]], goesLeft[rows[1]], goesLeft[rows[2]],
                             goesLeft[rows[3]]};
        const V4i at = left ? l : r;
        l += left & step;
        r += ~left & step;
        dst[at[0]] = static_cast<std::uint32_t>(key[0]);
        dst[at[1]] = static_cast<std::uint32_t>(key[1]);
        dst[at[2]] = static_cast<std::uint32_t>(key[2]);
        dst[at[3]] = static_cast<std::uint32_t>(key[3]);
    }
}
#pragma GCC diagnostic pop
#endif

/// The same scan in scalar code (the portable path), the lanes of a group side by side.
template <class Key, bool Unit>
inline void scanGroupsScalar(const Key* base, std::size_t stride, int groups, const ScanRange& r,
                             const double* wy, const double* cw, double* res)
{
    using T = KeyTraits<Key>;
    for (int g = 0; g < groups; ++g) {
        const Key* ks = base + g * stride;
        double sl[kLanes] = {};
        double wl[kLanes] = {};
        double bestNum[kLanes];
        double bestDen[kLanes];
        int bestPos[kLanes];
        for (int l = 0; l < kLanes; ++l) {
            bestNum[l] = -1.0;
            bestDen[l] = 1.0;
            bestPos[l] = -1;
        }
        for (int k = r.begin; k < r.first - 1; ++k) {
            for (int l = 0; l < kLanes; ++l) {
                sl[l] += wy[T::row(ks[k * kLanes + l])];
                wl[l] += cw[T::row(ks[k * kLanes + l])];
            }
        }
        const Key* cur = ks + static_cast<std::ptrdiff_t>(r.first - 1) * kLanes;
        for (int p = r.first; p <= r.last; ++p, cur += kLanes) {
            for (int l = 0; l < kLanes; ++l) {
                const Key key = cur[l];
                sl[l] += wy[T::row(key)];
                wl[l] = Unit ? static_cast<double>(p - r.begin) : wl[l] + cw[T::row(key)];
                const double sr = r.sum - sl[l];
                const double wr = r.weight - wl[l];
                const double num = sl[l] * sl[l] * wr + sr * sr * wl[l];
                const double den = wl[l] * wr;
                const bool better = (T::cls(key) != T::cls(cur[kLanes + l])) &
                                    (num * bestDen[l] > bestNum[l] * den);
                bestNum[l] = better ? num : bestNum[l];
                bestDen[l] = better ? den : bestDen[l];
                bestPos[l] = better ? p : bestPos[l];
            }
        }
        double* out = res + static_cast<std::size_t>(g) * kLanes * 2;
        for (int l = 0; l < kLanes; ++l) {
            out[l] = bestPos[l] >= 0 ? bestNum[l] / bestDen[l]
                                     : -std::numeric_limits<double>::infinity();
            out[kLanes + l] = bestPos[l];
        }
    }
}

/// Stable partition of positions [begin, end) of every lane: rows with goesLeft go to
/// [begin, pos), the others to [pos, end), in order.
template <class Key>
void partitionGroup(const Key* src, Key* dst, int begin, int end, int pos,
                    const std::int32_t* goesLeft)
{
    for (int lane = 0; lane < kLanes; ++lane) {
        const Key* in = src + lane;
        Key* out = dst + lane;
        std::ptrdiff_t l = begin;
        std::ptrdiff_t r = pos;
        for (int k = begin; k < end; ++k) {
            const Key key = in[k * kLanes];
            const std::ptrdiff_t isLeft = goesLeft[KeyTraits<Key>::row(key)] & 1;
            // Branch-free: the side is data, not control flow.
            out[(r ^ ((l ^ r) & -isLeft)) * kLanes] = key;
            l += isLeft;
            r += 1 - isLeft;
        }
    }
}

} // namespace naap::core::detail
