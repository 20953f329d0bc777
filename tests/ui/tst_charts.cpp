// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QApplication>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QSignalSpy>
#include <QtCharts/QLegend>
#include <QtTest>

#include <random>

#include "naap/core/metrics/metrics.h"
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
    void scatterMarkersClearTheAxes_data();
    void scatterMarkersClearTheAxes();
    void metricChartAxisTitleFitsItsHeight();
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
