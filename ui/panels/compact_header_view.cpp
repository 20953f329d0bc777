// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/compact_header_view.h"

#include <QPainter>
#include <QPolygonF>
#include <QStyleOptionHeader>

namespace naap::ui {

CompactHeaderView::CompactHeaderView(QWidget* parent) : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
}

QString CompactHeaderView::shortLabel(int logicalIndex, const QString& fallback) const
{
    const QVariant label = model() ? model()->headerData(logicalIndex, orientation(), kShortHeaderRole) : QVariant();
    return label.isValid() ? label.toString() : fallback;
}

void CompactHeaderView::initStyleOptionForIndex(QStyleOptionHeader* option, int logicalIndex) const
{
    QHeaderView::initStyleOptionForIndex(option, logicalIndex);
    option->text = shortLabel(logicalIndex, option->text);
    // The style would take the arrow's width from the label (or draw over it): paintSection
    // draws it above the label instead.
    option->sortIndicator = QStyleOptionHeader::None;
}

QSize CompactHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    // The label's width plus the insets that the style (a stylesheet's padding and border
    // included) puts around it.
    QStyleOptionHeader option;
    initStyleOption(&option);
    initStyleOptionForIndex(&option, logicalIndex);
    option.rect = QRect(0, 0, 1000, 100);
    const int insets = option.rect.width() - style()->subElementRect(QStyle::SE_HeaderLabel, &option, this).width();
    QFont bold = font();
    bold.setBold(true); // the widest weight a header may use
    QSize size = QHeaderView::sectionSizeFromContents(logicalIndex); // for its height
    size.setWidth(QFontMetrics(bold).horizontalAdvance(option.text) + insets + 2);
    return size;
}

void CompactHeaderView::paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const
{
    QHeaderView::paintSection(painter, rect, logicalIndex);
    if (!isSortIndicatorShown() || sortIndicatorSection() != logicalIndex)
        return;
    // A 7 × 4 px triangle centred at the top: pointing up when ascending.
    const qreal cx = rect.left() + rect.width() / 2.0, top = rect.top() + 1.5, w = 3.5, h = 4.0;
    const bool ascending = sortIndicatorOrder() == Qt::AscendingOrder;
    const QPolygonF triangle = ascending
        ? QPolygonF({QPointF(cx - w, top + h), QPointF(cx + w, top + h), QPointF(cx, top)})
        : QPolygonF({QPointF(cx - w, top), QPointF(cx + w, top), QPointF(cx, top + h)});
    painter->save();
    painter->setClipRect(rect); // the style may leave the label's clip behind
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0x5f, 0x63, 0x68));
    painter->drawPolygon(triangle);
    painter->restore();
}

} // namespace naap::ui
