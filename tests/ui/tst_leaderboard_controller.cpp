// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "jobs/leaderboard_controller.h"
#include "naap/core/models/registry.h"
#include "session.h"
#include "synthetic_dataset.h"

using naap::ui::LeaderboardController;
using naap::ui::Session;

class TestLeaderboardController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fillsEveryRegressor()
    {
        Session session;
        session.setDataset(std::make_shared<const naap::core::Dataset>(naap::test::syntheticDataset()),
                           QStringLiteral("synthetic"));
        session.setSeeds({20220905, 20220906}); // two seeds keep the test quick
        LeaderboardController controller(&session);
        controller.setDebounceMs(0);
        QCOMPARE(controller.models().size(), 28);
        QSignalSpy finished(&controller, &LeaderboardController::finished);
        QSignalSpy failed(&controller, &LeaderboardController::failed);
        QSignalSpy progress(&controller, &LeaderboardController::progress);
        QSignalSpy busy(&controller, &LeaderboardController::busyChanged);

        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(failed.size(), 0);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(busy.size(), 2);
        auto board = session.leaderboard();
        QVERIFY(board);
        QCOMPARE(board->cells.size(), std::size_t(28));
        const std::vector<std::string> all = naap::core::parseModelList("all");
        for (std::size_t i = 0; i < all.size(); ++i) {
            QCOMPARE(board->cells[i].model, all[i]);
            QCOMPARE(board->cells[i].cutoff, 3);
            QCOMPARE(board->cells[i].runs.size(), std::size_t(2));
        }

        // The regressor is not an input of the leaderboard.
        session.setRegressor(QStringLiteral("1-NN"));
        QTest::qWait(100);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(session.leaderboard(), board);

        // The cutoff is: the session clears the board and the controller refills it.
        session.setCutoff(5);
        QVERIFY(!session.leaderboard());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QCOMPARE(session.leaderboard()->cells.size(), std::size_t(28));
        QCOMPARE(session.leaderboard()->cells.front().cutoff, 5);
    }

    void staleAndCancelledAreNotApplied()
    {
        Session session;
        session.setDataset(std::make_shared<const naap::core::Dataset>(naap::test::syntheticDataset(400, 40, 3)),
                           QStringLiteral("big"));
        LeaderboardController controller(&session);
        controller.setDebounceMs(60000);
        controller.setModels({QStringLiteral("Random Forest (N=200)"), QStringLiteral("Linear Regression")});
        QSignalSpy finished(&controller, &LeaderboardController::finished);
        QSignalSpy busy(&controller, &LeaderboardController::busyChanged);

        controller.refreshNow();
        QVERIFY(controller.isBusy());
        controller.cancel();
        QVERIFY(!controller.isBusy());
        QTest::qWait(300);
        QCOMPARE(finished.size(), 0);
        QVERIFY(!session.leaderboard());

        controller.refreshNow();
        session.setCutoff(7);
        controller.refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.at(0).at(0).toULongLong(), controller.generation());
        QCOMPARE(session.leaderboard()->cells.front().cutoff, 7);
    }

    void failureIsReported()
    {
        naap::core::Dataset tiny = naap::test::syntheticDataset(8, 4);
        for (std::size_t i = 0; i < tiny.rows.size(); ++i)
            tiny.rows[i].isTest = i < 2 ? 1 : 0;
        Session session;
        session.setDataset(std::make_shared<const naap::core::Dataset>(tiny), QStringLiteral("tiny"));
        LeaderboardController controller(&session);
        controller.setDebounceMs(0);
        QSignalSpy failed(&controller, &LeaderboardController::failed);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
        QVERIFY(!session.leaderboard());
        QVERIFY(!controller.isBusy());
    }
};

QTEST_MAIN(TestLeaderboardController)
#include "tst_leaderboard_controller.moc"
