// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>

#include "dataset_loader.h"
#include "export_actions.h"
#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "jobs/sweep_controller.h"
#include "naap/core/log.h"
#include "naap/core/protocol/protocol.h"
#include "panels/curves_panel.h"
#include "panels/download_dialog.h"
#include "panels/leaderboard_panel.h"
#include "panels/panel_scroll_area.h"
#include "panels/regressor_panel.h"
#include "panels/scatter_panel.h"
#include "panels/status_progress.h"
#include "panels/table_panel.h"
#include "panels/training_panel.h"
#include "session.h"

namespace naap::ui {

namespace {
constexpr int kMaxRecent = 8;
const char* const kCitation =
    "T. Hakim, \"NAAP-440 Dataset and Baseline for Neural Architecture Accuracy Prediction\", "
    "arXiv:2209.06626, 2022.";
const char* const kFollowUp =
    "T. Hakim, \"Accuracy Prediction for NAS Acceleration using Feature Selection and Extrapolation\", "
    "arXiv:2211.12419, 2022.";
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("NAAP Workbench"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);
    m_session = new Session(this);
    m_loader = new DatasetLoader(this);
    m_refit = new RefitController(m_session, this);
    m_leaderboard = new LeaderboardController(m_session, this);

    createPanels();
    createMenus();

    m_statusFit = new QLabel(this);
    m_statusFit->setObjectName(QStringLiteral("fitStatus"));
    m_progress = new StatusProgress(this);
    statusBar()->addPermanentWidget(m_statusFit);
    statusBar()->addPermanentWidget(m_progress);
    connectProgress();
    m_leaderboardPanel->watch(m_leaderboard);

    connect(m_loader, &DatasetLoader::loaded, this, &MainWindow::applyLoad);
    connect(m_refit, &RefitController::refitFinished, this, [this](quint64, double ms) { showFitFinished(ms); });
    connect(m_refit, &RefitController::refitStarted, this,
            [this] { m_regressorPanel->setStatusText(QStringLiteral("refitting…")); });
    connect(m_refit, &RefitController::refitFailed, this, &MainWindow::showFitFailed);
    connect(m_leaderboard, &LeaderboardController::failed, this,
            [this](const QString& message) { appendLog(QStringLiteral("Leaderboard failed: ") + message); });
    connect(m_session, &Session::datasetChanged, this, &MainWindow::updateTitle);
    // The summary is about the dataset's last fit: a new dataset starts without one.
    connect(m_session, &Session::datasetChanged, m_statusFit, &QLabel::clear);

    // The refit the user is waiting for goes first: the 28-regressor leaderboard yields
    // the cores while a refit runs and catches up when it lands.
    connect(m_refit, &RefitController::refitStarted, m_leaderboard, &LeaderboardController::cancel);
    connect(m_leaderboard, &LeaderboardController::started, this, [this] {
        if (m_refit->isBusy())
            m_leaderboard->cancel();
    });
    auto catchUp = [this] {
        if (!m_session->leaderboard() && !m_leaderboard->isBusy() && !m_session->dataset()->rows.empty())
            m_leaderboard->refreshNow();
    };
    connect(m_refit, &RefitController::refitFinished, this, catchUp);
    connect(m_refit, &RefitController::refitFailed, this, catchUp);

    core::setLogSink([this](core::LogLevel, const std::string& message) {
        const QString line = QString::fromStdString(message);
        QMetaObject::invokeMethod(this, [this, line] { appendLog(line); }, Qt::QueuedConnection);
    });
    m_defaultState = saveState();
    restoreSettings();
    updateTitle();
}

MainWindow::~MainWindow() { core::setLogSink({}); }

void MainWindow::connectProgress()
{
    const int load = m_progress->addTask(tr("Loading"));
    const int refit = m_progress->addTask(tr("Refitting"));
    const int board = m_progress->addTask(tr("Leaderboard"));
    const int sweep = m_progress->addTask(tr("Metric vs cutoff"));
    connect(m_loader, &DatasetLoader::busyChanged, this, [this, load](bool on) { m_progress->setBusy(load, on); });
    connect(m_refit, &RefitController::busyChanged, this, [this, refit](bool on) { m_progress->setBusy(refit, on); });
    connect(m_leaderboard, &LeaderboardController::started, this, [this, board] {
        m_progress->setLabel(board, tr("Leaderboard, cutoff %1").arg(m_session->settings().cutoff));
    });
    connect(m_leaderboard, &LeaderboardController::busyChanged, this,
            [this, board](bool on) { m_progress->setBusy(board, on); });
    connect(m_leaderboard, &LeaderboardController::progress, this,
            [this, board](int done, int total) { m_progress->setProgress(board, done, total); });
    SweepController* sweeper = m_leaderboardPanel->sweepController();
    connect(sweeper, &SweepController::busyChanged, this, [this, sweep](bool on) { m_progress->setBusy(sweep, on); });
    connect(sweeper, &SweepController::progress, this,
            [this, sweep](int done, int total) { m_progress->setProgress(sweep, done, total); });
    // Training runs for minutes to hours: the short tasks above show over it while they run.
    const int training = m_progress->addTask(tr("Training"));
    connect(m_trainingPanel, &TrainingPanel::progressChanged, this,
            [this, training](const QString& text, int percent) {
                m_progress->setBusy(training, !text.isEmpty());
                m_progress->setLabel(training, text);
                m_progress->setProgress(training, std::max(percent, 0), percent < 0 ? 0 : 100);
            });
}

void MainWindow::showFitFinished(double milliseconds)
{
    const auto& s = m_session->settings();
    QString text = QStringLiteral("%1 at cutoff %2: fitted ×%3 seeds in %4 ms")
                       .arg(s.regressor)
                       .arg(s.cutoff)
                       .arg(s.seeds.size())
                       .arg(milliseconds, 0, 'f', 0);
    if (const auto cell = m_session->prediction(); cell && cell->skippedRows > 0)
        text += QStringLiteral(" · ") + ScatterPanel::skippedRowsText(*cell);
    m_statusFit->setText(text);
    m_statusFit->setToolTip(QString());
    m_regressorPanel->setStatusText(QStringLiteral("fit in %1 ms").arg(milliseconds, 0, 'f', 0));
}

void MainWindow::showFitFailed(const QString& message)
{
    const auto& s = m_session->settings();
    m_statusFit->setText(tr("%1 at cutoff %2: fit failed — %3").arg(s.regressor).arg(s.cutoff).arg(message));
    m_statusFit->setToolTip(message);
    m_regressorPanel->setStatusText(QStringLiteral("fit failed"));
    appendLog(QStringLiteral("Refit failed: ") + message);
}

QString MainWindow::fitStatusText() const
{
    return m_statusFit->text();
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createPanels()
{
    // Built in the order Tab visits them (a window's focus chain follows creation): the
    // Regressor row at the top, the table, the two charts, then the bottom docks.
    m_regressorPanel = new RegressorPanel(m_session, this);
    m_tablePanel = new TablePanel(m_session, this);
    m_curvesPanel = new CurvesPanel(m_session, this);
    m_scatterPanel = new ScatterPanel(m_session, this);
    m_leaderboardPanel = new LeaderboardPanel(m_session, this);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);

    setCentralWidget(m_tablePanel);
    QDockWidget* regressor = addDock(tr("Regressor"), QStringLiteral("RegressorDock"), m_regressorPanel, Qt::TopDockWidgetArea);
    QDockWidget* curves = addDock(tr("Learning curves"), QStringLiteral("CurvesDock"), m_curvesPanel, Qt::RightDockWidgetArea);
    QDockWidget* scatter = addDock(tr("Predicted vs actual"), QStringLiteral("ScatterDock"), m_scatterPanel, Qt::RightDockWidgetArea);
    QDockWidget* board = addDock(tr("Leaderboard"), QStringLiteral("LeaderboardDock"), m_leaderboardPanel, Qt::BottomDockWidgetArea);
    QDockWidget* log = addDock(tr("Log"), QStringLiteral("LogDock"), m_log, Qt::BottomDockWidgetArea);
    m_trainingPanel = new TrainingPanel(m_session, this);
    // On a laptop screen the Training panel scrolls rather than hold the window taller.
    m_trainingDock = addDock(tr("Training"), QStringLiteral("TrainingDock"), new PanelScrollArea(m_trainingPanel, this),
                             Qt::BottomDockWidgetArea);
    tabifyDockWidget(board, m_trainingDock);
    tabifyDockWidget(board, log);
    m_tablePanel->view()->addAction(m_trainingPanel->trainSelectedAction());
    m_tablePanel->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_trainingPanel, &TrainingPanel::attentionRequested, this, [this] {
        m_trainingDock->show();
        m_trainingDock->raise();
    });
    connect(m_trainingPanel, &TrainingPanel::message, this, [this](const QString& text) {
        statusBar()->showMessage(text, 10000);
        appendLog(text);
    });
    board->raise();
    splitDockWidget(curves, scatter, Qt::Horizontal);
    // The table takes what its columns need (up to the prediction's Error at 1600 px);
    // the charts share the rest, wide enough for their legends.
    const int line = fontMetrics().height();
    resizeDocks({curves, scatter}, {21 * line, 34 * line}, Qt::Horizontal);
    resizeDocks({regressor}, {90}, Qt::Vertical);
    // Tall enough for the Training panel, the dock's title and the tabs' bar.
    resizeDocks({board}, {std::max(330, m_trainingPanel->minimumSizeHint().height() + 4 * line)}, Qt::Vertical);
    m_exports = new ExportActions(this, m_session, m_tablePanel, m_curvesPanel, m_scatterPanel, m_leaderboardPanel);
    // The window opens with the keyboard in the table's search field (typing filters at once),
    // not on the first Tab stop, the regressor list, which the arrow keys would change.
    m_tablePanel->searchEdit()->setFocus();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Table CSV…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open NAAP table"), QString(),
                                                          tr("NAAP tables (*.csv);;All files (*)"));
        if (!path.isEmpty())
            openDataset(path);
    });
    file->addAction(tr("Open Raw-Log &Folder…"), QKeySequence(QStringLiteral("Ctrl+Shift+O")), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of scheme_N.txt logs"));
        if (!dir.isEmpty())
            openDataset(dir);
    });
    file->addAction(tr("Open &Schemes JSON…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open schemes"), QString(),
                                                          tr("Schemes (*.json);;All files (*)"));
        if (!path.isEmpty())
            openDataset(path);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("&Download NAAP-440…"), this, [this] {
        DownloadDialog dialog(this);
        connect(&dialog, &DownloadDialog::datasetDownloaded, this,
                [this](const QString& folder) { openDataset(folder + QStringLiteral("/naap440.csv")); });
        dialog.exec();
    });
    file->addSeparator();
    m_exports->populate(file->addMenu(tr("&Export")));
    file->addSeparator();
    // Some platforms (and the offscreen one) define no standard Quit key: Ctrl+Q then.
    const QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    file->addAction(tr("&Quit"), quitKeys.isEmpty() ? QKeySequence(QStringLiteral("Ctrl+Q")) : quitKeys.first(), this,
                    &QWidget::close);

    QMenu* train = menuBar()->addMenu(tr("&Training"));
    train->addAction(m_trainingPanel->trainSelectedAction());
    train->addAction(m_trainingPanel->newArchitectureAction());
    train->addAction(tr("Show Training &Panel"), QKeySequence(QStringLiteral("Ctrl+Alt+T")), this, [this] {
        m_trainingDock->show();
        m_trainingDock->raise();
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("Reset &Layout"), this, [this] { restoreState(m_defaultState); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NAAP Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::openDataset(const QString& path)
{
    statusBar()->showMessage(tr("Loading %1…").arg(QDir::toNativeSeparators(path)));
    m_loader->load(path);
}

void MainWindow::applyLoad(const LoadOutcome& outcome)
{
    if (!outcome.dataset) {
        statusBar()->showMessage(tr("Could not open the dataset; the current one stays open."), 10000);
        appendLog(outcome.error);
        Q_EMIT datasetLoadFailed(outcome.error);
        if (!m_quiet)
            QMessageBox::warning(this, tr("Cannot open dataset"), outcome.error);
        return;
    }
    for (const QString& w : outcome.warnings)
        appendLog(QStringLiteral("Warning: ") + w);
    m_session->setDataset(outcome.dataset, outcome.path);
    addRecentFile(outcome.path);
    const auto& d = *outcome.dataset;
    // The log keeps what the status bar shows only for a while: which file is open, and its size.
    appendLog(tr("Opened %1: %2 architectures, %3 epochs (%4 train, %5 test).")
                  .arg(QDir::toNativeSeparators(outcome.path))
                  .arg(d.rows.size())
                  .arg(d.numEpochs)
                  .arg(d.numTrain())
                  .arg(d.numTest()));
    statusBar()->showMessage(tr("%1 architectures, %2 epochs (%3 train, %4 test)%5")
                                 .arg(d.rows.size())
                                 .arg(d.numEpochs)
                                 .arg(d.numTrain())
                                 .arg(d.numTest())
                                 .arg(outcome.warnings.isEmpty() ? QString()
                                                                 : tr(" — %n warning(s), see the log", nullptr,
                                                                      int(outcome.warnings.size()))),
                             15000);
    Q_EMIT datasetLoaded(outcome.path);
}

void MainWindow::addRecentFile(const QString& path)
{
    m_recentFiles.removeAll(path);
    m_recentFiles.prepend(path);
    while (m_recentFiles.size() > kMaxRecent)
        m_recentFiles.removeLast();
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& path : m_recentFiles)
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] { openDataset(path); });
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::restoreSettings()
{
    QSettings s;
    m_restoredLayout = restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (!m_restoredLayout)
        resize(1600, 1000);
    m_restoredLayout = restoreState(s.value(QStringLiteral("window/state")).toByteArray()) && m_restoredLayout;
    m_recentFiles = s.value(QStringLiteral("recentFiles")).toStringList();
    rebuildRecentMenu();
    RefitSettings settings = m_session->settings();
    settings.regressor = s.value(QStringLiteral("fit/regressor"), settings.regressor).toString();
    settings.cutoff = s.value(QStringLiteral("fit/cutoff"), settings.cutoff).toInt();
    try {
        settings.split = core::parseSplitMode(
            s.value(QStringLiteral("fit/split"), QStringLiteral("interpolation")).toString().toStdString());
    } catch (const core::Error&) {
    }
    m_session->setSettings(settings);
}

void MainWindow::fitToScreen(const QSize& available)
{
    const QSize size = this->size().boundedTo(available);
    if (size == this->size())
        return;
    resize(size);
    // About a third of the height for the leaderboard and Training tabs, never below what
    // they need to show their controls (they scroll inside).
    const int bottom = std::max(m_trainingDock->minimumSizeHint().height(), size.height() / 3);
    resizeDocks({m_trainingDock}, {bottom}, Qt::Vertical);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("recentFiles"), m_recentFiles);
    s.setValue(QStringLiteral("lastDataset"), m_session->datasetPath());
    const auto& settings = m_session->settings();
    s.setValue(QStringLiteral("fit/regressor"), settings.regressor);
    s.setValue(QStringLiteral("fit/cutoff"), m_session->requestedCutoff());
    s.setValue(QStringLiteral("fit/split"), QString::fromStdString(core::splitModeName(settings.split)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    m_refit->cancel();
    event->accept();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About NAAP Workbench"),
        tr("<h3>NAAP Workbench</h3>"
           "<p>Neural architecture accuracy prediction: predict an architecture's final accuracy from its "
           "scheme and its first epochs, and see how well regressors rank architectures.</p>"
           "<p><b>Dataset.</b> NAAP-440 (MIT licence). Please cite:<br>%1</p>"
           "<p>Extrapolation splits and extended linear models after:<br>%2</p>")
            .arg(QString::fromUtf8(kCitation).toHtmlEscaped(), QString::fromUtf8(kFollowUp).toHtmlEscaped()));
}

void MainWindow::updateTitle()
{
    const QString path = m_session->datasetPath();
    setWindowTitle(path.isEmpty() ? QStringLiteral("NAAP Workbench")
                                  : QStringLiteral("%1 — NAAP Workbench").arg(QFileInfo(path).fileName()));
}

void MainWindow::appendLog(const QString& line)
{
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + line);
}

} // namespace naap::ui
