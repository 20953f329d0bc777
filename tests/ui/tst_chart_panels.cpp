// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The plot panels: the curves, scatter and leaderboard panels over a session (their charts
// alone are tst_charts).
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include "jobs/sweep_controller.h"
#include "models/leaderboard_model.h"
#include "naap/core/protocol/protocol.h"
#include "panels/curves_panel.h"
#include "panels/leaderboard_panel.h"
#include "panels/scatter_panel.h"
#include "session.h"
#include "synthetic_dataset.h"
#include "views/curves_chart.h"
#include "views/metric_chart.h"
#include "views/scatter_chart.h"

using namespace naap;
using namespace naap::ui;

namespace {

std::shared_ptr<const core::Dataset> dataset()
{
    static const auto d = std::make_shared<const core::Dataset>(test::syntheticDataset(120, 12, 7));
    return d;
}

core::ProtocolReport protocol(const std::vector<std::string>& models, std::vector<int> cutoffs)
{
    core::ProtocolOptions options;
    options.models = models;
    options.cutoffs = std::move(cutoffs);
    options.seeds = {1, 2, 3};
    return core::runProtocol(*dataset(), options);
}

} // namespace

class TstChartPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void curvesPanelFollowsSession();
    void scatterPanelFollowsPrediction();
    void leaderboardPanelTableAndSweep();
    void scatterPanelSaysWhichRowsWereLeftOut();
    void scatterPanelShowsAFailedFit();
    void curvesPanelMarksSyntheticRows();
    void metricChartMarksTheCutoff();
    void leaderboardPanelKeepsStaleRowsWithACaption();
    void metricSelectorOffersEveryLeaderboardMetric();
};

void TstChartPanels::curvesPanelFollowsSession()
{
    Session session;
    session.setDataset(dataset(), QString());
    session.setCutoff(6);
    CurvesPanel panel(&session);
    auto* chart = panel.curvesChart();
    QCOMPARE(static_cast<ChartWidget*>(chart), panel.chart());
    QVERIFY(chart->overviewShown());
    QCOMPARE(chart->overviewCount(), 120);
    QCOMPARE(chart->cutoff(), 6);
    QCOMPARE(chart->restartEpochs(), (QList<int>{4, 7, 10}));

    session.setSelection({4, 2});
    QCOMPARE(chart->seriesCount(), 2);
    const core::ArchitectureRow& row = dataset()->rows[2];
    const QList<QPointF> points = chart->pointsOf(row.modelId);
    QCOMPARE(points.size(), 12);
    QCOMPARE(points[4], QPointF(5, row.epochs[4].accuracy));
    QVERIFY(!chart->overviewShown());

    panel.setShowLoss(true);
    QVERIFY(chart->metricIsLoss());
    QCOMPARE(chart->pointsOf(row.modelId)[4], QPointF(5, row.epochs[4].lossMean));
    panel.setShowLoss(false);

    session.setCutoff(9);
    QCOMPARE(chart->cutoff(), 9);

    QList<int> many;
    for (int i = 0; i < 35; ++i)
        many.append(i);
    session.setSelection(many);
    QCOMPARE(chart->seriesCount(), CurvesPanel::kMaxCurves);
    QVERIFY(panel.noteText().contains(QStringLiteral("30 of 35")));

    session.setSelection({});
    QVERIFY(chart->overviewShown());
    QCOMPARE(chart->seriesCount(), 0);
}

void TstChartPanels::scatterPanelFollowsPrediction()
{
    Session session;
    session.setDataset(dataset(), QString());
    ScatterPanel panel(&session);
    auto* chart = panel.scatterChart();
    QCOMPARE(chart->pointCount(), 0);
    QVERIFY(panel.metricsText().contains(QStringLiteral("Fitting")));

    const core::ProtocolReport report = protocol({"Linear Regression"}, {3});
    const auto cell = std::make_shared<const core::ProtocolCell>(report.cells.front());
    session.setPrediction(cell);
    QCOMPARE(chart->pointCount(), static_cast<int>(cell->testRowIndices.size()));
    QVERIFY(panel.metricsText().contains(QStringLiteral("Linear Regression")));
    QVERIFY(panel.metricsText().contains(QString::number(cell->selected.mae, 'f', 5)));
    QVERIFY(panel.metricsText().contains(
        QStringLiteral("%1 / %2").arg(cell->selected.violations).arg(cell->selected.maxViolations)));

    panel.violationsCheck()->setChecked(true);
    QCOMPARE(chart->violationSegmentCount(), static_cast<int>(cell->selected.violations));

    const int a = cell->testRowIndices[0], b = cell->testRowIndices[1];
    int trainRow = 0;
    while (dataset()->rows[static_cast<std::size_t>(trainRow)].isTest != 0)
        ++trainRow;
    session.setSelection({a, b, trainRow}); // a train row is not a point
    QCOMPARE(chart->highlightedCount(), 2);

    // Clicking a point selects its row.
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int i = 2;
    const QPoint at = chart->viewportPosition(QPointF(cell->truth[i], cell->predicted[i]));
    QTest::mouseClick(chart->plotViewport(), Qt::LeftButton, {}, at);
    QCOMPARE(session.selection().size(), 1);
    const int clicked = session.selection().front();
    // Another point may lie within the click radius; it must be a test row near the spot.
    const auto it = std::find(cell->testRowIndices.begin(), cell->testRowIndices.end(), clicked);
    QVERIFY(it != cell->testRowIndices.end());
    QCOMPARE(chart->highlightedCount(), 1);

    session.setPrediction(nullptr);
    QCOMPARE(chart->pointCount(), 0);
}

void TstChartPanels::leaderboardPanelTableAndSweep()
{
    Session session;
    session.setDataset(dataset(), QString());
    LeaderboardPanel panel(&session);
    panel.setAutoSweep(false);
    panel.stopSweep();
    QStringList chosen = panel.chosenModels(), defaults = LeaderboardPanel::defaultModels();
    chosen.sort();
    defaults.sort();
    QCOMPARE(chosen, defaults);

    const auto report = std::make_shared<const core::ProtocolReport>(
        protocol({"Linear Regression", "5-NN", "Decision Tree"}, {session.settings().cutoff}));
    session.setLeaderboard(report);
    QCOMPARE(panel.proxyModel()->rowCount(), 3);
    // Sorted by MAE, ascending, on the raw values.
    double previous = -1;
    for (int r = 0; r < 3; ++r) {
        const double mae =
            panel.proxyModel()->index(r, LeaderboardModel::Mae).data(LeaderboardModel::SortRole).toDouble();
        QVERIFY(mae >= previous);
        previous = mae;
    }
    // Double-click makes the row's regressor the session's.
    const QModelIndex last = panel.proxyModel()->index(2, 0);
    const QString model = last.data(Qt::DisplayRole).toString();
    Q_EMIT panel.tableView()->doubleClicked(last);
    QCOMPARE(session.settings().regressor, model);

    // The sweep fills the chart cutoff by cutoff.
    QCOMPARE(LeaderboardPanel::sweepCutoffs(12), (QList<int>{0, 9, 3, 12, 6}));
    panel.setChosenModels({QStringLiteral("Linear Regression"), QStringLiteral("5-NN")});
    QSignalSpy finished(panel.sweepController(), &SweepController::finished);
    QSignalSpy points(panel.sweepController(), &SweepController::pointsReady);
    panel.startSweep();
    QVERIFY(finished.wait(60000));
    QCOMPARE(points.size(), 5);
    MetricChart* chart = panel.metricChart();
    QCOMPARE(chart->seriesCount(), 2);
    const QList<QPointF> mae = chart->pointsOf(QStringLiteral("5-NN"));
    QCOMPARE(mae.size(), 5);
    QCOMPARE(mae.front().x(), 0.0);
    QCOMPARE(mae.back().x(), 12.0);

    // Switching the metric redraws from the cache: violations at cutoff 3 match a direct run.
    panel.setMetric(LeaderboardPanel::Violations);
    QCOMPARE(chart->metricName(), QStringLiteral("Violations"));
    core::ProtocolOptions options;
    options.models = {"5-NN"};
    options.cutoffs = {3};
    options.seeds = session.settings().seeds;
    const auto direct = core::runProtocol(*dataset(), options);
    const QList<QPointF> violations = chart->pointsOf(QStringLiteral("5-NN"));
    QCOMPARE(violations[1], QPointF(3, static_cast<double>(direct.cells.front().selected.violations)));
    QCOMPARE(finished.size(), 1);

    // Nothing is missing: starting again computes nothing.
    panel.startSweep();
    QVERIFY(!panel.sweepController()->isRunning());

    // Dropping a regressor removes its line.
    panel.setChosenModels({QStringLiteral("Linear Regression")});
    QCOMPARE(chart->seriesCount(), 1);
}

void TstChartPanels::scatterPanelSaysWhichRowsWereLeftOut()
{
    // PRODUCT.md §2: rows with missing values are left out of a fit; say how many.
    core::Dataset d = test::syntheticDataset(120, 12, 7);
    d.rows[5].epochs[1].accuracy = core::kMissing; // an empty e2Accuracy cell
    d.rows[9].epochs[7].lossMean = core::kMissing; // only matters from cutoff 8
    const auto data = std::make_shared<const core::Dataset>(d);
    Session session;
    session.setDataset(data, QString());
    ScatterPanel panel(&session);

    core::ProtocolOptions options;
    options.models = {"Linear Regression"};
    options.cutoffs = {3};
    options.seeds = {1};
    auto cell = std::make_shared<const core::ProtocolCell>(core::runProtocol(*data, options).cells.front());
    QCOMPARE(cell->skippedRows, 1);
    session.setPrediction(cell);
    QVERIFY2(panel.metricsText().contains(QStringLiteral("1 row left out")), qPrintable(panel.metricsText()));
    QCOMPARE(ScatterPanel::skippedRowsText(*cell), QStringLiteral("1 row left out (missing epochs 1–3 or scheme values)"));

    options.cutoffs = {9};
    cell = std::make_shared<const core::ProtocolCell>(core::runProtocol(*data, options).cells.front());
    session.setPrediction(cell);
    QVERIFY2(panel.metricsText().contains(QStringLiteral("2 rows left out")), qPrintable(panel.metricsText()));

    // A fit that used every row says nothing about it.
    options.cutoffs = {1};
    cell = std::make_shared<const core::ProtocolCell>(core::runProtocol(*data, options).cells.front());
    QCOMPARE(cell->skippedRows, 0);
    session.setPrediction(cell);
    QVERIFY(!panel.metricsText().contains(QStringLiteral("left out")));
    QVERIFY(ScatterPanel::skippedRowsText(*cell).isEmpty());
}

void TstChartPanels::scatterPanelShowsAFailedFit()
{
    Session session;
    session.setDataset(dataset(), QString());
    ScatterPanel panel(&session);
    const core::ProtocolReport report = protocol({"Linear Regression"}, {3});
    session.setPrediction(std::make_shared<const core::ProtocolCell>(report.cells.front()));
    QVERIFY(panel.scatterChart()->pointCount() > 0);

    const QString reason = QStringLiteral("The split leaves 0 train and 0 test rows with complete features.");
    session.setPredictionFailed(reason);
    QVERIFY(!session.prediction());
    QCOMPARE(panel.scatterChart()->pointCount(), 0);
    QVERIFY2(panel.metricsText().contains(reason), qPrintable(panel.metricsText()));
    QVERIFY(!panel.metricsText().contains(QStringLiteral("Fitting")));

    // New settings: the failure is history, a fit is on its way.
    session.setCutoff(6);
    QVERIFY(session.predictionError().isEmpty());
    QVERIFY(!panel.metricsText().contains(reason));
    QVERIFY(panel.metricsText().contains(QStringLiteral("Fitting")));
}

void TstChartPanels::curvesPanelMarksSyntheticRows()
{
    core::Dataset d = test::syntheticDataset(20, 12, 7);
    d.extraColumns = {"Source"};
    for (auto& row : d.rows)
        row.extra = {""};
    d.rows[4].extra = {"trained on cpu, synthetic data, 12 epochs"};
    Session session;
    session.setDataset(std::make_shared<const core::Dataset>(d), QString());
    CurvesPanel panel(&session);
    session.setSelection({3, 4});
    QCOMPARE(panel.curvesChart()->seriesCount(), 2);
    QCOMPARE(panel.curvesChart()->seriesNames(),
             (QStringList{QStringLiteral("#%1").arg(d.rows[3].modelId),
                          QStringLiteral("#%1 (synthetic)").arg(d.rows[4].modelId)}));
}

void TstChartPanels::metricChartMarksTheCutoff()
{
    Session session;
    session.setDataset(dataset(), QString());
    session.setCutoff(6);
    LeaderboardPanel panel(&session);
    panel.setAutoSweep(false);
    QCOMPARE(panel.metricChart()->cutoff(), 6);
    QCOMPARE(panel.metricChart()->cutoffLineX(), 6.0);
    session.setCutoff(9);
    QCOMPARE(panel.metricChart()->cutoffLineX(), 9.0);
    panel.metricChart()->setCutoff(-1);
    QVERIFY(std::isnan(panel.metricChart()->cutoffLineX()));
}

void TstChartPanels::leaderboardPanelKeepsStaleRowsWithACaption()
{
    Session session;
    session.setDataset(dataset(), QString());
    LeaderboardPanel panel(&session);
    panel.setAutoSweep(false);
    QVERIFY(panel.captionText().contains(QStringLiteral("Computing cutoff 3")));
    session.setLeaderboard(std::make_shared<const core::ProtocolReport>(
        protocol({"Linear Regression", "5-NN"}, {session.settings().cutoff})));
    QCOMPARE(panel.proxyModel()->rowCount(), 2);
    QVERIFY2(panel.captionText().contains(QStringLiteral("cutoff 3")), qPrintable(panel.captionText()));
    QVERIFY(!panel.captionText().contains(QStringLiteral("Computing")));

    // A slider drag: the rows stay on screen, greyed, and the caption says what is coming.
    for (int cutoff : {4, 5, 6, 7})
        session.setCutoff(cutoff);
    QCOMPARE(panel.proxyModel()->rowCount(), 2);
    QVERIFY(panel.leaderboardModel()->isStale());
    QVERIFY2(panel.captionText().contains(QStringLiteral("Computing cutoff 7")), qPrintable(panel.captionText()));
    QVERIFY2(panel.captionText().contains(QStringLiteral("from cutoff 3")), qPrintable(panel.captionText()));

    session.setLeaderboard(std::make_shared<const core::ProtocolReport>(protocol({"Linear Regression"}, {7})));
    QCOMPARE(panel.proxyModel()->rowCount(), 1);
    QVERIFY(!panel.leaderboardModel()->isStale());
    QVERIFY(!panel.captionText().contains(QStringLiteral("Computing")));
}

void TstChartPanels::metricSelectorOffersEveryLeaderboardMetric()
{
    Session session;
    session.setDataset(dataset(), QString());
    session.setSeeds({1, 2, 3});
    LeaderboardPanel panel(&session);
    panel.setAutoSweep(false);
    panel.stopSweep();

    // The selector lists every metric column of the table, with a hint of its direction.
    QComboBox* combo = panel.metricCombo();
    QCOMPARE(combo->count(), LeaderboardModel::ColumnCount - 1);
    QStringList names;
    for (int i = 0; i < combo->count(); ++i) {
        names << combo->itemText(i);
        const QString tip = combo->itemData(i, Qt::ToolTipRole).toString();
        QVERIFY2(tip.endsWith(QStringLiteral("higher is better")) || tip.endsWith(QStringLiteral("lower is better")),
                 qPrintable(tip));
    }
    for (const char* wanted : {"MAE", "Violations", "MS", "Kendall τ-b", "Spearman ρ", "R²", "RMSE", "Precision@5",
                               "Precision@10", "Top-1 regret", "MAE std"})
        QVERIFY2(names.contains(QString::fromUtf8(wanted)), wanted);
    QVERIFY(LeaderboardPanel::higherIsBetter(LeaderboardPanel::PrecisionAt5));
    QVERIFY(!LeaderboardPanel::higherIsBetter(LeaderboardPanel::TopOneRegret));

    const QStringList models{QStringLiteral("Linear Regression"), QStringLiteral("5-NN")};
    panel.setChosenModels(models);
    QSignalSpy finished(panel.sweepController(), &SweepController::finished);
    panel.startSweep();
    QVERIFY(finished.wait(60000));
    session.setLeaderboard(std::make_shared<const core::ProtocolReport>(
        protocol({"Linear Regression", "5-NN"}, {session.settings().cutoff})));
    const int row = panel.leaderboardModel()->rowOf(QStringLiteral("5-NN"));
    QVERIFY(row >= 0);

    // Each entry draws its metric at every cutoff (non-finite points would be left out),
    // and at the current cutoff the value is the one in the table's column.
    MetricChart* chart = panel.metricChart();
    const int cutoffs = static_cast<int>(LeaderboardPanel::sweepCutoffs(dataset()->numEpochs).size());
    for (int m = 0; m < combo->count(); ++m) {
        combo->setCurrentIndex(m);
        const auto metric = static_cast<LeaderboardPanel::Metric>(m);
        QCOMPARE(panel.metric(), metric);
        QCOMPARE(chart->metricName(), combo->itemText(m));
        QVERIFY2(chart->axisTitle().startsWith(combo->itemText(m)) && chart->axisTitle().contains(QStringLiteral("is better")),
                 qPrintable(chart->axisTitle()));
        QCOMPARE(combo->toolTip(), combo->itemData(m, Qt::ToolTipRole).toString());
        QCOMPARE(chart->seriesCount(), 2);
        for (const QString& model : models)
            QVERIFY2(chart->pointsOf(model).size() == cutoffs, qPrintable(names[m] + QStringLiteral(" of ") + model));
        const QList<QPointF> points = chart->pointsOf(QStringLiteral("5-NN"));
        const auto atCutoff = std::find_if(points.begin(), points.end(), [&](const QPointF& p) {
            return p.x() == session.settings().cutoff;
        });
        QVERIFY(atCutoff != points.end());
        const double shown = panel.leaderboardModel()->index(row, m + 1).data(LeaderboardModel::SortRole).toDouble();
        QVERIFY2(std::abs(atCutoff->y() - shown) < 1e-9,
                 qPrintable(QStringLiteral("%1: chart %2, table %3").arg(names[m]).arg(atCutoff->y()).arg(shown)));
    }

    // The MAE spread of deterministic regressors is flat at zero, up to rounding noise: the
    // axis gets a readable range, not one of 1e-17 (which Qt Charts lays out badly).
    MetricChart flat;
    for (const char* model : {"a", "b", "c"})
        flat.addPoints(QString::fromLatin1(model), {QPointF(0, 0), QPointF(3, 1e-17), QPointF(6, 0)});
    QVERIFY2(flat.visibleRanges().height() >= 0.01, qPrintable(QString::number(flat.visibleRanges().height())));
    QVERIFY(flat.visibleRanges().top() < 0 && flat.visibleRanges().bottom() > 1e-17);
}

QTEST_MAIN(TstChartPanels)
#include "tst_chart_panels.moc"
