// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
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
class TrainingPanel;

/// The File ▸ Export entries: every chart to PNG/SVG/PDF (the training panel's too, when
/// the window holds one), the filtered table and the predictions to CSV, the leaderboard
/// to CSV/Markdown/LaTeX. Each asks for a file name and writes atomically; failures show
/// one sentence.
class ExportActions : public QObject {
    Q_OBJECT

public:
    ExportActions(QWidget* window, Session* session, TablePanel* table, CurvesPanel* curves,
                  ScatterPanel* scatter, LeaderboardPanel* leaderboard);

    void populate(QMenu* menu);

    /// The charts the menu exports, in menu order.
    QList<const ChartWidget*> charts() const;
    /// A clean file name for a chart titled `title`: lower-case letters, digits and
    /// dashes, a number joined to the word it qualifies ("Random Forest (N=100), cutoff 3"
    /// → "random-forest-n100-cutoff3"), then `.suffix`.
    static QString defaultFileName(const QString& title, const QString& suffix = QStringLiteral("png"));

    /// `path` as a save dialog returned it, for a dialog offering `filters` (";;"-separated,
    /// each "Name (*.ext)") with `selectedFilter` chosen: when its suffix is none of the
    /// offered ones, the chosen filter's is appended ("board" under "Markdown (*.md)" →
    /// "board.md"), since Qt's own dialog leaves a typed name as it is.
    static QString withFilterSuffix(const QString& path, const QString& filters, const QString& selectedFilter);
    /// Whether writing `file`, which withFilterSuffix made from the dialog's `path`, must ask
    /// first: the dialog asked about replacing `path` only, so a different name that already
    /// exists has not been confirmed.
    static bool needsReplaceQuestion(const QString& path, const QString& file);

    /// Exports without a dialog (used by the menu after the dialog, and by tests).
    bool exportChart(const ChartWidget* chart, const QString& path, QString* error) const;
    bool exportTable(const QString& path, QString* error) const;
    bool exportPredictions(const QString& path, QString* error) const;
    bool exportLeaderboard(const QString& path, QString* error) const;

private:
    void askAndExportChart(const ChartWidget* chart);
    /// The file to write for the dialog's `path` (see withFilterSuffix), or empty when the user
    /// declines to replace an existing file the dialog did not ask about.
    QString confirmedTarget(const QString& path, const QString& filters, const QString& selectedFilter) const;
    void report(bool ok, const QString& path, const QString& error) const;

    QWidget* m_window;
    Session* m_session;
    TablePanel* m_table;
    CurvesPanel* m_curves;
    ScatterPanel* m_scatter;
    LeaderboardPanel* m_leaderboard;
    TrainingPanel* m_training; ///< found in the window; null when it has none
};

} // namespace naap::ui
