// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QElapsedTimer>
#include <QFuture>
#include <QScopeGuard>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <cmath>
#include <memory>

#include "jobs/job_pool.h"
#include "jobs/refit_controller.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"
#include "synthetic_dataset.h"

using naap::ui::RefitController;
using naap::ui::Session;

namespace {

const QString kLinear = QStringLiteral("Linear Regression");
const QString kSlow = QStringLiteral("Random Forest (N=200)");

std::shared_ptr<const naap::core::Dataset> synthetic(int rows = 120, int epochs = 6, unsigned seed = 7)
{
    return std::make_shared<const naap::core::Dataset>(naap::test::syntheticDataset(rows, epochs, seed));
}

/// A dataset large enough that a 200-tree forest over 5 seeds takes a while.
std::shared_ptr<const naap::core::Dataset> slowDataset()
{
    return synthetic(400, 40, 11);
}

naap::core::ProtocolCell directRun(const naap::core::Dataset& dataset, const naap::ui::RefitSettings& s)
{
    naap::core::ProtocolOptions options;
    options.models = {s.regressor.toStdString()};
    options.cutoffs = {s.cutoff};
    options.split = s.split;
    options.seeds = s.seeds;
    return naap::core::runProtocol(dataset, options).cells.front();
}

} // namespace

class TestRefitController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refitsOnSettingsChange()
    {
        Session session;
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        session.setRegressor(kLinear);
        RefitController controller(&session);
        QCOMPARE(controller.debounceMs(), 40);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QSignalSpy failed(&controller, &RefitController::refitFailed);
        QSignalSpy prediction(&session, &Session::predictionChanged);

        // A controller made with an open dataset fits it once the event loop runs.
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(session.prediction());
        QCOMPARE(session.prediction()->cutoff, 3);

        session.setCutoff(5);
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(prediction.size(), 2);
        QCOMPARE(finished.at(1).at(0).toULongLong(), controller.generation());
        QVERIFY(finished.at(1).at(1).toLongLong() >= 0);
        QVERIFY(!controller.isBusy());

        const auto cell = session.prediction();
        QVERIFY(cell);
        QCOMPARE(cell->cutoff, 5);
        QCOMPARE(QString::fromStdString(cell->model), kLinear);
        const naap::core::ProtocolCell direct = directRun(*session.dataset(), session.settings());
        QVERIFY(std::abs(cell->selected.mae - direct.selected.mae) < 1e-12);
        QCOMPARE(cell->selected.violations, direct.selected.violations);
        QVERIFY(cell->testRowIndices == direct.testRowIndices);
        QCOMPARE(cell->predicted.size(), direct.predicted.size());
        const int row = cell->testRowIndices.front();
        QVERIFY(std::abs(session.predictionForRow(row) - cell->predicted.front()) < 1e-12);
    }

    void refitIsNotQueuedBehindBackgroundJobs()
    {
        // The leaderboard and a metric sweep over a large table can hold every background
        // thread for a minute: the refit behind the slider must not wait for them.
        QThreadPool* background = naap::ui::jobPool(naap::ui::JobPriority::Background);
        std::atomic<bool> release{false};
        std::atomic<int> started{0};
        QList<QFuture<void>> blockers;
        for (int i = 0; i < background->maxThreadCount(); ++i)
            blockers.append(QtConcurrent::run(background, [&] {
                naap::ui::enterBackgroundThread();
                ++started;
                while (!release.load())
                    QThread::msleep(2);
            }));
        const auto unblock = qScopeGuard([&] {
            release = true;
            for (QFuture<void>& f : blockers)
                f.waitForFinished();
        });
        QTRY_COMPARE(started.load(), background->maxThreadCount());

        Session session;
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        session.setRegressor(kLinear);
        RefitController controller(&session);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(!release.load()); // the background pool was full all along
        QVERIFY(session.prediction());
    }

    void refitsOnDatasetChange()
    {
        Session session;
        session.setRegressor(kLinear);
        RefitController controller(&session);
        controller.setDebounceMs(0);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        session.setDataset(synthetic(), QStringLiteral("a"));
        QTRY_COMPARE(finished.size(), 1);
        const double first = session.prediction()->selected.mae;
        session.setDataset(synthetic(120, 6, 99), QStringLiteral("b"));
        QVERIFY(!session.prediction()); // cleared by the session at once
        QTRY_COMPARE(finished.size(), 2);
        const naap::core::ProtocolCell direct = directRun(*session.dataset(), session.settings());
        QVERIFY(std::abs(session.prediction()->selected.mae - direct.selected.mae) < 1e-12);
        QVERIFY(session.prediction()->selected.mae != first);
    }

    void debounceCoalescesQuickChanges()
    {
        Session session;
        session.setRegressor(kLinear);
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        RefitController controller(&session);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QTRY_COMPARE(finished.size(), 1);

        controller.setDebounceMs(400);
        QSignalSpy started(&controller, &RefitController::refitStarted);
        // Three changes, each well inside the interval: the timer restarts each time
        // (a debounce, not a throttle), so one refit of the last state follows.
        session.setCutoff(4);
        QTest::qWait(100);
        session.setCutoff(5);
        QTest::qWait(100);
        session.setRegressor(QStringLiteral("1-NN"));
        QTest::qWait(100);
        QCOMPARE(started.size(), 0);
        QTRY_COMPARE(finished.size(), 2);
        QCOMPARE(started.size(), 1);
        QCOMPARE(finished.at(1).at(0).toULongLong(), started.at(0).at(0).toULongLong());
        QCOMPARE(session.prediction()->cutoff, 5);
        QCOMPARE(QString::fromStdString(session.prediction()->model), QStringLiteral("1-NN"));
        QTest::qWait(500);
        QCOMPARE(started.size(), 1);
    }

    void staleCancelledResultIsDropped()
    {
        Session session;
        session.setRegressor(kSlow);
        session.setDataset(slowDataset(), QStringLiteral("slow"));
        session.setCutoff(30);
        RefitController controller(&session);
        controller.setDebounceMs(60000); // only refitNow() starts jobs here
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QSignalSpy dropped(&controller, &RefitController::staleResultDropped);
        QSignalSpy failed(&controller, &RefitController::refitFailed);

        controller.refitNow();
        const quint64 first = controller.generation();
        QVERIFY(controller.isBusy());
        session.setRegressor(kLinear);
        session.setCutoff(2);
        controller.refitNow();
        QCOMPARE(controller.generation(), first + 1);

        QTRY_COMPARE(finished.size(), 1);
        QTRY_COMPARE(dropped.size(), 1);
        QCOMPARE(dropped.at(0).at(0).toULongLong(), first);
        QCOMPARE(finished.at(0).at(0).toULongLong(), first + 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(QString::fromStdString(session.prediction()->model), kLinear);
        QCOMPARE(session.prediction()->cutoff, 2);
        QVERIFY(!controller.isBusy());
    }

    void resultForOutdatedSettingsIsDropped()
    {
        // The job is not cancelled (the debounce has not fired yet), yet when its result
        // arrives the settings have moved on: it must not be shown.
        Session session;
        session.setRegressor(kLinear);
        session.setDataset(synthetic(), QStringLiteral("synthetic"));
        RefitController controller(&session);
        controller.setDebounceMs(60000);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QSignalSpy dropped(&controller, &RefitController::staleResultDropped);
        controller.refitNow();
        session.setCutoff(4);
        QTRY_COMPARE(dropped.size(), 1);
        QCOMPARE(finished.size(), 0);
        QVERIFY(!session.prediction());
        controller.refitNow();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(session.prediction()->cutoff, 4);
    }

    void cancelStopsTheRefit()
    {
        Session session;
        session.setRegressor(kSlow);
        session.setDataset(slowDataset(), QStringLiteral("slow"));
        session.setCutoff(30);
        RefitController controller(&session);
        controller.setDebounceMs(60000);
        QSignalSpy busy(&controller, &RefitController::busyChanged);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QSignalSpy dropped(&controller, &RefitController::staleResultDropped);
        QSignalSpy failed(&controller, &RefitController::refitFailed);

        controller.refitNow();
        QVERIFY(controller.isBusy());
        QCOMPARE(busy.size(), 1);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        controller.cancel();
        QVERIFY(!controller.isBusy());
        QCOMPARE(busy.size(), 2);
        QCOMPARE(busy.at(1).at(0).toBool(), false);

        QTRY_COMPARE(dropped.size(), 1); // the cancelled job comes back and is dropped
        QCOMPARE(finished.size(), 0);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!session.prediction());
    }

    void failureIsReported()
    {
        // Six train rows are too few for 9-NN.
        naap::core::Dataset tiny = naap::test::syntheticDataset(8, 4);
        for (std::size_t i = 0; i < tiny.rows.size(); ++i)
            tiny.rows[i].isTest = i < 2 ? 1 : 0;
        Session session;
        session.setRegressor(QStringLiteral("9-NN"));
        session.setDataset(std::make_shared<const naap::core::Dataset>(tiny), QStringLiteral("tiny"));
        RefitController controller(&session);
        QSignalSpy finished(&controller, &RefitController::refitFinished);
        QSignalSpy failed(&controller, &RefitController::refitFailed);
        QSignalSpy busy(&controller, &RefitController::busyChanged);
        QTRY_COMPARE(failed.size(), 1);
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.contains(QLatin1Char('9')), qPrintable(message));
        QVERIFY(message.endsWith(QLatin1Char('.')));
        QCOMPARE(finished.size(), 0);
        QVERIFY(!session.prediction());
        QVERIFY(!controller.isBusy());
        QCOMPARE(busy.size(), 2);
        // The session keeps the reason for the views (scatter, status bar).
        QCOMPARE(session.predictionError(), message);

        // A model that fits recovers.
        session.setRegressor(QStringLiteral("1-NN"));
        QVERIFY(session.predictionError().isEmpty());
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(session.prediction());
        QVERIFY(session.predictionError().isEmpty());
    }

    void emptyDatasetDoesNothing()
    {
        Session session;
        RefitController controller(&session);
        controller.setDebounceMs(0);
        QSignalSpy started(&controller, &RefitController::refitStarted);
        session.setRegressor(kLinear);
        controller.refitNow();
        QTest::qWait(100);
        QCOMPARE(started.size(), 0);
        QCOMPARE(controller.generation(), quint64(0));
        QVERIFY(!controller.isBusy());
    }

    void destructorCancelsAndWaits()
    {
        Session session;
        session.setRegressor(kSlow);
        session.setDataset(slowDataset(), QStringLiteral("slow"));
        session.setCutoff(30);
        auto controller = std::make_unique<RefitController>(&session);
        controller->refitNow();
        QVERIFY(controller->isBusy());
        QElapsedTimer clock;
        clock.start();
        controller.reset();
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(50); // no late delivery into a dead controller
        QVERIFY(!session.prediction());
    }
};

QTEST_MAIN(TestRefitController)
#include "tst_refit_controller.moc"
