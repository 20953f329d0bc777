// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QScrollArea>

namespace naap::ui {

/// Holds a dock's panel: the panel fills the viewport but never shrinks below its minimum
/// size hint, and the area scrolls only when the dock is smaller than that. Unlike a
/// resizable QScrollArea it does not ask a panel with word-wrapped labels for its
/// preferred height (heightForWidth), so a dock that fits the panel's minimum shows no
/// scroll bar. Its own minimum is a scroll area's, so the dock may be short. GUI thread only.
class PanelScrollArea : public QScrollArea {
    Q_OBJECT

public:
    /// Takes ownership of `panel`.
    explicit PanelScrollArea(QWidget* panel, QWidget* parent = nullptr);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fitPanel();
};

} // namespace naap::ui
