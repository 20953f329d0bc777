// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtCharts/QLegend>
#include <QtTest>

#include <random>

#include "jobs/sweep_controller.h"
#include "models/leaderboard_model.h"
#include "naap/core/metrics/metrics.h"
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

QList<QPointF> ramp(int epochs, double start, double step)
{
    QList<QPointF> points;
    for (int e = 1; e <= epochs; ++e)
        points.append(QPointF(e, start + step * e));
    return points;
}

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

// The labels a chart's legend shows (Qt Charts cuts one that does not fit to "#..." or less).
QStringList shownLegendLabels(const QWidget& chart)
{
    QStringList labels;
    const auto* view = chart.findChild<QGraphicsView*>();
    if (view == nullptr || view->scene() == nullptr)
        return labels;
    const QList<QGraphicsItem*> items = view->scene()->items(Qt::AscendingOrder);
    for (QGraphicsItem* item : items) {
        const auto* text = dynamic_cast<QGraphicsTextItem*>(item);
        if (text == nullptr || !text->isVisible())
            continue;
        for (QGraphicsItem* up = text->parentItem(); up != nullptr; up = up->parentItem()) {
            if (qobject_cast<QLegend*>(up->toGraphicsObject()) != nullptr) {
                labels.append(text->toPlainText());
                break;
            }
        }
    }
    labels.sort();
    return labels;
}

core::Vector toVector(const QList<double>& v)
{
    core::Vector out(v.size());
    for (qsizetype i = 0; i < v.size(); ++i)
        out[i] = v[i];
    return out;
}

} // namespace

class TstCharts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void curvesChartSeries();
    void curvesChartOverviewAndMarkers();
    void scatterChartPointsAndViolations();
    void scatterChartViolations_data();
    void scatterChartViolations();
    void scatterChartClickEmitsRow();
    void metricChartProgressive();
    void zoomAndReset();
    void keyboardFocusIsVisible();
    void curvesPanelFollowsSession();
    void scatterPanelFollowsPrediction();
    void leaderboardPanelTableAndSweep();
    void scatterMarkersClearTheAxes_data();
    void scatterMarkersClearTheAxes();
    void scatterPanelSaysWhichRowsWereLeftOut();
    void scatterPanelShowsAFailedFit();
    void curvesPanelMarksSyntheticRows();
    void metricChartMarksTheCutoff();
    void metricChartAxisTitleFitsItsHeight();
    void leaderboardPanelKeepsStaleRowsWithACaption();
    void metricSelectorOffersEveryLeaderboardMetric();
    void legendShrinksBeforeItIsCut();
    void shortChartLabelsTwoValues();
};

void TstCharts::curvesChartSeries()
{
    CurvesChart chart;
    chart.setCurves({{10, QStringLiteral("ModelId 10"), ramp(12, 0.3, 0.02), false},
                     {11, QString(), ramp(12, 0.2, 0.03), true},
                     {12, QString(), ramp(5, 0.1, 0.05), false}});
    QCOMPARE(chart.seriesCount(), 3);
    QCOMPARE(chart.pointsOf(11), ramp(12, 0.2, 0.03));
    QCOMPARE(chart.pointsOf(12).size(), 5);
    QVERIFY(chart.pointsOf(99).isEmpty());
    QVERIFY(chart.legendShown());
    QVERIFY(!chart.overviewShown());

    QList<Curve> many;
    for (int i = 0; i < 11; ++i)
        many.append({i, QString(), ramp(12, 0.1, 0.01 * i), false});
    chart.setCurves(many);
    QCOMPARE(chart.seriesCount(), 11);
    QVERIFY(!chart.legendShown()); // legend only up to 10 curves

    chart.setMetricIsLoss(true);
    QVERIFY(chart.metricIsLoss());
    QVERIFY(chart.chartTitle().contains(QStringLiteral("loss")));
}

void TstCharts::curvesChartOverviewAndMarkers()
{
    CurvesChart chart;
    QList<QList<QPointF>> overview;
    for (int i = 0; i < 440; ++i)
        overview.append(ramp(90, 0.1 + i * 0.001, 0.005));
    overview.append(QList<QPointF>()); // a row without epochs is skipped
    chart.setOverview(overview);
    QCOMPARE(chart.overviewCount(), 440);
    QVERIFY(chart.overviewShown());
    QCOMPARE(chart.seriesCount(), 0);
    // The restarts follow the data's epochs until told otherwise.
    QCOMPARE(chart.restartEpochs().size(), 29);
    QCOMPARE(chart.restartEpochs().front(), 4);
    QCOMPARE(chart.restartEpochs().back(), 88);
    chart.setEpochs(12);
    QCOMPARE(chart.restartEpochs(), (QList<int>{4, 7, 10}));

    chart.setCurves({{1, QString(), ramp(12, 0.3, 0.01), false}});
    QVERIFY(!chart.overviewShown());
    chart.setCurves({});
    QVERIFY(chart.overviewShown());

    QCOMPARE(chart.cutoff(), -1);
    chart.setCutoff(6);
    QCOMPARE(chart.cutoff(), 6);
    chart.setCutoff(0);
    QCOMPARE(chart.cutoff(), 0);
}

void TstCharts::scatterChartPointsAndViolations()
{
    ScatterChart chart;
    const QList<double> truth{0.50, 0.60, 0.70, 0.80};
    const QList<double> pred{0.55, 0.52, 0.75, 0.70};
    chart.setPoints(truth, pred, {3, 5, 7, 9}, {103, 105, 107, 109});
    QCOMPARE(chart.pointCount(), 4);
    QCOMPARE(chart.violationSegmentCount(), 0); // hidden by default
    chart.setShowViolations(true);
    QCOMPARE(chart.violationSegmentCount(), 2); // (0.5, 0.6) and (0.7, 0.8)
    chart.setShowViolations(false);
    QCOMPARE(chart.violationSegmentCount(), 0);

    chart.setHighlighted({5, 9, 42});
    QCOMPARE(chart.highlightedCount(), 2); // 42 is not a point
    chart.setPoints(truth.mid(0, 2), pred.mid(0, 2), {3, 5});
    QCOMPARE(chart.highlightedCount(), 1); // the highlight survives new points

    // One padded range on both axes, covering every value.
    const QPointF range = chart.axisRange();
    QVERIFY(range.x() < 0.50 && range.y() > 0.60);
    const QRectF visible = chart.visibleRanges();
    QCOMPARE(visible.left(), visible.top());
    QCOMPARE(visible.right(), visible.bottom());

    chart.clear();
    QCOMPARE(chart.pointCount(), 0);
    QCOMPARE(chart.highlightedCount(), 0);
}

void TstCharts::scatterChartViolations_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("ties");
    QTest::newRow("40 distinct") << 40 << false;
    QTest::newRow("440 distinct") << 440 << false;
    QTest::newRow("100 with ties") << 100 << true;
}

void TstCharts::scatterChartViolations()
{
    QFETCH(int, n);
    QFETCH(bool, ties);
    std::mt19937 gen(static_cast<unsigned>(n));
    std::normal_distribution<double> noise(0.0, 0.03);
    std::uniform_real_distribution<double> u(0.4, 0.95);
    QList<double> truth, pred;
    QList<int> rows;
    for (int i = 0; i < n; ++i) {
        double t = u(gen);
        if (ties)
            t = std::round(t * 20) / 20;
        truth.append(t);
        pred.append(ties ? std::round((t + noise(gen)) * 20) / 20 : t + noise(gen));
        rows.append(i);
    }
    ScatterChart chart;
    chart.setPoints(truth, pred, rows);
    chart.setShowViolations(true);
    QCOMPARE(chart.violationSegmentCount(),
             static_cast<int>(core::countViolations(toVector(truth), toVector(pred))));
    QVERIFY(chart.violationSegmentCount() > 0);
}

void TstCharts::scatterChartClickEmitsRow()
{
    ScatterChart chart;
    chart.resize(700, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setPoints({0.5, 0.7, 0.9}, {0.52, 0.66, 0.93}, {11, 22, 33});
    QSignalSpy clicked(&chart, &ScatterChart::pointClicked);
    const QPoint at = chart.viewportPosition(QPointF(0.7, 0.66));
    QVERIFY(chart.plotViewport()->rect().contains(at));
    QTest::mouseClick(chart.plotViewport(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.front().front().toInt(), 22);
    // A click far from every point selects nothing.
    QTest::mouseClick(chart.plotViewport(), Qt::LeftButton, {}, chart.viewportPosition(QPointF(0.9, 0.5)));
    QCOMPARE(clicked.size(), 1);
}

void TstCharts::metricChartProgressive()
{
    MetricChart chart;
    chart.setMetricName(QStringLiteral("Violations"));
    QCOMPARE(chart.metricName(), QStringLiteral("Violations"));
    chart.addPoints(QStringLiteral("5-NN"), {QPointF(9, 40)});
    chart.addPoints(QStringLiteral("Linear Regression"), {QPointF(0, 70), QPointF(9, 50)});
    chart.addPoints(QStringLiteral("5-NN"), {QPointF(0, 60), QPointF(3, 45), QPointF(6, qQNaN())});
    chart.addPoints(QStringLiteral("5-NN"), {QPointF(3, 44)}); // replaces x = 3
    QCOMPARE(chart.seriesCount(), 2);
    QCOMPARE(chart.models(), (QStringList{QStringLiteral("5-NN"), QStringLiteral("Linear Regression")}));
    QCOMPARE(chart.pointsOf(QStringLiteral("5-NN")), (QList<QPointF>{{0, 60}, {3, 44}, {9, 40}}));
    QVERIFY(chart.chartTitle().contains(QStringLiteral("Violations")));
    chart.clear();
    QCOMPARE(chart.seriesCount(), 0);
    QVERIFY(chart.pointsOf(QStringLiteral("5-NN")).isEmpty());
}

void TstCharts::zoomAndReset()
{
    CurvesChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setEpochs(90);
    chart.setCurves({{1, QString(), ramp(90, 0.2, 0.005), false}});
    const QRectF home = chart.visibleRanges();
    QCOMPARE(home.left(), 0.0);
    QCOMPARE(home.right(), 90.0);

    // Rubber band: drag from epoch 10 to 30.
    QWidget* vp = chart.plotViewport();
    const QPoint a = chart.viewportPosition(QPointF(10, home.top() + home.height() * 0.8));
    const QPoint b = chart.viewportPosition(QPointF(30, home.top() + home.height() * 0.2));
    QTest::mousePress(vp, Qt::LeftButton, {}, a);
    QMouseEvent move(QEvent::MouseMove, b, vp->mapToGlobal(b), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    QTest::mouseRelease(vp, Qt::LeftButton, {}, b);
    const QRectF zoomed = chart.visibleRanges();
    QVERIFY2(std::abs(zoomed.left() - 10) < 0.5 && std::abs(zoomed.right() - 30) < 0.5,
             qPrintable(QStringLiteral("%1..%2").arg(zoomed.left()).arg(zoomed.right())));

    // Arrow keys pan, R resets.
    vp->parentWidget()->setFocus();
    QTest::keyClick(vp->parentWidget(), Qt::Key_Right);
    QVERIFY(chart.visibleRanges().left() > zoomed.left());
    QTest::keyClick(vp->parentWidget(), Qt::Key_R);
    QCOMPARE(chart.visibleRanges(), home);
    chart.setCurves({{1, QString(), ramp(90, 0.2, 0.005), false}});
    QCOMPARE(chart.visibleRanges(), home);
}

void TstCharts::keyboardFocusIsVisible()
{
    // The chart is a Tab stop that takes the arrows, +/- and R: with the focus it shows a
    // frame in the highlight colour; without, and in an export, none.
    CurvesChart chart;
    chart.resize(600, 400);
    chart.setEpochs(90);
    chart.setCurves({{1, QString(), ramp(90, 0.2, 0.005), false}});
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QWidget* vp = chart.plotViewport();
    const QColor highlight = vp->parentWidget()->palette().color(QPalette::Highlight);
    const auto edgeIsHighlighted = [&] {
        const QImage image = vp->grab().toImage();
        const QColor edge = image.pixelColor(1, image.height() / 2);
        return std::abs(edge.red() - highlight.red()) + std::abs(edge.green() - highlight.green()) +
                   std::abs(edge.blue() - highlight.blue()) < 60;
    };
    QApplication::setActiveWindow(&chart);
    vp->parentWidget()->clearFocus(); // the window's only Tab stop takes the focus on show
    QTRY_VERIFY(!vp->parentWidget()->hasFocus());
    QVERIFY(!edgeIsHighlighted());
    vp->parentWidget()->setFocus();
    QTRY_VERIFY(vp->parentWidget()->hasFocus());
    QVERIFY2(edgeIsHighlighted(), "a focused chart looks like an unfocused one");

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("focused.png"));
    QString error;
    QVERIFY2(chart.exportTo(path, &error, QSize(600, 400)), qPrintable(error));
    const QImage exported(path);
    QCOMPARE(exported.pixelColor(2, exported.height() / 2), QColor(Qt::white));
}

void TstCharts::curvesPanelFollowsSession()
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

void TstCharts::scatterPanelFollowsPrediction()
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

void TstCharts::leaderboardPanelTableAndSweep()
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

void TstCharts::scatterMarkersClearTheAxes_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("narrow dock") << QSize(260, 220);
    QTest::newRow("small dock") << QSize(300, 260);
    QTest::newRow("export size") << QSize(900, 900);
}

void TstCharts::scatterMarkersClearTheAxes()
{
    // Selected markers (13 px) at the extremes must not overlap the axes, at any size.
    QFETCH(QSize, size);
    ScatterChart chart;
    chart.resize(size);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QList<double> truth{0.40, 0.55, 0.70, 0.90}, pred{0.42, 0.60, 0.66, 0.88};
    chart.setPoints(truth, pred, {1, 2, 3, 4});
    chart.setHighlighted({1, 2, 3, 4});
    QTest::qWait(50); // the layout settles and the padding follows the plot's size
    const QRectF range = chart.visibleRanges();
    const QPoint corner0 = chart.viewportPosition(QPointF(range.left(), range.top()));
    const QPoint corner1 = chart.viewportPosition(QPointF(range.right(), range.bottom()));
    const QRect plot = QRect(corner0, corner1).normalized();
    QVERIFY(plot.width() > 100 && plot.height() > 100);
    const double clearance = 13.0 / 2 + 1; // radius and border
    for (qsizetype i = 0; i < truth.size(); ++i) {
        const QPoint at = chart.viewportPosition(QPointF(truth[i], pred[i]));
        const int edge = std::min({at.x() - plot.left(), plot.right() - at.x(), at.y() - plot.top(), plot.bottom() - at.y()});
        QVERIFY2(edge >= clearance, qPrintable(QStringLiteral("point %1 is %2 px from the plot's edge").arg(i).arg(edge)));
    }
}

void TstCharts::scatterPanelSaysWhichRowsWereLeftOut()
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

void TstCharts::scatterPanelShowsAFailedFit()
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

void TstCharts::curvesPanelMarksSyntheticRows()
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

void TstCharts::metricChartMarksTheCutoff()
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

// In a short chart the y title would be elided mid-word ("MAE (lo…"): the name stands alone
// there, and the whole title comes back once there is room.
void TstCharts::metricChartAxisTitleFitsItsHeight()
{
    MetricChart chart;
    const QString whole = QStringLiteral("MAE (lower is better)");
    chart.setMetricName(QStringLiteral("MAE"), whole);
    chart.addPoints(QStringLiteral("5-NN"), {{0, 0.01}, {9, 0.005}});
    chart.resize(600, 150);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTRY_COMPARE(chart.shownAxisTitle(), QStringLiteral("MAE"));
    QCOMPARE(chart.axisTitle(), whole);
    chart.resize(600, 500);
    QTRY_COMPARE(chart.shownAxisTitle(), whole);
    chart.setMetricName(QStringLiteral("Kendall τ-b"), QStringLiteral("Kendall τ-b (higher is better)"));
    QCOMPARE(chart.shownAxisTitle(), QStringLiteral("Kendall τ-b (higher is better)"));
}

// The y axis of a short chart (a small window) labels at least two values, so that it still
// gives a scale: its step gets smaller while the labels stay a text line apart, and a tall
// chart keeps its labels at least 26 px apart.
void TstCharts::shortChartLabelsTwoValues()
{
    MetricChart chart;
    chart.setMetricName(QStringLiteral("MAE"), QStringLiteral("MAE (lower is better)"));
    chart.addPoints(QStringLiteral("Linear Regression"), {{0, 0.0168}, {3, 0.009}, {9, 0.0055}, {90, 0.0016}});
    chart.addPoints(QStringLiteral("5-NN"), {{0, 0.0103}, {3, 0.0083}, {9, 0.0072}, {90, 0.0036}});
    // Pixels between neighbouring labels of the y axis.
    const auto spacing = [&chart] {
        const QList<double> v = chart.tickValues(Qt::Vertical);
        const QRectF r = chart.visibleRanges();
        return v.size() < 2 ? 0.0 : (v[1] - v[0]) / std::abs(r.height()) * chart.plotSize().height();
    };
    const auto describe = [&chart] {
        QStringList v;
        for (const double x : chart.tickValues(Qt::Vertical))
            v << QString::number(x);
        const QRectF r = chart.visibleRanges();
        return QStringLiteral("labels %1, y %2 to %3, plot %4 px high, font %5 px")
            .arg(v.join(QStringLiteral(", ")))
            .arg(r.top())
            .arg(r.bottom())
            .arg(chart.plotSize().height())
            .arg(QFontMetricsF(chart.font()).height());
    };
    chart.resize(600, 150);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTRY_VERIFY2(chart.tickValues(Qt::Vertical).size() >= 2, qPrintable(describe()));
    QVERIFY2(spacing() >= QFontMetricsF(chart.font()).height(), qPrintable(describe()));
    chart.resize(600, 500);
    QTRY_VERIFY(chart.plotSize().height() > 300);
    QTRY_VERIFY2(chart.tickValues(Qt::Vertical).size() >= 3 && spacing() >= 26, qPrintable(describe()));
}

void TstCharts::leaderboardPanelKeepsStaleRowsWithACaption()
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

void TstCharts::metricSelectorOffersEveryLeaderboardMetric()
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

// Qt Charts lays a bottom legend out on one row and cuts labels that do not fit ("#..."): in
// a narrow panel the legend's font shrinks first, by up to 2 points, and comes back when
// there is room.
void TstCharts::legendShrinksBeforeItIsCut()
{
    CurvesChart chart;
    QList<Curve> curves;
    for (const int id : {21, 212, 219, 280})
        curves.append({id, QStringLiteral("#%1").arg(id), ramp(12, 0.3, 0.01 * id / 100.0), false});
    chart.setCurves(curves);
    const QStringList whole{QStringLiteral("#21"), QStringLiteral("#212"), QStringLiteral("#219"),
                            QStringLiteral("#280")};
    chart.resize(800, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTRY_COMPARE(shownLegendLabels(chart), whole);
    const qreal base = chart.legendFont().pointSizeF();
    QVERIFY(base > 0);
    // At 225 px the chart's own font would cut three labels to "#2..."; a smaller one fits.
    chart.resize(225, 300);
    QTRY_VERIFY(chart.legendFont().pointSizeF() < base);
    QVERIFY(chart.legendFont().pointSizeF() >= base - 2);
    QTRY_COMPARE(shownLegendLabels(chart), whole);
    // Where 2 points do not help, Qt still cuts them (and shows each whole on hover).
    chart.resize(150, 300);
    QTRY_VERIFY(shownLegendLabels(chart) != whole);
    QCOMPARE(chart.legendFont().pointSizeF(), base - 2);
    chart.resize(800, 300);
    QTRY_COMPARE(chart.legendFont().pointSizeF(), base);
    QTRY_COMPARE(shownLegendLabels(chart), whole);
}

QTEST_MAIN(TstCharts)
#include "tst_charts.moc"
