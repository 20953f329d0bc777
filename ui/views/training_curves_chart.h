// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QPointF>
#include <QString>

#include "views/qt_chart_widget.h"

class QLineSeries;
class QScatterSeries;

namespace naap::ui {

class PlotOverlay;

/// The training panel's chart: the test accuracy per epoch of the run being watched
/// (solid, with a dot per epoch) over the dataset's stored curve of the same ModelId
/// (grey, dashed), the cutoff as a vertical line and the live predicted final accuracy
/// as a horizontal dashed line. The title names the run and says "synthetic data" when
/// it is. GUI thread only.
class TrainingCurvesChart : public QtChartWidget {
    Q_OBJECT

public:
    explicit TrainingCurvesChart(QWidget* parent = nullptr);
    ~TrainingCurvesChart() override;

    QString chartTitle() const override;

    /// The run's curve (x = epoch, y = accuracy) and its legend label.
    void setLive(const QList<QPointF>& points, const QString& label);
    /// The stored curve; empty hides it.
    void setStored(const QList<QPointF>& points, const QString& label);
    /// Epochs on the x axis: at least `epochs` (the run's planned length).
    void setEpochs(int epochs);
    void setCutoff(int cutoff);
    /// The predicted final accuracy; NaN hides the line.
    void setPrediction(double value);
    void setTitle(const QString& title);

    // For tests.
    QList<QPointF> livePoints() const;
    QList<QPointF> storedPoints() const;
    QString title() const;
    double prediction() const { return m_prediction; }

private:
    void updateRanges();
    void updateOverlay();

    QLineSeries* m_stored;
    QLineSeries* m_live;
    QScatterSeries* m_liveDots;
    PlotOverlay* m_overlay;
    int m_epochs = 0;
    int m_cutoff = -1;
    double m_prediction;
};

} // namespace naap::ui
