// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QToolButton;

namespace naap::ui {

class ChartWidget;
class CurvesChart;
class Session;

/// Learning curves of the session's selection (the first kMaxCurves rows; the note says
/// when more are selected), a faint overview of every row when nothing is selected, and
/// the cutoff of the refit settings. A small toolbar toggles accuracy and loss (the
/// epochs' mean loss) and resets the zoom. GUI thread only.
class CurvesPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxCurves = 30;

    explicit CurvesPanel(Session* session, QWidget* parent = nullptr);

    ChartWidget* chart() const;
    CurvesChart* curvesChart() const { return m_chart; }
    bool showsLoss() const { return m_loss; }
    /// Switches between test accuracy (false) and mean loss (true).
    void setShowLoss(bool loss);
    /// E.g. "30 of 57 selected".
    QString noteText() const;

private:
    void reloadOverview();
    void reloadCurves();

    Session* m_session;
    CurvesChart* m_chart;
    QToolButton* m_accuracyButton;
    QToolButton* m_lossButton;
    QLabel* m_note;
    bool m_loss = false;
};

} // namespace naap::ui
