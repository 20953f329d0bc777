// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/panel_scroll_area.h"

#include <QEvent>
#include <QScrollBar>

namespace naap::ui {

PanelScrollArea::PanelScrollArea(QWidget* panel, QWidget* parent) : QScrollArea(parent)
{
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(false); // sized by fitPanel()
    setWidget(panel);
    fitPanel();
}

void PanelScrollArea::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    fitPanel();
}

bool PanelScrollArea::eventFilter(QObject* watched, QEvent* event)
{
    // The panel's content changed: its minimum may have too.
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        fitPanel();
    return QScrollArea::eventFilter(watched, event);
}

void PanelScrollArea::fitPanel()
{
    QWidget* panel = widget();
    if (!panel)
        return;
    const QSize least = panel->minimumSizeHint().expandedTo(panel->minimumSize());
    QSize room = maximumViewportSize(); // without scroll bars
    // A scroll bar in one direction takes its breadth from the other.
    const bool scrollsAcross = least.width() > room.width();
    const bool scrollsDown = least.height() > room.height();
    if (scrollsAcross)
        room.rheight() -= horizontalScrollBar()->sizeHint().height();
    if (scrollsDown)
        room.rwidth() -= verticalScrollBar()->sizeHint().width();
    const QSize size = room.expandedTo(least);
    if (panel->size() != size)
        panel->resize(size);
}

} // namespace naap::ui
