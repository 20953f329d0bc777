// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "naap/core/error.h"
#include "naap/core/models/knn_regressor.h"
#include "naap/core/models/linear_regressor.h"
#include "naap/core/models/registry.h"
#include "naap/core/models/svr_regressor.h"
#include "test_paths.h"

using namespace naap::core;

namespace {

/// One linear_known_<case>.csv written by tests/data/gen_linear_known_answers.py.
struct KnownCase {
    Matrix Xtrain, Xtest;
    Vector ytrain;
    QStringList models;
    QList<Vector> predictions; ///< one per model, test rows
    Vector coef;
    double intercept = 0.0;
};

KnownCase readCase(const QString& name)
{
    QFile f(naap::test::testDataDir() + "/linear_known_" + name + ".csv");
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    const QStringList header = QString::fromUtf8(f.readLine()).trimmed().split(',');
    // Columns: split, y, x1..xp, then one per model (no model name starts with 'x').
    const int p = static_cast<int>(std::count_if(
        header.begin(), header.end(), [](const QString& h) { return h.startsWith('x'); }));
    KnownCase c;
    c.models = header.mid(2 + p);
    std::vector<std::vector<double>> train, test;
    std::vector<double> ytrain;
    std::vector<std::vector<double>> preds(static_cast<std::size_t>(c.models.size()));
    while (!f.atEnd()) {
        const QStringList cells = QString::fromUtf8(f.readLine()).trimmed().split(',');
        std::vector<double> x;
        for (int j = 0; j < p; ++j)
            x.push_back(cells[2 + j].toDouble());
        if (cells[0] == "train") {
            train.push_back(x);
            ytrain.push_back(cells[1].toDouble());
        } else if (cells[0] == "test") {
            test.push_back(x);
            for (qsizetype m = 0; m < c.models.size(); ++m)
                preds[static_cast<std::size_t>(m)].push_back(cells[2 + p + m].toDouble());
        } else {
            c.intercept = cells[1].toDouble();
            c.coef = Eigen::Map<const Vector>(x.data(), p);
        }
    }
    auto toMatrix = [p](const std::vector<std::vector<double>>& rows) {
        Matrix X(static_cast<Eigen::Index>(rows.size()), p);
        for (std::size_t i = 0; i < rows.size(); ++i)
            for (int j = 0; j < p; ++j)
                X(static_cast<Eigen::Index>(i), j) = rows[i][static_cast<std::size_t>(j)];
        return X;
    };
    c.Xtrain = toMatrix(train);
    c.Xtest = toMatrix(test);
    c.ytrain = Eigen::Map<const Vector>(ytrain.data(), static_cast<Eigen::Index>(ytrain.size()));
    for (const auto& v : preds)
        c.predictions.append(
            Eigen::Map<const Vector>(v.data(), static_cast<Eigen::Index>(v.size())));
    return c;
}

Matrix mat(std::initializer_list<std::initializer_list<double>> rows)
{
    Matrix X(static_cast<Eigen::Index>(rows.size()),
             static_cast<Eigen::Index>(rows.begin()->size()));
    Eigen::Index i = 0;
    for (const auto& r : rows) {
        Eigen::Index j = 0;
        for (double v : r)
            X(i, j++) = v;
        ++i;
    }
    return X;
}

Vector vec(std::initializer_list<double> v)
{
    return Eigen::Map<const Vector>(v.begin(), static_cast<Eigen::Index>(v.size()));
}

} // namespace

class TestLinearModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownAnswers_data();
    void knownAnswers();
    void minimumNormCoefficients();
    void exactLinearFit();
    void powerTransformNegativeBaseIsNan();
    void transformUndefinedOnTargetsThrows();
    void names_data();
    void names();
    void knnTiesTakeLowerIndex();
    void knnNeedsEnoughRows();
    void svrExplicitGammaDiffers();
    void svrConstantFeaturesUseGammaOne();
    void svrFitsConcurrently();
};

void TestLinearModels::knownAnswers_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("tolerance");
    for (const QString c : {"basic", "collinear", "unscaled"}) {
        for (const QString& m : readCase(c).models) {
            // OLS is exact up to rounding; libsvm stops at tolerance 1e-3 but on the same
            // path as scikit-learn's copy, so predictions agree far below 1e-6.
            const double tol = m.startsWith("SVR") ? 1e-6 : 1e-9;
            QTest::newRow(qPrintable(c + ": " + m)) << c << m << tol;
        }
    }
}

void TestLinearModels::knownAnswers()
{
    QFETCH(QString, caseName);
    QFETCH(QString, model);
    QFETCH(double, tolerance);
    const KnownCase c = readCase(caseName);
    auto regressor = createRegressor(model.toStdString());
    regressor->fit(c.Xtrain, c.ytrain, {});
    const Vector pred = regressor->predict(c.Xtest);
    const Vector& expected = c.predictions[c.models.indexOf(model)];
    QCOMPARE(pred.size(), expected.size());
    const double worst = (pred - expected).cwiseAbs().maxCoeff();
    QVERIFY2(worst <= tolerance, qPrintable(QString("max |diff| = %1").arg(worst)));
}

void TestLinearModels::minimumNormCoefficients()
{
    const KnownCase c = readCase("collinear");
    LinearRegressor ols;
    ols.fit(c.Xtrain, c.ytrain, {});
    QVERIFY((ols.coefficients() - c.coef).cwiseAbs().maxCoeff() < 1e-9);
    QVERIFY(std::abs(ols.intercept() - c.intercept) < 1e-9);
}

void TestLinearModels::exactLinearFit()
{
    const Matrix X = mat({{0, 1}, {1, 0}, {2, 3}, {3, 1}, {4, 4}});
    const Vector y = (1.0 + 2.0 * X.col(0).array() - X.col(1).array()).matrix();
    LinearRegressor ols;
    ols.fit(X, y, {});
    QVERIFY(std::abs(ols.intercept() - 1.0) < 1e-12);
    QVERIFY(std::abs(ols.coefficients()[0] - 2.0) < 1e-12);
    QVERIFY(std::abs(ols.coefficients()[1] + 1.0) < 1e-12);
    QVERIFY(std::abs(ols.predict(mat({{10, 5}}))[0] - 16.0) < 1e-11);
    // One row: the centred problem is all zeros, so coef = 0 and intercept = y.
    ols.fit(mat({{3, 4}}), vec({0.7}), {});
    QVERIFY(ols.coefficients().isZero());
    QCOMPARE(ols.predict(mat({{100, -100}}))[0], 0.7);
}

void TestLinearModels::powerTransformNegativeBaseIsNan()
{
    // D = 0.5 fits y² − 1 = {−0.19, −0.51, −0.83}, a line; far out ŷ + 1 < 0 and the
    // square root is numpy's NaN.
    LinearRegressor model({TargetTransform::Power, 0.5});
    model.fit(mat({{0}, {1}, {2}}), vec({0.9, 0.7, std::sqrt(0.17)}), {});
    const Vector p = model.predict(mat({{1}, {100}}));
    QVERIFY(std::abs(p[0] - 0.7) < 1e-12);
    QVERIFY(std::isnan(p[1]));
}

void TestLinearModels::transformUndefinedOnTargetsThrows()
{
    LinearRegressor sigmoid({TargetTransform::Sigmoid, 1.0});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, sigmoid.fit(mat({{0}, {1}}), vec({0.5, 1.0}), {}));
    LinearRegressor exp({TargetTransform::Exp, 1.0});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, exp.fit(mat({{0}, {1}}), vec({0.5, -1.0}), {}));
    QVERIFY(!exp.isFitted());
}

void TestLinearModels::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    auto lin = [](TargetTransform t, double d) {
        return QString::fromStdString(LinearRegressor({t, d}).name());
    };
    auto svr = [](SvrKernel k) {
        SvrParams p;
        p.kernel = k;
        return QString::fromStdString(SvrRegressor(p).name());
    };
    QTest::newRow("ols") << lin(TargetTransform::None, 1) << "Linear Regression";
    QTest::newRow("d0.5") << lin(TargetTransform::Power, 0.5) << "Linear Regression (D=0.5)";
    QTest::newRow("d0.25") << lin(TargetTransform::Power, 0.25) << "Linear Regression (D=0.25)";
    QTest::newRow("d2") << lin(TargetTransform::Power, 2) << "Linear Regression (D=2)";
    QTest::newRow("exp") << lin(TargetTransform::Exp, 1) << "Linear Regression (Exp)";
    QTest::newRow("log") << lin(TargetTransform::Log, 1) << "Linear Regression (Log)";
    QTest::newRow("sigmoid") << lin(TargetTransform::Sigmoid, 1) << "Linear Regression (Sigmoid)";
    QTest::newRow("knn") << QString::fromStdString(KnnRegressor({7}).name()) << "7-NN";
    QTest::newRow("rbf") << svr(SvrKernel::Rbf) << "SVR (RBF kernel)";
    QTest::newRow("poly") << svr(SvrKernel::Polynomial) << "SVR (Polynomial kernel)";
    QTest::newRow("linear") << svr(SvrKernel::Linear) << "SVR (Linear kernel)";
}

void TestLinearModels::names()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(name, expected);
}

void TestLinearModels::knnTiesTakeLowerIndex()
{
    // Row 0 is at distance 0 from the query and rows 1, 2, 3 all at distance 1: the tie
    // goes to the lower training index.
    const Matrix X = mat({{0, 0}, {1, 0}, {0, 1}, {-1, 0}, {5, 5}});
    const Vector y = vec({10, 20, 30, 40, 50});
    KnnRegressor two({2});
    two.fit(X, y, {});
    QCOMPARE(two.predict(mat({{0, 0}}))[0], 15.0);
    KnnRegressor three({3});
    three.fit(X, y, {});
    QCOMPARE(three.predict(mat({{0, 0}}))[0], 20.0);
    // Duplicated training rows: exact zero distances, lower index first.
    KnnRegressor one({1});
    one.fit(mat({{1, 1}, {1, 1}}), vec({3, 4}), {});
    QCOMPARE(one.predict(mat({{1, 1}}))[0], 3.0);
}

void TestLinearModels::knnNeedsEnoughRows()
{
    KnnRegressor nine({9});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, nine.fit(mat({{0}, {1}}), vec({0, 1}), {}));
    KnnRegressor zero({0});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, zero.fit(mat({{0}, {1}}), vec({0, 1}), {}));
}

void TestLinearModels::svrExplicitGammaDiffers()
{
    const KnownCase c = readCase("unscaled");
    SvrRegressor scale;
    scale.fit(c.Xtrain, c.ytrain, {});
    SvrParams p;
    p.gamma = 5.0;
    SvrRegressor fixed(p);
    fixed.fit(c.Xtrain, c.ytrain, {});
    QVERIFY((scale.predict(c.Xtest) - fixed.predict(c.Xtest)).cwiseAbs().maxCoeff() > 1e-4);
    p.C = -1.0;
    SvrRegressor bad(p);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, bad.fit(c.Xtrain, c.ytrain, {}));
}

void TestLinearModels::svrConstantFeaturesUseGammaOne()
{
    // X.var() = 0: scikit-learn falls back to gamma = 1; every prediction is then the
    // same constant, close to the targets' centre.
    SvrRegressor svr;
    svr.fit(mat({{2, 2}, {2, 2}, {2, 2}}), vec({0.5, 0.6, 0.7}), {});
    const Vector p = svr.predict(mat({{2, 2}, {2, 2}}));
    QVERIFY(std::isfinite(p[0]));
    QCOMPARE(p[0], p[1]);
    QVERIFY(std::abs(p[0] - 0.6) < 0.05);
}

void TestLinearModels::svrFitsConcurrently()
{
    // libsvm is re-entrant apart from its print hook, which is set once: instances fit
    // on several threads at once give the serial answers.
    const KnownCase c = readCase("basic");
    const SvrKernel kernels[] = {SvrKernel::Rbf, SvrKernel::Polynomial, SvrKernel::Linear,
                                 SvrKernel::Rbf, SvrKernel::Polynomial, SvrKernel::Linear};
    std::vector<Vector> parallel(std::size(kernels));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < std::size(kernels); ++i) {
        threads.emplace_back([&, i] {
            SvrParams p;
            p.kernel = kernels[i];
            SvrRegressor svr(p);
            svr.fit(c.Xtrain, c.ytrain, {});
            parallel[i] = svr.predict(c.Xtest);
        });
    }
    for (auto& t : threads)
        t.join();
    for (std::size_t i = 0; i < std::size(kernels); ++i) {
        SvrParams p;
        p.kernel = kernels[i];
        SvrRegressor svr(p);
        svr.fit(c.Xtrain, c.ytrain, {});
        QVERIFY((svr.predict(c.Xtest) - parallel[i]).cwiseAbs().maxCoeff() <= 1e-15);
    }
}

QTEST_APPLESS_MAIN(TestLinearModels)
#include "tst_linear_models.moc"
