// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QGraphicsItem>
#include <QList>
#include <QPainterPath>
#include <QPen>
#include <QString>

class QChart;
class QValueAxis;

namespace naap::ui {

/// Draws paths and vertical marker lines given in value coordinates over a chart's plot
/// area, clipped to it: one item for thousands of segments (the learning-curve overview,
/// the order violations) where one QLineSeries each would be slow. A child item of the
/// chart, so exports of the chart's scene include it. The owner calls refresh() when the
/// plot area or the axes' ranges change.
class PlotOverlay : public QGraphicsItem {
public:
    struct Stroke {
        QPainterPath path; ///< in value coordinates
        QPen pen;          ///< width in pixels (drawn untransformed)
    };
    struct Marker {
        double x = 0.0;    ///< value on the x axis
        QPen pen;
        QString label;     ///< drawn at the top of the line, right of it ("" for none)
    };

    PlotOverlay(QChart* chart, QValueAxis* axisX, QValueAxis* axisY);

    void setStrokes(QList<Stroke> strokes);
    const QList<Stroke>& strokes() const { return m_strokes; }
    void setMarkers(QList<Marker> markers);
    const QList<Marker>& markers() const { return m_markers; }
    /// Re-reads the plot area and repaints.
    void refresh();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QChart* m_chart;
    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    QRectF m_area;
    QList<Stroke> m_strokes;
    QList<Marker> m_markers;
};

} // namespace naap::ui
