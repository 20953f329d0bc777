// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QString>
#include <QStringList>

#include "views/qt_chart_widget.h"

class QLineSeries;

namespace naap::ui {

class PlotOverlay;

/// One learning curve: (epoch, value) points of one architecture.
struct Curve {
    int modelId = 0;
    QString label;          ///< legend text, e.g. "ModelId 123"
    QList<QPointF> points;  ///< x = epoch (1-based), y = accuracy or loss
    bool highlighted = false;
};

/// Learning curves: the chosen architectures as coloured lines, a faint overview of all
/// curves when none is chosen, the cutoff as a labelled vertical line and the
/// learning-rate restarts (epochs 4, 7, 10, …) as light dashed lines. Hover shows
/// "ModelId · epoch · value"; zoom, pan and reset as InteractiveChartView. GUI thread only.
class CurvesChart : public QtChartWidget {
    Q_OBJECT

public:
    explicit CurvesChart(QWidget* parent = nullptr);
    ~CurvesChart() override;

    QString chartTitle() const override;

    /// Replaces the coloured curves; the legend shows when there are 1 to 10 of them.
    void setCurves(const QList<Curve>& curves);
    /// The faint grey curves of every row, drawn while setCurves() holds none.
    void setOverview(const QList<QList<QPointF>>& curves);
    /// Epochs on the x axis (0..epochs) and the restart markers; 0 = from the data.
    void setEpochs(int epochs);
    /// The cutoff line at x = `cutoff`, labelled "cutoff k"; negative hides it.
    void setCutoff(int cutoff);
    /// The y axis shows "Loss" instead of "Test accuracy".
    void setMetricIsLoss(bool loss);

    // For tests and panels.
    int seriesCount() const { return static_cast<int>(m_series.size()); }
    /// The legend's names of the coloured curves, in order.
    QStringList seriesNames() const;
    QList<QPointF> pointsOf(int modelId) const;
    int cutoff() const { return m_cutoff; }
    int overviewCount() const { return m_overviewCount; }
    bool overviewShown() const;
    bool legendShown() const;
    bool metricIsLoss() const { return m_loss; }
    /// The epochs marked as learning-rate restarts.
    QList<int> restartEpochs() const;

private:
    void showOverviewIfIdle();
    void updateMarkers();
    void updateCutoffMarker();
    void updateRanges();
    void onHovered(int index, QPointF point, bool state);
    int epochCount() const;

    QList<Curve> m_curves;
    QList<QLineSeries*> m_series;
    QList<QList<QPointF>> m_overview;
    QPainterPath m_overviewPath;
    int m_overviewCount = 0;
    int m_epochs = 0;
    int m_cutoff = -1;
    bool m_loss = false;
    PlotOverlay* m_background;
    PlotOverlay* m_foreground;
};

} // namespace naap::ui
