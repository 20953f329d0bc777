// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QWidget>

namespace naap::ui {

/// Base of every chart view: the thin adapter over Qt Charts (which Qt 6.10 deprecates
/// for Qt Graphs), so panels never include Qt Charts themselves.
class ChartWidget : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    /// A short title, used for export file names and dialogs.
    virtual QString chartTitle() const = 0;
    /// Renders the chart to PNG, SVG or PDF (by the suffix of `path`), atomically, at
    /// `size` logical pixels (the widget's size when empty). Returns false and sets
    /// `error` to one sentence when it cannot.
    virtual bool exportTo(const QString& path, QString* error, QSize size = {}) const = 0;
};

} // namespace naap::ui
