// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/qt_chart_widget.h"

#include <QtCharts/QAbstractSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QValueAxis>

#include <QCursor>
#include <QGraphicsLayout>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "views/chart_export.h"
#include "views/interactive_chart_view.h"
#include "views/plot_overlay.h"

namespace naap::ui {

namespace {

void styleAxis(QValueAxis* axis)
{
    axis->setGridLineColor(QColor(0xe3, 0xe6, 0xea));
    axis->setMinorGridLineColor(QColor(0xf0, 0xf2, 0xf4));
    axis->setLinePenColor(QColor(0x9a, 0xa0, 0xa6));
    axis->setLabelsColor(QColor(0x3c, 0x40, 0x43));
    axis->setTitleBrush(QColor(0x20, 0x21, 0x24));
    QFont title = axis->titleFont();
    title.setBold(false);
    axis->setTitleFont(title);
}

/// The smallest of mantissas × 10^k that is at least `raw`.
double niceStep(double raw, std::initializer_list<double> mantissas)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : mantissas)
        if (m * magnitude >= raw * (1 - 1e-9))
            return m * magnitude;
    return 10 * magnitude;
}

/// The multiples of `step` within [lo, hi] (a dynamic axis anchored at 0 labels these).
QList<double> multiplesWithin(double lo, double hi, double step)
{
    QList<double> values;
    if (!(step > 0))
        return values;
    for (double k = std::ceil(lo / step - 1e-9); k <= std::floor(hi / step + 1e-9); ++k)
        values.append(k * step);
    return values;
}

/// The width a bottom legend's visible markers ask for in `font`, as Qt Charts lays them out
/// (LegendMarkerItem: margins of 3 on both sides, 4 between marker and label, the marker, the
/// label with its text margins, 1; the layout adds a margin of 3 per marker). The marker is
/// half the font height square, or 1.5 times as wide for a line's marker taken from its series.
qreal legendWidth(const QLegend* legend, const QFont& font)
{
    const QFontMetricsF metrics(font);
    const bool lines = legend->markerShape() == QLegend::MarkerShapeFromSeries;
    const qreal marker = std::round(metrics.height() / 2 * (lines ? 1.5 : 1.0));
    qreal width = 0;
    for (const QLegendMarker* m : legend->markers())
        if (m->isVisible())
            width += metrics.horizontalAdvance(m->label()) + 2 * 4 + 3 + 3 + 4 + marker + 1 + 3;
    return width;
}

} // namespace

QtChartWidget::QtChartWidget(QWidget* parent)
    : ChartWidget(parent), m_chart(new QChart), m_axisX(new QValueAxis), m_axisY(new QValueAxis)
{
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setMargins(QMargins(6, 6, 10, 6));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setVisible(false);
    m_chart->legend()->setShowToolTips(true); // a label still cut short shows whole on hover
    m_legendBase = m_chart->legend()->font();
    styleAxis(m_axisX);
    styleAxis(m_axisY);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    m_view = new InteractiveChartView(m_chart, m_axisX, m_axisY, this); // owns the chart
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_view->setBackgroundBrush(Qt::white);
    for (QValueAxis* axis : {m_axisX, m_axisY}) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
    }

    const auto refresh = [this] {
        for (PlotOverlay* overlay : std::as_const(m_overlays))
            overlay->refresh();
    };
    connect(m_chart, &QChart::plotAreaChanged, this, refresh);
    // A narrow plot gets fewer ticks rather than elided labels.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        updateTicks(m_axisX, m_ticksX);
        updateTicks(m_axisY, m_ticksY);
    });
    connect(m_axisX, &QValueAxis::rangeChanged, this, [this, refresh] {
        updateTicks(m_axisX, m_ticksX);
        refresh();
    });
    connect(m_axisY, &QValueAxis::rangeChanged, this, [this, refresh] {
        updateTicks(m_axisY, m_ticksY);
        refresh();
    });
    updateTicks(m_axisX, m_ticksX);
    updateTicks(m_axisY, m_ticksY);
    // At once on a resize (an export resizes, lays out and renders in one go).
    connect(m_chart, &QGraphicsWidget::geometryChanged, this, &QtChartWidget::fitLegend);
}

QtChartWidget::~QtChartWidget() = default;

QFont QtChartWidget::legendFont() const
{
    return m_chart->legend()->font();
}

void QtChartWidget::legendChanged()
{
    // Markers follow their series a moment later: fit once the event loop has turned.
    if (m_legendFitQueued)
        return;
    m_legendFitQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_legendFitQueued = false;
            fitLegend();
        },
        Qt::QueuedConnection);
}

void QtChartWidget::fitLegend()
{
    QLegend* legend = m_chart->legend();
    const QMargins margins = m_chart->margins();
    qreal left = 0, top = 0, right = 0, bottom = 0;
    legend->getContentsMargins(&left, &top, &right, &bottom);
    const qreal available = m_chart->size().width() - margins.left() - margins.right() - left - right;
    if (!legend->isVisible() || available <= 0)
        return;
    // The chart's own size first, then half a point less at a time, down to 2 points less.
    QFont font = m_legendBase;
    const qreal base = m_legendBase.pointSizeF();
    if (base > 0) {
        for (qreal size = base; size >= base - 2.0; size -= 0.5) {
            font.setPointSizeF(size);
            if (legendWidth(legend, font) <= available)
                break;
        }
    }
    if (legend->font() != font)
        legend->setFont(font);
}

bool QtChartWidget::exportTo(const QString& path, QString* error, QSize size) const
{
    if (size.isEmpty())
        size = isVisible() && width() >= 200 && height() >= 150 ? this->size() : QSize(1200, 800);
    return exportChart(m_chart, chartTitle(), path, size, error);
}

void QtChartWidget::resetZoom()
{
    m_view->resetZoom();
}

QWidget* QtChartWidget::plotViewport() const
{
    return m_view->viewport();
}

QPoint QtChartWidget::viewportPosition(QPointF value) const
{
    const QRectF area = m_chart->plotArea();
    const double xSpan = m_axisX->max() - m_axisX->min(), ySpan = m_axisY->max() - m_axisY->min();
    if (area.isEmpty() || !(xSpan > 0) || !(ySpan > 0))
        return {};
    const QPointF inChart(area.left() + (value.x() - m_axisX->min()) / xSpan * area.width(),
                          area.bottom() - (value.y() - m_axisY->min()) / ySpan * area.height());
    return m_view->mapFromScene(m_chart->mapToScene(inChart));
}

QRectF QtChartWidget::visibleRanges() const
{
    return QRectF(QPointF(m_axisX->min(), m_axisY->min()), QPointF(m_axisX->max(), m_axisY->max()));
}

QList<double> QtChartWidget::tickValues(Qt::Orientation orientation) const
{
    const QValueAxis* axis = orientation == Qt::Horizontal ? m_axisX : m_axisY;
    return multiplesWithin(axis->min(), axis->max(), axis->tickInterval());
}

QSizeF QtChartWidget::plotSize() const
{
    return m_chart->plotArea().size();
}

QColor QtChartWidget::paletteColor(int i)
{
    static const QRgb tab10[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    const int n = static_cast<int>(std::size(tab10));
    return QColor::fromRgb(tab10[((i % n) + n) % n]);
}

void QtChartWidget::setTicks(Qt::Orientation orientation, Ticks ticks)
{
    (orientation == Qt::Horizontal ? m_ticksX : m_ticksY) = ticks;
    QValueAxis* axis = orientation == Qt::Horizontal ? m_axisX : m_axisY;
    updateTicks(axis, ticks);
}

void QtChartWidget::updateTicks(QValueAxis* axis, Ticks ticks)
{
    const double span = axis->max() - axis->min();
    if (!(span > 0))
        return;
    // Room for a label every ~42 px across, every ~26 px up (before the first layout: any).
    const QRectF area = m_chart->plotArea();
    const double room = axis == m_axisX ? area.width() / 42 : area.height() / 26;
    const double fit = area.isEmpty() ? 100.0 : std::max(2.0, room);
    switch (ticks) {
    case Ticks::Nice: {
        double step = niceStep(span / std::min(6.0, fit), {1, 2, 2.5, 5});
        // A short plot (a small window) may hold one multiple of that step, one lone label
        // that gives no scale: take smaller nice steps while their labels still fit apart
        // (a line of the labels' font up, digits having no descenders; the usual 42 px across).
        const double pixels = axis == m_axisX ? area.width() : area.height();
        const double apart = axis == m_axisX ? 42.0 : QFontMetricsF(axis->labelsFont()).height();
        while (!area.isEmpty() && multiplesWithin(axis->min(), axis->max(), step).size() < 2) {
            const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            const double mantissa = step / magnitude;
            const double smaller = (mantissa > 4.9 ? 2.5 : mantissa > 2.4 ? 2 : mantissa > 1.9 ? 1 : 0.5) * magnitude;
            if (smaller / span * pixels < apart)
                break;
            step = smaller;
        }
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9))) +
            (std::abs(mantissa - 2.5) < 1e-6 ? 1 : 0);
        axis->setTickInterval(step);
        axis->setMinorTickCount(0);
        axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
        break;
    }
    case Ticks::Integer:
        axis->setTickInterval(std::max(1.0, niceStep(span / std::min(9.0, fit), {1, 2, 5})));
        axis->setMinorTickCount(0);
        axis->setLabelFormat(QStringLiteral("%d"));
        break;
    case Ticks::CycleEnds: {
        int step = 3;
        for (int candidate : {3, 9, 18, 27, 45, 90, 180, 360}) {
            step = candidate;
            if (span / candidate <= std::min(11.0, fit))
                break;
        }
        axis->setTickInterval(step);
        axis->setMinorTickCount(step / 3 <= 6 ? step / 3 - 1 : 0);
        axis->setLabelFormat(QStringLiteral("%d"));
        break;
    }
    }
}

void QtChartWidget::attach(QAbstractSeries* series)
{
    m_chart->addSeries(series);
    series->attachAxis(m_axisX);
    series->attachAxis(m_axisY);
    legendChanged();
}

PlotOverlay* QtChartWidget::addOverlay(qreal z)
{
    auto* overlay = new PlotOverlay(m_chart, m_axisX, m_axisY); // a child item of the chart
    overlay->setZValue(z);
    m_overlays.append(overlay);
    return overlay;
}

void QtChartWidget::setHomeRanges(double xMin, double xMax, double yMin, double yMax)
{
    m_view->setHomeRanges(xMin, xMax, yMin, yMax);
}

void QtChartWidget::showToolTip(const QString& text)
{
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(QCursor::pos(), text, m_view);
}

} // namespace naap::ui
