// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QSize>
#include <QString>

class QChart;

namespace naap::ui {

/// Renders `chart` at `size` logical pixels to PNG (device pixel ratio 2, white
/// background), SVG or PDF (vector) by the suffix of `path`, with `title` shown above it.
/// The file is written through QSaveFile: it appears complete or not at all. The chart is
/// resized for the render and restored afterwards, so this works on a widget never shown.
/// Returns false and sets `error` (may be null) to one sentence when it cannot.
bool exportChart(QChart* chart, const QString& title, const QString& path, QSize size, QString* error);

} // namespace naap::ui
