// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The protocol runner: splits, median-by-violations selection, staged ensembles,
// determinism, cancellation and progress, on a small table built in memory; and the
// extrapolation and k-fold splits with every metric against scikit-learn on NAAP-440.
#include <QtTest>

#include <QFile>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "naap/core/protocol/protocol.h"
#include "synthetic_dataset.h"
#include "test_paths.h"

using namespace naap::core;

class TestProtocol : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesSplitModes_data();
    void parsesSplitModes();
    void rejectsBadSplitModes();
    void interpolationUsesIsTest();
    void extrapolationSplitsPartitionByAccuracy_data();
    void extrapolationSplitsPartitionByAccuracy();
    void kfoldCoversEveryRowOnce();
    void selectsMedianRunByViolations();
    void deterministicModelsAgreeAcrossSeeds();
    void stagedPrefixEqualsSeparateFit();
    void runsAreReproducible();
    void kfoldPredictsEveryRow();
    void cancelStopsTheRun();
    void reportsProgress();
    void rejectsBadOptions();
    void skipsRowsWithMissingEpochs();
    void countsRowsWithoutMaxAccuracy();
    void splitModesMatchScikitLearn();
};

void TestProtocol::parsesSplitModes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("folds");
    QTest::newRow("interpolation") << "interpolation" << int(SplitKind::Interpolation) << 5;
    QTest::newRow("left") << "left" << int(SplitKind::Left) << 5;
    QTest::newRow("right") << "right" << int(SplitKind::Right) << 5;
    QTest::newRow("dual") << "dual" << int(SplitKind::Dual) << 5;
    QTest::newRow("kfold=10") << "kfold=10" << int(SplitKind::KFold) << 10;
}

void TestProtocol::parsesSplitModes()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(int, folds);
    const SplitMode mode = parseSplitMode(text.toStdString());
    QCOMPARE(int(mode.kind), kind);
    if (mode.kind == SplitKind::KFold)
        QCOMPARE(mode.folds, folds);
    QCOMPARE(QString::fromStdString(splitModeName(mode)), text);
}

void TestProtocol::rejectsBadSplitModes()
{
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseSplitMode("middle"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseSplitMode("kfold=1"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseSplitMode("kfold=x"));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseSplitMode(""));
}

void TestProtocol::interpolationUsesIsTest()
{
    const Dataset d = naap::test::syntheticDataset();
    const auto splits = makeSplits(d, {}, 1);
    QCOMPARE(splits.size(), std::size_t(1));
    QCOMPARE(int(splits[0].test.size()), d.numTest());
    QCOMPARE(int(splits[0].train.size()), d.numTrain());
    for (int r : splits[0].test)
        QCOMPARE(d.rows[std::size_t(r)].isTest, 1);
    // Both sides ascend in MaxAccuracy, as the paper's protocol sorts first.
    for (const auto* side : {&splits[0].train, &splits[0].test})
        for (std::size_t i = 1; i < side->size(); ++i)
            QVERIFY(d.rows[std::size_t((*side)[i - 1])].maxAccuracy <= d.rows[std::size_t((*side)[i])].maxAccuracy);
}

void TestProtocol::extrapolationSplitsPartitionByAccuracy_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("trainCount");
    QTest::newRow("left") << "left" << 60;
    QTest::newRow("right") << "right" << 60;
    QTest::newRow("dual") << "dual" << 60;
}

void TestProtocol::extrapolationSplitsPartitionByAccuracy()
{
    QFETCH(QString, mode);
    QFETCH(int, trainCount);
    const Dataset d = naap::test::syntheticDataset(120);
    const auto splits = makeSplits(d, parseSplitMode(mode.toStdString()), 1);
    QCOMPARE(int(splits[0].train.size()), trainCount);
    QCOMPARE(int(splits[0].train.size() + splits[0].test.size()), 120);
    auto acc = [&](int r) { return d.rows[std::size_t(r)].maxAccuracy; };
    double trainMin = 1e9, trainMax = -1e9;
    for (int r : splits[0].train) {
        trainMin = std::min(trainMin, acc(r));
        trainMax = std::max(trainMax, acc(r));
    }
    for (int r : splits[0].test) {
        if (mode == "left")
            QVERIFY(acc(r) >= trainMax);
        else if (mode == "right")
            QVERIFY(acc(r) <= trainMin);
        else
            QVERIFY(acc(r) <= trainMin || acc(r) >= trainMax);
    }
}

void TestProtocol::kfoldCoversEveryRowOnce()
{
    const Dataset d = naap::test::syntheticDataset(100);
    const auto folds = makeSplits(d, parseSplitMode("kfold=4"), 42);
    QCOMPARE(folds.size(), std::size_t(4));
    std::multiset<int> tested;
    for (const auto& f : folds) {
        QCOMPARE(int(f.train.size() + f.test.size()), 100);
        QCOMPARE(int(f.test.size()), 25);
        tested.insert(f.test.begin(), f.test.end());
    }
    QCOMPARE(int(tested.size()), 100);
    QCOMPARE(int(std::set<int>(tested.begin(), tested.end()).size()), 100);
    // Another seed shuffles differently.
    const auto other = makeSplits(d, parseSplitMode("kfold=4"), 43);
    QVERIFY(other[0].test != folds[0].test);
}

void TestProtocol::selectsMedianRunByViolations()
{
    const Dataset d = naap::test::syntheticDataset();
    ProtocolOptions o;
    o.models = {"Decision Tree", "Random Forest (N=25)"};
    o.cutoffs = {0, 3};
    const ProtocolReport r = runProtocol(d, o);
    QCOMPARE(r.cells.size(), std::size_t(4));
    for (const ProtocolCell& c : r.cells) {
        QCOMPARE(c.runs.size(), std::size_t(5));
        std::vector<std::int64_t> v;
        for (const SeedRun& s : c.runs)
            v.push_back(s.metrics.violations);
        std::sort(v.begin(), v.end());
        QCOMPARE(c.selected.violations, v[2]);
        // The selected run is the first seed (in seed order) holding the median count
        // among those that a stable sort puts third.
        const auto it = std::find_if(c.runs.begin(), c.runs.end(), [&](const SeedRun& s) { return s.seed == c.selectedSeed; });
        QVERIFY(it != c.runs.end());
        QCOMPARE(it->metrics.mae, c.selected.mae);
        QCOMPARE(c.selected.maxViolations, std::int64_t(40 * 39 / 2));
        QCOMPARE(c.testRows, 40);
        QCOMPARE(c.trainRows, 80);
        QCOMPARE(c.predicted.size(), std::size_t(40));
    }
}

void TestProtocol::deterministicModelsAgreeAcrossSeeds()
{
    const Dataset d = naap::test::syntheticDataset();
    ProtocolOptions o;
    o.models = {"Linear Regression", "5-NN", "SVR (RBF kernel)"};
    o.cutoffs = {2};
    for (const ProtocolCell& c : runProtocol(d, o).cells) {
        for (const SeedRun& s : c.runs) {
            QCOMPARE(s.metrics.mae, c.runs[0].metrics.mae);
            QCOMPARE(s.metrics.violations, c.runs[0].metrics.violations);
        }
        QCOMPARE(c.maeStd, 0.0);
    }
}

void TestProtocol::stagedPrefixEqualsSeparateFit()
{
    const Dataset d = naap::test::syntheticDataset();
    ProtocolOptions together;
    together.models = {"Random Forest (N=25)", "Random Forest (N=200)", "Gradient Boosting (N=25)",
                       "Gradient Boosting (N=100)", "AdaBoost (N=25)", "AdaBoost (N=50)"};
    together.cutoffs = {3};
    const ProtocolReport all = runProtocol(d, together);
    for (std::size_t m : {std::size_t(0), std::size_t(2), std::size_t(4)}) {
        ProtocolOptions alone = together;
        alone.models = {together.models[m]};
        const ProtocolReport one = runProtocol(d, alone);
        QCOMPARE(one.cells[0].predicted, all.cells[m].predicted);
    }
    // And the larger ensemble is a different model.
    QVERIFY(all.cells[0].predicted != all.cells[1].predicted);
}

void TestProtocol::runsAreReproducible()
{
    const Dataset d = naap::test::syntheticDataset();
    ProtocolOptions o;
    o.models = {"Random Forest (N=50)", "AdaBoost (N=25)", "Decision Tree"};
    o.cutoffs = {1, 4};
    o.threads = 2;
    const ProtocolReport a = runProtocol(d, o);
    o.threads = 1;
    const ProtocolReport b = runProtocol(d, o);
    for (std::size_t i = 0; i < a.cells.size(); ++i)
        QCOMPARE(a.cells[i].predicted, b.cells[i].predicted);
    o.seeds = {1, 2, 3, 4, 5};
    const ProtocolReport c = runProtocol(d, o);
    QVERIFY(c.cells[0].predicted != a.cells[0].predicted);
}

void TestProtocol::kfoldPredictsEveryRow()
{
    const Dataset d = naap::test::syntheticDataset(100);
    ProtocolOptions o;
    o.models = {"Linear Regression"};
    o.cutoffs = {2};
    o.split = parseSplitMode("kfold=5");
    const ProtocolReport r = runProtocol(d, o);
    const ProtocolCell& c = r.cells[0];
    QCOMPARE(c.testRows, 100);
    QCOMPARE(c.selected.maxViolations, std::int64_t(100 * 99 / 2));
    for (double p : c.predicted)
        QVERIFY(std::isfinite(p));
    // Different seeds give different folds, so even a deterministic model varies.
    QVERIFY(c.maeStd > 0.0);
}

void TestProtocol::cancelStopsTheRun()
{
    const Dataset d = naap::test::syntheticDataset();
    CancelToken token;
    token.cancel();
    ProtocolOptions o;
    o.models = {"Random Forest (N=200)"};
    o.cutoffs = {3};
    o.cancel = &token;
    QVERIFY_THROWS_EXCEPTION(Cancelled, runProtocol(d, o));
}

void TestProtocol::reportsProgress()
{
    const Dataset d = naap::test::syntheticDataset();
    ProtocolOptions o;
    o.models = {"Linear Regression", "Decision Tree"};
    o.cutoffs = {0, 1};
    int calls = 0, lastDone = 0, lastTotal = 0;
    o.progress = [&](int done, int total) {
        ++calls;
        lastDone = done;
        lastTotal = total;
    };
    runProtocol(d, o);
    // Linear Regression: one fit per cutoff; Decision Tree: one per seed and cutoff.
    QCOMPARE(lastTotal, 2 + 10);
    QCOMPARE(lastDone, lastTotal);
    QCOMPARE(calls, lastTotal);
}

void TestProtocol::rejectsBadOptions()
{
    const Dataset d = naap::test::syntheticDataset(120, 6);
    ProtocolOptions o;
    o.models = {"No Such Model"};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, runProtocol(d, o));
    o.models = {"Linear Regression"};
    o.cutoffs = {7};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, runProtocol(d, o));
    o.cutoffs = {-1};
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, runProtocol(d, o));
    o.cutoffs = {1};
    o.seeds.clear();
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, runProtocol(d, o));
}

void TestProtocol::skipsRowsWithMissingEpochs()
{
    Dataset d = naap::test::syntheticDataset(120, 6);
    // Three rows still in training: epochs 4..6 missing.
    for (int i : {5, 50, 90})
        for (int e = 3; e < 6; ++e)
            d.rows[std::size_t(i)].epochs[std::size_t(e)] = EpochRecord{};
    ProtocolOptions o;
    o.models = {"Linear Regression"};
    o.cutoffs = {3, 6};
    const ProtocolReport r = runProtocol(d, o);
    QCOMPARE(r.cells[0].skippedRows, 0);
    QCOMPARE(r.cells[1].skippedRows, 3);
    QCOMPARE(r.cells[1].trainRows + r.cells[1].testRows, 117);
}

void TestProtocol::countsRowsWithoutMaxAccuracy()
{
    Dataset d = naap::test::syntheticDataset(120, 6);
    // Two rows without a target (one of them a test row) and one still in training.
    int testRow = -1;
    for (int i = 0; i < 120 && testRow < 0; ++i)
        if (d.rows[std::size_t(i)].isTest == 1)
            testRow = i;
    int trainRow = 0;
    while (d.rows[std::size_t(trainRow)].isTest != 0)
        ++trainRow;
    d.rows[std::size_t(testRow)].maxAccuracy = kMissing;
    d.rows[std::size_t(trainRow)].maxAccuracy = kMissing;
    for (int e = 3; e < 6; ++e)
        d.rows[70].epochs[std::size_t(e)] = EpochRecord{};
    for (const SplitMode& split : {SplitMode{}, SplitMode{SplitKind::KFold, 5}}) {
        ProtocolOptions o;
        o.models = {"1-NN"};
        o.cutoffs = {3, 6};
        o.split = split;
        const ProtocolReport r = runProtocol(d, o);
        QCOMPARE(r.cells[0].skippedRows, 2);
        QCOMPARE(r.cells[0].unlabelledRows, 2);
        QCOMPARE(r.cells[1].skippedRows, 3);
        QCOMPARE(r.cells[1].unlabelledRows, 2);
        if (split.kind == SplitKind::Interpolation) {
            QCOMPARE(r.cells[0].testRows, d.numTest() - 1);
            QCOMPARE(r.cells[0].trainRows + r.cells[0].testRows, 118);
        } else {
            QCOMPARE(r.cells[1].testRows, 117); // every labelled row with complete features, once
        }
    }
}

void TestProtocol::splitModesMatchScikitLearn()
{
    // tests/data/sklearn_splits_v1.csv: the left, right, dual and kfold=5 protocol written
    // independently in Python (gen_split_known_answers.py), deterministic models only.
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QSKIP("NAAP-440 was not found (set NAAP_DATA_DIR).");
    const Dataset d = readTableCsv((dir + "/naap440.csv").toStdString()).dataset;
    QFile f(naap::test::testDataDir() + "/sklearn_splits_v1.csv");
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    f.readLine(); // header
    std::map<std::string, std::vector<QStringList>> bySplit;
    while (!f.atEnd()) {
        const QStringList e = QString::fromUtf8(f.readLine()).trimmed().split(',');
        bySplit[e[0].toStdString()].push_back(e);
    }
    QCOMPARE(bySplit.size(), std::size_t(4));
    auto near = [](double a, double b, double tol) { return std::abs(a - b) <= tol * (1.0 + std::abs(b)); };
    for (const auto& [split, expected] : bySplit) {
        ProtocolOptions o;
        o.models = {"Linear Regression", "SVR (RBF kernel)"};
        o.cutoffs = {0, 3, 9};
        o.split = parseSplitMode(split);
        const ProtocolReport r = runProtocol(d, o);
        QCOMPARE(r.cells.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const QStringList& e = expected[i];
            const ProtocolCell& c = r.cells[i];
            const MetricReport& m = c.selected;
            const QByteArray where = QByteArray::fromStdString(split + " " + c.model + " " + std::to_string(c.cutoff));
            QCOMPARE(QString::fromStdString(c.model), e[1]);
            QCOMPARE(c.cutoff, e[2].toInt());
            QVERIFY2(c.selectedSeed == e[3].toULongLong(), where);
            QVERIFY2(c.trainRows == e[4].toInt() && c.testRows == e[5].toInt(), where);
            QVERIFY2(m.violations == e[7].toLongLong(), where);
            QVERIFY2(m.kendall.tiesTruth + m.kendall.tiesPred + m.kendall.tiesBoth == e[11].toLongLong(), where);
            QVERIFY2(near(m.mae, e[6].toDouble(), 1e-9) && near(m.rmse, e[8].toDouble(), 1e-9)
                         && near(m.r2, e[9].toDouble(), 1e-9),
                     where);
            QVERIFY2(near(m.kendall.tau, e[10].toDouble(), 1e-12) && near(m.spearman, e[12].toDouble(), 1e-12), where);
            QVERIFY2(m.precisionAt5 == e[13].toDouble() && m.precisionAt10 == e[14].toDouble(), where);
            QVERIFY2(near(m.topOneRegret, e[15].toDouble(), 1e-12), where);
            QVERIFY2(near(c.maeStd, e[16].toDouble(), 1e-9) && near(c.violationsStd, e[17].toDouble(), 1e-9), where);
        }
    }
}

QTEST_APPLESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
