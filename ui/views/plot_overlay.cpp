// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/plot_overlay.h"

#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>

#include <QFontMetricsF>
#include <QPainter>

namespace naap::ui {

PlotOverlay::PlotOverlay(QChart* chart, QValueAxis* axisX, QValueAxis* axisY)
    : QGraphicsItem(chart), m_chart(chart), m_axisX(axisX), m_axisY(axisY), m_area(chart->plotArea())
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

void PlotOverlay::setStrokes(QList<Stroke> strokes)
{
    m_strokes = std::move(strokes);
    update();
}

void PlotOverlay::setMarkers(QList<Marker> markers)
{
    m_markers = std::move(markers);
    update();
}

void PlotOverlay::refresh()
{
    const QRectF area = m_chart->plotArea();
    if (area != m_area) {
        prepareGeometryChange();
        m_area = area;
    }
    update();
}

QRectF PlotOverlay::boundingRect() const
{
    return m_area;
}

void PlotOverlay::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const QRectF area = m_chart->plotArea();
    const double xSpan = m_axisX->max() - m_axisX->min();
    const double ySpan = m_axisY->max() - m_axisY->min();
    if (area.isEmpty() || !(xSpan > 0) || !(ySpan > 0))
        return;
    // value → item coordinates; paths are mapped, not the painter, so pens stay in pixels
    // in every paint device (screen, SVG, PDF).
    const double sx = area.width() / xSpan, sy = area.height() / ySpan;
    const QTransform toItem(sx, 0, 0, -sy, area.left() - m_axisX->min() * sx,
                            area.bottom() + m_axisY->min() * sy);
    painter->save();
    painter->setClipRect(area);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    for (const Stroke& s : m_strokes) {
        painter->setPen(s.pen);
        painter->drawPath(toItem.map(s.path));
    }
    QFont font = m_axisX->labelsFont();
    painter->setFont(font);
    const QFontMetricsF fm(font);
    for (const Marker& m : m_markers) {
        const double x = toItem.map(QPointF(m.x, 0)).x();
        if (x < area.left() - 0.5 || x > area.right() + 0.5)
            continue;
        painter->setPen(m.pen);
        painter->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        if (!m.label.isEmpty()) {
            const double w = fm.horizontalAdvance(m.label);
            // Right of the line, or left of it when it would run out of the plot.
            const double tx = x + 4 + w <= area.right() ? x + 4 : x - 4 - w;
            const QRectF box(tx - 2, area.top() + 2, w + 4, fm.height());
            painter->fillRect(box, QColor(255, 255, 255, 210));
            painter->setPen(m.pen.color());
            painter->drawText(box, Qt::AlignCenter, m.label);
        }
    }
    painter->restore();
}

} // namespace naap::ui
