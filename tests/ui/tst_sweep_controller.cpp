// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <memory>

#include "jobs/sweep_controller.h"
#include "naap/core/protocol/protocol.h"
#include "panels/leaderboard_panel.h"
#include "session.h"
#include "synthetic_dataset.h"

using naap::ui::LeaderboardPanel;
using naap::ui::Session;
using naap::ui::SweepController;
using naap::ui::SweepPoint;

namespace {

const QString kLinear = QStringLiteral("Linear Regression");
const QString kOneNn = QStringLiteral("1-NN");

std::shared_ptr<const naap::core::Dataset> synthetic(int rows = 120, int epochs = 6, unsigned seed = 7)
{
    return std::make_shared<const naap::core::Dataset>(naap::test::syntheticDataset(rows, epochs, seed));
}

} // namespace

class TestSweepController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emitsEveryCutoffProgressively()
    {
        Session session;
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        SweepController sweep(&session);
        QSignalSpy points(&sweep, &SweepController::pointsReady);
        QSignalSpy progress(&sweep, &SweepController::progress);
        QSignalSpy finished(&sweep, &SweepController::finished);
        QSignalSpy failed(&sweep, &SweepController::failed);
        QSignalSpy busy(&sweep, &SweepController::busyChanged);

        // 99 is past the table's 6 epochs and 4 is repeated: both are left out.
        sweep.start({kLinear, kOneNn}, {0, 2, 4, 6, 99, 4});
        QVERIFY(sweep.isRunning());
        QCOMPARE(sweep.cutoffs(), (QList<int>{0, 2, 4, 6}));
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!sweep.isRunning());
        QCOMPARE(busy.size(), 2);

        QCOMPARE(points.size(), 4);
        const QList<int> expected{0, 2, 4, 6};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(points.at(i).at(0).toInt(), expected.at(i));
            const auto list = points.at(i).at(1).value<QList<SweepPoint>>();
            QCOMPARE(list.size(), 2);
            QCOMPARE(list.at(0).model, kLinear);
            QCOMPARE(list.at(1).model, kOneNn);
            QVERIFY(list.at(0).metrics.n > 0);
        }
        // Progress: 0 of 4 at the start, then one step per cutoff, each after its points.
        QCOMPARE(progress.size(), 5);
        QCOMPARE(progress.first().at(0).toInt(), 0);
        QCOMPARE(progress.last().at(0).toInt(), 4);
        QCOMPARE(progress.last().at(1).toInt(), 4);

        // The points are the protocol's selected metrics.
        naap::core::ProtocolOptions options;
        options.models = {kOneNn.toStdString()};
        options.cutoffs = {4};
        const auto direct = naap::core::runProtocol(*session.dataset(), options).cells.front();
        const auto atFour = points.at(2).at(1).value<QList<SweepPoint>>();
        QVERIFY(std::abs(atFour.at(1).metrics.mae - direct.selected.mae) < 1e-12);
        QCOMPARE(atFour.at(1).metrics.violations, direct.selected.violations);
    }

    void restartReplacesTheRunningSweep()
    {
        Session session;
        session.setDataset(synthetic(400, 40, 3), QStringLiteral("big"));
        SweepController sweep(&session);
        QSignalSpy points(&sweep, &SweepController::pointsReady);
        QSignalSpy finished(&sweep, &SweepController::finished);
        QSignalSpy cancelled(&sweep, &SweepController::cancelled);
        sweep.start({QStringLiteral("Random Forest (N=200)")}, {10, 20, 30, 40});
        const quint64 first = sweep.generation();
        sweep.start({kLinear}, {1, 2});
        QCOMPARE(sweep.generation(), first + 1);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(cancelled.size(), 0); // a restart is not a cancellation
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(0).at(0).toInt(), 1);
        QCOMPARE(points.at(1).at(0).toInt(), 2);
        QCOMPARE(points.at(1).at(1).value<QList<SweepPoint>>().at(0).model, kLinear);
        QTest::qWait(200); // the replaced sweep's job comes back and is ignored
        QCOMPARE(points.size(), 2);
        QCOMPARE(finished.size(), 1);
    }

    void cancelledBySplitSeedsOrDataset_data()
    {
        QTest::addColumn<int>("change");
        QTest::newRow("split") << 0;
        QTest::newRow("seeds") << 1;
        QTest::newRow("dataset") << 2;
        QTest::newRow("cancel()") << 3;
    }

    void cancelledBySplitSeedsOrDataset()
    {
        QFETCH(int, change);
        Session session;
        session.setDataset(synthetic(400, 40, 3), QStringLiteral("big"));
        SweepController sweep(&session);
        QSignalSpy points(&sweep, &SweepController::pointsReady);
        QSignalSpy finished(&sweep, &SweepController::finished);
        QSignalSpy cancelled(&sweep, &SweepController::cancelled);
        sweep.start({QStringLiteral("Random Forest (N=200)")}, {10, 20, 30, 40});
        QVERIFY(sweep.isRunning());

        // The regressor is not an input of the sweep: changing it keeps it running.
        session.setRegressor(kOneNn);
        QVERIFY(sweep.isRunning());

        switch (change) {
        case 0:
            session.setSplit(naap::core::parseSplitMode("left"));
            break;
        case 1:
            session.setSeeds({1, 2});
            break;
        case 2:
            session.setDataset(synthetic(), QStringLiteral("other"));
            break;
        default:
            sweep.cancel();
        }
        QVERIFY(!sweep.isRunning());
        QCOMPARE(cancelled.size(), 1);
        QTest::qWait(200);
        QCOMPARE(finished.size(), 0);
        QVERIFY(points.size() < 4);
        sweep.cancel(); // idle: no second signal
        QCOMPARE(cancelled.size(), 1);
    }

    void everyMetricIsFinite()
    {
        // Every metric the selector offers has a value at every cutoff of a small table,
        // the spread over seeds included.
        Session session;
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        session.setSeeds({1, 2, 3});
        const QStringList models{kLinear, kOneNn, QStringLiteral("Decision Tree")};
        SweepController sweep(&session);
        QSignalSpy points(&sweep, &SweepController::pointsReady);
        QSignalSpy finished(&sweep, &SweepController::finished);
        sweep.start(models, {0, 3, 6});
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(points.size(), 3);
        for (const QList<QVariant>& args : points) {
            const int cutoff = args.at(0).toInt();
            const auto list = args.at(1).value<QList<SweepPoint>>();
            QCOMPARE(list.size(), models.size());
            for (const SweepPoint& point : list)
                for (int m = 0; m < LeaderboardPanel::MetricCount; ++m) {
                    const auto metric = static_cast<LeaderboardPanel::Metric>(m);
                    const double value = LeaderboardPanel::metricValue(point, metric);
                    QVERIFY2(std::isfinite(value), qPrintable(QStringLiteral("%1 of %2 at cutoff %3 is %4")
                                                                  .arg(LeaderboardPanel::metricName(metric), point.model)
                                                                  .arg(cutoff)
                                                                  .arg(value)));
                }
        }

        // The points carry what the leaderboard shows: the protocol's metrics and spread.
        naap::core::ProtocolOptions options;
        options.models = {"Decision Tree"};
        options.cutoffs = {3};
        options.seeds = {1, 2, 3};
        const auto direct = naap::core::runProtocol(*session.dataset(), options).cells.front();
        const SweepPoint tree = points.at(1).at(1).value<QList<SweepPoint>>().at(2);
        QCOMPARE(points.at(1).at(0).toInt(), 3);
        QVERIFY(std::abs(tree.maeStd - direct.maeStd) < 1e-12);
        QVERIFY(std::abs(tree.metrics.rmse - direct.selected.rmse) < 1e-12);
        QVERIFY(std::abs(tree.metrics.topOneRegret - direct.selected.topOneRegret) < 1e-12);
        QCOMPARE(tree.metrics.precisionAt5, direct.selected.precisionAt5);
        QCOMPARE(tree.metrics.precisionAt10, direct.selected.precisionAt10);
    }

    void badRequestsFail()
    {
        Session session;
        SweepController sweep(&session);
        QSignalSpy failed(&sweep, &SweepController::failed);
        sweep.start({kLinear}, {0});
        QCOMPARE(failed.size(), 1); // no dataset
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        sweep.start({kLinear}, {50, -1});
        QCOMPARE(failed.size(), 2);
        QVERIFY(failed.at(1).at(0).toString().contains(QStringLiteral("0..6")));
        sweep.start({}, {1});
        QCOMPARE(failed.size(), 3);
        QVERIFY(!sweep.isRunning());

        // An error from the core stops the sweep with its sentence.
        sweep.start({QStringLiteral("No Such Model")}, {1, 2});
        QTRY_COMPARE(failed.size(), 4);
        QVERIFY(failed.at(3).at(0).toString().contains(QStringLiteral("No Such Model")));
        QVERIFY(!sweep.isRunning());
    }
};

QTEST_MAIN(TestSweepController)
#include "tst_sweep_controller.moc"
