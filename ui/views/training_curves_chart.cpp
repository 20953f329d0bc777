// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/training_curves_chart.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <QGraphicsTextItem>
#include <QTextDocument>
#include <QTextOption>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/plot_overlay.h"

namespace naap::ui {

namespace {

constexpr int kFirstRestart = 4; ///< the schedule restarts the learning rate every 3 epochs
constexpr int kRestartPeriod = 3;

QPen predictionPen()
{
    QPen pen(QtChartWidget::highlightColor());
    pen.setWidthF(1.8);
    pen.setStyle(Qt::DashDotLine);
    return pen;
}

} // namespace

TrainingCurvesChart::TrainingCurvesChart(QWidget* parent)
    : QtChartWidget(parent), m_stored(new QLineSeries), m_live(new QLineSeries), m_liveDots(new QScatterSeries),
      m_predictedKey(new QLineSeries), m_background(addOverlay(3.5)), m_overlay(addOverlay(50)),
      m_placeholder(new QGraphicsTextItem(qchart())), m_prediction(std::numeric_limits<double>::quiet_NaN())
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
    m_predictedKey->setPen(predictionPen());
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(m_stored), static_cast<QAbstractSeries*>(m_live),
                               static_cast<QAbstractSeries*>(m_liveDots), static_cast<QAbstractSeries*>(m_predictedKey)})
        attach(s);
    // Line samples in the legend, so that solid, dashed and dash-dot tell the lines apart.
    qchart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    QFont font = qchart()->titleFont();
    font.setBold(true);
    qchart()->setTitleFont(font);

    m_placeholder->setDefaultTextColor(QColor(0x5f, 0x63, 0x68));
    m_placeholder->setZValue(60);
    QTextOption centred = m_placeholder->document()->defaultTextOption();
    centred.setAlignment(Qt::AlignCenter);
    m_placeholder->document()->setDefaultTextOption(centred);
    m_placeholder->setVisible(false);
    connect(qchart(), &QChart::plotAreaChanged, this, &TrainingCurvesChart::placePlaceholder);

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
    m_predictedKey->setName(std::isfinite(value) ? tr("Predicted final (%1)").arg(value, 0, 'f', 4) : QString());
    updateRanges();
}

void TrainingCurvesChart::setTitle(const QString& title) { qchart()->setTitle(title); }

void TrainingCurvesChart::setPlaceholder(const QString& text)
{
    m_placeholderText = text;
    const bool plot = text.isEmpty();
    axisX()->setVisible(plot);
    axisY()->setVisible(plot);
    m_placeholder->setPlainText(text);
    m_placeholder->setVisible(!plot);
    updateOverlay();
    placePlaceholder();
}

QString TrainingCurvesChart::title() const { return qchart()->title(); }

QList<QPointF> TrainingCurvesChart::livePoints() const { return m_live->points(); }

QList<QPointF> TrainingCurvesChart::storedPoints() const { return m_stored->points(); }

QStringList TrainingCurvesChart::legendLabels() const
{
    // From the chart's own state: Qt Charts applies a marker's visibility only when it lays
    // out the legend.
    QStringList labels;
    for (const QLineSeries* series : {m_stored, m_live, m_predictedKey})
        if (inLegend(series))
            labels << series->name();
    return labels;
}

bool TrainingCurvesChart::inLegend(const QLineSeries* series) const
{
    if (placeholderShown())
        return false;
    if (series == m_predictedKey)
        return std::isfinite(m_prediction);
    return series->count() > 0;
}

QRectF TrainingCurvesChart::plotArea() const { return qchart()->plotArea(); }

QList<int> TrainingCurvesChart::restartEpochs() const
{
    QList<int> epochs;
    if (placeholderShown())
        return epochs;
    for (int e = kFirstRestart; e <= m_maxEpoch; e += kRestartPeriod)
        epochs.append(e);
    return epochs;
}

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
    m_maxEpoch = static_cast<int>(std::ceil(std::max(1.0, maxX)));
    setHomeRanges(0.0, m_maxEpoch, lo, std::max(hi, lo + 0.05));
    updateOverlay();
}

void TrainingCurvesChart::updateOverlay()
{
    const bool plot = !placeholderShown();
    QPen restart(QColor(0xa8, 0xb0, 0xb8, 150));
    restart.setWidthF(1.0);
    restart.setStyle(Qt::DashLine);
    QList<PlotOverlay::Marker> restarts;
    for (int e : restartEpochs())
        restarts.append({double(e), restart, QString()});
    m_background->setMarkers(restarts);

    QList<PlotOverlay::Marker> markers;
    if (m_cutoff >= 0 && plot) {
        QPen pen(QColor(0x37, 0x47, 0x4f));
        pen.setWidthF(1.6);
        markers.append({double(m_cutoff), pen, tr("cutoff %1").arg(m_cutoff)});
    }
    m_overlay->setMarkers(markers);
    QList<PlotOverlay::Stroke> strokes;
    if (std::isfinite(m_prediction) && plot) {
        QPainterPath line;
        line.moveTo(0.0, m_prediction);
        line.lineTo(std::max(1.0, axisX()->max()), m_prediction);
        strokes.append({line, predictionPen()});
    }
    m_overlay->setStrokes(strokes);
    updateLegend();
}

void TrainingCurvesChart::updateLegend()
{
    bool any = false;
    for (QLineSeries* series : {m_stored, m_live, m_predictedKey}) {
        const bool shown = inLegend(series);
        for (QLegendMarker* marker : qchart()->legend()->markers(series))
            marker->setVisible(shown);
        any |= shown;
    }
    // The dots are part of the live line, not a series of their own.
    for (QLegendMarker* marker : qchart()->legend()->markers(m_liveDots))
        marker->setVisible(false);
    qchart()->legend()->setVisible(any);
    legendChanged();
}

void TrainingCurvesChart::placePlaceholder()
{
    if (!m_placeholder->isVisible())
        return;
    const QRectF area = qchart()->plotArea();
    m_placeholder->setTextWidth(std::clamp(area.width() - 24.0, 80.0, 460.0));
    const QRectF box = m_placeholder->boundingRect();
    m_placeholder->setPos(area.center() - QPointF(box.width() / 2, box.height() / 2));
}

} // namespace naap::ui
