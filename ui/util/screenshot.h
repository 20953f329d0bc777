// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>

namespace naap::ui {

class MainWindow;

/// Waits until the window's dataset is loaded, the first refit and the leaderboard are
/// done, then renders the window to a PNG at `path` and quits the application (exit
/// status 0, or 1 with a sentence on stderr when loading or writing fails, or after 120 s).
void scheduleScreenshot(MainWindow* window, const QString& path);

} // namespace naap::ui
