// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "naap/core/features/features.h"
#include "test_paths.h"

using namespace naap::core;

namespace {

// A row whose values are easy to recognise: epoch e has loss 10e + 1, 10e + 2 and
// accuracy e / 100.
ArchitectureRow makeRow(int id, double maxAccuracy, int epochs, bool v2)
{
    ArchitectureRow r;
    r.modelId = id;
    r.isTest = id % 2;
    r.scheme.numParams = std::exp(8.0 + id);
    r.scheme.numMACs = std::exp(12.0 + id);
    r.scheme.numLayers = 3 + id % 2;
    r.scheme.numStages = 2;
    r.scheme.firstLayerWidth = 12;
    r.scheme.lastLayerWidth = 32 + id;
    if (v2) {
        r.scheme.numSkipConnections = id % 3;
        r.scheme.numPartialRFLayers = 1;
    }
    r.maxAccuracy = maxAccuracy;
    for (int e = 1; e <= epochs; ++e)
        r.epochs.push_back({10.0 * e + 1, 10.0 * e + 2, e / 100.0});
    return r;
}

Dataset makeDataset(bool v2, int rows = 4, int epochs = 3)
{
    Dataset d;
    d.version = v2 ? TableVersion::V2 : TableVersion::V1;
    d.numEpochs = epochs;
    for (int i = 0; i < rows; ++i)
        d.rows.push_back(makeRow(i, 0.5 + 0.01 * i, epochs, v2));
    return d;
}

} // namespace

class TestFeatures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void valuesAtCutoffZero();
    void valuesAtCutoffTwo();
    void autoPicksV2();
    void v2OnV1TableThrows();
    void missingValuesAreSkipped_data();
    void missingValuesAreSkipped();
    void rowSubsetKeepsOrder();
    void absentColumnIsNamed_data();
    void absentColumnIsNamed();
    void badCutoff_data();
    void badCutoff();
    void scalerMatchesSklearn();
    void scalerConstantColumn();
    void scalerBadShape();
};

void TestFeatures::names_data()
{
    QTest::addColumn<int>("cutoff");
    QTest::addColumn<int>("set");
    QTest::addColumn<QStringList>("expected");
    const QStringList v1 = {"log(NumParams)", "log(NumMACs)",    "NumLayers",
                            "NumStages",      "FirstLayerWidth", "LastLayerWidth"};
    const QStringList k0 = {"log(NumParams)", "NumStages"};
    QTest::newRow("k0 v1") << 0 << int(FeatureSet::V1) << k0;
    QTest::newRow("k0 v2") << 0 << int(FeatureSet::V2) << k0;
    QTest::newRow("k1 v1") << 1 << int(FeatureSet::V1)
                           << v1 + QStringList{"e1LossMean", "e1LossMedian", "e1Accuracy"};
    QTest::newRow("k2 v2") << 2 << int(FeatureSet::V2)
                           << v1 + QStringList{"NumSkipConnections", "NumPartialRFLayers",
                                               "e1LossMean", "e1LossMedian", "e1Accuracy",
                                               "e2LossMean", "e2LossMedian", "e2Accuracy"};
}

void TestFeatures::names()
{
    QFETCH(int, cutoff);
    QFETCH(int, set);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const auto& n : featureNames(cutoff, static_cast<FeatureSet>(set)))
        got << QString::fromStdString(n);
    QCOMPARE(got, expected);
    QCOMPARE(featureNames(9, FeatureSet::V1).size(), std::size_t(6 + 27));
}

void TestFeatures::valuesAtCutoffZero()
{
    const FeatureMatrix fm = buildFeatures(makeDataset(false), 0, FeatureSet::V1);
    QCOMPARE(fm.X.rows(), Eigen::Index(4));
    QCOMPARE(fm.X.cols(), Eigen::Index(2));
    QVERIFY(std::abs(fm.X(3, 0) - 11.0) < 1e-12); // log(e^(8+3))
    QCOMPARE(fm.X(3, 1), 2.0);
    QCOMPARE(fm.y[3], 0.53);
    QCOMPARE(fm.rows, (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(fm.skippedRows, 0);
}

void TestFeatures::valuesAtCutoffTwo()
{
    const FeatureMatrix fm = buildFeatures(makeDataset(false), 2, FeatureSet::V1);
    QCOMPARE(fm.X.cols(), Eigen::Index(12));
    const Eigen::RowVectorXd row = fm.X.row(1);
    QVERIFY(std::abs(row[0] - 9.0) < 1e-12);
    QVERIFY(std::abs(row[1] - 13.0) < 1e-12);
    QCOMPARE(row[2], 4.0);
    QCOMPARE(row[3], 2.0);
    QCOMPARE(row[4], 12.0);
    QCOMPARE(row[5], 33.0);
    QCOMPARE(row[6], 11.0);
    QCOMPARE(row[7], 12.0);
    QCOMPARE(row[8], 0.01);
    QCOMPARE(row[9], 21.0);
    QCOMPARE(row[10], 22.0);
    QCOMPARE(row[11], 0.02);
}

void TestFeatures::autoPicksV2()
{
    const FeatureMatrix v2 = buildFeatures(makeDataset(true), 1, FeatureSet::Auto);
    QCOMPARE(v2.names.size(), std::size_t(11));
    QCOMPARE(v2.names[6], std::string("NumSkipConnections"));
    QCOMPARE(v2.X(2, 6), 2.0);
    QCOMPARE(v2.X(2, 7), 1.0);
    const FeatureMatrix v1 = buildFeatures(makeDataset(false), 1, FeatureSet::Auto);
    QCOMPARE(v1.names.size(), std::size_t(9));
    // A v2 table may still be read with the v1 features.
    QCOMPARE(buildFeatures(makeDataset(true), 1, FeatureSet::V1).X.cols(), Eigen::Index(9));
}

void TestFeatures::v2OnV1TableThrows()
{
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, buildFeatures(makeDataset(false), 1, FeatureSet::V2));
}

void TestFeatures::missingValuesAreSkipped_data()
{
    QTest::addColumn<int>("what");
    QTest::addColumn<int>("cutoff");
    QTest::addColumn<int>("skipped");
    // what: 0 MaxAccuracy, 1 NumMACs, 2 epoch 3 accuracy, 3 NumParams, 4 NumParams = 0
    QTest::newRow("no MaxAccuracy") << 0 << 0 << 1;
    QTest::newRow("NumMACs unused at cutoff 0") << 1 << 0 << 0;
    QTest::newRow("NumMACs needed at cutoff 1") << 1 << 1 << 1;
    QTest::newRow("epoch 3 unused at cutoff 2") << 2 << 2 << 0;
    QTest::newRow("epoch 3 needed at cutoff 3") << 2 << 3 << 1;
    QTest::newRow("no NumParams") << 3 << 0 << 1;
    QTest::newRow("log of zero") << 4 << 1 << 1;
}

void TestFeatures::missingValuesAreSkipped()
{
    QFETCH(int, what);
    QFETCH(int, cutoff);
    QFETCH(int, skipped);
    Dataset d = makeDataset(false);
    ArchitectureRow& r = d.rows[2];
    switch (what) {
    case 0: r.maxAccuracy = kMissing; break;
    case 1: r.scheme.numMACs = kMissing; break;
    case 2: r.epochs[2].accuracy = kMissing; break;
    case 3: r.scheme.numParams = kMissing; break;
    default: r.scheme.numParams = 0.0; break;
    }
    const FeatureMatrix fm = buildFeatures(d, cutoff, FeatureSet::V1);
    QCOMPARE(fm.skippedRows, skipped);
    QCOMPARE(fm.X.rows(), Eigen::Index(4 - skipped));
    QCOMPARE(fm.y.size(), Eigen::Index(4 - skipped));
    QCOMPARE(fm.rows.size(), std::size_t(4 - skipped));
    QVERIFY(fm.X.allFinite());
    if (skipped)
        QCOMPARE(fm.rows, (std::vector<int>{0, 1, 3}));
}

void TestFeatures::rowSubsetKeepsOrder()
{
    const FeatureMatrix fm = buildFeatures(makeDataset(false), 1, FeatureSet::V1, {3, 0});
    QCOMPARE(fm.rows, (std::vector<int>{3, 0}));
    QCOMPARE(fm.y[0], 0.53);
    QCOMPARE(fm.y[1], 0.5);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             buildFeatures(makeDataset(false), 1, FeatureSet::V1, {4}));
}

void TestFeatures::absentColumnIsNamed_data()
{
    QTest::addColumn<QString>("dropped");
    QTest::addColumn<int>("cutoff");
    QTest::addColumn<QString>("error"); // "" when the features do not need the column
    QTest::newRow("NumMACs at cutoff 0") << "NumMACs" << 0 << "";
    QTest::newRow("NumMACs at cutoff 1") << "NumMACs" << 1 << "NumMACs";
    QTest::newRow("NumStages at cutoff 0") << "NumStages" << 0 << "NumStages";
    QTest::newRow("LastLayerWidth at cutoff 1") << "LastLayerWidth" << 1 << "LastLayerWidth";
    QTest::newRow("IsTest at cutoff 1") << "IsTest" << 1 << "";
}

void TestFeatures::absentColumnIsNamed()
{
    QFETCH(QString, dropped);
    QFETCH(int, cutoff);
    QFETCH(QString, error);
    // A v1 table with one epoch, read from a file that lacks the column `dropped`.
    const QStringList names{"ModelId", "IsTest", "NumParams", "NumMACs", "NumLayers", "NumStages",
                            "FirstLayerWidth", "LastLayerWidth", "MaxAccuracy", "e1LossMean",
                            "e1LossMedian", "e1Accuracy"};
    const QStringList rows[] = {{"1", "0", "2566", "231600", "3", "2", "12", "16", "0.5", "1.8", "1.7", "0.3"},
                                {"2", "1", "3000", "250000", "4", "3", "16", "24", "0.6", "1.6", "1.5", "0.4"},
                                {"3", "0", "3500", "270000", "4", "3", "16", "32", "0.7", "1.5", "1.4", "0.45"}};
    const auto at = names.indexOf(dropped);
    QVERIFY(at >= 0);
    auto line = [&](QStringList fields) {
        fields.removeAt(at);
        return fields.join(',').toUtf8() + "\n";
    };
    QByteArray content = line(names);
    for (const QStringList& r : rows)
        content += line(r);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "nomacs.csv", content);
    const Dataset d = readTableCsv(path.toStdString()).dataset;
    if (error.isEmpty()) {
        QCOMPARE(buildFeatures(d, cutoff, FeatureSet::Auto).X.rows(), Eigen::Index(3));
        return;
    }
    try {
        buildFeatures(d, cutoff, FeatureSet::Auto);
        QFAIL("expected an InvalidArgument");
    } catch (const InvalidArgument& e) {
        QCOMPARE(QString::fromUtf8(e.what()), path + " has no " + error +
                                                  " column, which the features at cutoff " +
                                                  QString::number(cutoff) + " need.");
    }
}

void TestFeatures::badCutoff_data()
{
    QTest::addColumn<int>("cutoff");
    QTest::newRow("negative") << -1;
    QTest::newRow("past the last epoch") << 4;
}

void TestFeatures::badCutoff()
{
    QFETCH(int, cutoff);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                             buildFeatures(makeDataset(false), cutoff, FeatureSet::V1));
    if (cutoff < 0)
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, featureNames(cutoff, FeatureSet::V1));
}

void TestFeatures::scalerMatchesSklearn()
{
    Matrix X(4, 2);
    X << 1, 10, 2, 20, 3, 30, 4, 60;
    StandardScaler s;
    s.fit(X);
    // Column 0: mean 2.5, population std sqrt(1.25); column 1: mean 30, std sqrt(350).
    QCOMPARE(s.mean()[0], 2.5);
    QCOMPARE(s.mean()[1], 30.0);
    QVERIFY(std::abs(s.scale()[0] - std::sqrt(1.25)) < 1e-15);
    QVERIFY(std::abs(s.scale()[1] - std::sqrt(350.0)) < 1e-12);
    const Matrix Z = s.transform(X);
    QVERIFY(Z.colwise().mean().cwiseAbs().maxCoeff() < 1e-15);
    QVERIFY(std::abs(Z(0, 0) + 1.5 / std::sqrt(1.25)) < 1e-15);
    Matrix other(1, 2);
    other << 5, 0;
    QVERIFY(std::abs(s.transform(other)(0, 1) + 30.0 / std::sqrt(350.0)) < 1e-15);
}

void TestFeatures::scalerConstantColumn()
{
    Matrix X(3, 2);
    X << 0.1, 1, 0.1, 2, 0.1, 3;
    StandardScaler s;
    s.fit(X);
    QCOMPARE(s.scale()[0], 1.0); // the mean of 0.1s may be an ulp off 0.1
    const Matrix Z = s.transform(X);
    QVERIFY(Z.col(0).cwiseAbs().maxCoeff() < 1e-15);
}

void TestFeatures::scalerBadShape()
{
    StandardScaler s;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, s.fit(Matrix(0, 3)));
    s.fit(Matrix::Ones(2, 3));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, s.transform(Matrix::Ones(2, 2)));
}

QTEST_APPLESS_MAIN(TestFeatures)
#include "tst_features.moc"
