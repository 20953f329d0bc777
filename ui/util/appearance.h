// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The look of the whole application: its stylesheet and palette, set once on the QApplication
// before the window is built (app/gui/main.cpp; the UI tests do the same).
#pragma once

#include <QPalette>
#include <QString>

namespace naap::ui {

/// The workbench's stylesheet (resources/style.qss). Initialises the resources of the static
/// UI library first: nothing else references them, so without this the linker drops them.
/// Empty (and a warning) when the resource is missing.
QString applicationStyleSheet();

/// The palette the workbench runs with: `system` when it is light, else a light one. The
/// stylesheet, the charts (white figures) and the tables' tints are drawn for a light window:
/// under a dark desktop palette the headers would read white on light grey and the grey and
/// coloured notes would sink into the dark background.
QPalette applicationPalette(const QPalette& system);

} // namespace naap::ui
