// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/metric_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "views/plot_overlay.h"

namespace naap::ui {

MetricChart::MetricChart(QWidget* parent) : QtChartWidget(parent), m_cutoffLine(addOverlay(3.5))
{
    axisX()->setTitleText(tr("Cutoff (epochs seen)"));
    setTicks(Qt::Horizontal, Ticks::CycleEnds);
    qchart()->legend()->setVisible(true);
    connect(qchart(), &QChart::plotAreaChanged, this, &MetricChart::fitAxisTitle);
    setMetricName(tr("MAE"));
    updateRanges();
}

MetricChart::~MetricChart() = default;

QString MetricChart::chartTitle() const
{
    return tr("%1 against the cutoff").arg(m_metric);
}

void MetricChart::clear()
{
    for (QLineSeries* s : std::as_const(m_series)) {
        qchart()->removeSeries(s);
        delete s;
    }
    m_series.clear();
    m_order.clear();
    updateRanges();
}

void MetricChart::setMetricName(const QString& name, const QString& axisTitle)
{
    m_metric = name;
    m_axisTitle = axisTitle.isEmpty() ? name : axisTitle;
    fitAxisTitle();
}

QString MetricChart::shownAxisTitle() const
{
    return axisY()->titleText();
}

// The y title runs along the plot's height; Qt Charts elides what does not fit ("MAE (lo…"
// in a short window), so there the metric's name stands alone.
void MetricChart::fitAxisTitle()
{
    const double room = qchart()->plotArea().height();
    const bool fits = room <= 0 || QFontMetricsF(axisY()->titleFont()).horizontalAdvance(m_axisTitle) <= room;
    const QString text = fits ? m_axisTitle : m_metric;
    if (axisY()->titleText() != text)
        axisY()->setTitleText(text);
}

void MetricChart::addPoints(const QString& model, const QList<QPointF>& points)
{
    QLineSeries* series = m_series.value(model);
    if (!series) {
        series = new QLineSeries;
        series->setName(model);
        QPen pen(paletteColor(static_cast<int>(m_order.size())));
        pen.setWidthF(2.0);
        series->setPen(pen);
        series->setPointsVisible(true);
        series->setMarkerSize(5);
        attach(series);
        connect(series, &QLineSeries::hovered, this,
                [this, model](const QPointF& p, bool state) { onHovered(model, p, state); });
        m_series.insert(model, series);
        m_order.append(model);
    }
    std::map<double, double> merged;
    for (const QPointF& p : series->points())
        merged[p.x()] = p.y();
    for (const QPointF& p : points)
        if (std::isfinite(p.x()) && std::isfinite(p.y()))
            merged[p.x()] = p.y();
    QList<QPointF> sorted;
    sorted.reserve(static_cast<qsizetype>(merged.size()));
    for (const auto& [x, y] : merged)
        sorted.append(QPointF(x, y));
    series->replace(sorted);
    updateRanges();
}

void MetricChart::setXRange(double lo, double hi)
{
    m_xLo = lo;
    m_xHi = hi;
    updateRanges();
}

void MetricChart::setCutoff(int cutoff)
{
    if (cutoff == m_cutoff)
        return;
    m_cutoff = cutoff;
    QList<PlotOverlay::Marker> markers;
    if (m_cutoff >= 0) {
        // The curves chart's cutoff colour: the same setting in both places.
        QPen pen(QColor(0x37, 0x47, 0x4f, 200));
        pen.setWidthF(1.4);
        pen.setStyle(Qt::DashLine);
        markers.append({double(m_cutoff), pen, tr("cutoff %1").arg(m_cutoff)});
    }
    m_cutoffLine->setMarkers(markers);
}

double MetricChart::cutoffLineX() const
{
    const auto& markers = m_cutoffLine->markers();
    return markers.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : markers.front().x;
}

QList<QPointF> MetricChart::pointsOf(const QString& model) const
{
    const QLineSeries* s = m_series.value(model);
    return s ? s->points() : QList<QPointF>();
}

void MetricChart::updateRanges()
{
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const QLineSeries* s : std::as_const(m_series))
        for (const QPointF& p : s->points()) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    if (!(x1 >= x0)) {
        x0 = 0;
        x1 = 9;
        y0 = 0;
        y1 = 1;
    }
    if (m_xHi > m_xLo) {
        x0 = m_xLo;
        x1 = m_xHi;
    }
    x0 = std::min(x0, 0.0);
    x1 = std::max(x1, x0 + 3);
    const double span = x1 - x0;
    // A flat line (an MAE spread of 0 over deterministic seeds, up to rounding noise) gets a
    // fixed margin: Qt Charts (6.4) takes a span of ~1e-17 for none and crashes laying it out.
    const double flat = std::max(std::abs(y0), std::abs(y1)) * 1e-9 + 1e-12;
    const double pad = y1 - y0 > flat ? (y1 - y0) * 0.08 : std::max(std::abs(y0) * 0.05, 0.01);
    setHomeRanges(x0 - span * 0.02, x1 + span * 0.02, y0 - pad, y1 + pad);
}

void MetricChart::onHovered(const QString& model, QPointF point, bool state)
{
    if (!state) {
        showToolTip(QString());
        return;
    }
    const QList<QPointF> pts = pointsOf(model);
    const auto nearest = std::min_element(pts.begin(), pts.end(), [&](const QPointF& a, const QPointF& b) {
        return std::abs(a.x() - point.x()) < std::abs(b.x() - point.x());
    });
    if (nearest == pts.end())
        return;
    showToolTip(tr("%1 · cutoff %2 · %3 %4")
                    .arg(model)
                    .arg(qRound(nearest->x()))
                    .arg(m_metric)
                    .arg(nearest->y(), 0, 'g', 5));
}

} // namespace naap::ui
