// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/detail/smo_kernels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

// libsvm (as Debian builds it) never fuses a multiply and an add; neither may we, even
// where the compiler is told the target has FMA.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
// GCC 12's AVX-512 headers leave "undefined" vectors that trip these warnings.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NAAP_SMO_HAVE_AVX2 1
#define NAAP_SMO_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NAAP_SMO_HAVE_AVX2 0
#define NAAP_SMO_CLONES
#endif

namespace naap::core::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// libsvm's powi.
double powi(double base, int times)
{
    double tmp = base, ret = 1.0;
    for (int t = times; t > 0; t /= 2) {
        if (t % 2 == 1)
            ret *= tmp;
        tmp = tmp * tmp;
    }
    return ret;
}

// libsvm's dot over two dense rows: the features summed in order from 0.
double dot(const double* a, const double* b, std::size_t p)
{
    double sum = 0;
    for (std::size_t f = 0; f < p; ++f)
        sum += a[f] * b[f];
    return sum;
}

// out[b] = x_a · x_b for every b, each sum in feature order as dot() above.
NAAP_SMO_CLONES
void dotsWithAll(const double* xa, const double* xt, std::size_t p, std::size_t n, double* out)
{
    for (std::size_t b = 0; b < n; ++b)
        out[b] = 0.0;
    for (std::size_t f = 0; f < p; ++f) {
        const double v = xa[f];
        const double* col = xt + f * n;
        for (std::size_t b = 0; b < n; ++b)
            out[b] += v * col[b];
    }
}

} // namespace

KernelRows::KernelRows(const Matrix& X, const SmoKernel& kernel)
    : m_kernel(kernel), m_n(static_cast<std::size_t>(X.rows())),
      m_p(static_cast<std::size_t>(X.cols())), m_x(X.data()), m_xt(m_n * m_p),
      m_square(m_n), m_diagonal(m_n), m_dots(m_n), m_values(m_n * m_n), m_ready(m_n, 0)
{
    for (std::size_t a = 0; a < m_n; ++a)
        for (std::size_t f = 0; f < m_p; ++f)
            m_xt[f * m_n + a] = m_x[a * m_p + f];
    for (std::size_t a = 0; a < m_n; ++a) {
        m_square[a] = dot(m_x + a * m_p, m_x + a * m_p, m_p);
        const int i = static_cast<int>(a);
        m_diagonal[a] = fromDot(m_square[a], i, i);
    }
}

double KernelRows::fromDot(double d, int a, int b) const
{
    switch (m_kernel.type) {
    case SmoKernel::Type::Linear: return d;
    case SmoKernel::Type::Polynomial: return powi(m_kernel.gamma * d + m_kernel.coef0, m_kernel.degree);
    case SmoKernel::Type::Rbf:
        return std::exp(-m_kernel.gamma * (m_square[static_cast<std::size_t>(a)]
                                           + m_square[static_cast<std::size_t>(b)] - 2 * d));
    }
    return d;
}

void KernelRows::computeRow(int a)
{
    const auto ua = static_cast<std::size_t>(a);
    dotsWithAll(m_x + ua * m_p, m_xt.data(), m_p, m_n, m_dots.data());
    float* out = &m_values[ua * m_n];
    if (m_kernel.type == SmoKernel::Type::Linear) {
        for (std::size_t b = 0; b < m_n; ++b)
            out[b] = static_cast<float>(m_dots[b]);
    } else {
        // K is exactly symmetric (the same products, the same sums): rows already
        // computed give this row's entries without another exp or powi.
        for (std::size_t b = 0; b < m_n; ++b)
            out[b] = m_ready[b] ? m_values[b * m_n + ua]
                                : static_cast<float>(fromDot(m_dots[b], a, static_cast<int>(b)));
    }
    m_ready[ua] = 1;
}

NAAP_SMO_CLONES
void gatherFloats(const float* src, const int* index, int n, float* out)
{
    for (int k = 0; k < n; ++k)
        out[k] = src[index[k]];
}

namespace {

std::atomic<int> g_simdLevel{static_cast<int>(SmoSimd::Auto)};

// The generic versions are libsvm's loops as written.
SmoPick pickUpGeneric(const double* upPen, const double* F, int n)
{
    SmoPick best{-kInf, -1};
    for (int t = 0; t < n; ++t) {
        const double v = upPen[t] - F[t];
        if (v > -kInf && v >= best.value)
            best = {v, t};
    }
    return best;
}

/// The arguments of select_working_set's second loop.
struct LowScan {
    const double* lowPen;
    const double* F;
    const double* QD;
    const float* kI;
    double gmax;
    double qdI;
    double tau;
};

/// That loop's body for variable j: gmax2 and the pick so far are updated.
inline void lowStep(const LowScan& s, int j, double& gmax2, SmoPick& best)
{
    if (s.lowPen[j] != 0.0)
        return;
    if (s.F[j] >= gmax2)
        gmax2 = s.F[j];
    const double gd = s.gmax + s.F[j];
    if (gd > 0) {
        const double quad = s.qdI + s.QD[j] - 2.0 * s.kI[j];
        const double obj = -(gd * gd) / (quad > 0 ? quad : s.tau);
        if (obj <= best.value)
            best = {obj, j};
    }
}

SmoPick pickLowGeneric(const double* lowPen, const double* F, const double* QD, const float* kI,
                       int n, double gmax, double qdI, double tau, double& gmax2)
{
    const LowScan scan{lowPen, F, QD, kI, gmax, qdI, tau};
    SmoPick best{kInf, -1};
    gmax2 = -kInf;
    for (int j = 0; j < n; ++j)
        lowStep(scan, j, gmax2, best);
    return best;
}

NAAP_SMO_CLONES
void updateGradientGeneric(double* F, const float* kI, const float* kJ, double dI, double dJ,
                           int n)
{
    for (int k = 0; k < n; ++k)
        F[k] += static_cast<double>(kI[k]) * dI + static_cast<double>(kJ[k]) * dJ;
}

#if NAAP_SMO_HAVE_AVX2
// Lanes of running picks: each lane keeps its best value and, among equal values, its
// latest index (>= / <=); merged by value and, on ties, the larger index, they give the
// pick of libsvm's single scan.
struct Lanes {
    __m256d value;
    __m256i index;
};

__attribute__((target("avx2"))) inline void keepIf(Lanes& lanes, __m256d v, __m256i idx,
                                                   __m256d take)
{
    lanes.value = _mm256_blendv_pd(lanes.value, v, take);
    lanes.index = _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(lanes.index),
                                                       _mm256_castsi256_pd(idx), take));
}

__attribute__((target("avx2"))) void mergeLanes(const Lanes& lanes, bool wantMax, SmoPick& best)
{
    alignas(32) double v[4];
    alignas(32) long long k[4];
    _mm256_store_pd(v, lanes.value);
    _mm256_store_si256(reinterpret_cast<__m256i*>(k), lanes.index);
    for (int u = 0; u < 4; ++u) {
        const bool better = wantMax ? v[u] > best.value : v[u] < best.value;
        if (k[u] >= 0 && (better || (v[u] == best.value && k[u] > best.index)))
            best = {v[u], static_cast<int>(k[u])};
    }
}

// 16 variables a step: their values' lane-wise maximum goes into the running one, which
// also keeps the step where it was last reached (>=); the pick is then the last index
// holding the maximum in the latest such step (a later step holds no value as large,
// and every lane holding the maximum reached it there or before). Values are finite or
// −inf (F is finite, the penalty 0 or −inf) and never −0 (0 − F is +0 for F = ±0), so
// max and == order them as libsvm's >= does. The rest go four at a time, then singly.
// With dI = dJ = 0 and no kI/kJ it only picks.
template <bool Update>
__attribute__((target("avx2"))) SmoPick upPassAvx2(double* F, const double* upPen,
                                                  const float* kI, const float* kJ, double dI,
                                                  double dJ, int n)
{
    const __m256d vdI = _mm256_set1_pd(dI), vdJ = _mm256_set1_pd(dJ);
    auto value = [&](int t) __attribute__((always_inline, target("avx2"))) {
        __m256d f = _mm256_loadu_pd(F + t);
        if constexpr (Update) {
            const __m256d ki = _mm256_cvtps_pd(_mm_loadu_ps(kI + t));
            const __m256d kj = _mm256_cvtps_pd(_mm_loadu_ps(kJ + t));
            f = _mm256_add_pd(f, _mm256_add_pd(_mm256_mul_pd(ki, vdI), _mm256_mul_pd(kj, vdJ)));
            _mm256_storeu_pd(F + t, f);
        }
        return _mm256_sub_pd(_mm256_loadu_pd(upPen + t), f);
    };
    Lanes top{_mm256_set1_pd(-kInf), _mm256_set1_epi64x(-1)}; // index: the step's start
    int t = 0;
    for (; t + 16 <= n; t += 16) {
        const __m256d m = _mm256_max_pd(_mm256_max_pd(value(t), value(t + 4)),
                                        _mm256_max_pd(value(t + 8), value(t + 12)));
        keepIf(top, m, _mm256_set1_epi64x(t), _mm256_cmp_pd(m, top.value, _CMP_GE_OQ));
    }
    SmoPick pick{-kInf, -1};
    mergeLanes(top, true, pick);
    if (pick.index >= 0) {
        int k = pick.index + 15;
        while (upPen[k] - F[k] != pick.value)
            --k;
        pick.index = k;
    }
    Lanes rest{_mm256_set1_pd(-kInf), _mm256_set1_epi64x(-1)};
    for (; t + 4 <= n; t += 4) {
        const __m256d v = value(t);
        keepIf(rest, v, _mm256_set_epi64x(t + 3, t + 2, t + 1, t),
               _mm256_cmp_pd(v, rest.value, _CMP_GE_OQ));
    }
    mergeLanes(rest, true, pick);
    for (; t < n; ++t) {
        if constexpr (Update)
            F[t] += static_cast<double>(kI[t]) * dI + static_cast<double>(kJ[t]) * dJ;
        const double v = upPen[t] - F[t];
        if (v >= pick.value)
            pick = {v, t};
    }
    return pick.value > -kInf ? pick : SmoPick{-kInf, -1};
}

// Most candidates cannot beat the best so far, so the loop tests each against a bound
// without dividing, and divides (libsvm's exact test, as before) only where it might
// pass. With s = gd·gd, q the quad and best = −B (B > 0) the smallest obj yet over all
// lanes, libsvm takes j iff fl(s/q) >= B. Keep Bs = fl(B·c), c = 1 − 4u (u = 2⁻⁵³), if it
// lies in [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰], else 0; skip j when max(2⁻¹⁰⁰⁰, s) < min(2¹⁰⁰⁰, fl(quad·Bs)).
// That is right: quad is then positive, so q = quad; the right side exceeds 2⁻¹⁰⁰⁰, so
// both products are normal, each within a factor 1 + u, and fl(q·Bs) <= q·B·(1 − 4u)
// (1 + u)² < q·B·(1 − u). If fl(q·Bs) <= 2¹⁰⁰⁰ then s < fl(q·Bs), else s < 2¹⁰⁰⁰ <
// q·Bs/(1 + u) < q·B·(1 − u); so s/q < B·(1 − u) <= B − ulp(B)/2, below the midpoint
// under B (at a power of two too), and monotone rounding gives fl(s/q) < B. A skipped j
// could not beat the global best, so it is neither the final pick nor, by value, a tie
// of it. quad <= 0 makes the right side <= 0, and NaN makes the test false (min and
// max return their second operand then): such j are divided.
__attribute__((target("avx2"))) inline __m256d skipBound(__m256d best)
{
    __m256d m = _mm256_min_pd(best, _mm256_permute2f128_pd(best, best, 1));
    m = _mm256_min_pd(m, _mm256_permute_pd(m, 5));
    const __m256d b = _mm256_mul_pd(_mm256_xor_pd(m, _mm256_set1_pd(-0.0)),
                                    _mm256_set1_pd(1.0 - 0x1p-51));
    const __m256d ok = _mm256_and_pd(_mm256_cmp_pd(b, _mm256_set1_pd(0x1p-1000), _CMP_GE_OQ),
                                     _mm256_cmp_pd(b, _mm256_set1_pd(0x1p1000), _CMP_LE_OQ));
    return _mm256_and_pd(b, ok);
}

__attribute__((target("avx2"))) SmoPick pickLowAvx2(const double* lowPen, const double* F,
                                                   const double* QD, const float* kI, int n,
                                                   double gmax, double qdI, double tau,
                                                   double& gmax2)
{
    const __m256d zero = _mm256_setzero_pd();
    const __m256d vGmax = _mm256_set1_pd(gmax), vQdI = _mm256_set1_pd(qdI);
    const __m256d lo = _mm256_set1_pd(0x1p-1000), hi = _mm256_set1_pd(0x1p1000);
    const __m256i base = _mm256_set_epi64x(3, 2, 1, 0);
    Lanes acc{_mm256_set1_pd(kInf), _mm256_set1_epi64x(-1)};
    __m256d high = _mm256_set1_pd(-kInf), bound = zero;
    int t = 0;
    for (; t + 4 <= n; t += 4) {
        // pen + F: F in I_low, −inf outside (pen is 0 or −inf); gmax + that is gd in
        // I_low (but +0 for −0: the same sign test) and −inf outside.
        const __m256d hf = _mm256_add_pd(_mm256_loadu_pd(lowPen + t), _mm256_loadu_pd(F + t));
        high = _mm256_max_pd(high, hf);
        const __m256d gd = _mm256_add_pd(vGmax, hf);
        const __m256d k = _mm256_cvtps_pd(_mm_loadu_ps(kI + t));
        const __m256d quad = _mm256_sub_pd(_mm256_add_pd(vQdI, _mm256_loadu_pd(QD + t)),
                                           _mm256_add_pd(k, k)); // 2·k, exactly
        const __m256d s = _mm256_mul_pd(gd, gd);
        const __m256d skip = _mm256_cmp_pd(_mm256_max_pd(lo, s),
                                           _mm256_min_pd(hi, _mm256_mul_pd(quad, bound)),
                                           _CMP_LT_OQ);
        const __m256d cand = _mm256_andnot_pd(skip, _mm256_cmp_pd(gd, zero, _CMP_GT_OQ));
        if (_mm256_movemask_pd(cand) == 0) [[likely]]
            continue;
        const __m256d q = _mm256_blendv_pd(_mm256_set1_pd(tau), quad,
                                           _mm256_cmp_pd(quad, zero, _CMP_GT_OQ));
        const __m256d obj = _mm256_div_pd(_mm256_xor_pd(s, _mm256_set1_pd(-0.0)), q);
        keepIf(acc, obj, _mm256_add_epi64(_mm256_set1_epi64x(t), base),
               _mm256_and_pd(_mm256_cmp_pd(obj, acc.value, _CMP_LE_OQ), cand));
        bound = skipBound(acc.value);
    }
    SmoPick pick{kInf, -1};
    mergeLanes(acc, false, pick);
    alignas(32) double h[4];
    _mm256_store_pd(h, high);
    gmax2 = std::max(std::max(h[0], h[1]), std::max(h[2], h[3]));
    const LowScan scan{lowPen, F, QD, kI, gmax, qdI, tau};
    for (; t < n; ++t) // libsvm's loop
        lowStep(scan, t, gmax2, pick);
    return pick.index >= 0 ? pick : SmoPick{kInf, -1};
}

// The same two passes with AVX-512 (F and VL), eight variables a vector: the same
// operations on each variable in the same order, so the picks are bit for bit those of
// the AVX2 loops above and of libsvm. Half the calls see fewer than 150 active
// variables, so fixed costs count as much as the loops: lanes merge without branches,
// and a remainder under 32 variables runs under masks, not one by one.
#define NAAP_SMO_AVX512 __attribute__((target("avx512f,avx512vl")))

// Every lane holds the largest of v's lanes.
NAAP_SMO_AVX512 inline __m512d broadcastMax(__m512d v)
{
    v = _mm512_max_pd(v, _mm512_shuffle_f64x2(v, v, 0x4E)); // swap the 256-bit halves
    v = _mm512_max_pd(v, _mm512_shuffle_f64x2(v, v, 0xB1)); // swap 128-bit pairs
    return _mm512_max_pd(v, _mm512_permute_pd(v, 0x55));     // swap within 128 bits
}

// The largest index among the lanes in `lanes` (−1 if none).
NAAP_SMO_AVX512 inline int maxIndex(__mmask8 lanes, __m512i index)
{
    __m512i k = _mm512_mask_blend_epi64(lanes, _mm512_set1_epi64(-1), index);
    k = _mm512_max_epi64(k, _mm512_shuffle_i64x2(k, k, 0x4E));
    k = _mm512_max_epi64(k, _mm512_shuffle_i64x2(k, k, 0xB1));
    k = _mm512_max_epi64(k, _mm512_shuffle_epi32(k, _MM_PERM_BADC));
    return static_cast<int>(_mm_cvtsi128_si64(_mm512_castsi512_si128(k)));
}

// The mask of the first r lanes (all eight for r >= 8).
inline __mmask8 firstLanes(int r)
{
    return static_cast<__mmask8>(r >= 8 ? 0xFF : (1u << r) - 1);
}

// upPassAvx2 with steps of 32 variables; the step's last variable holding the largest
// value is then found by comparing the step's four vectors with it.
template <bool Update>
NAAP_SMO_AVX512 SmoPick upPassAvx512(double* F, const double* upPen, const float* kI,
                                     const float* kJ, double dI, double dJ, int n)
{
    const __m512d vdI = _mm512_set1_pd(dI), vdJ = _mm512_set1_pd(dJ);
    const __m512d negInf = _mm512_set1_pd(-kInf);
    // upPen[t] − F[t] for the vector at t, after F's update; with Masked, for just the
    // lanes `in` (the others hold 0, and every test below is masked to `in`).
    auto value = [&]<bool Masked>(int t, __mmask8 in)
                     __attribute__((always_inline, target("avx512f,avx512vl"))) {
        __m512d f = Masked ? _mm512_maskz_loadu_pd(in, F + t) : _mm512_loadu_pd(F + t);
        if constexpr (Update) {
            const __m256 fi = Masked ? _mm256_maskz_loadu_ps(in, kI + t) : _mm256_loadu_ps(kI + t);
            const __m256 fj = Masked ? _mm256_maskz_loadu_ps(in, kJ + t) : _mm256_loadu_ps(kJ + t);
            const __m512d ki = _mm512_cvtps_pd(fi), kj = _mm512_cvtps_pd(fj);
            f = _mm512_add_pd(f, _mm512_add_pd(_mm512_mul_pd(ki, vdI), _mm512_mul_pd(kj, vdJ)));
            if constexpr (Masked)
                _mm512_mask_storeu_pd(F + t, in, f);
            else
                _mm512_storeu_pd(F + t, f);
        }
        return _mm512_sub_pd(Masked ? _mm512_maskz_loadu_pd(in, upPen + t) : _mm512_loadu_pd(upPen + t), f);
    };
    const auto full = [&](int t) __attribute__((always_inline, target("avx512f,avx512vl"))) {
        return value.template operator()<false>(t, 0xFF);
    };
    SmoPick pick{-kInf, -1};
    __m512d top = negInf; // per lane: the largest value so far
    __m512i topStep = _mm512_set1_epi64(-1); // and the last step reaching it
    int t = 0;
    for (; t + 32 <= n; t += 32) {
        const __m512d m = _mm512_max_pd(_mm512_max_pd(full(t), full(t + 8)),
                                        _mm512_max_pd(full(t + 16), full(t + 24)));
        const __mmask8 take = _mm512_cmp_pd_mask(m, top, _CMP_GE_OQ);
        top = _mm512_mask_blend_pd(take, top, m);
        topStep = _mm512_mask_blend_epi64(take, topStep, _mm512_set1_epi64(t));
    }
    if (t > 0) {
        // Every lane took the first step (−inf >= −inf), so the step is a real one.
        const __m512d m = broadcastMax(top);
        pick.value = _mm512_cvtsd_f64(m);
        const int step = maxIndex(_mm512_cmp_pd_mask(top, m, _CMP_EQ_OQ), topStep);
        const auto hits = [&](int o) __attribute__((always_inline, target("avx512f,avx512vl"))) {
            return static_cast<std::uint32_t>(_mm512_cmp_pd_mask(
                _mm512_sub_pd(_mm512_loadu_pd(upPen + step + o), _mm512_loadu_pd(F + step + o)),
                m, _CMP_EQ_OQ)) << o;
        };
        pick.index = step + 31 - __builtin_clz(hits(0) | hits(8) | hits(16) | hits(24));
    }
    if (t < n) {
        // Fewer than 32 left: each lane keeps its largest value and, among equal values,
        // its latest index (>=).
        __m512d best = negInf;
        __m512i bestAt = _mm512_set1_epi64(-1);
        __m512i at = _mm512_add_epi64(_mm512_set1_epi64(t), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
        for (; t < n; t += 8) {
            const __mmask8 in = firstLanes(n - t);
            const __m512d v = value.template operator()<true>(t, in);
            const __mmask8 take = _mm512_mask_cmp_pd_mask(in, v, best, _CMP_GE_OQ);
            best = _mm512_mask_blend_pd(take, best, v);
            bestAt = _mm512_mask_blend_epi64(take, bestAt, at);
            at = _mm512_add_epi64(at, _mm512_set1_epi64(8));
        }
        const __m512d m = broadcastMax(best);
        const double value = _mm512_cvtsd_f64(m);
        if (value >= pick.value) // these come later: they win ties
            pick = {value, maxIndex(_mm512_cmp_pd_mask(best, m, _CMP_EQ_OQ), bestAt)};
    }
    return pick.value > -kInf ? pick : SmoPick{-kInf, -1};
}

// pickLowAvx2's skip test keeps a running bound, and each time a variable passes it (a
// mispredicted branch, then a division) the bound moves; that cost half the scan. Here the
// scan runs in two passes instead. The first, without branches, finds gmax2 and, for
// every variable in I_low with gd > 0, a_j = fl(s_j · rcp14(q_j)) (s = gd·gd, q the quad
// or tau, as libsvm), which is within a factor 1 ± 2⁻¹³·⁵ of v_j = fl(s_j / q_j) while
// both stay normal (rcp14: relative error below 2⁻¹⁴; each rounding 2⁻⁵³). With
// A = max a_j (reached at m) and V = max v_j, libsvm's pick (the last j with v_j = V:
// obj = −v) has a_j >= V(1 − 2⁻¹³·⁵) >= v_m(1 − 2⁻¹³·⁵) >= A(1 − 2⁻¹³·⁵)/(1 + 2⁻¹³·⁵)
// > A(1 − 2⁻¹²·⁴) > fl(A(1 − 2⁻¹²)). The second pass runs libsvm's exact test, in index
// order, on just the variables with a_j at least that threshold: a superset of all j with
// v_j = V, so the pick is libsvm's. Outside [2⁻⁹⁰⁰, 2⁹⁰⁰] for A (every a_j then below
// the threshold is far above the subnormals), every candidate is tested exactly.
NAAP_SMO_AVX512 SmoPick pickLowAvx512(const double* lowPen, const double* F, const double* QD,
                                      const float* kI, int n, double gmax, double qdI,
                                      double tau, double& gmax2, double* approx)
{
    const __m512d zero = _mm512_setzero_pd();
    const __m512d vGmax = _mm512_set1_pd(gmax), vQdI = _mm512_set1_pd(qdI);
    const __m512d vTau = _mm512_set1_pd(tau);
    __m512d high = _mm512_set1_pd(-kInf), top = zero;
    const int full = n & ~7;
    for (int t = 0; t < full; t += 8) {
        // As in pickLowAvx2: hf is F in I_low and −inf outside, gd = gmax + hf.
        const __m512d hf = _mm512_add_pd(_mm512_loadu_pd(lowPen + t), _mm512_loadu_pd(F + t));
        high = _mm512_max_pd(high, hf);
        const __m512d gd = _mm512_add_pd(vGmax, hf);
        const __m512d k = _mm512_cvtps_pd(_mm256_loadu_ps(kI + t));
        const __m512d quad = _mm512_sub_pd(_mm512_add_pd(vQdI, _mm512_loadu_pd(QD + t)),
                                           _mm512_add_pd(k, k)); // 2·k, exactly
        const __m512d q = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(quad, zero, _CMP_GT_OQ), vTau,
                                               quad);
        const __m512d a = _mm512_maskz_mul_pd(_mm512_cmp_pd_mask(gd, zero, _CMP_GT_OQ),
                                              _mm512_mul_pd(gd, gd), _mm512_rcp14_pd(q));
        top = _mm512_max_pd(top, a);
        _mm512_storeu_pd(approx + t, a);
    }
    gmax2 = _mm512_cvtsd_f64(broadcastMax(high));
    SmoPick pick{kInf, -1};
    const LowScan scan{lowPen, F, QD, kI, gmax, qdI, tau};
    const auto test = [&](int t) { lowStep(scan, t, gmax2, pick); };
    const double A = _mm512_cvtsd_f64(broadcastMax(top));
    if (A >= 0x1p-900 && A <= 0x1p900) {
        const __m512d threshold = _mm512_set1_pd(A * (1.0 - 0x1p-12));
        for (int t = 0; t < full; t += 8) {
            auto near = static_cast<unsigned>(
                _mm512_cmp_pd_mask(_mm512_loadu_pd(approx + t), threshold, _CMP_GE_OQ));
            for (; near != 0; near &= near - 1)
                test(t + __builtin_ctz(near));
        }
    } else {
        for (int t = 0; t < full; ++t)
            test(t);
    }
    for (int t = full; t < n; ++t) // the last few, as libsvm
        test(t);
    return pick.index >= 0 ? pick : SmoPick{kInf, -1};
}

SmoSimd simdLevel()
{
    static const SmoSimd has = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
            return SmoSimd::Avx512;
        return __builtin_cpu_supports("avx2") ? SmoSimd::Avx2 : SmoSimd::None;
    }();
    static const SmoSimd preferred = __builtin_cpu_is("amd") ? has : std::min(has, SmoSimd::Avx2);
    const auto level = static_cast<SmoSimd>(g_simdLevel.load(std::memory_order_relaxed));
    return level == SmoSimd::Auto ? preferred : std::min(has, level);
}
#endif

} // namespace

void smoSimdUse(SmoSimd level)
{
#if NAAP_SMO_HAVE_AVX2
    g_simdLevel.store(static_cast<int>(level));
#else
    (void)level;
#endif
}

SmoSimd smoSimdInUse()
{
#if NAAP_SMO_HAVE_AVX2
    return simdLevel();
#else
    return SmoSimd::None;
#endif
}

SmoPick pickUp(const double* upPen, const double* F, int n)
{
#if NAAP_SMO_HAVE_AVX2
    switch (simdLevel()) {
    case SmoSimd::Avx512:
        return upPassAvx512<false>(const_cast<double*>(F), upPen, nullptr, nullptr, 0.0, 0.0, n);
    case SmoSimd::Avx2:
        return upPassAvx2<false>(const_cast<double*>(F), upPen, nullptr, nullptr, 0.0, 0.0, n);
    case SmoSimd::None:
    case SmoSimd::Auto: break;
    }
#endif
    return pickUpGeneric(upPen, F, n);
}

SmoPick updateGradientPickUp(double* F, const double* upPen, const float* kI, const float* kJ,
                             double dI, double dJ, int n)
{
#if NAAP_SMO_HAVE_AVX2
    switch (simdLevel()) {
    case SmoSimd::Avx512: return upPassAvx512<true>(F, upPen, kI, kJ, dI, dJ, n);
    case SmoSimd::Avx2: return upPassAvx2<true>(F, upPen, kI, kJ, dI, dJ, n);
    case SmoSimd::None:
    case SmoSimd::Auto: break;
    }
#endif
    updateGradientGeneric(F, kI, kJ, dI, dJ, n);
    return pickUpGeneric(upPen, F, n);
}

SmoPick pickLow(const double* lowPen, const double* F, const double* QD, const float* kI, int n,
                double gmax, double qdI, double tau, double& gmax2, double* scratch)
{
#if NAAP_SMO_HAVE_AVX2
    switch (simdLevel()) {
    case SmoSimd::Avx512:
        return pickLowAvx512(lowPen, F, QD, kI, n, gmax, qdI, tau, gmax2, scratch);
    case SmoSimd::Avx2: return pickLowAvx2(lowPen, F, QD, kI, n, gmax, qdI, tau, gmax2);
    case SmoSimd::None:
    case SmoSimd::Auto: break;
    }
#endif
    return pickLowGeneric(lowPen, F, QD, kI, n, gmax, qdI, tau, gmax2);
}

NAAP_SMO_CLONES
void updateGbar(double* Gbar, const double* y, const float* kRow, double c, int n)
{
    for (int k = 0; k < n; ++k)
        Gbar[k] += y[k] * (c * kRow[k]);
}

} // namespace naap::core::detail
