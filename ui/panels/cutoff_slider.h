// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QSlider>

namespace naap::ui {

/// A horizontal slider over the cutoff epochs 0..N. The cycle ends 3, 6, 9, … (the
/// learning rate restarts one epoch later) are drawn as small ticks below the groove,
/// every 15th epoch as a longer tick with its number above. With "snap to cycle ends"
/// the value is rounded to the nearest multiple of 3 and the arrow keys step by 3;
/// PageUp/PageDown always step by 9.
///
/// Listen to cutoffChanged() rather than valueChanged(): while snapping, a drag first
/// reports the raw position through valueChanged and cutoffChanged only the snapped one.
class CutoffSlider : public QSlider {
    Q_OBJECT

public:
    static constexpr int kCycleLength = 3;
    static constexpr int kLabelEvery = 15;

    explicit CutoffSlider(QWidget* parent = nullptr);

    void setSnapToCycleEnds(bool snap);
    bool snapToCycleEnds() const { return m_snap; }
    /// The nearest cycle end (multiple of 3) to `value`, within 0..maximum(); ties up.
    int snapped(int value) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The cutoff after snapping (a snapped drag may repeat a value).
    void cutoffChanged(int cutoff);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void onValueChanged(int value);
    int extraHeight() const;
    /// Horizontal centre of the handle at `value`.
    int xForValue(int value) const;

    bool m_snap = false;
};

} // namespace naap::ui
