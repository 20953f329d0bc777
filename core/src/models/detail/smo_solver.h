// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <cstddef>
#include <vector>

#include "naap/core/models/types.h"

namespace naap::core::detail {

/// The kernels libsvm 3.24 offers that the SVR uses, with libsvm's own arithmetic.
struct SmoKernel {
    enum class Type { Linear, Polynomial, Rbf };
    Type type = Type::Rbf;
    double gamma = 1.0; ///< the resolved gamma (polynomial and RBF)
    double coef0 = 0.0; ///< polynomial only
    int degree = 3;     ///< polynomial only
};

struct SvrDualSolution {
    std::vector<double> coef; ///< alpha_i − alpha*_i, one per training row (0: not a SV)
    double rho = 0.0;         ///< prediction = Σ coef·K(x_i, x) − rho
    int iterations = 0;       ///< SMO iterations, as libsvm's "#iter"
};

/// Bytes the dense solver needs for n training rows: its float kernel matrix, and the
/// matrix's rows again in the 2n dual variables' order.
std::size_t denseSmoKernelBytes(Eigen::Index rows);

/// The dense solver's memory ceiling; larger problems go to libsvm itself.
inline constexpr std::size_t kDenseSmoMaxKernelBytes = std::size_t{256} << 20;

/// epsilon-SVR solved exactly as libsvm 3.24's Solver (svm_type EPSILON_SVR): the same
/// working-set selection (WSS3), shrinking, gradient reconstruction and rho, on the
/// same float kernel values, so the same iterations and the same result bit for bit;
/// but on a kernel matrix held whole (rows computed on first use) and with loops over
/// contiguous arrays, hand-vectorised for AVX2 and AVX-512 where the CPU has them. Every
/// feature of X counts (libsvm given all columns, zeros too). Thread-safe: no shared state.
SvrDualSolution solveEpsilonSvr(const Matrix& X, const Vector& y, const SmoKernel& kernel,
                                double C, double epsilon, double tolerance, bool shrinking);

/// The hand-vectorised loops: plain C++, AVX2 or AVX-512 (bit for bit the same).
enum class SmoSimd { None, Avx2, Avx512, Auto };
/// Runs the loops at `level` (at most what the CPU has), or, with Auto (the default), at the
/// level measured quickest on the CPU's make: AVX-512 on AMD (Zen 5: 16.3 ms against 22.0 ms
/// for the NAAP-440 linear-kernel fit), AVX2 on Intel (Sapphire Rapids: AVX-512 versions
/// were no quicker). For tests, which check each level against libsvm. Process-wide.
void smoSimdUse(SmoSimd level);
/// The loops in use now.
SmoSimd smoSimdInUse();

} // namespace naap::core::detail
