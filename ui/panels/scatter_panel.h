// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace naap::core {
struct ProtocolCell;
}

namespace naap::ui {

class ChartWidget;
class ScatterChart;
class Session;

/// Predicted against actual for the session's latest prediction, the selection
/// highlighted, a "Show violations" check box and the prediction's metrics beside the
/// chart, with the rows the fit left out. A failed fit shows its reason there instead.
/// Clicking a point selects its row (Ctrl+click toggles it). GUI thread only.
class ScatterPanel : public QWidget {
    Q_OBJECT

public:
    explicit ScatterPanel(Session* session, QWidget* parent = nullptr);

    ChartWidget* chart() const;
    ScatterChart* scatterChart() const { return m_chart; }
    QCheckBox* violationsCheck() const { return m_violations; }
    /// The metrics box as plain text (for tests).
    QString metricsText() const;
    /// "12 rows left out (missing epochs 1–3 or scheme values)" for a fit that left rows
    /// out, "" for one that used them all (PRODUCT.md §2: say how many, never silently).
    static QString skippedRowsText(const core::ProtocolCell& cell);

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
