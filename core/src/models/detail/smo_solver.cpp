// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// libsvm 3.24's Solver for epsilon-SVR (svm.cpp: Solver::Solve, select_working_set,
// do_shrinking, reconstruct_gradient, calculate_rho; SVR_Q), step for step, so that the
// iterations and every rounding are libsvm's. Only the bookkeeping differs: the kernel
// is one float matrix over the l training rows (libsvm's cached Qfloat values), each
// row also kept in the 2l variables' current (swapped) order, and the hot loops
// (smo_kernels.cpp) run over contiguous arrays. Q's entries are ±K, Q(a,b) =
// y_a·y_b·K(row a, row b) with y = ±1, and the gradient is kept as F = y·G; every
// product with a sign is exact, so factoring the signs out changes no bit.
#include "models/detail/smo_solver.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "models/detail/smo_kernels.h"

namespace naap::core::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTau = 1e-12; // libsvm's TAU

enum : std::uint8_t { kLowerBound, kUpperBound, kFree };
constexpr SmoPick kNoPick{0.0, -2}; ///< not known: search

class SvrSmo {
public:
    SvrSmo(KernelRows& kernel, const Vector& y, double C, double p, double eps, bool shrinking);
    SvrDualSolution solve();

private:
    bool isUpper(int t) const { return m_status[t] == kUpperBound; }
    bool isLower(int t) const { return m_status[t] == kLowerBound; }
    bool isFree(int t) const { return m_status[t] == kFree; }
    void updateStatus(int t);
    void swapIndex(int a, int b);
    /// K(row of variable v, row of variable k) for every position k < 2l, in the
    /// current order: libsvm's get_Q(v, ·) up to the signs y_v·y_k.
    const float* qRow(int v);
    void applySwapsToRows();
    bool selectWorkingSet(int& outI, int& outJ); ///< false: optimal
    bool beShrunk(int t, double gmax1, double gmax2) const;
    void doShrinking();
    void reconstructGradient();
    double calculateRho() const;

    KernelRows& m_kernel;
    int m_l;   ///< 2 × training rows: the dual variables
    int m_active;
    double m_C;
    double m_eps;
    bool m_shrinking;
    bool m_unshrink = false;
    // Per dual variable, in libsvm's current (swapped) order.
    std::vector<double> m_y;      ///< ±1
    std::vector<double> m_F;      ///< y·G, G the gradient (a sign flip: exact)
    std::vector<double> m_Gbar;   ///< gradient part of the variables at the upper bound
    std::vector<double> m_alpha;
    std::vector<double> m_p;      ///< linear term
    std::vector<double> m_QD;     ///< K(x, x), double as in libsvm
    std::vector<double> m_upPen;  ///< 0 in I_up (may move up), −inf otherwise
    std::vector<double> m_lowPen; ///< 0 in I_low, −inf otherwise
    std::vector<double> m_scratch; ///< pickLow's
    std::vector<std::uint8_t> m_status;
    std::vector<int> m_row;       ///< training row of the variable (SVR_Q's index)
    std::vector<int> m_activeSet; ///< original position of the variable
    // K rows in the variables' current order, one per training row, built on first
    // use and kept in step with every swap (or dropped when swaps are many).
    std::vector<float> m_orderedRows;
    std::vector<int> m_orderedReady; ///< training rows with an ordered row
    std::vector<std::uint8_t> m_hasOrdered;
    std::vector<std::pair<int, int>> m_swaps; ///< this shrinking's swaps, in order
    SmoPick m_nextUp = kNoPick; ///< select_working_set's i, found by the last update
};

SvrSmo::SvrSmo(KernelRows& kernel, const Vector& y, double C, double p, double eps,
               bool shrinking)
    : m_kernel(kernel), m_l(2 * static_cast<int>(y.size())), m_active(m_l), m_C(C),
      m_eps(eps), m_shrinking(shrinking)
{
    const int n = m_l / 2;
    const auto L = static_cast<std::size_t>(m_l);
    for (auto* v : {&m_y, &m_F, &m_Gbar, &m_alpha, &m_p, &m_QD, &m_upPen, &m_lowPen, &m_scratch})
        v->assign(L, 0.0);
    m_orderedRows.resize(static_cast<std::size_t>(n) * L);
    m_hasOrdered.assign(static_cast<std::size_t>(n), 0);
    m_status.assign(L, kLowerBound);
    m_row.resize(L);
    m_activeSet.resize(L);
    for (int k = 0; k < n; ++k) {
        m_y[k] = 1.0;
        m_y[k + n] = -1.0;
        m_p[k] = p - y[k];
        m_p[k + n] = p + y[k];
        m_row[k] = m_row[k + n] = k;
        m_QD[k] = m_QD[k + n] = kernel.diagonal(k);
    }
    for (int t = 0; t < m_l; ++t) {
        m_activeSet[t] = t;
        m_F[t] = m_y[t] * m_p[t]; // alpha starts at 0: G = p, G_bar = 0
        updateStatus(t);
    }
}

void SvrSmo::updateStatus(int t)
{
    if (m_alpha[t] >= m_C)
        m_status[t] = kUpperBound;
    else if (m_alpha[t] <= 0)
        m_status[t] = kLowerBound;
    else
        m_status[t] = kFree;
    const bool positive = m_y[t] > 0;
    const bool up = positive ? !isUpper(t) : !isLower(t);
    const bool low = positive ? !isLower(t) : !isUpper(t);
    m_upPen[t] = up ? 0.0 : -kInf;
    m_lowPen[t] = low ? 0.0 : -kInf;
}

void SvrSmo::swapIndex(int a, int b)
{
    for (auto* v : {&m_y, &m_F, &m_Gbar, &m_alpha, &m_p, &m_QD, &m_upPen, &m_lowPen})
        std::swap((*v)[a], (*v)[b]);
    std::swap(m_status[a], m_status[b]);
    std::swap(m_row[a], m_row[b]);
    std::swap(m_activeSet[a], m_activeSet[b]);
    m_swaps.emplace_back(a, b);
}

const float* SvrSmo::qRow(int v)
{
    const auto row = static_cast<std::size_t>(m_row[v]);
    float* out = &m_orderedRows[row * static_cast<std::size_t>(m_l)];
    if (!m_hasOrdered[row]) {
        gatherFloats(m_kernel.row(m_row[v]), m_row.data(), m_l, out);
        m_hasOrdered[row] = 1;
        m_orderedReady.push_back(static_cast<int>(row));
    }
    return out;
}

void SvrSmo::applySwapsToRows()
{
    if (m_swaps.empty())
        return;
    if (m_swaps.size() * 16 <= static_cast<std::size_t>(m_l)) {
        for (const int row : m_orderedReady) {
            float* r = &m_orderedRows[static_cast<std::size_t>(row) * m_l];
            for (const auto& [a, b] : m_swaps)
                std::swap(r[a], r[b]);
        }
    } else { // cheaper to gather again when asked
        for (const int row : m_orderedReady)
            m_hasOrdered[static_cast<std::size_t>(row)] = 0;
        m_orderedReady.clear();
    }
    m_swaps.clear();
}

bool SvrSmo::selectWorkingSet(int& outI, int& outJ)
{
    const int n = m_active;
    const SmoPick up = m_nextUp.index >= -1 ? m_nextUp : pickUp(m_upPen.data(), m_F.data(), n);
    m_nextUp = kNoPick;
    if (up.index < 0)
        return false; // libsvm: Gmin_idx stays −1
    const int i = up.index;
    double gmax2 = -kInf;
    const SmoPick low = pickLow(m_lowPen.data(), m_F.data(), m_QD.data(), qRow(i), n,
                                up.value, m_QD[i], kTau, gmax2, m_scratch.data());
    if (up.value + gmax2 < m_eps || low.index < 0)
        return false;
    outI = i;
    outJ = low.index;
    return true;
}

bool SvrSmo::beShrunk(int t, double gmax1, double gmax2) const
{
    const double g = m_y[t] * m_F[t];
    if (isUpper(t))
        return m_y[t] > 0 ? -g > gmax1 : -g > gmax2;
    if (isLower(t))
        return m_y[t] > 0 ? g > gmax2 : g > gmax1;
    return false;
}

void SvrSmo::doShrinking()
{
    double gmax1 = -kInf; // max −y·G over I_up
    double gmax2 = -kInf; // max  y·G over I_low
    for (int t = 0; t < m_active; ++t) {
        const double g = m_y[t] * m_F[t];
        if (m_y[t] > 0) {
            if (!isUpper(t) && -g >= gmax1)
                gmax1 = -g;
            if (!isLower(t) && g >= gmax2)
                gmax2 = g;
        } else {
            if (!isUpper(t) && -g >= gmax2)
                gmax2 = -g;
            if (!isLower(t) && g >= gmax1)
                gmax1 = g;
        }
    }
    if (!m_unshrink && gmax1 + gmax2 <= m_eps * 10) {
        m_unshrink = true;
        reconstructGradient();
        m_active = m_l;
    }
    for (int t = 0; t < m_active; ++t) {
        if (!beShrunk(t, gmax1, gmax2))
            continue;
        --m_active;
        while (m_active > t) {
            if (!beShrunk(m_active, gmax1, gmax2)) {
                swapIndex(t, m_active);
                break;
            }
            --m_active;
        }
    }
    applySwapsToRows();
}

void SvrSmo::reconstructGradient()
{
    if (m_active == m_l)
        return;
    for (int j = m_active; j < m_l; ++j)
        m_F[j] = m_y[j] * (m_Gbar[j] + m_p[j]);
    long long nFree = 0;
    for (int j = 0; j < m_active; ++j)
        nFree += isFree(j) ? 1 : 0;
    if (nFree * m_l > 2LL * m_active * (m_l - m_active)) {
        for (int i = m_active; i < m_l; ++i) {
            const float* q = qRow(i);
            for (int j = 0; j < m_active; ++j)
                if (isFree(j))
                    m_F[i] += m_y[j] * (m_alpha[j] * q[j]); // y_i·(α_j·Q_ij)
        }
    } else {
        for (int i = 0; i < m_active; ++i) {
            if (!isFree(i))
                continue;
            const float* q = qRow(i);
            const double alphaI = m_alpha[i];
            for (int j = m_active; j < m_l; ++j)
                m_F[j] += m_y[i] * (alphaI * q[j]);
        }
    }
}

double SvrSmo::calculateRho() const
{
    int nFree = 0;
    double ub = kInf, lb = -kInf, sumFree = 0;
    for (int t = 0; t < m_active; ++t) {
        const double yG = m_F[t];
        if (isUpper(t)) {
            if (m_y[t] < 0)
                ub = std::min(ub, yG);
            else
                lb = std::max(lb, yG);
        } else if (isLower(t)) {
            if (m_y[t] > 0)
                ub = std::min(ub, yG);
            else
                lb = std::max(lb, yG);
        } else {
            ++nFree;
            sumFree += yG;
        }
    }
    return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
}

SvrDualSolution SvrSmo::solve()
{
    const int maxIter = std::max(10000000, m_l > INT_MAX / 100 ? INT_MAX : 100 * m_l);
    int counter = std::min(m_l, 1000) + 1;
    int iter = 0;
    while (iter < maxIter) {
        if (--counter == 0) {
            counter = std::min(m_l, 1000);
            if (m_shrinking) {
                doShrinking();
                m_nextUp = kNoPick;
            }
        }
        int i = 0, j = 0;
        if (!selectWorkingSet(i, j)) {
            m_nextUp = kNoPick;
            reconstructGradient();
            m_active = m_l;
            if (!selectWorkingSet(i, j))
                break;
            counter = 1; // shrink at the next iteration
        }
        ++iter;

        const float* kI = qRow(i);
        const float* kJ = qRow(j);
        const double yi = m_y[i], yj = m_y[j];
        const double qij = yi * yj * static_cast<double>(kI[j]); // libsvm's Q_i[j]
        const double oldAi = m_alpha[i], oldAj = m_alpha[j];
        const double C = m_C;
        double& ai = m_alpha[i];
        double& aj = m_alpha[j];
        if (yi != yj) {
            double quad = m_QD[i] + m_QD[j] + 2 * qij;
            if (quad <= 0)
                quad = kTau;
            const double delta = (-(yi * m_F[i]) - yj * m_F[j]) / quad;
            const double diff = ai - aj;
            ai += delta;
            aj += delta;
            if (diff > 0) {
                if (aj < 0) { aj = 0; ai = diff; }
            } else {
                if (ai < 0) { ai = 0; aj = -diff; }
            }
            if (diff > C - C) {
                if (ai > C) { ai = C; aj = C - diff; }
            } else {
                if (aj > C) { aj = C; ai = C + diff; }
            }
        } else {
            double quad = m_QD[i] + m_QD[j] - 2 * qij;
            if (quad <= 0)
                quad = kTau;
            const double delta = (yi * m_F[i] - yj * m_F[j]) / quad;
            const double sum = ai + aj;
            ai -= delta;
            aj += delta;
            if (sum > C) {
                if (ai > C) { ai = C; aj = sum - C; }
            } else {
                if (aj < 0) { aj = 0; ai = sum; }
            }
            if (sum > C) {
                if (aj > C) { aj = C; ai = sum - C; }
            } else {
                if (ai < 0) { ai = 0; aj = sum; }
            }
        }

        // libsvm updates G, then the two variables' status; the status does not read G,
        // so it goes first here, and the pass over G also finds the next i (kept unless
        // shrinking changes the active set first).
        const bool ui = isUpper(i), uj = isUpper(j);
        updateStatus(i);
        updateStatus(j);
        const double dai = yi * (ai - oldAi); // y_k·Q_i[k]·Δα_i = K_ik·(y_i·Δα_i)
        const double daj = yj * (aj - oldAj);
        m_nextUp = updateGradientPickUp(m_F.data(), m_upPen.data(), kI, kJ, dai, daj, m_active);
        if (ui != isUpper(i))
            updateGbar(m_Gbar.data(), m_y.data(), kI, ui ? -yi * C : yi * C, m_l);
        if (uj != isUpper(j))
            updateGbar(m_Gbar.data(), m_y.data(), kJ, uj ? -yj * C : yj * C, m_l);
    }
    if (iter >= maxIter && m_active < m_l) {
        reconstructGradient();
        m_active = m_l;
    }

    SvrDualSolution out;
    out.rho = calculateRho();
    out.iterations = iter;
    const int n = m_l / 2;
    std::vector<double> alpha(static_cast<std::size_t>(m_l));
    for (int t = 0; t < m_l; ++t)
        alpha[m_activeSet[t]] = m_alpha[t];
    out.coef.resize(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        out.coef[k] = alpha[k] - alpha[k + n];
    return out;
}

} // namespace

std::size_t denseSmoKernelBytes(Eigen::Index rows)
{
    const auto n = static_cast<std::size_t>(rows);
    return 3 * n * n * sizeof(float); // K, and K's rows in the 2n variables' order
}

SvrDualSolution solveEpsilonSvr(const Matrix& X, const Vector& y, const SmoKernel& kernel,
                                double C, double epsilon, double tolerance, bool shrinking)
{
    KernelRows rows(X, kernel);
    SvrSmo smo(rows, y, C, epsilon, tolerance, shrinking);
    return smo.solve();
}

} // namespace naap::core::detail
