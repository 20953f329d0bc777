// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include "views/qt_chart_widget.h"

class QGraphicsTextItem;
class QLineSeries;
class QScatterSeries;

namespace naap::ui {

class PlotOverlay;

/// The training panel's chart: the test accuracy per epoch of the run being watched
/// (solid, with a dot per epoch) over the dataset's stored curve of the same ModelId
/// (grey, dashed), the cutoff as a vertical line, the learning-rate restarts (epochs 4,
/// 7, 10, …) as light dashed lines and the live predicted final accuracy as a horizontal
/// dash-dot line, each line with its legend entry. The title names the run and says
/// "synthetic data" when it is. With a placeholder text set, the chart shows only that
/// text (no axes, no legend). GUI thread only.
class TrainingCurvesChart : public QtChartWidget {
    Q_OBJECT

public:
    explicit TrainingCurvesChart(QWidget* parent = nullptr);
    ~TrainingCurvesChart() override;

    QString chartTitle() const override;

    /// The run's curve (x = epoch, y = accuracy) and its legend label; empty hides it.
    void setLive(const QList<QPointF>& points, const QString& label);
    /// The stored curve; empty hides it.
    void setStored(const QList<QPointF>& points, const QString& label);
    /// Epochs on the x axis: at least `epochs` (the run's planned length).
    void setEpochs(int epochs);
    void setCutoff(int cutoff);
    /// The predicted final accuracy; NaN hides the line and its legend entry.
    void setPrediction(double value);
    void setTitle(const QString& title);
    /// Shown alone, centred, instead of the plot while there is no run ("" shows the plot).
    void setPlaceholder(const QString& text);

    // For tests.
    QList<QPointF> livePoints() const;
    QList<QPointF> storedPoints() const;
    QString title() const;
    double prediction() const { return m_prediction; }
    bool placeholderShown() const { return !m_placeholderText.isEmpty(); }
    QString placeholderText() const { return m_placeholderText; }
    /// The labels of the legend entries shown (none while the legend is hidden).
    QStringList legendLabels() const;
    /// The epochs marked as learning-rate restarts.
    QList<int> restartEpochs() const;
    /// Where the plot lies within the widget, in pixels.
    QRectF plotArea() const;

private:
    void updateRanges();
    void updateOverlay();
    void updateLegend();
    bool inLegend(const QLineSeries* series) const;
    void placePlaceholder();

    QLineSeries* m_stored;
    QLineSeries* m_live;
    QScatterSeries* m_liveDots;
    QLineSeries* m_predictedKey; ///< no points: the legend entry of the overlay's line
    PlotOverlay* m_background;
    PlotOverlay* m_overlay;
    QGraphicsTextItem* m_placeholder;
    QString m_placeholderText;
    int m_epochs = 0;
    int m_maxEpoch = 1; ///< the x axis' home range
    int m_cutoff = -1;
    double m_prediction;
};

} // namespace naap::ui
