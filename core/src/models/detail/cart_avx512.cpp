// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// No FMA contraction: every product and sum rounds on its own, as on the other paths.
#pragma GCC optimize("fp-contract=off")
// GCC 12's AVX-512 headers leave "undefined" vectors that trip this warning.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "models/detail/cart_avx512.h"

#if defined(NAAP_CART_AVX512)
#include <bit>
#include <cstdint>
#include <cstring>
#include <immintrin.h>

#include <limits>

#define NAAP_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw")))
#define NAAP_AVX512_INLINE NAAP_AVX512 __attribute__((always_inline)) inline

namespace naap::core::detail {

bool cartHaveAvx512()
{
    __builtin_cpu_init();
    static const bool have = __builtin_cpu_supports("avx512f") &&
                             __builtin_cpu_supports("avx512vl") &&
                             __builtin_cpu_supports("avx512dq") &&
                             __builtin_cpu_supports("avx512bw");
    return have;
}

namespace {

/// The keys of one position of groups a and b (lanes 0-3: a, 4-7: b). With Loads, values by
/// row are read with eight scalar loads rather than one vgatherdpd.
template <bool Loads>
struct Pair32 {
    using Key = std::uint32_t;
    using Keys = __m256i;
    NAAP_AVX512_INLINE static Keys load(const Key* a, const Key* b)
    {
        return _mm256_inserti128_si256(
            _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a))),
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(b)), 1);
    }
    /// v at the rows of the keys k, loaded from a (lanes 0-3) and b (lanes 4-7): the same
    /// values either way. Gathers were Intel's quicker choice in earlier measurements (see
    /// CartReads). The loads read each row from memory as a 16-bit scalar (the key's low half,
    /// KeyTraits): on an AMD Zen 5 they made a booster's refit (two such reads a step) 17 %
    /// quicker than the gather, and reading the rows again from memory rather than moving
    /// them out of k (a vmovd or vpextrd each, about one a cycle there) made a forest's 9 %.
    NAAP_AVX512_INLINE static __m512d gather(const double* v, const Key* a, const Key* b, Keys k)
    {
        if constexpr (!Loads) {
            const __m256i rows = _mm256_and_si256(k, _mm256_set1_epi32(kNarrowRowMask));
            return _mm512_mask_i32gather_pd(_mm512_setzero_pd(), 0xff, rows, v, 8);
        } else {
            static_assert(std::endian::native == std::endian::little);
            const auto at = [v](const Key* key) {
                std::uint16_t row;
                std::memcpy(&row, key, sizeof row);
                return v + row;
            };
            const __m128d w = _mm_loadh_pd(_mm_load_sd(at(a)), at(a + 1));
            const __m128d x = _mm_loadh_pd(_mm_load_sd(at(a + 2)), at(a + 3));
            const __m128d y = _mm_loadh_pd(_mm_load_sd(at(b)), at(b + 1));
            const __m128d z = _mm_loadh_pd(_mm_load_sd(at(b + 2)), at(b + 3));
            const __m256d lo = _mm256_insertf128_pd(_mm256_castpd128_pd256(w), x, 1);
            const __m256d hi = _mm256_insertf128_pd(_mm256_castpd128_pd256(y), z, 1);
            return _mm512_insertf64x4(_mm512_castpd256_pd512(lo), hi, 1);
        }
    }
    NAAP_AVX512_INLINE static __mmask8 change(Keys a, Keys b)
    {
        return _mm256_test_epi32_mask(_mm256_xor_si256(a, b),
                                      _mm256_set1_epi32(static_cast<int>(~0U << KeyTraits<Key>::kShift)));
    }
    /// The rows' counts held in the keys, as doubles.
    NAAP_AVX512_INLINE static __m512d counts(Keys k)
    {
        constexpr int shift = KeyTraits<Key>::kRowBits;
        return _mm512_cvtepi32_pd(_mm256_and_si256(_mm256_srli_epi32(k, shift),
                                                   _mm256_set1_epi32(KeyTraits<Key>::kMaxCount)));
    }
};

struct Pair64 {
    using Key = std::uint64_t;
    using Keys = __m512i;
    NAAP_AVX512_INLINE static Keys load(const Key* a, const Key* b)
    {
        return _mm512_shuffle_i64x2(
            _mm512_zextsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(a))),
            _mm512_zextsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b))),
            0x44);
    }
    NAAP_AVX512_INLINE static __m512d gather(const double* v, const Key*, const Key*, Keys k)
    {
        return _mm512_mask_i64gather_pd(_mm512_setzero_pd(), 0xff,
                                        _mm512_and_si512(k, _mm512_set1_epi64(0xffffffffLL)), v, 8);
    }
    NAAP_AVX512_INLINE static __mmask8 change(Keys a, Keys b)
    {
        return _mm512_test_epi64_mask(_mm512_xor_si512(a, b),
                                      _mm512_set1_epi64(static_cast<long long>(0xffffffff00000000ULL)));
    }
    static __m512d counts(Keys) = delete; // 64-bit keys hold no counts
};

/// How a scan finds the rows' weights: all 1, from cw, or from the keys' count bits.
enum class Weights { Unit, Gathered, InKeys };

/// LaneScan (cart_scan.h) over the 8 lanes of groups a and b.
template <class P, Weights W>
struct Scan8 {
    using Key = typename P::Key;
    __m512d sl;
    __m512d wl;
    __m512d bestNum;
    __m512d bestDen;
    __m512i bestPos;
    const Key* a;
    const Key* b;

    /// wl plus the keys' weights (Unit: wl is set from the position instead).
    NAAP_AVX512_INLINE static __m512d addWeights(__m512d wl, typename P::Keys keys,
                                                 const Key* ka, const Key* kb, const double* cw)
    {
        if constexpr (W == Weights::Gathered)
            return _mm512_add_pd(wl, P::gather(cw, ka, kb, keys));
        else if constexpr (W == Weights::InKeys)
            return _mm512_add_pd(wl, P::counts(keys));
        else
            return wl;
    }

    NAAP_AVX512_INLINE void start(const Key* ka, const Key* kb, const ScanRange& r,
                                  const double* wy, const double* cw)
    {
        sl = _mm512_setzero_pd();
        wl = sl;
        for (int k = r.begin; k < r.first - 1; ++k) {
            const Key* pa = ka + k * kLanes;
            const Key* pb = kb + k * kLanes;
            const auto keys = P::load(pa, pb);
            sl = _mm512_add_pd(sl, P::gather(wy, pa, pb, keys));
            wl = addWeights(wl, keys, pa, pb, cw);
        }
        bestNum = _mm512_set1_pd(-1.0);
        bestDen = _mm512_set1_pd(1.0);
        bestPos = _mm512_set1_epi64(-1);
        a = ka + static_cast<std::ptrdiff_t>(r.first - 1) * kLanes;
        b = kb + static_cast<std::ptrdiff_t>(r.first - 1) * kLanes;
    }

    NAAP_AVX512_INLINE void step(__m512i p, __m512d total, __m512d weight, __m512d unitWl,
                                 const double* wy, const double* cw)
    {
        const auto keys = P::load(a, b);
        const auto next = P::load(a + kLanes, b + kLanes);
        sl = _mm512_add_pd(sl, P::gather(wy, a, b, keys));
        if constexpr (W == Weights::Unit)
            wl = unitWl;
        else
            wl = addWeights(wl, keys, a, b, cw);
        const __m512d sr = _mm512_sub_pd(total, sl);
        const __m512d wr = _mm512_sub_pd(weight, wl);
        const __m512d num = _mm512_add_pd(_mm512_mul_pd(_mm512_mul_pd(sl, sl), wr),
                                          _mm512_mul_pd(_mm512_mul_pd(sr, sr), wl));
        const __m512d den = _mm512_mul_pd(wl, wr);
        const __mmask8 better =
            _mm512_cmp_pd_mask(_mm512_mul_pd(num, bestDen), _mm512_mul_pd(bestNum, den),
                               _CMP_GT_OQ) &
            P::change(keys, next);
        bestNum = _mm512_mask_mov_pd(bestNum, better, num);
        bestDen = _mm512_mask_mov_pd(bestDen, better, den);
        bestPos = _mm512_mask_mov_epi64(bestPos, better, p);
        a += kLanes;
        b += kLanes;
    }

    /// Group a's results to outA, group b's to outB (when not null).
    NAAP_AVX512_INLINE void finish(double* outA, double* outB) const
    {
        const __mmask8 found = _mm512_cmpge_epi64_mask(bestPos, _mm512_setzero_si512());
        const __m512d proxy =
            _mm512_mask_div_pd(_mm512_set1_pd(-std::numeric_limits<double>::infinity()), found,
                               bestNum, bestDen);
        double tmp[2 * 2 * kLanes];
        _mm512_storeu_pd(tmp, proxy);
        _mm512_storeu_pd(tmp + 2 * kLanes, _mm512_cvtepi64_pd(bestPos));
        for (int l = 0; l < kLanes; ++l) {
            outA[l] = tmp[l];
            outA[kLanes + l] = tmp[2 * kLanes + l];
        }
        if (outB != nullptr) {
            for (int l = 0; l < kLanes; ++l) {
                outB[l] = tmp[kLanes + l];
                outB[kLanes + l] = tmp[3 * kLanes + l];
            }
        }
    }
};

template <class P, Weights W>
NAAP_AVX512_INLINE void scanPairs(const typename P::Key* ks, std::size_t stride, int groups,
                                  const ScanRange& r, const double* wy, const double* cw,
                                  double* out)
{
    static_assert(kLanes == 4);
    const __m512d total = _mm512_set1_pd(r.sum);
    const __m512d weight = _mm512_set1_pd(r.weight);
    const auto grp = [&](int g) { return ks + static_cast<std::size_t>(g) * stride; };
    const auto res = [&](int g) { return out + static_cast<std::size_t>(g) * kLanes * 2; };
    int g = 0;
    for (; g + 3 < groups; g += 4) { // two independent 8-lane chains
        Scan8<P, W> x;
        Scan8<P, W> y;
        x.start(grp(g), grp(g + 1), r, wy, cw);
        y.start(grp(g + 2), grp(g + 3), r, wy, cw);
        for (int p = r.first; p <= r.last; ++p) {
            const __m512d unitWl = _mm512_set1_pd(static_cast<double>(p - r.begin));
            const __m512i pv = _mm512_set1_epi64(p);
            x.step(pv, total, weight, unitWl, wy, cw);
            y.step(pv, total, weight, unitWl, wy, cw);
        }
        x.finish(res(g), res(g + 1));
        y.finish(res(g + 2), res(g + 3));
    }
    if (g < groups) { // one or two groups left (a lone group fills both halves)
        const bool two = g + 1 < groups;
        Scan8<P, W> x;
        x.start(grp(g), grp(two ? g + 1 : g), r, wy, cw);
        for (int p = r.first; p <= r.last; ++p)
            x.step(_mm512_set1_epi64(p), total, weight,
                   _mm512_set1_pd(static_cast<double>(p - r.begin)), wy, cw);
        x.finish(res(g), two ? res(g + 1) : nullptr);
        g += two ? 2 : 1;
        if (g < groups) {
            Scan8<P, W> z;
            z.start(grp(g), grp(g), r, wy, cw);
            for (int p = r.first; p <= r.last; ++p)
                z.step(_mm512_set1_epi64(p), total, weight,
                       _mm512_set1_pd(static_cast<double>(p - r.begin)), wy, cw);
            z.finish(res(g), nullptr);
        }
    }
}

} // namespace

NAAP_AVX512 void scan512(const std::uint32_t* ks, std::size_t stride, int groups,
                         const ScanRange& r, const double* wy, const double* cw, double* out,
                         bool unit, bool countsInKeys, bool loads)
{
    const auto run = [&]<class P>(P) {
        if (unit)
            scanPairs<P, Weights::Unit>(ks, stride, groups, r, wy, cw, out);
        else if (countsInKeys)
            scanPairs<P, Weights::InKeys>(ks, stride, groups, r, wy, cw, out);
        else
            scanPairs<P, Weights::Gathered>(ks, stride, groups, r, wy, cw, out);
    };
    if (loads)
        run(Pair32<true>{});
    else
        run(Pair32<false>{});
}

NAAP_AVX512 void scan512(const std::uint64_t* ks, std::size_t stride, int groups,
                         const ScanRange& r, const double* wy, const double* cw, double* out,
                         bool unit, bool /*countsInKeys: never for 64-bit keys*/, bool /*loads*/)
{
    if (unit)
        scanPairs<Pair64, Weights::Unit>(ks, stride, groups, r, wy, cw, out);
    else
        scanPairs<Pair64, Weights::Gathered>(ks, stride, groups, r, wy, cw, out);
}

namespace {

/// The 16 positions of one group at q (rem of them valid, the rest read as 0), de-interleaved:
/// lane[l] holds lane l's keys of those positions, in order.
NAAP_AVX512_INLINE void deinterleave16(const std::uint32_t* q, int rem, __m512i lane[4])
{
    static_assert(kLanes == 4);
    // [L0 p0-7 | L1 p0-7] from two position-major vectors (and +2: L2, L3).
    const __m512i deA = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
    const __m512i deB = _mm512_add_epi32(deA, _mm512_set1_epi32(2));
    __m512i v[4];
    for (int j = 0; j < 4; ++j) {
        const int c = rem - 4 * j;
        const int elems = c <= 0 ? 0 : (c >= 4 ? 16 : 4 * c);
        v[j] = _mm512_maskz_loadu_epi32(static_cast<__mmask16>((1U << elems) - 1U), q + 16 * j);
    }
    const __m512i t0 = _mm512_permutex2var_epi32(v[0], deA, v[1]);
    const __m512i t1 = _mm512_permutex2var_epi32(v[0], deB, v[1]);
    const __m512i t2 = _mm512_permutex2var_epi32(v[2], deA, v[3]);
    const __m512i t3 = _mm512_permutex2var_epi32(v[2], deB, v[3]);
    lane[0] = _mm512_shuffle_i64x2(t0, t2, 0x44);
    lane[1] = _mm512_shuffle_i64x2(t0, t2, 0xee);
    lane[2] = _mm512_shuffle_i64x2(t1, t3, 0x44);
    lane[3] = _mm512_shuffle_i64x2(t1, t3, 0xee);
}

/// Writes the first `rem` (<= 16) positions of lane runs l0..l3 interleaved (position-major)
/// to out.
NAAP_AVX512_INLINE void interleave16(__m512i l0, __m512i l1, __m512i l2, __m512i l3, int rem,
                                     std::uint32_t* out)
{
    // Positions 0-3 of all lanes from [L0 p0-7 | L1 p0-7], [L2 p0-7 | L3 p0-7].
    const __m512i reA = _mm512_setr_epi32(0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
    const __m512i reB = _mm512_add_epi32(reA, _mm512_set1_epi32(4));
    const __m512i u0 = _mm512_shuffle_i64x2(l0, l1, 0x44);
    const __m512i u2 = _mm512_shuffle_i64x2(l0, l1, 0xee);
    const __m512i u1 = _mm512_shuffle_i64x2(l2, l3, 0x44);
    const __m512i u3 = _mm512_shuffle_i64x2(l2, l3, 0xee);
    const __m512i w[4] = {_mm512_permutex2var_epi32(u0, reA, u1),
                          _mm512_permutex2var_epi32(u0, reB, u1),
                          _mm512_permutex2var_epi32(u2, reA, u3),
                          _mm512_permutex2var_epi32(u2, reB, u3)};
    for (int j = 0; j < 4; ++j) {
        const int c = rem - 4 * j;
        const int elems = c <= 0 ? 0 : (c >= 4 ? 16 : 4 * c);
        _mm512_mask_storeu_epi32(out + 16 * j, static_cast<__mmask16>((1U << elems) - 1U), w[j]);
    }
}

/// Writes `used` positions of per-lane key runs t[0..3] interleaved (position-major) to out.
NAAP_AVX512_INLINE void interleave(const std::uint32_t* const t[4], int used, std::uint32_t* out)
{
    for (int p = 0; p < used; p += 16)
        interleave16(_mm512_loadu_si512(t[0] + p), _mm512_loadu_si512(t[1] + p),
                     _mm512_loadu_si512(t[2] + p), _mm512_loadu_si512(t[3] + p),
                     used - p < 16 ? used - p : 16, out + static_cast<std::size_t>(p) * kLanes);
}

/// Lanes of `keys` (among `valid`) whose row has a non-zero count: from the 512-bit row set
/// `bitset` when inReg, else gathered from counts.
NAAP_AVX512_INLINE __mmask16 keepMask(__m512i keys, __mmask16 valid, bool inReg, __m512i bitset,
                                      const std::int32_t* counts)
{
    const __m512i row = _mm512_and_si512(keys, _mm512_set1_epi32(kNarrowRowMask));
    if (inReg) {
        const __m512i word = _mm512_permutexvar_epi32(_mm512_srli_epi32(row, 5), bitset);
        const __m512i bit =
            _mm512_sllv_epi32(_mm512_set1_epi32(1), _mm512_and_si512(row, _mm512_set1_epi32(31)));
        return _mm512_mask_test_epi32_mask(valid, word, bit);
    }
    const __m512i c = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, row, counts, 4);
    return _mm512_mask_test_epi32_mask(valid, c, c);
}

/// The counts (0..15) of up to 512 rows as 4-bit fields in four registers: row r's count is
/// bits 4(r % 8)..+3 of 32-bit word r / 8. Looked up with two permutes instead of a gather.
struct NibbleCounts {
    __m512i t[4];

    NAAP_AVX512_INLINE explicit NibbleCounts(const std::uint32_t* words)
    {
        for (int i = 0; i < 4; ++i)
            t[i] = _mm512_loadu_si512(words + 16 * i);
    }
    /// The counts of the rows in `row` (each < 512).
    NAAP_AVX512_INLINE __m512i at(__m512i row) const
    {
        const __m512i word = _mm512_srli_epi32(row, 3);
        const __m512i lo = _mm512_permutex2var_epi32(t[0], word, t[1]); // words 0-31
        const __m512i hi = _mm512_permutex2var_epi32(t[2], word, t[3]); // words 32-63
        const __mmask16 upper = _mm512_test_epi32_mask(word, _mm512_set1_epi32(32));
        const __m512i w = _mm512_mask_mov_epi32(lo, upper, hi);
        const __m512i shift = _mm512_slli_epi32(_mm512_and_si512(row, _mm512_set1_epi32(7)), 2);
        return _mm512_and_si512(_mm512_srlv_epi32(w, shift), _mm512_set1_epi32(15));
    }
};

} // namespace

NAAP_AVX512 void compact512(const std::uint32_t* src, std::uint32_t* dst, std::size_t stride,
                            int groups, int n, const std::int32_t* counts, bool countsInKeys,
                            std::uint32_t* tmp)
{
    // Row keep bits: a 512-bit set in one register when n <= 512, else a gather of counts.
    // Counts for the keys: from registers (4 bits a row) when n <= 512, else gathered.
    const bool inReg = n <= 512;
    alignas(64) std::uint32_t bits[16] = {};
    alignas(64) std::uint32_t nibbles[64] = {};
    if (inReg) {
        for (int i = 0; i < n; ++i) {
            bits[i >> 5] |= (counts[i] != 0 ? 1U : 0U) << (i & 31);
            if (countsInKeys) // counts <= 15 here
                nibbles[i >> 3] |= static_cast<std::uint32_t>(counts[i]) << (4 * (i & 7));
        }
    }
    const __m512i bitset = _mm512_load_si512(bits);
    const NibbleCounts table(nibbles);
    const std::size_t lanePitch = static_cast<std::size_t>(n) + 16;
    std::uint32_t* t[4] = {tmp, tmp + lanePitch, tmp + 2 * lanePitch, tmp + 3 * lanePitch};
    for (int g = 0; g < groups; ++g) {
        const std::uint32_t* in = src + static_cast<std::size_t>(g) * stride;
        int k[4] = {0, 0, 0, 0};
        for (int p = 0; p < n; p += 16) {
            const int rem = n - p < 16 ? n - p : 16;
            __m512i lane[4];
            deinterleave16(in + static_cast<std::size_t>(p) * kLanes, rem, lane);
            const auto valid = static_cast<__mmask16>((1U << rem) - 1U);
            for (int l = 0; l < 4; ++l) {
                __m512i keys = lane[l];
                __mmask16 m;
                if (countsInKeys && inReg) {
                    const __m512i c =
                        table.at(_mm512_and_si512(keys, _mm512_set1_epi32(kNarrowRowMask)));
                    m = _mm512_mask_test_epi32_mask(valid, c, c);
                    keys = _mm512_or_si512(keys, _mm512_slli_epi32(c, KeyTraits<std::uint32_t>::kRowBits));
                } else {
                    m = keepMask(lane[l], valid, inReg, bitset, counts);
                    if (countsInKeys) {
                        const __m512i c = _mm512_mask_i32gather_epi32(
                            _mm512_setzero_si512(), m, _mm512_and_si512(keys, _mm512_set1_epi32(kNarrowRowMask)),
                            counts, 4);
                        keys = _mm512_or_si512(keys, _mm512_slli_epi32(c, KeyTraits<std::uint32_t>::kRowBits));
                    }
                }
                _mm512_storeu_si512(t[l] + k[l], _mm512_maskz_compress_epi32(m, keys));
                k[l] += __builtin_popcount(m);
            }
        }
        // Every lane is a permutation of all rows, so each keeps the same number of keys.
        interleave(t, k[0], dst + static_cast<std::size_t>(g) * stride);
    }
}

NAAP_AVX512 void partitionCompress512(const std::uint32_t* src, std::uint32_t* dst,
                                      std::size_t stride, int groups, int begin, int end,
                                      int pos, const std::uint32_t* leftBits, int n,
                                      const std::int32_t* goesLeft, std::uint32_t* tmp,
                                      bool wantLeft, bool wantRight)
{
    // Left rows: a 512-bit set in one register when n <= 512, else gathered from goesLeft.
    const bool inReg = n <= 512;
    const __m512i bitset = inReg ? _mm512_loadu_si512(leftBits) : _mm512_setzero_si512();
    const std::size_t lanePitch = static_cast<std::size_t>(end - begin) + 16;
    std::uint32_t* left[4];
    std::uint32_t* right[4];
    for (int l = 0; l < 4; ++l) {
        left[l] = tmp + static_cast<std::size_t>(l) * lanePitch;
        right[l] = tmp + static_cast<std::size_t>(4 + l) * lanePitch;
    }
    const auto leftOf = [&](__m512i keys, __mmask16 valid) -> __mmask16 {
        if (inReg)
            return keepMask(keys, valid, true, bitset, nullptr);
        const __m512i row = _mm512_and_si512(keys, _mm512_set1_epi32(kNarrowRowMask));
        const __m512i c = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), valid, row, goesLeft, 4);
        return _mm512_mask_test_epi32_mask(valid, c, c);
    };
    if (end - begin <= 16) {
        // One block (most nodes): each side's lanes are compressed in registers and
        // interleaved from there, without the round trip through tmp.
        const int m = end - begin;
        const auto valid = static_cast<__mmask16>((1U << m) - 1U);
        for (int g = 0; g < groups; ++g) {
            const std::uint32_t* in = src + static_cast<std::size_t>(g) * stride;
            std::uint32_t* out = dst + static_cast<std::size_t>(g) * stride;
            __m512i lane[4];
            deinterleave16(in + static_cast<std::size_t>(begin) * kLanes, m, lane);
            __mmask16 goes[4];
            for (int l = 0; l < 4; ++l)
                goes[l] = leftOf(lane[l], valid);
            if (wantLeft)
                interleave16(_mm512_maskz_compress_epi32(goes[0], lane[0]),
                             _mm512_maskz_compress_epi32(goes[1], lane[1]),
                             _mm512_maskz_compress_epi32(goes[2], lane[2]),
                             _mm512_maskz_compress_epi32(goes[3], lane[3]), pos - begin,
                             out + static_cast<std::size_t>(begin) * kLanes);
            if (wantRight)
                interleave16(_mm512_maskz_compress_epi32(valid & ~goes[0], lane[0]),
                             _mm512_maskz_compress_epi32(valid & ~goes[1], lane[1]),
                             _mm512_maskz_compress_epi32(valid & ~goes[2], lane[2]),
                             _mm512_maskz_compress_epi32(valid & ~goes[3], lane[3]), end - pos,
                             out + static_cast<std::size_t>(pos) * kLanes);
        }
        return;
    }
    for (int g = 0; g < groups; ++g) {
        const std::uint32_t* in = src + static_cast<std::size_t>(g) * stride;
        std::uint32_t* out = dst + static_cast<std::size_t>(g) * stride;
        int kl[4] = {0, 0, 0, 0};
        int kr[4] = {0, 0, 0, 0};
        for (int p = begin; p < end; p += 16) {
            const int rem = end - p < 16 ? end - p : 16;
            __m512i lane[4];
            deinterleave16(in + static_cast<std::size_t>(p) * kLanes, rem, lane);
            const auto valid = static_cast<__mmask16>((1U << rem) - 1U);
            for (int l = 0; l < 4; ++l) {
                const __mmask16 goes = leftOf(lane[l], valid);
                const auto stays = static_cast<__mmask16>(valid & ~goes);
                if (wantLeft)
                    _mm512_storeu_si512(left[l] + kl[l], _mm512_maskz_compress_epi32(goes, lane[l]));
                if (wantRight)
                    _mm512_storeu_si512(right[l] + kr[l], _mm512_maskz_compress_epi32(stays, lane[l]));
                kl[l] += __builtin_popcount(goes);
                kr[l] += __builtin_popcount(stays);
            }
        }
        // Each lane holds the same rows, so the same counts go left and right.
        if (wantLeft)
            interleave(left, kl[0], out + static_cast<std::size_t>(begin) * kLanes);
        if (wantRight)
            interleave(right, kr[0], out + static_cast<std::size_t>(pos) * kLanes);
    }
}

} // namespace naap::core::detail
#endif
