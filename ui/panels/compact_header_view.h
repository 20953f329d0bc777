// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QHeaderView>

namespace naap::ui {

/// A horizontal header for tables of short numbers. Each section shows the model's short
/// label (headerData with kShortHeaderRole, when given; else DisplayRole) and is sized by
/// it, with no width reserved for the sort arrow: the arrow is a small triangle drawn above
/// the label (the stylesheet leaves room there). The full name belongs in the model's
/// ToolTipRole. GUI thread only.
class CompactHeaderView : public QHeaderView {
public:
    /// The role under which a model gives a section's short label.
    static constexpr int kShortHeaderRole = Qt::UserRole + 2;

    explicit CompactHeaderView(QWidget* parent = nullptr);

protected:
    void initStyleOptionForIndex(QStyleOptionHeader* option, int logicalIndex) const override;
    QSize sectionSizeFromContents(int logicalIndex) const override;
    void paintSection(QPainter* painter, const QRect& rect, int logicalIndex) const override;

private:
    QString shortLabel(int logicalIndex, const QString& fallback) const;
};

} // namespace naap::ui
