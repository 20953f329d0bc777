// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The dense SMO solver's kernel matrix and hot loops (see smo_solver.cpp). Every loop
// keeps libsvm's arithmetic element by element (no reassociation, no FMA), so only the
// speed changes; the hot ones are built for AVX-512F, AVX2 and plain x86-64, chosen at
// run time.
#pragma once

#include <cstdint>
#include <vector>

#include "models/detail/smo_solver.h"

namespace naap::core::detail {

/// K(x_a, x_b) over the training rows as libsvm caches it: float, computed with
/// libsvm's dot product (features summed in order) and kernel formulas, one row at the
/// first request. Rows are never evicted (n × n floats).
class KernelRows {
public:
    KernelRows(const Matrix& X, const SmoKernel& kernel);
    /// K(x_a, x_a) in double, as libsvm's QD.
    double diagonal(int a) const { return m_diagonal[static_cast<std::size_t>(a)]; }
    const float* row(int a)
    {
        if (!m_ready[static_cast<std::size_t>(a)])
            computeRow(a);
        return &m_values[static_cast<std::size_t>(a) * m_n];
    }

private:
    void computeRow(int a);
    double fromDot(double dot, int a, int b) const;

    SmoKernel m_kernel;
    std::size_t m_n;
    std::size_t m_p;
    const double* m_x;             ///< X, row-major
    std::vector<double> m_xt;      ///< X transposed: feature-major
    std::vector<double> m_square;  ///< x_a · x_a
    std::vector<double> m_diagonal;
    std::vector<double> m_dots;    ///< scratch: x_a · x_b for all b
    std::vector<float> m_values;
    std::vector<std::uint8_t> m_ready;
};

/// out[k] = src[index[k]] for k < n.
void gatherFloats(const float* src, const int* index, int n, float* out);

struct SmoPick {
    double value;
    int index; ///< −1: none
};

/// select_working_set's i: the last t < n with the largest upPen[t] − F[t], F = y·G
/// (upPen is 0 in I_up, −inf elsewhere); {−inf, −1} if I_up is empty.
SmoPick pickUp(const double* upPen, const double* F, int n);

/// select_working_set's j for the chosen i (kI: K(i, ·), qdI: QD[i]): over I_low
/// (lowPen 0), the last t with the smallest −(gmax + F)²/quad among those with
/// gmax + F > 0; {inf, −1} if none. gmax2: the largest F over I_low. scratch: n doubles.
SmoPick pickLow(const double* lowPen, const double* F, const double* QD,
                const float* kI, int n, double gmax, double qdI, double tau, double& gmax2,
                double* scratch);

/// F[k] += kI[k]·dI + kJ[k]·dJ for k < n (libsvm's G update, times y_k), then
/// pickUp(upPen, F, n) on the result.
SmoPick updateGradientPickUp(double* F, const double* upPen, const float* kI, const float* kJ,
                             double dI, double dJ, int n);

/// Gbar[k] += y[k]·(c·kRow[k]) for k < n.
void updateGbar(double* Gbar, const double* y, const float* kRow, double c, int n);

} // namespace naap::core::detail
