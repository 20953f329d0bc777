// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The leaderboard model over a real ProtocolReport (runProtocol on synthetic data):
// QAbstractItemModelTester across report, cutoff and dataset changes; formatting, the
// current regressor in bold, one cutoff only, sorting by the raw values.
#include <QAbstractItemModelTester>
#include <QColor>
#include <QFont>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

#include <memory>

#include "models/leaderboard_model.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"
#include "synthetic_dataset.h"

using namespace naap;
using naap::ui::LeaderboardModel;
using naap::ui::Session;

namespace {

constexpr auto kFailQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

std::shared_ptr<const core::Dataset> synthetic(int rows = 120, int epochs = 12)
{
    return std::make_shared<const core::Dataset>(test::syntheticDataset(rows, epochs, 7));
}

/// A fast protocol run over three regressors.
std::shared_ptr<const core::ProtocolReport> runFew(const core::Dataset& data, std::vector<int> cutoffs,
                                                   std::vector<std::string> models = {
                                                       "Linear Regression", "Decision Tree",
                                                       "Linear Regression (D=2)"})
{
    core::ProtocolOptions options;
    options.models = std::move(models);
    options.cutoffs = std::move(cutoffs);
    options.seeds = {20220905, 20220906, 20220907};
    return std::make_shared<const core::ProtocolReport>(core::runProtocol(data, options));
}

} // namespace

class TestLeaderboardModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void leaderboardPassesTesterWithARealReport();
    void leaderboardFormatsAndHighlights();
    void leaderboardKeepsOneCutoff();
    void leaderboardSortsByRawValue();
    void staleRowsStayGreyedUntilTheNewReport();
};

void TestLeaderboardModel::leaderboardPassesTesterWithARealReport()
{
    Session session;
    LeaderboardModel model(&session);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(LeaderboardModel::ColumnCount));
    auto data = synthetic();
    session.setDataset(data, QString());
    session.setLeaderboard(runFew(*data, {3}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.modelAt(1), QStringLiteral("Decision Tree"));
    QCOMPARE(model.rowOf(QStringLiteral("Linear Regression (D=2)")), 2);
    QCOMPARE(model.modelAt(3), QString());
    QCOMPARE(model.cutoff(), 3);
    session.setRegressor(QStringLiteral("Decision Tree"));
    QVERIFY(!model.isStale());
    session.setCutoff(6); // the current leaderboard goes; the last one stays, stale
    QVERIFY(!session.leaderboard());
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.isStale());
    QCOMPARE(model.cutoff(), 3);
    session.setLeaderboard(runFew(*data, {6}, {"Linear Regression"}));
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.isStale());
    session.setDataset(synthetic(50), QString());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isStale());
}

void TestLeaderboardModel::leaderboardFormatsAndHighlights()
{
    Session session;
    LeaderboardModel model(&session);
    auto data = synthetic();
    session.setDataset(data, QString());
    const auto report = runFew(*data, {3});
    session.setLeaderboard(report);
    const core::ProtocolCell& dt = report->cells[1];
    QCOMPARE(model.index(1, LeaderboardModel::Mae).data().toString(), QString::number(dt.selected.mae, 'f', 4));
    QCOMPARE(model.index(1, LeaderboardModel::Mae).data(LeaderboardModel::SortRole).toDouble(), dt.selected.mae);
    QCOMPARE(model.index(1, LeaderboardModel::Violations).data(LeaderboardModel::SortRole).toDouble(),
             double(dt.selected.violations));
    QCOMPARE(model.index(1, LeaderboardModel::KendallTau).data(LeaderboardModel::SortRole).toDouble(),
             dt.selected.kendall.tau);
    QCOMPARE(model.index(1, LeaderboardModel::MaeStd).data(LeaderboardModel::SortRole).toDouble(), dt.maeStd);
    QCOMPARE(model.headerData(LeaderboardModel::KendallTau, Qt::Horizontal).toString(), QStringLiteral("Kendall τ-b"));

    auto isBold = [&](int row) { return model.index(row, 0).data(Qt::FontRole).value<QFont>().bold(); };
    QVERIFY(!isBold(0) && !isBold(1));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    session.setRegressor(QStringLiteral("Decision Tree"));
    QVERIFY(isBold(1));
    QVERIFY(!isBold(0));
    QCOMPARE(changed.count(), 1);
    session.setRegressor(QStringLiteral("Linear Regression"));
    QVERIFY(isBold(0) && !isBold(1));
    QCOMPARE(changed.count(), 3);
}

void TestLeaderboardModel::leaderboardKeepsOneCutoff()
{
    Session session;
    LeaderboardModel model(&session);
    auto data = synthetic();
    session.setDataset(data, QString());
    session.setCutoff(6);
    session.setLeaderboard(runFew(*data, {3, 6}));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.cutoff(), 6);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.cellAt(r)->cutoff, 6);
}

void TestLeaderboardModel::leaderboardSortsByRawValue()
{
    Session session;
    LeaderboardModel model(&session);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(LeaderboardModel::SortRole);
    QAbstractItemModelTester tester(&proxy, kFailQtTest);
    auto data = synthetic();
    session.setDataset(data, QString());
    proxy.sort(LeaderboardModel::Mae, Qt::AscendingOrder);
    session.setLeaderboard(runFew(*data, {3}));
    QCOMPARE(proxy.rowCount(), 3);
    for (int r = 1; r < proxy.rowCount(); ++r)
        QVERIFY(proxy.index(r - 1, LeaderboardModel::Mae).data(LeaderboardModel::SortRole).toDouble() <=
                proxy.index(r, LeaderboardModel::Mae).data(LeaderboardModel::SortRole).toDouble());
    proxy.sort(LeaderboardModel::Model, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("Linear Regression (D=2)"));
}

void TestLeaderboardModel::staleRowsStayGreyedUntilTheNewReport()
{
    // A cutoff, split or seeds change must not blank the table: the previous rows stay,
    // greyed, without a reset (selection and scroll survive), until the new report.
    Session session;
    LeaderboardModel model(&session);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    auto data = synthetic();
    session.setDataset(data, QString());
    session.setLeaderboard(runFew(*data, {3}));
    const QVariant freshColour = model.index(0, LeaderboardModel::Mae).data(Qt::ForegroundRole);
    QVERIFY(!freshColour.isValid());

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int cutoff : {4, 5, 6}) // a slider drag: every step keeps the rows
        session.setCutoff(cutoff);
    core::SplitMode left;
    left.kind = core::SplitKind::Left;
    session.setSplit(left);
    session.setSeeds({1, 2});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1); // turned stale once
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.isStale());
    QVERIFY(session.leaderboardIsStale());
    QVERIFY(model.index(0, LeaderboardModel::Mae).data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(model.index(0, LeaderboardModel::Mae).data(Qt::ToolTipRole).toString().contains(QStringLiteral("cutoff 3")));

    session.setLeaderboard(runFew(*data, {6}));
    QCOMPARE(reset.count(), 1);
    QVERIFY(!model.isStale());
    QVERIFY(!session.leaderboardIsStale());
    QCOMPARE(model.cutoff(), 6);
    QVERIFY(!model.index(0, LeaderboardModel::Mae).data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(TestLeaderboardModel)
#include "tst_leaderboard_model.moc"
