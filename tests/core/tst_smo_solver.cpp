// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The dense epsilon-SVR solver against libsvm 3.24 itself (the reference, linked):
// random problems, all three kernels, duplicate rows, shrinking on and off. Both must
// take the same number of SMO iterations and find the same support vectors, dual
// coefficients, rho and predictions. And the hand-vectorised working-set scans against
// plain C++ on arrays built to tie, at extreme scales and at every length up to 100.
#include <QtTest>

#include <libsvm/svm.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "models/detail/smo_kernels.h"
#include "models/detail/smo_solver.h"
#include "naap/core/models/svr_regressor.h"

using namespace naap::core;

namespace {

std::string g_libsvmLog;
void captureLog(const char* s)
{
    g_libsvmLog += s;
}

struct Problem {
    Matrix X;
    Vector y;
    Matrix Xtest;
};

/// n rows, p features: Gaussian features (some scaled, one with ties), targets a noisy
/// nonlinear function; `duplicates` rows repeat earlier ones exactly (targets too, or
/// not: every other one gets a different target).
Problem makeProblem(int n, int p, int duplicates, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    Problem pr;
    pr.X.resize(n, p);
    pr.y.resize(n);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < p; ++j)
            pr.X(i, j) = g(rng) * (j % 3 == 2 ? 3.0 : 1.0);
        if (p > 1)
            pr.X(i, p - 1) = std::round(pr.X(i, p - 1)); // ties
        pr.y[i] = std::sin(pr.X(i, 0)) + 0.3 * pr.X.row(i).sum() / p + 0.1 * g(rng);
    }
    for (int d = 0; d < duplicates; ++d) {
        const int to = n - 1 - d, from = d % std::max(1, n - duplicates);
        pr.X.row(to) = pr.X.row(from);
        pr.y[to] = d % 2 == 0 ? pr.y[from] : pr.y[from] + 0.05;
    }
    pr.Xtest.resize(25, p);
    for (int i = 0; i < 25; ++i)
        for (int j = 0; j < p; ++j)
            pr.Xtest(i, j) = g(rng);
    return pr;
}

double scaleGamma(const Matrix& X)
{
    const double n = static_cast<double>(X.size());
    const double mean = X.sum() / n;
    const double var = (X.array() - mean).square().sum() / n;
    return var != 0.0 ? 1.0 / (static_cast<double>(X.cols()) * var) : 1.0;
}

std::vector<svm_node> denseNodes(const Matrix& X)
{
    const auto p = X.cols();
    std::vector<svm_node> nodes(static_cast<std::size_t>(X.rows() * (p + 1)));
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        for (Eigen::Index j = 0; j < p; ++j)
            nodes[static_cast<std::size_t>(i * (p + 1) + j)] = {static_cast<int>(j + 1), X(i, j)};
        nodes[static_cast<std::size_t>(i * (p + 1) + p)] = {-1, 0.0};
    }
    return nodes;
}

} // namespace

class TestSmoSolver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesLibsvm_data();
    void matchesLibsvm();
    void scansMatchPlainCode_data();
    void scansMatchPlainCode();
};

void TestSmoSolver::initTestCase()
{
    const char* names[] = {"plain C++", "AVX2", "AVX-512"};
    detail::smoSimdUse(detail::SmoSimd::Avx512);
    const char* widest = names[static_cast<int>(detail::smoSimdInUse())];
    detail::smoSimdUse(detail::SmoSimd::Auto);
    qInfo("This CPU runs the solver's loops in %s at most (and by default in %s); each level up to that "
          "is checked.", widest, names[static_cast<int>(detail::smoSimdInUse())]);
}

void TestSmoSolver::matchesLibsvm_data()
{
    QTest::addColumn<int>("kernel"); // SvrKernel
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("p");
    QTest::addColumn<int>("duplicates");
    QTest::addColumn<double>("C");
    QTest::addColumn<double>("epsilon");
    QTest::addColumn<bool>("shrinking");
    QTest::addColumn<uint>("seed");
    const char* names[] = {"rbf", "poly", "linear"};
    uint seed = 1;
    for (int k = 0; k < 3; ++k) {
        struct Shape { int n, p, dup; double C, eps; bool shrink; };
        const Shape shapes[] = {
            {5, 2, 0, 0.1, 0.001, true},    {40, 3, 0, 1.0, 0.001, true},
            {120, 8, 10, 0.1, 0.001, true}, {120, 8, 10, 0.1, 0.001, false},
            {300, 33, 0, 0.1, 0.001, true}, {250, 12, 40, 10.0, 0.05, true},
            {400, 33, 20, 0.1, 0.001, true}, {60, 1, 15, 0.5, 0.2, true},
        };
        for (const Shape& s : shapes) {
            const QString row = QString("%1 n=%2 p=%3 dup=%4 C=%5 eps=%6 shrink=%7")
                                    .arg(names[k]).arg(s.n).arg(s.p).arg(s.dup).arg(s.C)
                                    .arg(s.eps).arg(s.shrink);
            QTest::newRow(qPrintable(row))
                << k << s.n << s.p << s.dup << s.C << s.eps << s.shrink << seed++;
        }
    }
}

void TestSmoSolver::matchesLibsvm()
{
    QFETCH(int, kernel);
    QFETCH(int, n);
    QFETCH(int, p);
    QFETCH(int, duplicates);
    QFETCH(double, C);
    QFETCH(double, epsilon);
    QFETCH(bool, shrinking);
    QFETCH(uint, seed);
    const Problem pr = makeProblem(n, p, duplicates, seed);
    const int libsvmKernels[] = {RBF, POLY, LINEAR};
    const detail::SmoKernel::Type smoKernels[] = {detail::SmoKernel::Type::Rbf,
                                                  detail::SmoKernel::Type::Polynomial,
                                                  detail::SmoKernel::Type::Linear};

    // libsvm, the reference.
    std::vector<svm_node> nodes = denseNodes(pr.X);
    std::vector<svm_node*> rows(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        rows[static_cast<std::size_t>(i)] = &nodes[static_cast<std::size_t>(i * (p + 1))];
    std::vector<double> targets(pr.y.data(), pr.y.data() + n);
    svm_problem problem{n, targets.data(), rows.data()};
    svm_parameter param{};
    param.svm_type = EPSILON_SVR;
    param.kernel_type = libsvmKernels[kernel];
    param.degree = 3;
    param.gamma = scaleGamma(pr.X);
    param.coef0 = kernel == 1 ? 0.5 * (seed % 2) : 0.0;
    param.cache_size = 200;
    param.eps = 1e-3;
    param.C = C;
    param.p = epsilon;
    param.shrinking = shrinking ? 1 : 0;
    QVERIFY(svm_check_parameter(&problem, &param) == nullptr);
    g_libsvmLog.clear();
    svm_set_print_string_function(&captureLog);
    svm_model* ref = svm_train(&problem, &param);
    QVERIFY(ref != nullptr);
    const auto at = g_libsvmLog.rfind("#iter = ");
    QVERIFY(at != std::string::npos);
    const int refIter = std::stoi(g_libsvmLog.substr(at + 8));

    // The dense solver, with its AVX-512 and AVX2 loops (each where the CPU has it) and
    // with plain C++.
    const detail::SmoKernel k{smoKernels[kernel], param.gamma, param.coef0, param.degree};
    for (const auto simd : {detail::SmoSimd::Avx512, detail::SmoSimd::Avx2, detail::SmoSimd::None}) {
        detail::smoSimdUse(simd);
        const detail::SvrDualSolution dual =
            detail::solveEpsilonSvr(pr.X, pr.y, k, C, epsilon, 1e-3, shrinking);
        detail::smoSimdUse(detail::SmoSimd::Auto);
        QCOMPARE(dual.iterations, refIter);
        std::vector<int> svIndices;
        for (int i = 0; i < n; ++i)
            if (dual.coef[static_cast<std::size_t>(i)] != 0.0)
                svIndices.push_back(i + 1);
        QCOMPARE(static_cast<int>(svIndices.size()), ref->l);
        for (int s = 0; s < ref->l; ++s) {
            QCOMPARE(svIndices[static_cast<std::size_t>(s)], ref->sv_indices[s]);
            const double a = dual.coef[static_cast<std::size_t>(svIndices[s] - 1)];
            QVERIFY2(std::abs(a - ref->sv_coef[0][s]) <= 1e-12 * std::max(1.0, std::abs(a)),
                     qPrintable(QString("coef %1: %2 vs %3").arg(s).arg(a).arg(ref->sv_coef[0][s])));
        }
        QVERIFY(std::abs(dual.rho - ref->rho[0]) <= 1e-12 * std::max(1.0, std::abs(dual.rho)));
    }

    // Predictions through the regressor, which uses the dense solver at this size.
    SvrParams sp;
    sp.kernel = static_cast<SvrKernel>(kernel);
    sp.C = C;
    sp.epsilon = epsilon;
    sp.shrinking = shrinking;
    sp.coef0 = param.coef0;
    SvrRegressor svr(sp);
    svr.fit(pr.X, pr.y, {});
    const Vector ours = svr.predict(pr.Xtest);
    const std::vector<svm_node> testNodes = denseNodes(pr.Xtest);
    for (Eigen::Index q = 0; q < pr.Xtest.rows(); ++q) {
        const double theirs = svm_predict(ref, &testNodes[static_cast<std::size_t>(q * (p + 1))]);
        QVERIFY2(std::abs(ours[q] - theirs) <= 1e-9 * std::max(1.0, std::abs(theirs)),
                 qPrintable(QString("row %1: %2 vs %3").arg(q).arg(ours[q]).arg(theirs)));
    }
    svm_free_and_destroy_model(&ref);
}

void TestSmoSolver::scansMatchPlainCode_data()
{
    QTest::addColumn<double>("scale"); // of F and of gmax: the size of the division's terms
    QTest::newRow("unit") << 1.0;
    QTest::newRow("tiny") << 1e-160;  // every ratio below the range of the fast pre-pass
    QTest::newRow("huge") << 1e160;   // every ratio above it
    QTest::newRow("mixed") << -1.0;   // F spread over 1e-200 .. 1e200
}

void TestSmoSolver::scansMatchPlainCode()
{
    QFETCH(double, scale);
    const double inf = std::numeric_limits<double>::infinity();
    std::mt19937_64 rng(20220905);
    int compared = 0;
    for (int n = 0; n <= 100; ++n) {
        for (int trial = 0; trial < 20; ++trial) {
            // Few distinct values, so that picks tie and the last index must win.
            std::uniform_int_distribution<int> level(-3, 3);
            std::vector<double> F(n), upPen(n), lowPen(n), QD(n), scratch(n);
            std::vector<float> kI(n), kJ(n);
            for (int t = 0; t < n; ++t) {
                const double s = scale > 0 ? scale : std::pow(10.0, 40 * level(rng));
                F[t] = s * 0.25 * level(rng);
                upPen[t] = rng() % 4 == 0 ? -inf : 0.0;
                lowPen[t] = rng() % 4 == 0 ? -inf : 0.0;
                QD[t] = 1.0 + 0.5 * (level(rng) + 3);
                kI[t] = 0.25f * static_cast<float>(level(rng));
                kJ[t] = 0.5f * static_cast<float>(level(rng));
            }
            const double gmax = (scale > 0 ? scale : 1.0) * 0.25 * level(rng);
            const double dI = 0.125 * level(rng), dJ = 0.0625 * level(rng);
            const double qdI = 1.0 + 0.5 * (level(rng) + 3);
            // The three scans at one level: their picks, the updated gradient and gmax2.
            struct Scans {
                detail::SmoPick up, updated, low;
                std::vector<double> F;
                double gmax2 = 0.0;
            };
            const auto scansAt = [&](detail::SmoSimd level) {
                detail::smoSimdUse(level);
                Scans out;
                out.up = detail::pickUp(upPen.data(), F.data(), n);
                out.low = detail::pickLow(lowPen.data(), F.data(), QD.data(), kI.data(), n, gmax, qdI, 1e-12,
                                          out.gmax2, scratch.data());
                out.F = F;
                out.updated = detail::updateGradientPickUp(out.F.data(), upPen.data(), kI.data(), kJ.data(), dI,
                                                           dJ, n);
                detail::smoSimdUse(detail::SmoSimd::Auto);
                return out;
            };
            const auto same = [](const detail::SmoPick& a, const detail::SmoPick& b) {
                return a.index == b.index && (a.index < 0 || a.value == b.value);
            };
            const Scans plain = scansAt(detail::SmoSimd::None);
            for (const auto simd : {detail::SmoSimd::Avx512, detail::SmoSimd::Avx2}) {
                const Scans fast = scansAt(simd);
                const QString at = QString("n=%1 trial=%2 simd=%3").arg(n).arg(trial).arg(static_cast<int>(simd));
                QVERIFY2(same(fast.up, plain.up), qPrintable("pickUp " + at));
                QVERIFY2(same(fast.updated, plain.updated), qPrintable("updateGradientPickUp " + at));
                QVERIFY2(fast.F == plain.F, qPrintable("gradient " + at));
                QVERIFY2(same(fast.low, plain.low),
                         qPrintable(QString("pickLow %1: %2 vs %3").arg(at).arg(fast.low.index).arg(plain.low.index)));
                QVERIFY2(fast.gmax2 == plain.gmax2, qPrintable("gmax2 " + at));
                ++compared;
            }
        }
    }
    QVERIFY(compared == 101 * 20 * 2);
}

QTEST_APPLESS_MAIN(TestSmoSolver)
#include "tst_smo_solver.moc"
