// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/curves_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/plot_overlay.h"

namespace naap::ui {

namespace {

constexpr int kMaxLegendCurves = 10;
constexpr int kFirstRestart = 4; ///< the schedule restarts the learning rate every 3 epochs
constexpr int kRestartPeriod = 3;

} // namespace

CurvesChart::CurvesChart(QWidget* parent)
    : QtChartWidget(parent), m_background(addOverlay(3.5)), m_foreground(addOverlay(50))
{
    axisX()->setTitleText(tr("Epoch"));
    setTicks(Qt::Horizontal, Ticks::Integer);
    // The overview (up to 440 × 90 points) is drawn once into a pixmap and blitted when the
    // cutoff line or a hover repaints the plot; zoom and resizes redraw it.
    m_background->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    setMetricIsLoss(false);
    updateRanges();
}

CurvesChart::~CurvesChart() = default;

QString CurvesChart::chartTitle() const
{
    return m_loss ? tr("Learning curves (loss)") : tr("Learning curves");
}

void CurvesChart::setCurves(const QList<Curve>& curves)
{
    for (QLineSeries* s : std::as_const(m_series)) {
        qchart()->removeSeries(s);
        delete s;
    }
    m_series.clear();
    m_curves = curves;
    for (int i = 0; i < m_curves.size(); ++i) {
        const Curve& c = m_curves[i];
        auto* series = new QLineSeries;
        series->setName(c.label.isEmpty() ? tr("ModelId %1").arg(c.modelId) : c.label);
        QPen pen(paletteColor(i));
        pen.setWidthF(c.highlighted ? 2.8 : 1.6);
        series->setPen(pen);
        series->replace(c.points);
        attach(series);
        connect(series, &QLineSeries::hovered, this,
                [this, i](const QPointF& p, bool state) { onHovered(i, p, state); });
        m_series.append(series);
    }
    const bool legend = !m_series.isEmpty() && m_series.size() <= kMaxLegendCurves;
    qchart()->legend()->setVisible(legend);
    legendChanged();
    showOverviewIfIdle();
    updateRanges();
}

void CurvesChart::setOverview(const QList<QList<QPointF>>& curves)
{
    m_overview = curves;
    m_overviewCount = 0;
    m_overviewPath = QPainterPath();
    for (const QList<QPointF>& c : curves) {
        if (c.isEmpty())
            continue;
        ++m_overviewCount;
        m_overviewPath.moveTo(c.front());
        for (qsizetype i = 1; i < c.size(); ++i)
            m_overviewPath.lineTo(c[i]);
    }
    showOverviewIfIdle();
    updateRanges();
}

void CurvesChart::showOverviewIfIdle()
{
    // The overview only while no curve is chosen: one path, so 440 × 90 points stay cheap.
    if (!m_series.isEmpty() || m_overviewCount == 0) {
        m_background->setStrokes({});
        return;
    }
    QPen pen(QColor(0x70, 0x78, 0x80, 50));
    pen.setWidthF(1.0);
    m_background->setStrokes({{m_overviewPath, pen}});
}

void CurvesChart::setEpochs(int epochs)
{
    m_epochs = std::max(0, epochs);
    updateMarkers();
    updateRanges();
}

void CurvesChart::setCutoff(int cutoff)
{
    if (cutoff == m_cutoff)
        return;
    m_cutoff = cutoff;
    updateCutoffMarker(); // the background (and its cached overview) stays as it is
}

void CurvesChart::setMetricIsLoss(bool loss)
{
    m_loss = loss;
    axisY()->setTitleText(loss ? tr("Loss") : tr("Test accuracy"));
    updateRanges();
}

QList<QPointF> CurvesChart::pointsOf(int modelId) const
{
    for (int i = 0; i < m_curves.size(); ++i)
        if (m_curves[i].modelId == modelId)
            return m_series[i]->points();
    return {};
}

QStringList CurvesChart::seriesNames() const
{
    QStringList names;
    for (const QLineSeries* s : m_series)
        names << s->name();
    return names;
}

bool CurvesChart::overviewShown() const
{
    return m_series.isEmpty() && !m_background->strokes().isEmpty() && m_overviewCount > 0;
}

bool CurvesChart::legendShown() const
{
    return qchart()->legend()->isVisible();
}

QList<int> CurvesChart::restartEpochs() const
{
    QList<int> epochs;
    for (int e = kFirstRestart; e <= epochCount(); e += kRestartPeriod)
        epochs.append(e);
    return epochs;
}

int CurvesChart::epochCount() const
{
    if (m_epochs > 0)
        return m_epochs;
    double maxX = 0;
    for (const Curve& c : m_curves)
        for (const QPointF& p : c.points)
            maxX = std::max(maxX, p.x());
    for (const auto& c : m_overview)
        if (!c.isEmpty())
            maxX = std::max(maxX, c.back().x());
    return static_cast<int>(std::ceil(maxX));
}

void CurvesChart::updateMarkers()
{
    QPen restart(QColor(0xa8, 0xb0, 0xb8, 150));
    restart.setWidthF(1.0);
    restart.setStyle(Qt::DashLine);
    QList<PlotOverlay::Marker> markers;
    for (int e : restartEpochs())
        markers.append({double(e), restart, QString()});
    m_background->setMarkers(markers);
    updateCutoffMarker();
}

void CurvesChart::updateCutoffMarker()
{
    QList<PlotOverlay::Marker> cutoff;
    if (m_cutoff >= 0) {
        QPen pen(QColor(0x37, 0x47, 0x4f));
        pen.setWidthF(1.6);
        cutoff.append({double(m_cutoff), pen, tr("cutoff %1").arg(m_cutoff)});
    }
    m_foreground->setMarkers(cutoff);
}

void CurvesChart::updateRanges()
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    const auto take = [&](const QList<QPointF>& points) {
        for (const QPointF& p : points)
            if (std::isfinite(p.y())) {
                lo = std::min(lo, p.y());
                hi = std::max(hi, p.y());
            }
    };
    if (!m_curves.isEmpty())
        for (const Curve& c : m_curves)
            take(c.points);
    else
        for (const auto& c : m_overview)
            take(c);
    if (!(hi >= lo)) {
        lo = 0.0;
        hi = m_loss ? 2.5 : 1.0;
    }
    const double pad = std::max((hi - lo) * 0.05, 0.01);
    lo = std::max(0.0, lo - pad);
    hi = m_loss ? hi + pad : std::min(1.0, hi + pad);
    if (hi <= lo)
        hi = lo + 0.1;
    const int epochs = std::max(1, epochCount());
    setHomeRanges(0.0, epochs, lo, hi);
    updateMarkers();
}

void CurvesChart::onHovered(int index, QPointF point, bool state)
{
    if (!state || index < 0 || index >= m_curves.size()) {
        showToolTip(QString());
        return;
    }
    const QList<QPointF>& pts = m_curves[index].points;
    const auto nearest = std::min_element(pts.begin(), pts.end(), [&](const QPointF& a, const QPointF& b) {
        return std::abs(a.x() - point.x()) < std::abs(b.x() - point.x());
    });
    if (nearest == pts.end())
        return;
    const Curve& curve = m_curves[index];
    showToolTip(tr("%1 · epoch %2 · %3")
                    .arg(curve.label.isEmpty() ? tr("ModelId %1").arg(curve.modelId) : curve.label)
                    .arg(qRound(nearest->x()))
                    .arg(nearest->y(), 0, 'f', 4));
}

} // namespace naap::ui
