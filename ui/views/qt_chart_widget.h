// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QColor>
#include <QList>
#include <QPoint>
#include <QPointF>
#include <QRectF>

#include "views/chart_widget.h"

class QAbstractSeries;
class QChart;
class QValueAxis;

namespace naap::ui {

class InteractiveChartView;
class PlotOverlay;

/// The shared half of the workbench's charts: one QChart with a value axis on each side
/// in an InteractiveChartView (zoom, pan, reset), exports (ChartWidget::exportTo) and
/// the palette. Subclasses add series and overlays and set the home ranges.
class QtChartWidget : public ChartWidget {
    Q_OBJECT

public:
    explicit QtChartWidget(QWidget* parent = nullptr);
    ~QtChartWidget() override;

    /// Renders at `size`, or the widget's size when shown, or 1200×800 when not.
    bool exportTo(const QString& path, QString* error, QSize size = {}) const override;
    /// Undoes zoom and pan.
    void resetZoom();
    /// The widget that receives the chart's mouse events, and where a value point lies in
    /// it (for tests: a click there hits the point).
    QWidget* plotViewport() const;
    QPoint viewportPosition(QPointF value) const;
    /// The visible axis ranges: x in (left, right), y in (top, bottom) of the rect.
    QRectF visibleRanges() const;
    /// The legend's font: the chart's own, or up to 2 points smaller where the legend would
    /// otherwise be elided (Qt Charts lays a bottom legend out on one row and cuts its labels
    /// to "#…" when they do not fit).
    QFont legendFont() const;

    /// The values an axis labels now (the multiples of its tick step within its range).
    QList<double> tickValues(Qt::Orientation orientation) const;
    /// The plot area's size in pixels.
    QSizeF plotSize() const;

    /// A qualitative palette (matplotlib's tab10): colour `i` modulo 10.
    static QColor paletteColor(int i);
    static QColor highlightColor() { return QColor(0xff, 0x7f, 0x0e); }
    static QColor dataColor() { return QColor(0x1f, 0x77, 0xb4); }

protected:
    /// How an axis places its ticks when its range changes (zoom included).
    enum class Ticks {
        Nice,      ///< about 6 ticks at 1, 2, 2.5 or 5 × 10^k, labels with just enough decimals
        Integer,   ///< whole numbers (1, 2 or 5 × 10^k), for epochs
        CycleEnds, ///< multiples of 3 (the learning-rate cycle ends), minor lines at the thirds
    };
    void setTicks(Qt::Orientation orientation, Ticks ticks);

    QChart* qchart() const { return m_chart; }
    QValueAxis* axisX() const { return m_axisX; }
    QValueAxis* axisY() const { return m_axisY; }
    InteractiveChartView* chartView() const { return m_view; }
    /// Adds `series` to the chart on both axes.
    void attach(QAbstractSeries* series);
    /// A new overlay over the plot area, kept in step with the axes; `z` orders it among the
    /// chart's items (grid 2, axes 3, series 4 and up).
    PlotOverlay* addOverlay(qreal z);
    /// Sets the ranges the reset restores and shows them.
    void setHomeRanges(double xMin, double xMax, double yMin, double yMax);
    /// Shows `text` as a tooltip at the cursor ("" hides it).
    void showToolTip(const QString& text);
    /// Call after showing or hiding legend markers or the legend: it is fitted again (see
    /// fitLegend). Adding a series and resizing do it themselves.
    void legendChanged();

private:
    void updateTicks(QValueAxis* axis, Ticks ticks);
    void fitLegend();

    QChart* m_chart;
    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    InteractiveChartView* m_view;
    QList<PlotOverlay*> m_overlays;
    Ticks m_ticksX = Ticks::Nice;
    Ticks m_ticksY = Ticks::Nice;
    QFont m_legendBase; // the legend's font before any fitting
    bool m_legendFitQueued = false;
};

} // namespace naap::ui
