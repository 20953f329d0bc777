// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/cutoff_slider.h"

#include <QPainter>
#include <QStyleOptionSlider>
#include <QStylePainter>

#include <algorithm>

namespace naap::ui {

CutoffSlider::CutoffSlider(QWidget* parent) : QSlider(Qt::Horizontal, parent)
{
    setRange(0, 90);
    setSingleStep(1);
    setPageStep(9);
    setTickPosition(QSlider::NoTicks); // ticks and labels are drawn by paintEvent
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Cutoff epoch: the regressors see the learning curve up to here.\n"
                  "Ticks mark the cycle ends 3, 6, 9, …; the learning rate restarts at 4, 7, 10, …"));
    connect(this, &QSlider::valueChanged, this, &CutoffSlider::onValueChanged);
}

void CutoffSlider::setSnapToCycleEnds(bool snap)
{
    if (snap == m_snap)
        return;
    m_snap = snap;
    setSingleStep(snap ? kCycleLength : 1);
    if (snap)
        setValue(snapped(value()));
}

int CutoffSlider::snapped(int value) const
{
    int v = ((value + kCycleLength / 2) / kCycleLength) * kCycleLength;
    if (v > maximum())
        v -= kCycleLength;
    return std::clamp(v, minimum(), maximum());
}

void CutoffSlider::onValueChanged(int value)
{
    if (m_snap) {
        const int s = snapped(value);
        if (s != value) {
            setValue(s); // re-enters with the snapped value
            return;
        }
    }
    Q_EMIT cutoffChanged(value);
}

int CutoffSlider::extraHeight() const
{
    // Labels above the handle, ticks below: the same height on both sides keeps the
    // style's vertically centred handle in the middle.
    return fontMetrics().height() + 2;
}

QSize CutoffSlider::sizeHint() const
{
    QSize s = QSlider::sizeHint();
    s.setHeight(s.height() + 2 * extraHeight());
    s.setWidth(std::max(s.width(), fontMetrics().horizontalAdvance(QStringLiteral("00")) * 12));
    return s;
}

QSize CutoffSlider::minimumSizeHint() const
{
    QSize s = QSlider::minimumSizeHint();
    s.setHeight(s.height() + 2 * extraHeight());
    return s;
}

int CutoffSlider::xForValue(int value) const
{
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    opt.sliderPosition = value;
    opt.sliderValue = value;
    const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    return handle.center().x();
}

void CutoffSlider::paintEvent(QPaintEvent* event)
{
    QSlider::paintEvent(event);

    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetrics fm = fontMetrics();
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    const int labelBottom = handle.top() - 1;
    const int tickTop = handle.bottom() + 2;
    const int longTick = std::max(5, fm.height() / 2);
    const int shortTick = std::max(3, longTick * 3 / 5);
    const QColor tickColor = isEnabled() ? palette().color(QPalette::WindowText) : palette().color(QPalette::Mid);

    QColor faint = tickColor;
    faint.setAlphaF(0.6f);
    for (int v = std::max(0, minimum()); v <= maximum(); ++v) {
        const bool labelled = v % kLabelEvery == 0;
        if (v % kCycleLength != 0 && !labelled)
            continue;
        const int x = xForValue(v);
        p.setPen(QPen(labelled ? tickColor : faint, 1));
        p.drawLine(x, tickTop, x, tickTop + (labelled ? longTick : shortTick));
        if (labelled || (v == maximum() && v % kLabelEvery >= kLabelEvery / 3)) {
            const QString text = QString::number(v);
            const int w = fm.horizontalAdvance(text);
            const int left = std::clamp(x - w / 2, 0, std::max(0, width() - w));
            p.setPen(tickColor);
            p.drawText(QRect(left, labelBottom - fm.height(), w, fm.height()), Qt::AlignHCenter | Qt::AlignBottom,
                       text);
        }
    }
    // The current value's tick in the highlight colour.
    const int x = xForValue(value());
    p.setPen(QPen(palette().color(QPalette::Highlight), 2));
    p.drawLine(x, tickTop, x, tickTop + longTick);
}

} // namespace naap::ui
