// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The dense epsilon-SVR solver against libsvm 3.24 itself (the reference, linked):
// random problems, all three kernels, duplicate rows, shrinking on and off. Both must
// take the same number of SMO iterations and find the same support vectors, dual
// coefficients, rho and predictions.
#include <QtTest>

#include <libsvm/svm.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "../../core/src/models/detail/smo_solver.h"
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
    void matchesLibsvm_data();
    void matchesLibsvm();
};

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

    // The dense solver, with its AVX2 loops (where the CPU has them) and without.
    const detail::SmoKernel k{smoKernels[kernel], param.gamma, param.coef0, param.degree};
    for (const bool simd : {true, false}) {
        detail::smoAllowSimd(simd);
        const detail::SvrDualSolution dual =
            detail::solveEpsilonSvr(pr.X, pr.y, k, C, epsilon, 1e-3, shrinking);
        detail::smoAllowSimd(true);
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

QTEST_APPLESS_MAIN(TestSmoSolver)
#include "tst_smo_solver.moc"
