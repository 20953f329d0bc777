// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QObject>
#include <QString>

class QMenu;
class QWidget;

namespace naap::ui {

class Session;
class ChartWidget;
class TablePanel;
class CurvesPanel;
class ScatterPanel;
class LeaderboardPanel;

/// The File ▸ Export entries: every chart to PNG/SVG/PDF, the filtered table and the
/// predictions to CSV, the leaderboard to CSV/Markdown/LaTeX. Each asks for a file name
/// and writes atomically; failures show one sentence.
class ExportActions : public QObject {
    Q_OBJECT

public:
    ExportActions(QWidget* window, Session* session, TablePanel* table, CurvesPanel* curves,
                  ScatterPanel* scatter, LeaderboardPanel* leaderboard);

    void populate(QMenu* menu);

    /// Exports without a dialog (used by the menu after the dialog, and by tests).
    bool exportChart(const ChartWidget* chart, const QString& path, QString* error) const;
    bool exportTable(const QString& path, QString* error) const;
    bool exportPredictions(const QString& path, QString* error) const;
    bool exportLeaderboard(const QString& path, QString* error) const;

private:
    void askAndExportChart(const ChartWidget* chart);
    void report(bool ok, const QString& path, const QString& error) const;

    QWidget* m_window;
    Session* m_session;
    TablePanel* m_table;
    CurvesPanel* m_curves;
    ScatterPanel* m_scatter;
    LeaderboardPanel* m_leaderboard;
};

} // namespace naap::ui
