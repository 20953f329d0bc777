// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace naap::ui {

class ChartWidget;
class ScatterChart;
class Session;

/// Predicted against actual for the session's latest prediction, the selection
/// highlighted, a "Show violations" check box and the prediction's metrics beside the
/// chart. Clicking a point selects its row (Ctrl+click toggles it). GUI thread only.
class ScatterPanel : public QWidget {
    Q_OBJECT

public:
    explicit ScatterPanel(Session* session, QWidget* parent = nullptr);

    ChartWidget* chart() const;
    ScatterChart* scatterChart() const { return m_chart; }
    QCheckBox* violationsCheck() const { return m_violations; }
    /// The metrics box as plain text (for tests).
    QString metricsText() const;

private:
    void reloadPrediction();
    void reloadSelection();
    void onPointClicked(int row);

    Session* m_session;
    ScatterChart* m_chart;
    QCheckBox* m_violations;
    QLabel* m_metrics;
};

} // namespace naap::ui
