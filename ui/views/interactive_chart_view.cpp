// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "views/interactive_chart_view.h"

#include <QtCharts/QChart>
#include <QtCharts/QValueAxis>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace naap::ui {

namespace {
constexpr int kClickSlop = 4; ///< pixels a press may move and still be a click
}

InteractiveChartView::InteractiveChartView(QChart* chart, QValueAxis* axisX, QValueAxis* axisY,
                                           QWidget* parent)
    : QChartView(chart, parent), m_axisX(axisX), m_axisY(axisY)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::NoRubberBand); // our own band, so a click can select
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
}

void InteractiveChartView::setHomeRanges(double xMin, double xMax, double yMin, double yMax)
{
    m_home[0] = xMin;
    m_home[1] = xMax;
    m_home[2] = yMin;
    m_home[3] = yMax;
    resetZoom();
}

void InteractiveChartView::resetZoom()
{
    m_axisX->setRange(m_home[0], m_home[1]);
    m_axisY->setRange(m_home[2], m_home[3]);
}

void InteractiveChartView::zoomAround(QPointF center, double factor)
{
    const auto scale = [&](QValueAxis* axis, double c) {
        const double lo = axis->min(), hi = axis->max();
        if (!(hi > lo))
            return;
        c = std::clamp(c, lo, hi);
        axis->setRange(c - (c - lo) * factor, c + (hi - c) * factor);
    };
    scale(m_axisX, center.x());
    scale(m_axisY, center.y());
}

void InteractiveChartView::panByFraction(double dx, double dy)
{
    const double wx = (m_axisX->max() - m_axisX->min()) * dx;
    const double wy = (m_axisY->max() - m_axisY->min()) * dy;
    m_axisX->setRange(m_axisX->min() + wx, m_axisX->max() + wx);
    m_axisY->setRange(m_axisY->min() + wy, m_axisY->max() + wy);
}

QPointF InteractiveChartView::toValue(QPoint viewPos) const
{
    // Mapped through the axes, not a series, so it works on an empty chart too.
    const QPointF p = chart()->mapFromScene(mapToScene(viewPos));
    const QRectF area = chart()->plotArea();
    if (area.width() <= 0 || area.height() <= 0)
        return {};
    const double fx = (p.x() - area.left()) / area.width();
    const double fy = (area.bottom() - p.y()) / area.height();
    return {m_axisX->min() + fx * (m_axisX->max() - m_axisX->min()),
            m_axisY->min() + fy * (m_axisY->max() - m_axisY->min())};
}

QPointF InteractiveChartView::rangeCenter() const
{
    return {(m_axisX->min() + m_axisX->max()) / 2, (m_axisY->min() + m_axisY->max()) / 2};
}

void InteractiveChartView::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton) {
        m_selecting = true;
        m_pressPos = pos;
        if (!m_band)
            m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
        m_band->setGeometry(QRect(pos, QSize()));
        event->accept();
        return;
    }
    if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton) {
        m_panning = true;
        m_lastPanPos = pos;
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void InteractiveChartView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_selecting && m_band) {
        m_band->setGeometry(QRect(m_pressPos, pos).normalized());
        if ((pos - m_pressPos).manhattanLength() > kClickSlop)
            m_band->show();
    } else if (m_panning) {
        const QRectF area = chart()->plotArea();
        if (area.width() > 0 && area.height() > 0) {
            const QPoint d = pos - m_lastPanPos;
            panByFraction(-d.x() / area.width(), d.y() / area.height());
        }
        m_lastPanPos = pos;
    }
    QChartView::mouseMoveEvent(event); // keeps series hover working
}

void InteractiveChartView::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::LeftButton && m_selecting) {
        m_selecting = false;
        if (m_band)
            m_band->hide();
        if ((pos - m_pressPos).manhattanLength() <= kClickSlop) {
            Q_EMIT clicked(toValue(pos));
        } else {
            const QPointF a = toValue(m_pressPos), b = toValue(pos);
            if (std::abs(a.x() - b.x()) > 0 && std::abs(a.y() - b.y()) > 0) {
                m_axisX->setRange(std::min(a.x(), b.x()), std::max(a.x(), b.x()));
                m_axisY->setRange(std::min(a.y(), b.y()), std::max(a.y(), b.y()));
            }
        }
        event->accept();
        return;
    }
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton)) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void InteractiveChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void InteractiveChartView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    zoomAround(toValue(event->position().toPoint()), std::pow(0.85, steps));
    event->accept();
}

void InteractiveChartView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left: panByFraction(-0.1, 0); break;
    case Qt::Key_Right: panByFraction(0.1, 0); break;
    case Qt::Key_Up: panByFraction(0, 0.1); break;
    case Qt::Key_Down: panByFraction(0, -0.1); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAround(rangeCenter(), 0.8); break;
    case Qt::Key_Minus: zoomAround(rangeCenter(), 1.25); break;
    case Qt::Key_R:
    case Qt::Key_Home: resetZoom(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    event->accept();
}

void InteractiveChartView::focusInEvent(QFocusEvent* event)
{
    QChartView::focusInEvent(event);
    viewport()->update();
}

void InteractiveChartView::focusOutEvent(QFocusEvent* event)
{
    QChartView::focusOutEvent(event);
    viewport()->update();
}

void InteractiveChartView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QChartView::drawForeground(painter, rect);
    if (!hasFocus())
        return;
    // The chart is a Tab stop: a keyboard user sees where the arrows, +/− and R will go.
    painter->save();
    painter->resetTransform();
    painter->setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(viewport()->rect()).adjusted(1, 1, -1, -1));
    painter->restore();
}

} // namespace naap::ui
