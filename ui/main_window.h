// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QMainWindow>
#include <QStringList>

class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;

namespace naap::ui {

class Session;
class DatasetLoader;
struct LoadOutcome;
class RefitController;
class LeaderboardController;
class TablePanel;
class CurvesPanel;
class ScatterPanel;
class RegressorPanel;
class LeaderboardPanel;
class ExportActions;
class TrainingPanel;
class StatusProgress;

/// The workbench window: composes the panels as docks around the architecture table and
/// wires them to one Session. It implements none of them.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return m_session; }
    RefitController* refitController() const { return m_refit; }
    LeaderboardController* leaderboardController() const { return m_leaderboard; }
    RegressorPanel* regressorPanel() const { return m_regressorPanel; }
    LeaderboardPanel* leaderboardPanel() const { return m_leaderboardPanel; }
    ScatterPanel* scatterPanel() const { return m_scatterPanel; }
    TablePanel* tablePanel() const { return m_tablePanel; }
    CurvesPanel* curvesPanel() const { return m_curvesPanel; }
    ExportActions* exportActions() const { return m_exports; }
    TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    StatusProgress* statusProgress() const { return m_progress; }
    /// The status bar's fit summary ("… fitted ×5 seeds in 68 ms", or why the fit failed).
    QString fitStatusText() const;

    /// Opens a dataset (table CSV, raw-log folder or schemes JSON) in the background; a
    /// failure shows a message and keeps the current dataset.
    void openDataset(const QString& path);
    /// When true, failures are reported through datasetLoadFailed only (no dialog).
    void setQuiet(bool quiet) { m_quiet = quiet; }
    /// Whether the user's saved window size and layout were restored (false on a first run).
    bool restoredLayout() const { return m_restoredLayout; }
    /// A first run's layout for a screen smaller than the default 1600×1000: the window
    /// takes at most `available`, and the bottom docks give the table and charts the larger
    /// share of the height (their default height suits 1000 px, not 768).
    void fitToScreen(const QSize& available);

Q_SIGNALS:
    void datasetLoaded(const QString& path);
    void datasetLoadFailed(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPanels();
    void createMenus();
    void restoreSettings();
    void saveSettings() const;
    void applyLoad(const LoadOutcome& outcome);
    void connectProgress();
    void showFitFinished(double milliseconds);
    void showFitFailed(const QString& message);
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void showAbout();
    void updateTitle();
    void appendLog(const QString& line);
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area);

    Session* m_session = nullptr;
    DatasetLoader* m_loader = nullptr;
    RefitController* m_refit = nullptr;
    LeaderboardController* m_leaderboard = nullptr;
    TablePanel* m_tablePanel = nullptr;
    CurvesPanel* m_curvesPanel = nullptr;
    ScatterPanel* m_scatterPanel = nullptr;
    RegressorPanel* m_regressorPanel = nullptr;
    LeaderboardPanel* m_leaderboardPanel = nullptr;
    ExportActions* m_exports = nullptr;
    TrainingPanel* m_trainingPanel = nullptr;
    QDockWidget* m_trainingDock = nullptr;
    bool m_restoredLayout = false;
    QPlainTextEdit* m_log = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QStringList m_recentFiles;
    StatusProgress* m_progress = nullptr;
    QLabel* m_statusFit = nullptr;
    QByteArray m_defaultState;
    bool m_quiet = false;
};

} // namespace naap::ui
