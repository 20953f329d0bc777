// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/training_curves_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/plot_overlay.h"

namespace naap::ui {

TrainingCurvesChart::TrainingCurvesChart(QWidget* parent)
    : QtChartWidget(parent), m_stored(new QLineSeries), m_live(new QLineSeries), m_liveDots(new QScatterSeries),
      m_overlay(addOverlay(50)), m_prediction(std::numeric_limits<double>::quiet_NaN())
{
    axisX()->setTitleText(tr("Epoch"));
    axisY()->setTitleText(tr("Test accuracy"));
    setTicks(Qt::Horizontal, Ticks::Integer);

    QPen stored(QColor(0x80, 0x86, 0x8b));
    stored.setWidthF(1.6);
    stored.setStyle(Qt::DashLine);
    m_stored->setPen(stored);
    QPen live(dataColor());
    live.setWidthF(2.4);
    m_live->setPen(live);
    m_liveDots->setColor(dataColor());
    m_liveDots->setBorderColor(Qt::white);
    m_liveDots->setMarkerSize(7);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_stored), static_cast<QAbstractSeries*>(m_live),
                               static_cast<QAbstractSeries*>(m_liveDots)})
        attach(s);
    qchart()->legend()->setVisible(true);
    // The dots are part of the live line, not a series of their own.
    for (QLegendMarker* marker : qchart()->legend()->markers(m_liveDots))
        marker->setVisible(false);
    QFont font = qchart()->titleFont();
    font.setPointSizeF(font.pointSizeF() * 1.05);
    font.setBold(true);
    qchart()->setTitleFont(font);
    setTitle(tr("No run selected"));
    updateRanges();
}

TrainingCurvesChart::~TrainingCurvesChart() = default;

QString TrainingCurvesChart::chartTitle() const { return tr("Training curves"); }

void TrainingCurvesChart::setLive(const QList<QPointF>& points, const QString& label)
{
    m_live->replace(points);
    m_liveDots->replace(points);
    m_live->setName(label);
    updateRanges();
}

void TrainingCurvesChart::setStored(const QList<QPointF>& points, const QString& label)
{
    m_stored->replace(points);
    m_stored->setName(label);
    for (QLegendMarker* marker : qchart()->legend()->markers(m_stored))
        marker->setVisible(!points.isEmpty());
    updateRanges();
}

void TrainingCurvesChart::setEpochs(int epochs)
{
    m_epochs = std::max(0, epochs);
    updateRanges();
}

void TrainingCurvesChart::setCutoff(int cutoff)
{
    m_cutoff = cutoff;
    updateOverlay();
}

void TrainingCurvesChart::setPrediction(double value)
{
    m_prediction = value;
    updateRanges();
}

void TrainingCurvesChart::setTitle(const QString& title) { qchart()->setTitle(title); }

QString TrainingCurvesChart::title() const { return qchart()->title(); }

QList<QPointF> TrainingCurvesChart::livePoints() const { return m_live->points(); }

QList<QPointF> TrainingCurvesChart::storedPoints() const { return m_stored->points(); }

void TrainingCurvesChart::updateRanges()
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo, maxX = m_epochs;
    for (const QLineSeries* s : {m_stored, m_live})
        for (const QPointF& p : s->points()) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
            // The stored curve may run 90 epochs: show it only as far as the run goes,
            // unless the run's length is unknown.
            if (s == m_live || m_epochs == 0)
                maxX = std::max(maxX, p.x());
        }
    if (std::isfinite(m_prediction)) {
        lo = std::min(lo, m_prediction);
        hi = std::max(hi, m_prediction);
    }
    if (!(hi >= lo))
        lo = 0.0, hi = 1.0;
    const double pad = std::max((hi - lo) * 0.08, 0.02);
    lo = std::max(0.0, lo - pad);
    hi = std::min(1.0, hi + pad);
    setHomeRanges(0.0, std::max(1.0, maxX), lo, std::max(hi, lo + 0.05));
    updateOverlay();
}

void TrainingCurvesChart::updateOverlay()
{
    QList<PlotOverlay::Marker> markers;
    if (m_cutoff >= 0) {
        QPen pen(QColor(0x37, 0x47, 0x4f));
        pen.setWidthF(1.6);
        markers.append({double(m_cutoff), pen, tr("cutoff %1").arg(m_cutoff)});
    }
    m_overlay->setMarkers(markers);
    QList<PlotOverlay::Stroke> strokes;
    if (std::isfinite(m_prediction)) {
        QPainterPath line;
        line.moveTo(0.0, m_prediction);
        line.lineTo(std::max(1.0, axisX()->max()), m_prediction);
        QPen pen(highlightColor());
        pen.setWidthF(1.8);
        pen.setStyle(Qt::DashDotLine);
        strokes.append({line, pen});
    }
    m_overlay->setStrokes(strokes);
}

} // namespace naap::ui
