// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QtCharts/QChartView>

#include <QPoint>
#include <QPointF>
#include <QRectF>

class QRubberBand;
class QValueAxis;

namespace naap::ui {

/// A QChartView over two QValueAxis axes with the workbench's navigation: rubber-band
/// zoom (left drag), wheel zoom around the cursor, pan with a middle or right drag or the
/// arrow keys, +/- to zoom, and R or a double-click to reset. A left click that does not
/// drag is reported as clicked(value) instead of zooming. With the keyboard focus it draws
/// a frame in the highlight colour (on screen only, never in an export). Owns nothing but
/// its rubber band.
class InteractiveChartView : public QChartView {
    Q_OBJECT

public:
    InteractiveChartView(QChart* chart, QValueAxis* axisX, QValueAxis* axisY, QWidget* parent = nullptr);

    /// The ranges reset() restores (x: left..right, y: top..bottom as min..max).
    void setHomeRanges(double xMin, double xMax, double yMin, double yMax);
    /// Restores the home ranges.
    void resetZoom();
    /// Zooms both axes by `factor` (< 1 zooms in) around the value point `center`.
    void zoomAround(QPointF center, double factor);
    /// Moves the visible ranges by a fraction of their widths (positive: right / up).
    void panByFraction(double dx, double dy);

Q_SIGNALS:
    /// A left click without drag, at the value coordinates under the cursor.
    void clicked(QPointF value);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    QPointF toValue(QPoint viewPos) const;
    QPointF rangeCenter() const;

    QValueAxis* m_axisX;
    QValueAxis* m_axisY;
    QRubberBand* m_band = nullptr;
    QPoint m_pressPos;
    QPoint m_lastPanPos;
    bool m_selecting = false;
    bool m_panning = false;
    double m_home[4] = {0.0, 1.0, 0.0, 1.0};
};

} // namespace naap::ui
