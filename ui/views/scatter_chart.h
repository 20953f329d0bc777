// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QPointF>
#include <QSet>
#include <QString>

#include "views/qt_chart_widget.h"

class QLineSeries;
class QScatterSeries;

namespace naap::ui {

class PlotOverlay;

/// Predicted against actual final accuracy: one point per row, the y = x line, the
/// highlighted rows as larger orange points on top and, on demand, every pair that
/// violates the order (truth ascending, prediction descending) as a thin translucent red
/// segment. Both axes share one padded range. Hover shows the point's ModelId, values and
/// error; a click on a point emits pointClicked(row). GUI thread only.
class ScatterChart : public QtChartWidget {
    Q_OBJECT

public:
    explicit ScatterChart(QWidget* parent = nullptr);
    ~ScatterChart() override;

    QString chartTitle() const override;
    /// Added to the export title, e.g. "Random Forest (N=100), cutoff 3".
    void setContext(const QString& context);

    /// Replaces the points. `rows` are the dataset rows reported by pointClicked();
    /// `modelIds` (optional, same length) label the tooltips. Sizes must match.
    void setPoints(const QList<double>& truth, const QList<double>& predicted, const QList<int>& rows,
                   const QList<int>& modelIds = {});
    void clear();
    /// Rows drawn highlighted (rows not among the points are ignored).
    void setHighlighted(const QSet<int>& rows);
    void setShowViolations(bool show);
    bool showViolations() const { return m_showViolations; }

    // For tests and panels.
    int pointCount() const { return static_cast<int>(m_truth.size()); }
    const QList<double>& predictedValues() const { return m_predicted; }
    /// Segments drawn (0 while violations are hidden); equals core::countViolations.
    int violationSegmentCount() const { return m_violationCount; }
    int highlightedCount() const;
    /// The shared axis range (min, max) of the home view.
    QPointF axisRange() const { return m_range; }

Q_SIGNALS:
    /// A point was clicked; `row` is its entry of setPoints()'s `rows`.
    void pointClicked(int row);

private:
    int nearestPoint(QPointF value, double maxPixels) const;
    /// The home range: the data padded so that markers clear the axes at the plot's size.
    void updateRange();
    void updateViolations();
    void updateHighlight();
    void onHovered(QPointF point, bool state);

    QList<double> m_truth;
    QList<double> m_predicted;
    QList<int> m_rows;
    QList<int> m_modelIds;
    QSet<int> m_highlighted;
    bool m_showViolations = false;
    int m_violationCount = 0;
    QPointF m_range{0.0, 1.0};
    QPointF m_data{0.0, 1.0};   ///< lowest and highest value of the points
    double m_rangePixels = 0.0; ///< the plot size m_range was padded for
    QString m_context;
    QScatterSeries* m_points;
    QScatterSeries* m_highlight;
    QLineSeries* m_identity;
    PlotOverlay* m_violations;
};

} // namespace naap::ui
