// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include "views/qt_chart_widget.h"

class QLineSeries;

namespace naap::ui {

class PlotOverlay;

/// A metric against the cutoff for several regressors: one line with markers per model,
/// one palette colour each, filled progressively (addPoints keeps each line sorted by x),
/// a legend, a grid at the learning-rate cycle ends (every 3 epochs) and the current
/// cutoff as a labelled vertical line. GUI thread only.
class MetricChart : public QtChartWidget {
    Q_OBJECT

public:
    explicit MetricChart(QWidget* parent = nullptr);
    ~MetricChart() override;

    QString chartTitle() const override;

    /// Removes every line.
    void clear();
    /// The metric, e.g. "MAE", and the y axis title (the name when empty), e.g.
    /// "MAE (lower is better)". Where the plot is too short for the whole title, the axis
    /// shows the name alone.
    void setMetricName(const QString& name, const QString& axisTitle = QString());
    QString metricName() const { return m_metric; }
    /// The whole title; shownAxisTitle() is what the axis shows at the chart's size.
    QString axisTitle() const { return m_axisTitle; }
    QString shownAxisTitle() const;
    /// Adds points (x = cutoff) to the line of `model`, creating it; a point at an x the
    /// line already has replaces it. Non-finite values are skipped.
    void addPoints(const QString& model, const QList<QPointF>& points);
    /// Fixes the x axis to lo..hi (the sweep's cutoffs) so it stays put while points
    /// arrive; an empty range (lo >= hi) follows the data again.
    void setXRange(double lo, double hi);
    /// The current cutoff as a vertical line labelled "cutoff k"; negative hides it.
    void setCutoff(int cutoff);

    // For tests.
    int seriesCount() const { return static_cast<int>(m_order.size()); }
    QStringList models() const { return m_order; }
    QList<QPointF> pointsOf(const QString& model) const;
    int cutoff() const { return m_cutoff; }
    /// The x of the drawn cutoff line, or NaN when none is drawn.
    double cutoffLineX() const;

private:
    void updateRanges();
    void fitAxisTitle();
    void onHovered(const QString& model, QPointF point, bool state);

    QString m_metric;
    QString m_axisTitle;
    int m_cutoff = -1;
    PlotOverlay* m_cutoffLine;
    double m_xLo = 0.0;
    double m_xHi = 0.0;
    QStringList m_order;
    QHash<QString, QLineSeries*> m_series;
};

} // namespace naap::ui
