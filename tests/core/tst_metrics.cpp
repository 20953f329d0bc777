// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QMap>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

#include "naap/core/error.h"
#include "naap/core/metrics/metrics.h"
#include "test_paths.h"

using namespace naap::core;

Q_DECLARE_METATYPE(naap::core::Vector)

namespace {

Vector vec(std::initializer_list<double> v)
{
    Vector out(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (double x : v)
        out[i++] = x;
    return out;
}

QList<QStringList> readCsv(const QString& name)
{
    QFile f(naap::test::testDataDir() + "/" + name);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    QList<QStringList> rows;
    while (!f.atEnd())
        rows.append(QString::fromUtf8(f.readLine()).trimmed().split(','));
    return rows;
}

// O(n²) reference for the merge-sort count.
std::int64_t bruteViolations(const Vector& t, const Vector& p)
{
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(t.size()));
    for (std::size_t i = 0; i < idx.size(); ++i)
        idx[i] = static_cast<Eigen::Index>(i);
    std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return t[a] < t[b]; });
    std::int64_t v = 0;
    for (std::size_t i = 0; i < idx.size(); ++i)
        for (std::size_t j = i + 1; j < idx.size(); ++j)
            v += p[idx[i]] > p[idx[j]];
    return v;
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void violationsByHand_data();
    void violationsByHand();
    void violationsMatchBruteForce();
    void basicErrors();
    void r2EdgeCases();
    void kendallByHand();
    void kendallConstantIsNan();
    void spearmanAverageRanks();
    void rankingMetrics();
    void precisionCountsTruthTies();
    void rankingTiesIgnoreRowOrder();
    void nanPredictions();
    void knownAnswers_data();
    void knownAnswers();
    void badInput();
};

void TestMetrics::violationsByHand_data()
{
    QTest::addColumn<Vector>("truth");
    QTest::addColumn<Vector>("pred");
    QTest::addColumn<qint64>("violations");
    QTest::newRow("reversed") << vec({1, 2, 3}) << vec({3, 2, 1}) << qint64(3);
    QTest::newRow("sorted") << vec({1, 2, 3, 4}) << vec({0.1, 0.2, 0.3, 0.4}) << qint64(0);
    QTest::newRow("one swap") << vec({1, 2, 3, 4}) << vec({1, 3, 2, 4}) << qint64(1);
    QTest::newRow("pred ties are not violations") << vec({1, 2, 3}) << vec({5, 5, 5}) << qint64(0);
    QTest::newRow("unsorted input") << vec({3, 1, 2}) << vec({1, 3, 2}) << qint64(3);
    // Truth ties keep input order (stable): rows 0 and 1 tie, pred 2 > 1 counts.
    QTest::newRow("truth ties stable") << vec({1, 1, 2}) << vec({2, 1, 3}) << qint64(1);
    QTest::newRow("single") << vec({1}) << vec({2}) << qint64(0);
}

void TestMetrics::violationsByHand()
{
    QFETCH(Vector, truth);
    QFETCH(Vector, pred);
    QFETCH(qint64, violations);
    QCOMPARE(countViolations(truth, pred), violations);
}

void TestMetrics::violationsMatchBruteForce()
{
    std::srand(7);
    for (int trial = 0; trial < 20; ++trial) {
        const int n = 1 + trial * 11;
        Vector t(n), p(n);
        for (int i = 0; i < n; ++i) {
            t[i] = std::rand() % 17; // many ties on both sides
            p[i] = std::rand() % 13;
        }
        QCOMPARE(countViolations(t, p), bruteViolations(t, p));
    }
    QCOMPARE(maxViolations(40), std::int64_t(780));
    QCOMPARE(monotonicityScore(78, 40), 0.9);
    QCOMPARE(monotonicityScore(0, 1), 1.0);
}

void TestMetrics::basicErrors()
{
    const Vector t = vec({1, 2, 3, 4});
    const Vector p = vec({2, 2, 1, 4});
    QCOMPARE(meanAbsoluteError(t, p), 0.75);
    QCOMPARE(rootMeanSquaredError(t, p), std::sqrt(5.0 / 4.0));
    QCOMPARE(r2Score(t, p), 1.0 - 5.0 / 5.0);
}

void TestMetrics::r2EdgeCases()
{
    QCOMPARE(r2Score(vec({1, 2, 3}), vec({1, 2, 3})), 1.0);
    QCOMPARE(r2Score(vec({1, 3}), vec({2, 2})), 0.0); // the mean predicted: a real 0
    // Undefined: one row, or no variance in the truth, whatever the prediction.
    QVERIFY(std::isnan(r2Score(vec({0.7}), vec({0.6}))));
    QVERIFY(std::isnan(r2Score(vec({0.7}), vec({0.7}))));
    QVERIFY(std::isnan(r2Score(vec({2, 2}), vec({2, 2}))));
    QVERIFY(std::isnan(r2Score(vec({2, 2}), vec({2, 3}))));
    QVERIFY(std::isnan(computeMetrics(vec({0.7}), vec({0.6})).r2));
}

void TestMetrics::kendallByHand()
{
    // Pairs: (0,1) tied in truth, (2,3) tied in prediction, the other four concordant:
    // τ-b = 4 / sqrt((6 − 1)(6 − 1)).
    const KendallResult r = kendallTauB(vec({1, 1, 2, 3}), vec({2, 1, 3, 3}));
    QCOMPARE(r.concordant + r.discordant + r.tiesTruth + r.tiesPred + r.tiesBoth, std::int64_t(6));
    QCOMPARE(r.tiesTruth, std::int64_t(1));
    QCOMPARE(r.tiesPred, std::int64_t(1));
    QCOMPARE(r.tiesBoth, std::int64_t(0));
    QCOMPARE(r.concordant, std::int64_t(4));
    QCOMPARE(r.discordant, std::int64_t(0));
    QVERIFY(std::abs(r.tau - 4.0 / 5.0) < 1e-15);
    QVERIFY(std::abs(kendallTauB(vec({1, 2, 3}), vec({3, 2, 1})).tau + 1.0) < 1e-15);
}

void TestMetrics::kendallConstantIsNan()
{
    const KendallResult r = kendallTauB(vec({1, 2, 3}), vec({4, 4, 4}));
    QVERIFY(std::isnan(r.tau));
    QCOMPARE(r.tiesPred, std::int64_t(3));
    QVERIFY(std::isnan(spearmanRho(vec({1, 2, 3}), vec({4, 4, 4}))));
}

void TestMetrics::spearmanAverageRanks()
{
    // Ranks of {10, 20, 20, 30} are {1, 2.5, 2.5, 4}; identical ranks give 1.
    QVERIFY(std::abs(spearmanRho(vec({10, 20, 20, 30}), vec({1, 2, 2, 3})) - 1.0) < 1e-15);
    QVERIFY(std::abs(spearmanRho(vec({1, 2, 3, 4}), vec({4, 3, 2, 1})) + 1.0) < 1e-15);
}

void TestMetrics::rankingMetrics()
{
    const Vector t = vec({0.1, 0.9, 0.5, 0.7, 0.3});
    const Vector p = vec({0.2, 0.6, 0.8, 0.5, 0.1});
    QCOMPARE(precisionAtK(t, p, 1), 0.0); // best true is row 1, predicted best row 2
    QCOMPARE(precisionAtK(t, p, 2), 0.5); // {1,3} vs {2,1}
    QCOMPARE(precisionAtK(t, p, 5), 1.0);
    QVERIFY(std::abs(topOneRegret(t, p) - 0.4) < 1e-15);
    QCOMPARE(topOneRegret(t, t), 0.0);
    // Prediction ties: the first argmax counts.
    QVERIFY(std::abs(topOneRegret(vec({0.2, 0.4}), vec({1, 1})) - 0.2) < 1e-15);

    const MetricReport r = computeMetrics(t, p);
    QCOMPARE(r.n, 5);
    QCOMPARE(r.maxViolations, std::int64_t(10));
    QCOMPARE(r.violations, countViolations(t, p));
    QCOMPARE(r.monotonicity, monotonicityScore(r.violations, 5));
    QCOMPARE(r.precisionAt5, 1.0);
    QCOMPARE(r.precisionAt10, 1.0); // k clamped to n
}

void TestMetrics::precisionCountsTruthTies()
{
    // Rows 1 and 2 tie for the best truth; predicting row 2 best is as right as row 1
    // (the regret is 0), so it must count as a hit whatever the row order.
    const Vector t = vec({0.1, 0.5, 0.5});
    const Vector p = vec({0.1, 0.4, 0.6});
    QCOMPARE(topOneRegret(t, p), 0.0);
    QCOMPARE(precisionAtK(t, p, 1), 1.0);
    // k = 2: the true top 2 is {1, 2}; predicted {2, 1}.
    QCOMPARE(precisionAtK(t, p, 2), 1.0);
    // Three rows tied at the 2nd place are all true top 2.
    QCOMPARE(precisionAtK(vec({0.9, 0.5, 0.5, 0.5, 0.1}), vec({0.1, 0.2, 0.3, 0.9, 0.8}), 2), 0.5);
}

void TestMetrics::rankingTiesIgnoreRowOrder()
{
    // Prediction ties: the tied row with the lower truth counts, in any row order (the
    // protocol passes rows in ascending truth order, where this is the first argmax).
    const Vector t = vec({0.7, 0.2, 0.5, 0.4});
    const Vector p = vec({1.0, 1.0, 0.3, 0.9});
    QVERIFY(std::abs(topOneRegret(t, p) - 0.5) < 1e-15);
    QCOMPARE(precisionAtK(t, p, 1), 0.0);
    QCOMPARE(precisionAtK(t, p, 2), 0.5);   // {0.7, 0.2} against the true {0.7, 0.5}
    const Vector tr = t.reverse();
    const Vector pr = p.reverse();
    QCOMPARE(topOneRegret(tr, pr), topOneRegret(t, p));
    QCOMPARE(precisionAtK(tr, pr, 1), 0.0);
    QCOMPARE(precisionAtK(tr, pr, 2), 0.5);
    // A constant prediction: the worst row counts, in any order.
    QVERIFY(std::abs(topOneRegret(vec({0.4, 0.2}), vec({1, 1})) - 0.2) < 1e-15);
    QVERIFY(std::abs(topOneRegret(vec({0.2, 0.4}), vec({1, 1})) - 0.2) < 1e-15);
}

void TestMetrics::nanPredictions()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Never a τ-b or ρ of 1 from predictions that are not numbers.
    const MetricReport all = computeMetrics(vec({1, 2, 3}), vec({nan, nan, nan}));
    QVERIFY(std::isnan(all.mae));
    QVERIFY(std::isnan(all.kendall.tau));
    QCOMPARE(all.kendall.concordant, std::int64_t(0));
    QVERIFY(std::isnan(all.spearman));
    QVERIFY(std::isnan(all.precisionAt5));
    QVERIFY(std::isnan(all.topOneRegret));
    QCOMPARE(all.violations, std::int64_t(0));
    // One NaN: it is in no violating pair, as the pairwise count says (3 > 1 only).
    const Vector t = vec({1, 2, 3, 4, 5, 6});
    const Vector p = vec({3, nan, 1, 4, 6, 5});
    QCOMPARE(countViolations(t, p), bruteViolations(t, p));
    QCOMPARE(countViolations(t, p), std::int64_t(2));
    QVERIFY(std::isnan(kendallTauB(t, p).tau));
    QVERIFY(std::isnan(spearmanRho(t, p)));
    QVERIFY(std::isnan(precisionAtK(t, p, 2)));
    QVERIFY(std::isnan(topOneRegret(t, p)));
}

void TestMetrics::knownAnswers_data()
{
    QTest::addColumn<Vector>("truth");
    QTest::addColumn<Vector>("pred");
    QTest::addColumn<QStringList>("expected");
    QMap<QString, std::vector<std::pair<double, double>>> values;
    const auto rows = readCsv("metrics_known_values.csv");
    for (qsizetype i = 1; i < rows.size(); ++i)
        values[rows[i][0]].emplace_back(rows[i][1].toDouble(), rows[i][2].toDouble());
    const auto answers = readCsv("metrics_known_answers.csv");
    for (qsizetype i = 1; i < answers.size(); ++i) {
        const auto& v = values[answers[i][0]];
        Vector t(static_cast<Eigen::Index>(v.size())), p(t.size());
        for (std::size_t j = 0; j < v.size(); ++j) {
            t[static_cast<Eigen::Index>(j)] = v[j].first;
            p[static_cast<Eigen::Index>(j)] = v[j].second;
        }
        QTest::newRow(qPrintable(answers[i][0])) << t << p << answers[i];
    }
}

void TestMetrics::knownAnswers()
{
    QFETCH(Vector, truth);
    QFETCH(Vector, pred);
    QFETCH(QStringList, expected);
    auto num = [&](int column) { return expected[column].toDouble(); };
    auto count = [&](int column) { return std::int64_t(expected[column].toLongLong()); };
    auto near = [](double a, double b) { return std::abs(a - b) <= 1e-12 * (1.0 + std::abs(b)); };
    const MetricReport r = computeMetrics(truth, pred);
    QVERIFY(near(r.mae, num(1)));
    QVERIFY(near(r.rmse, num(2)));
    QVERIFY(near(r.r2, num(3)));
    QCOMPARE(r.violations, count(4));
    QVERIFY2(near(r.kendall.tau, num(5)), qPrintable(QString::number(r.kendall.tau, 'g', 17)));
    QCOMPARE(r.kendall.concordant, count(6));
    QCOMPARE(r.kendall.discordant, count(7));
    QCOMPARE(r.kendall.tiesTruth, count(8));
    QCOMPARE(r.kendall.tiesPred, count(9));
    QCOMPARE(r.kendall.tiesBoth, count(10));
    QVERIFY(near(r.spearman, num(11)));
    QVERIFY(near(r.precisionAt5, num(12)));
    QVERIFY(near(r.precisionAt10, num(13)));
    QVERIFY(near(r.topOneRegret, num(14)));
}

void TestMetrics::badInput()
{
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, meanAbsoluteError(vec({1, 2}), vec({1})));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, countViolations(Vector(), Vector()));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, precisionAtK(vec({1, 2}), vec({1, 2}), 3));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, precisionAtK(vec({1, 2}), vec({1, 2}), 0));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, kendallTauB(vec({1}), vec({1, 2})));
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
