// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The estimator contract (STYLE.md), run on every registered regressor: a regressor is
// tested the moment it is registered.
#include <QTest>

#include <cmath>
#include <limits>
#include <random>

#include "naap/core/error.h"
#include "naap/core/models/registry.h"

using namespace naap::core;

namespace {

struct Data {
    Matrix X;
    Vector y;
};

// Smooth targets in (0.3, 0.7), so every target transform is defined.
Data makeData(int rows, int features, unsigned seed)
{
    std::mt19937 gen(seed);
    std::normal_distribution<double> normal;
    Data d{Matrix(rows, features), Vector(rows)};
    for (int i = 0; i < rows; ++i) {
        double s = 0.0;
        for (int j = 0; j < features; ++j) {
            d.X(i, j) = normal(gen);
            s += d.X(i, j) / (j + 1);
        }
        d.y[i] = 0.5 + 0.15 * std::tanh(s) + 0.01 * normal(gen);
    }
    return d;
}

FitControl seeded(std::uint64_t seed)
{
    FitControl c;
    c.seed = seed;
    return c;
}

double maxDiff(const Vector& a, const Vector& b)
{
    return (a - b).cwiseAbs().maxCoeff();
}

const Data& train()
{
    static const Data d = makeData(40, 3, 1);
    return d;
}

const Data& test()
{
    static const Data d = makeData(12, 3, 2);
    return d;
}

} // namespace

class TestRegressorContract : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void registryTable();
    void parseModelList_data();
    void parseModelList();
    void unknownNamesThrow();

    void contract_data();
    void constructionDoesNoWork();
    void constructionDoesNoWork_data() { contract_data(); }
    void contract();
    void refitDiscardsState_data() { contract_data(); }
    void refitDiscardsState();
    void cloneIsUnfittedCopy_data() { contract_data(); }
    void cloneIsUnfittedCopy();
    void badInputThrows_data() { contract_data(); }
    void badInputThrows();
    void cancelledBeforeFit_data() { contract_data(); }
    void cancelledBeforeFit();
    void stagedPrefix_data();
    void stagedPrefix();
};

void TestRegressorContract::registryTable()
{
    const auto& table = regressorRegistry();
    QCOMPARE(table.size(), std::size_t(28));
    const char* paper[] = {"1-NN", "3-NN", "5-NN", "7-NN", "9-NN", "Linear Regression",
                           "Linear Regression (D=0.5)", "Linear Regression (D=0.25)",
                           "Decision Tree", "Gradient Boosting (N=25)", "Gradient Boosting (N=50)",
                           "Gradient Boosting (N=100)", "Gradient Boosting (N=200)",
                           "AdaBoost (N=25)", "AdaBoost (N=50)", "AdaBoost (N=100)",
                           "AdaBoost (N=200)", "SVR (RBF kernel)", "SVR (Polynomial kernel)",
                           "SVR (Linear kernel)", "Random Forest (N=25)", "Random Forest (N=50)",
                           "Random Forest (N=100)", "Random Forest (N=200)",
                           "Linear Regression (D=2)", "Linear Regression (Exp)",
                           "Linear Regression (Log)", "Linear Regression (Sigmoid)"};
    for (std::size_t i = 0; i < table.size(); ++i) {
        QCOMPARE(table[i].name, std::string(paper[i]));
        QCOMPARE(table[i].inPaper, i < 24);
        QCOMPARE(findRegressor(table[i].name), &table[i]);
        if (table[i].members > 0) {
            const std::string n = std::to_string(table[i].members);
            QCOMPARE(table[i].name, table[i].family + " (N=" + n + ")");
        } else {
            QCOMPARE(table[i].family, table[i].name);
        }
    }
    QCOMPARE(findRegressor("Random Forest (N=50)")->family, std::string("Random Forest"));
    QCOMPARE(findRegressor("AdaBoost (N=200)")->members, 200);
    QVERIFY(findRegressor("10-NN") == nullptr);
}

void TestRegressorContract::parseModelList_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QStringList>("expected");
    QStringList all;
    for (const auto& info : regressorRegistry())
        all << QString::fromStdString(info.name);
    QTest::newRow("all") << "all" << all;
    QTest::newRow("paper") << " paper " << all.mid(0, 24);
    QTest::newRow("extended") << "extended" << all.mid(24);
    QTest::newRow("names") << "5-NN; SVR (RBF kernel) ;Random Forest (N=25)"
                           << QStringList{"5-NN", "SVR (RBF kernel)", "Random Forest (N=25)"};
    QTest::newRow("trailing separator and repeat") << "1-NN;1-NN;" << QStringList{"1-NN"};
}

void TestRegressorContract::parseModelList()
{
    QFETCH(QString, spec);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const auto& n : naap::core::parseModelList(spec.toStdString()))
        got << QString::fromStdString(n);
    QCOMPARE(got, expected);
}

void TestRegressorContract::unknownNamesThrow()
{
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, naap::core::parseModelList("5-NN;Lasso"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, naap::core::parseModelList(" ; "));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, createRegressor("linear regression"));
    try {
        createRegressor("Lasso");
    } catch (const InvalidArgument& e) {
        QVERIFY(std::string(e.what()).find("Lasso") != std::string::npos);
        QVERIFY(std::string(e.what()).find("SVR (RBF kernel)") != std::string::npos);
    }
}

void TestRegressorContract::contract_data()
{
    QTest::addColumn<QString>("name");
    for (const auto& info : regressorRegistry())
        QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
}

void TestRegressorContract::constructionDoesNoWork()
{
    QFETCH(QString, name);
    const RegressorInfo* info = findRegressor(name.toStdString());
    QVERIFY(info != nullptr);
    auto model = info->create();
    QCOMPARE(model->name(), info->name);
    QCOMPARE(model->isDeterministic(), info->deterministic);
    QVERIFY(!model->isFitted());
    QVERIFY_THROWS_EXCEPTION(Error, model->predict(test().X));
    QCOMPARE(dynamic_cast<StagedEnsemble*>(model.get()) != nullptr, info->members > 0);
}

void TestRegressorContract::contract()
{
    QFETCH(QString, name);
    const RegressorInfo* info = findRegressor(name.toStdString());
    auto model = info->create();
    model->fit(train().X, train().y, seeded(20220905));
    QVERIFY(model->isFitted());
    const Vector p = model->predict(test().X);
    QCOMPARE(p.size(), test().X.rows());
    QVERIFY(p.allFinite());

    // The same seed gives the same model; a deterministic model ignores the seed.
    auto again = info->create();
    again->fit(train().X, train().y, seeded(20220905));
    QVERIFY(maxDiff(again->predict(test().X), p) <= 1e-12);
    if (info->deterministic) {
        auto other = info->create();
        other->fit(train().X, train().y, seeded(7));
        QVERIFY(maxDiff(other->predict(test().X), p) <= 1e-12);
    }
}

void TestRegressorContract::refitDiscardsState()
{
    QFETCH(QString, name);
    const RegressorInfo* info = findRegressor(name.toStdString());
    const Data wide = makeData(30, 5, 3);
    const Data wideTest = makeData(6, 5, 4);
    auto model = info->create();
    model->fit(train().X, train().y, seeded(11));
    model->fit(wide.X, wide.y, seeded(12));
    auto fresh = info->create();
    fresh->fit(wide.X, wide.y, seeded(12));
    QVERIFY(maxDiff(model->predict(wideTest.X), fresh->predict(wideTest.X)) <= 1e-12);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->predict(test().X));
}

void TestRegressorContract::cloneIsUnfittedCopy()
{
    QFETCH(QString, name);
    const RegressorInfo* info = findRegressor(name.toStdString());
    auto model = info->create();
    model->fit(train().X, train().y, seeded(5));
    auto copy = model->clone();
    QCOMPARE(copy->name(), model->name());
    QVERIFY(!copy->isFitted());
    QVERIFY_THROWS_EXCEPTION(Error, copy->predict(test().X));
    QVERIFY(model->isFitted()); // cloning leaves the original alone
    copy->fit(train().X, train().y, seeded(5));
    QVERIFY(maxDiff(copy->predict(test().X), model->predict(test().X)) <= 1e-12);
}

void TestRegressorContract::badInputThrows()
{
    QFETCH(QString, name);
    auto model = findRegressor(name.toStdString())->create();
    const Matrix& X = train().X;
    const Vector& y = train().y;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->fit(X, y.head(10), {}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->fit(Matrix(0, 3), Vector(0), {}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->fit(Matrix(40, 0), y, {}));
    Matrix withNan = X;
    withNan(3, 1) = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->fit(withNan, y, {}));
    Vector withInf = y;
    withInf[7] = std::numeric_limits<double>::infinity();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->fit(X, withInf, {}));
    QVERIFY(!model->isFitted());
    try {
        model->fit(X, y.head(10), {});
    } catch (const InvalidArgument& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("40") != std::string::npos && what.find("10") != std::string::npos,
                 e.what());
    }

    model->fit(X, y, {});
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->predict(Matrix::Zero(2, 4)));
    Matrix nanTest = test().X;
    nanTest(0, 0) = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, model->predict(nanTest));
}

void TestRegressorContract::cancelledBeforeFit()
{
    QFETCH(QString, name);
    const RegressorInfo* info = findRegressor(name.toStdString());
    CancelToken token;
    token.cancel();
    FitControl control;
    control.cancel = &token;
    auto model = info->create();
    if (info->members > 0) {
        QVERIFY_THROWS_EXCEPTION(Cancelled, model->fit(train().X, train().y, control));
        QVERIFY(!model->isFitted());
    } else {
        // Single models may finish before polling; if they do stop, they say so.
        try {
            model->fit(train().X, train().y, control);
        } catch (const Cancelled&) {
            QVERIFY(!model->isFitted());
        }
    }
}

void TestRegressorContract::stagedPrefix_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("members");
    for (const auto& info : regressorRegistry()) {
        if (info.members > 0 && info.members < 200)
            QTest::newRow(info.name.c_str()) << QString::fromStdString(info.family) << info.members;
    }
}

void TestRegressorContract::stagedPrefix()
{
    QFETCH(QString, family);
    QFETCH(int, members);
    const std::string prefix = family.toStdString() + " (N=";
    auto big = createRegressor(prefix + "200)");
    auto small = createRegressor(prefix + std::to_string(members) + ")");
    big->fit(train().X, train().y, seeded(20220907));
    small->fit(train().X, train().y, seeded(20220907));
    const auto* staged = dynamic_cast<const StagedEnsemble*>(big.get());
    const auto* smallStaged = dynamic_cast<const StagedEnsemble*>(small.get());
    QVERIFY(staged && smallStaged);
    QVERIFY(staged->fittedMembers() >= 1 && staged->fittedMembers() <= 200);
    QCOMPARE(smallStaged->fittedMembers(), std::min(members, staged->fittedMembers()));
    QVERIFY(maxDiff(staged->predictPrefix(test().X, staged->fittedMembers()),
                    big->predict(test().X)) <= 1e-12);
    QVERIFY(maxDiff(staged->predictPrefix(test().X, members), small->predict(test().X)) <= 1e-12);
}

QTEST_APPLESS_MAIN(TestRegressorContract)
#include "tst_regressor_contract.moc"
