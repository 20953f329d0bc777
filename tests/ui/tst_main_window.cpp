// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The composed main window: opening datasets (and keeping the old one on a bad file),
// the slider driving a background refit into the scatter and its metrics, exports
// through the menu's code paths, and settings that persist.
#include <QtTest>

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <algorithm>
#include <cmath>
#include <utility>

#include "export_actions.h"
#include "jobs/leaderboard_controller.h"
#include "jobs/refit_controller.h"
#include "jobs/sweep_controller.h"
#include "main_window.h"
#include "util/appearance.h"
#include "models/architecture_table_model.h"
#include "models/leaderboard_model.h"
#include "naap/core/data/table_io.h"
#include "panels/cutoff_slider.h"
#include "panels/curves_panel.h"
#include "panels/leaderboard_panel.h"
#include "panels/regressor_panel.h"
#include "panels/scatter_panel.h"
#include "panels/status_progress.h"
#include "panels/training_panel.h"
#include "panels/table_panel.h"
#include "session.h"
#include "synthetic_dataset.h"
#include "test_paths.h"
#include "views/chart_widget.h"
#include "views/scatter_chart.h"

using namespace naap::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void opensNaap440AndFits();
    void badCsvKeepsPreviousDataset();
    void badCsvShowsAMessage();
    void sliderRefitsScatterAndMetrics();
    void exportsValidFiles();
    void settingsPersist();
    void styleSheetResourceIsLinked();
    void darkDesktopGetsAReadableWindow();
    void tabLeavesReadOnlyTables();
    void quitHasAShortcut();
    void tabFollowsTheLayout();
    void tableShowsThroughErrorAtTheDefaultSize();
    void fitSaysHowManyRowsWereLeftOut();
    void failedFitSaysWhyAndKeepsTheCutoff();
    void leaderboardStaysVisibleWhileRecomputing();
    void statusBarShowsDeterminateProgress();
    void statusBarShowsTraining();
    void fitsALaptopScreen();
    void firstRunFitsTheScreen();

private:
    bool openAndFit(MainWindow& w, const QString& path);
    /// Shows `w` quietly at the default 1600×1000 and waits until it is exposed.
    bool showAtDefaultSize(MainWindow& w);
    QString m_data;
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("NAAPTest"));
    QCoreApplication::setApplicationName(QStringLiteral("MainWindowTest"));
    m_data = naap::test::naap440Dir();
    QVERIFY2(!m_data.isEmpty(), "NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    QVERIFY(m_tmp.isValid());
}

void TestMainWindow::init() { QSettings().clear(); }

bool TestMainWindow::showAtDefaultSize(MainWindow& w)
{
    w.setQuiet(true);
    w.resize(1600, 1000);
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

bool TestMainWindow::openAndFit(MainWindow& w, const QString& path)
{
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy fitted(w.refitController(), &RefitController::refitFinished);
    w.openDataset(path);
    return loaded.wait(20000) && (fitted.count() > 0 || fitted.wait(20000));
}

void TestMainWindow::opensNaap440AndFits()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QCOMPARE(int(w.session()->dataset()->rows.size()), 440);
    QVERIFY(w.session()->prediction());
    QCOMPARE(w.session()->prediction()->selected.n, 40);
    QCOMPARE(w.scatterPanel()->scatterChart()->pointCount(), 40);
    // The log records the open, so the Log tab says which file the window shows.
    const auto* log = w.findChild<QPlainTextEdit*>();
    QVERIFY(log);
    const QString text = log->toPlainText();
    QVERIFY2(text.contains("Opened ") && text.contains("naap440.csv: 440 architectures, 90 epochs (400 train, 40 test)."),
             qPrintable(text));
}

void TestMainWindow::badCsvKeepsPreviousDataset()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    const auto before = w.session()->dataset();
    const QString bad = naap::test::writeFile(m_tmp.path(), "bad.csv", "ModelId,IsTest,MaxAccuracy\n1,0,0.5\n2,1,abc\n");
    QSignalSpy failed(&w, &MainWindow::datasetLoadFailed);
    w.openDataset(bad);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains("bad.csv") && message.contains("line 3"), qPrintable(message));
    QCOMPARE(w.session()->dataset(), before);
    QCOMPARE(w.session()->datasetPath(), m_data + "/naap440.csv");
}

void TestMainWindow::badCsvShowsAMessage()
{
    MainWindow w;
    w.show();
    const QString bad = naap::test::writeFile(m_tmp.path(), "empty.csv", "");
    QString shown;
    // The warning is modal: read and close it from the event loop.
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    closer.start(20);
    w.openDataset(bad);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
    QVERIFY2(shown.contains("empty.csv"), qPrintable(shown));
    QVERIFY(w.session()->dataset()->rows.empty());
}

void TestMainWindow::sliderRefitsScatterAndMetrics()
{
    MainWindow w;
    w.setQuiet(true);
    w.session()->setRegressor(QStringLiteral("Linear Regression"));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    const QList<double> before = w.scatterPanel()->scatterChart()->predictedValues();
    const QString metricsBefore = w.scatterPanel()->metricsText();
    const double maeBefore = w.session()->prediction()->selected.mae;

    QSignalSpy fitted(w.refitController(), &RefitController::refitFinished);
    QSignalSpy predicted(w.session(), &Session::predictionChanged);
    w.regressorPanel()->cutoffSlider()->setValue(9);
    QVERIFY(fitted.wait(20000));
    QVERIFY(predicted.count() >= 1);
    QCOMPARE(w.session()->settings().cutoff, 9);
    QVERIFY(w.scatterPanel()->scatterChart()->predictedValues() != before);
    QVERIFY(w.scatterPanel()->metricsText() != metricsBefore);
    // Linear Regression at cutoff 9 on NAAP-440: scikit-learn 1.2.1 gives MAE 0.00689.
    QVERIFY(std::abs(w.session()->prediction()->selected.mae - 0.00689) < 0.00002);
    QVERIFY(w.session()->prediction()->selected.mae != maeBefore);
}

void TestMainWindow::exportsValidFiles()
{
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    ExportActions* ex = w.exportActions();
    QString error;
    const QString png = m_tmp.filePath("curves.png");
    QVERIFY2(ex->exportChart(w.curvesPanel()->chart(), png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull() && image.width() >= 400);
    const QString svg = m_tmp.filePath("scatter.svg");
    QVERIFY2(ex->exportChart(w.scatterPanel()->chart(), svg, &error), qPrintable(error));
    QFile svgFile(svg);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svgFile);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const QString pdf = m_tmp.filePath("scatter.pdf");
    QVERIFY2(ex->exportChart(w.scatterPanel()->chart(), pdf, &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");

    const QString table = m_tmp.filePath("table.csv");
    QVERIFY2(ex->exportTable(table, &error), qPrintable(error));
    QFile tableFile(table);
    QVERIFY(tableFile.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(tableFile.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 441);
    QVERIFY(lines.first().startsWith("ModelId,"));

    const QString preds = m_tmp.filePath("predictions.csv");
    QVERIFY2(ex->exportPredictions(preds, &error), qPrintable(error));
    QFile predsFile(preds);
    QVERIFY(predsFile.open(QIODevice::ReadOnly | QIODevice::Text));
    QCOMPARE(QString::fromUtf8(predsFile.readAll()).split('\n', Qt::SkipEmptyParts).size(), 41);
}

void TestMainWindow::settingsPersist()
{
    {
        MainWindow w;
        w.setQuiet(true);
        w.session()->setRegressor(QStringLiteral("SVR (RBF kernel)"));
        QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
        w.session()->setCutoff(12);
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.session()->settings().regressor, QStringLiteral("SVR (RBF kernel)"));
    QCOMPARE(again.session()->settings().cutoff, 12);
    QCOMPARE(QSettings().value("lastDataset").toString(), m_data + "/naap440.csv");
}

void TestMainWindow::styleSheetResourceIsLinked()
{
    // The stylesheet lives in the static UI library's resources, which nothing else
    // references: without the initialisation the app does, the linker drops them.
    const QString style = applicationStyleSheet();
    QVERIFY2(!style.isEmpty(), "the :/naap/style.qss resource is not linked in");
    QVERIFY(QFile::exists(QStringLiteral(":/naap/style.qss")));
    QVERIFY(style.contains(QStringLiteral("selection-background-color")));
}

namespace {

/// WCAG's contrast ratio of two colours (1 to 21).
double contrast(const QColor& a, const QColor& b)
{
    const auto luminance = [](const QColor& c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette darkDesktopPalette()
{
    QPalette dark(QColor(0x35, 0x35, 0x35), QColor(0x35, 0x35, 0x35));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText})
        dark.setColor(role, Qt::white);
    dark.setColor(QPalette::Base, QColor(0x23, 0x23, 0x23));
    dark.setColor(QPalette::AlternateBase, QColor(0x35, 0x35, 0x35));
    return dark;
}

} // namespace

void TestMainWindow::darkDesktopGetsAReadableWindow()
{
    // The stylesheet, the white charts and the tables' tints are drawn for a light window:
    // on a dark desktop theme the workbench runs with a light palette, as main() applies it.
    const QPalette system = qApp->palette();
    const auto restore = qScopeGuard([&] {
        qApp->setStyleSheet(QString());
        qApp->setPalette(system);
    });
    const QPalette dark = darkDesktopPalette();
    const QPalette used = applicationPalette(dark);
    QVERIFY2(used.color(QPalette::Window).lightness() > 200, "a dark desktop palette is not replaced");
    for (const auto& [fg, bg] : {std::pair{QPalette::WindowText, QPalette::Window}, {QPalette::Text, QPalette::Base},
                                 {QPalette::ButtonText, QPalette::Button}, {QPalette::HighlightedText, QPalette::Highlight},
                                 {QPalette::ToolTipText, QPalette::ToolTipBase}})
        QVERIFY2(contrast(used.color(fg), used.color(bg)) >= 3.0, qPrintable(QStringLiteral("role %1 on %2").arg(fg).arg(bg)));
    // A light desktop palette (its own highlight, say) is left as it is.
    QPalette light(QColor(0xf0, 0xf0, 0xf0), QColor(0xf0, 0xf0, 0xf0));
    light.setColor(QPalette::Highlight, QColor(0x8e, 0x24, 0xaa));
    QCOMPARE(applicationPalette(light), light);

    // What the user sees: the table's header labels are dark on the stylesheet's light
    // header, not white on it.
    qApp->setPalette(used);
    qApp->setStyleSheet(applicationStyleSheet());
    MainWindow w;
    QVERIFY(showAtDefaultSize(w));
    QHeaderView* header = w.tablePanel()->view()->horizontalHeader();
    const int section = header->logicalIndexAt(header->sectionViewportPosition(1) + 2); // not the sorted one
    QVERIFY(header->sortIndicatorSection() != section);
    const QImage image = header->grab().toImage();
    const QRect box(header->sectionViewportPosition(section), 0, header->sectionSize(section), header->height());
    QColor background = image.pixelColor(box.left() + 1, box.top() + 2), text = background;
    for (int y = box.top() + 1; y < box.bottom() - 1; ++y)
        for (int x = box.left() + 1; x < box.right() - 1; ++x)
            if (contrast(image.pixelColor(x, y), background) > contrast(text, background))
                text = image.pixelColor(x, y);
    QVERIFY2(contrast(text, background) >= 4.5, qPrintable(QStringLiteral("header text %1 on %2")
                                                             .arg(text.name(), background.name())));
}

void TestMainWindow::tabLeavesReadOnlyTables()
{
    // A keyboard user tabs through the window: a read-only table (the architectures, the
    // leaderboard, the training queue and runs) moves its current cell with the arrows and
    // lets Tab go on to the next control instead of walking every cell.
    MainWindow w;
    QStringList trapping;
    const QList<QAbstractItemView*> views = w.findChildren<QAbstractItemView*>();
    for (const QAbstractItemView* view : views)
        if (view->editTriggers() == QAbstractItemView::NoEditTriggers && view->tabKeyNavigation())
            trapping << (view->objectName().isEmpty() ? QString::fromLatin1(view->parent()->metaObject()->className())
                                                      : view->objectName());
    QVERIFY(views.size() >= 4);
    QVERIFY2(trapping.isEmpty(), qPrintable(trapping.join(QStringLiteral(", "))));

    // And so on the leaderboard, with rows in it: Tab from a cell leaves the table.
    QVERIFY(showAtDefaultSize(w));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->leaderboard() != nullptr, 60000);
    auto* board = w.leaderboardPanel()->findChild<QTableView*>();
    QVERIFY(board && board->model()->rowCount() > 2);
    QApplication::setActiveWindow(&w);
    board->setFocus();
    board->setCurrentIndex(board->model()->index(0, 0));
    QTRY_VERIFY(board->hasFocus());
    QTest::keyClick(board, Qt::Key_Tab);
    QVERIFY(!board->hasFocus());
}

void TestMainWindow::quitHasAShortcut()
{
    // Where the platform defines no standard Quit key (the offscreen one here), File ▸ Quit
    // still gets Ctrl+Q; every menu action's shortcut is used once.
    MainWindow w;
    QAction* quit = nullptr;
    QMap<QString, QString> seen;
    QStringList repeated;
    for (QAction* menu : w.menuBar()->actions())
        for (QAction* action : menu->menu()->actions()) {
            if (action->text().remove(QLatin1Char('&')) == QStringLiteral("Quit"))
                quit = action;
            const QString keys = action->shortcut().toString();
            if (!keys.isEmpty() && seen.contains(keys))
                repeated << keys;
            seen.insert(keys, action->text());
        }
    QVERIFY(quit != nullptr);
    QVERIFY(!quit->shortcut().isEmpty());
    if (QKeySequence::keyBindings(QKeySequence::Quit).isEmpty())
        QCOMPARE(quit->shortcut(), QKeySequence(QStringLiteral("Ctrl+Q")));
    QVERIFY2(repeated.isEmpty(), qPrintable(repeated.join(QStringLiteral(", "))));
}

void TestMainWindow::tabFollowsTheLayout()
{
    // Tab visits the panels as they are laid out: the Regressor row at the top first (it came
    // after the charts), then the filter bar and table, the learning curves, the scatter and
    // the leaderboard below.
    MainWindow w;
    const QList<QWidget*> panels{w.regressorPanel(), w.tablePanel(), w.curvesPanel(), w.scatterPanel(),
                                 w.leaderboardPanel()};
    QList<int> firstStop(panels.size(), -1);
    int position = 0;
    for (QWidget* at = w.nextInFocusChain(); at != &w; at = at->nextInFocusChain(), ++position) {
        if (!(at->focusPolicy() & Qt::TabFocus))
            continue;
        for (int p = 0; p < panels.size(); ++p)
            if (firstStop[p] < 0 && panels[p]->isAncestorOf(at))
                firstStop[p] = position;
    }
    for (int p = 0; p < panels.size(); ++p)
        QVERIFY2(firstStop[p] >= 0, qPrintable(QString::fromLatin1(panels[p]->metaObject()->className())));
    for (int p = 1; p < panels.size(); ++p)
        QVERIFY2(firstStop[p - 1] < firstStop[p],
                 qPrintable(QStringLiteral("%1 after %2")
                                .arg(QString::fromLatin1(panels[p - 1]->metaObject()->className()),
                                     QString::fromLatin1(panels[p]->metaObject()->className()))));

    // It opens with the keyboard in the search field, not on the regressor list.
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::setActiveWindow(&w);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(w.tablePanel()->searchEdit()));
}

void TestMainWindow::tableShowsThroughErrorAtTheDefaultSize()
{
    // At the default 1600-px window, styled as the app is, the architecture table shows
    // every column up to the prediction's Error without scrolling.
    qApp->setStyleSheet(applicationStyleSheet());
    MainWindow w;
    QVERIFY(showAtDefaultSize(w));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTest::qWait(50);
    QTableView* view = w.tablePanel()->view();
    const ArchitectureTableModel* model = w.tablePanel()->tableModel();
    const int error = model->columnOf(ArchitectureTableModel::Error);
    const int right = view->columnViewportPosition(error) + view->columnWidth(error);
    QVERIFY2(right <= view->viewport()->width(),
             qPrintable(QStringLiteral("Error ends at %1 px of %2").arg(right).arg(view->viewport()->width())));
    // Narrow numbers make narrow columns: NumLayers is not as wide as its name.
    const int layers = model->columnOf(ArchitectureTableModel::NumLayers);
    QVERIFY(view->columnWidth(layers) < view->fontMetrics().horizontalAdvance(QStringLiteral("NumLayers")) + 12);
    qApp->setStyleSheet(QString());
}

void TestMainWindow::fitSaysHowManyRowsWereLeftOut()
{
    naap::core::Dataset d = naap::test::syntheticDataset(120, 6, 7);
    d.rows[10].epochs[1].accuracy = naap::core::kMissing; // an empty e2Accuracy cell
    const QString path = m_tmp.filePath(QStringLiteral("gap.csv"));
    naap::core::writeTableCsv(d, path.toStdString(), naap::core::TableVersion::V2);
    MainWindow w;
    w.setQuiet(true);
    QVERIFY(openAndFit(w, path));
    QCOMPARE(w.session()->settings().cutoff, 3);
    QCOMPARE(w.session()->prediction()->skippedRows, 1);
    QVERIFY2(w.fitStatusText().contains(QStringLiteral("1 row left out")), qPrintable(w.fitStatusText()));
    QVERIFY2(w.scatterPanel()->metricsText().contains(QStringLiteral("1 row left out")),
             qPrintable(w.scatterPanel()->metricsText()));

    // At cutoff 1 the gap is not among the features: nothing is left out, nothing is said.
    QSignalSpy fitted(w.refitController(), &RefitController::refitFinished);
    w.session()->setCutoff(1);
    QVERIFY(fitted.wait(20000));
    QVERIFY(!w.fitStatusText().contains(QStringLiteral("left out")));
    QVERIFY(!w.scatterPanel()->metricsText().contains(QStringLiteral("left out")));
}

void TestMainWindow::failedFitSaysWhyAndKeepsTheCutoff()
{
    MainWindow w;
    w.setQuiet(true);
    w.session()->setCutoff(9);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QCOMPARE(w.session()->settings().cutoff, 9);
    QVERIFY(w.fitStatusText().contains(QStringLiteral("fitted")));

    // A schemes file has no accuracies: the fit fails, and the views say so.
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy failed(w.refitController(), &RefitController::refitFailed);
    w.openDataset(m_data + "/generated_schemes.json");
    QVERIFY(loaded.wait(20000));
    QVERIFY(failed.count() > 0 || failed.wait(20000));
    const QString reason = failed.last().first().toString();
    QVERIFY2(reason.contains(QStringLiteral("MaxAccuracy")), qPrintable(reason)); // says what is missing
    QCOMPARE(w.session()->settings().cutoff, 0); // a table without epochs
    QVERIFY(!w.session()->prediction());
    QCOMPARE(w.session()->predictionError(), reason);
    const QString metrics = w.scatterPanel()->metricsText();
    QVERIFY2(metrics.contains(reason) && !metrics.contains(QStringLiteral("Fitting")), qPrintable(metrics));
    QVERIFY2(w.fitStatusText().contains(QStringLiteral("fit failed")) && w.fitStatusText().contains(reason),
             qPrintable(w.fitStatusText()));
    QVERIFY(!w.fitStatusText().contains(QStringLiteral("fitted")));

    // The user's cutoff comes back with a dataset that has the epochs.
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QCOMPARE(w.session()->settings().cutoff, 9);
    QCOMPARE(w.session()->prediction()->cutoff, 9);
    QVERIFY(w.session()->predictionError().isEmpty());
    QVERIFY(w.fitStatusText().contains(QStringLiteral("at cutoff 9: fitted")));
    QVERIFY(!w.scatterPanel()->metricsText().contains(reason));
}

void TestMainWindow::leaderboardStaysVisibleWhileRecomputing()
{
    MainWindow w;
    w.setQuiet(true);
    w.leaderboardPanel()->setAutoSweep(false);
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->leaderboard(), 120000);
    LeaderboardPanel* panel = w.leaderboardPanel();
    const int rows = panel->proxyModel()->rowCount();
    QVERIFY(rows >= 24);

    QSignalSpy reset(panel->leaderboardModel(), &QAbstractItemModel::modelReset);
    w.session()->setCutoff(9);
    QCOMPARE(panel->proxyModel()->rowCount(), rows); // not blank
    QVERIFY(panel->leaderboardModel()->isStale());
    QVERIFY2(panel->captionText().contains(QStringLiteral("Computing cutoff 9")), qPrintable(panel->captionText()));
    QVERIFY2(panel->captionText().contains(QStringLiteral("from cutoff 3")), qPrintable(panel->captionText()));
    // Exporting now says one clear sentence.
    QString error;
    const QString path = m_tmp.filePath(QStringLiteral("board.csv"));
    QVERIFY(!w.exportActions()->exportLeaderboard(path, &error));
    QVERIFY2(!error.isEmpty() && error.endsWith(QLatin1Char('.')) && !error.contains(QLatin1Char('\n')), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(w.session()->leaderboard(), 120000);
    QCOMPARE(reset.count(), 1); // replaced once, when the new rows arrived
    QVERIFY(!panel->leaderboardModel()->isStale());
    QCOMPARE(panel->leaderboardModel()->cutoff(), 9);
    QVERIFY(!panel->captionText().contains(QStringLiteral("Computing")));
    QVERIFY2(w.exportActions()->exportLeaderboard(path, &error), qPrintable(error));
}

void TestMainWindow::statusBarShowsDeterminateProgress()
{
    QStringList seen; // outlives the window, whose signals fill it
    MainWindow w;
    w.setQuiet(true);
    StatusProgress* status = w.statusProgress();
    // Every progress report of the leaderboard and the sweep shows as a fraction.
    auto watch = [&](const QString& what) {
        return [&, what](int done, int total) {
            const QString line = QStringLiteral("%1: %2 of %3").arg(what).arg(done).arg(total);
            if (status->isVisible() && status->toolTip().contains(line))
                seen << what;
        };
    };
    connect(w.leaderboardController(), &LeaderboardController::progress, &w, watch(QStringLiteral("Leaderboard, cutoff 3")));
    connect(w.leaderboardPanel()->sweepController(), &SweepController::progress, &w, watch(QStringLiteral("Metric vs cutoff")));
    QSignalSpy sweep(w.leaderboardPanel()->sweepController(), &SweepController::progress);
    w.show();
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->leaderboard(), 120000);
    QVERIFY(sweep.count() > 0 || sweep.wait(120000));
    QVERIFY2(seen.contains(QStringLiteral("Leaderboard, cutoff 3")), qPrintable(seen.join(',')));
    QVERIFY2(seen.contains(QStringLiteral("Metric vs cutoff")), qPrintable(seen.join(',')));
    // The bar is determinate while a fraction is known.
    QTRY_VERIFY_WITH_TIMEOUT(!status->isBusy() || status->bar()->maximum() > 0 ||
                                 w.refitController()->isBusy(), 5000);
    w.leaderboardPanel()->stopSweep();
    QTRY_VERIFY_WITH_TIMEOUT(!status->isBusy(), 20000);
    QVERIFY(!status->isVisible());
}

// The Training dock's progress reaches the status bar: its text while it runs, a fraction when
// it has one, nothing once idle.
void TestMainWindow::statusBarShowsTraining()
{
    MainWindow w;
    w.setQuiet(true);
    StatusProgress* status = w.statusProgress();
    QVERIFY(!status->isBusy());
    Q_EMIT w.trainingPanel()->progressChanged(QStringLiteral("Training ModelId 5 · epoch 14/40"), 35);
    QVERIFY(status->isBusy());
    QCOMPARE(status->text(), QStringLiteral("Training ModelId 5 · epoch 14/40 35%"));
    QCOMPARE(status->bar()->maximum(), 100);
    QCOMPARE(status->bar()->value(), 35);
    Q_EMIT w.trainingPanel()->progressChanged(QStringLiteral("Downloading CIFAR-10"), -1);
    QCOMPARE(status->text(), QStringLiteral("Downloading CIFAR-10…"));
    QCOMPARE(status->bar()->maximum(), 0); // busy, no fraction known
    Q_EMIT w.trainingPanel()->progressChanged(QString(), -1);
    QVERIFY(!status->isBusy());
}

namespace {

/// "Leaderboard 300×344, …": what each part of the window asks for at least.
QString minimumSizes(const MainWindow& w)
{
    auto text = [](const QSize& s) { return QStringLiteral("%1×%2").arg(s.width()).arg(s.height()); };
    QStringList parts{QStringLiteral("window ") + text(w.minimumSizeHint()),
                      QStringLiteral("table ") + text(w.centralWidget()->minimumSizeHint())};
    for (const QDockWidget* dock : w.findChildren<QDockWidget*>())
        if (dock->isVisible())
            parts << dock->windowTitle() + QLatin1Char(' ') + text(dock->minimumSizeHint());
    return parts.join(QStringLiteral(", "));
}

/// The table's filter bar, fields and labels, all visible, none cut: inside the panel, at
/// least as wide as they ask, above the table.
QString filterBarProblem(TablePanel* panel)
{
    const QList<QWidget*> fields = panel->findChildren<QWidget*>(Qt::FindDirectChildrenOnly);
    for (QWidget* field : fields) {
        if (field == panel->view())
            continue;
        const QRect r(field->mapTo(panel, QPoint(0, 0)), field->size());
        if (!field->isVisible() || !panel->rect().contains(r) || field->width() < field->minimumSizeHint().width() ||
            r.bottom() >= panel->view()->y())
            return QStringLiteral("%1 at %2,%3 %4×%5 in %6×%7")
                .arg(field->objectName().isEmpty() ? QString::fromLatin1(field->metaObject()->className()) : field->objectName())
                .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                .arg(panel->width()).arg(panel->height());
    }
    return fields.size() >= 12 ? QString() : QStringLiteral("only %1 filter widgets").arg(fields.size());
}

} // namespace

// A 1366×768 laptop screen, less the window's frame and a panel: with NAAP-440 open, fitted
// and ranked, the window fits 1340×700 and every filter still shows. The default size keeps
// its one-row filter bar and shows the Training panel without scrolling.
void TestMainWindow::fitsALaptopScreen()
{
    qApp->setStyleSheet(applicationStyleSheet());
    const auto unstyle = qScopeGuard([] { qApp->setStyleSheet(QString()); });
    MainWindow w;
    w.setQuiet(true);
    w.leaderboardPanel()->setAutoSweep(false);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.size(), QSize(1600, 1000));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTRY_VERIFY_WITH_TIMEOUT(w.session()->leaderboard(), 120000);
    TablePanel* table = w.tablePanel();
    // The loaded ranges widen the spin boxes: the bar is arranged again without a resize.
    QTest::qWait(50);
    QString problem = filterBarProblem(table);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!table->filterBarWrapped());
    auto* training = w.findChild<QDockWidget*>(QStringLiteral("TrainingDock"));
    auto* scroll = qobject_cast<QScrollArea*>(training->widget());
    QVERIFY(scroll && scroll->widget() == w.trainingPanel());
    training->raise();
    QTRY_VERIFY(w.trainingPanel()->isVisible());
    QTest::qWait(50);
    QVERIFY2(!scroll->verticalScrollBar()->isVisible(),
             qPrintable(QStringLiteral("Training panel %1 px high in %2 (dock %3)").arg(w.trainingPanel()->minimumSizeHint().height())
                            .arg(scroll->viewport()->height()).arg(training->height())));
    w.findChild<QDockWidget*>(QStringLiteral("LeaderboardDock"))->raise();

    const QSize laptop(1340, 700);
    const QSize min = w.minimumSizeHint();
    QVERIFY2(min.width() <= laptop.width() && min.height() <= laptop.height(), qPrintable(minimumSizes(w)));

    w.resize(laptop);
    QTRY_COMPARE(w.size(), laptop);
    QTest::qWait(50);
    QVERIFY(table->filterBarWrapped());
    problem = filterBarProblem(table);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The charts keep room to be read.
    for (QWidget* chart : {static_cast<QWidget*>(w.curvesPanel()->chart()), static_cast<QWidget*>(w.scatterPanel()->chart())})
        QVERIFY2(chart->width() >= 200 && chart->height() >= 150,
                 qPrintable(QStringLiteral("%1×%2").arg(chart->width()).arg(chart->height())));

    // Back at the default size the filters share one row.
    w.resize(1600, 1000);
    QTRY_COMPARE(w.size(), QSize(1600, 1000));
    QTest::qWait(50);
    problem = filterBarProblem(table);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!table->filterBarWrapped());
    const int row = table->searchEdit()->mapTo(table, table->searchEdit()->rect().center()).y();
    for (QWidget* field : {static_cast<QWidget*>(table->accuracyMinSpin()), static_cast<QWidget*>(table->paramsMaxSpin())})
        QCOMPARE(field->mapTo(table, field->rect().center()).y(), row);
}

// A first run on a 1366×768 screen: the window fits it, and the table and charts get more of
// the height than the bottom docks (whose 1000-px default would leave them about 200 px).
void TestMainWindow::firstRunFitsTheScreen()
{
    MainWindow w;
    w.setQuiet(true);
    w.leaderboardPanel()->setAutoSweep(false);
    QVERIFY(!w.restoredLayout());
    const QSize available(1350, 720);
    w.fitToScreen(available);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(openAndFit(w, m_data + "/naap440.csv"));
    QTest::qWait(50);
    QVERIFY2(w.width() <= available.width() && w.height() <= available.height(),
             qPrintable(QStringLiteral("%1×%2").arg(w.width()).arg(w.height())));
    const int middle = w.tablePanel()->height();
    const int bottom = w.leaderboardPanel()->height();
    QVERIFY2(middle >= 260 && middle > bottom,
             qPrintable(QStringLiteral("table %1 px, leaderboard %2 px").arg(middle).arg(bottom)));

    // Saved and restored, the layout is the user's: no fitting then.
    w.close();
    MainWindow again;
    QVERIFY(again.restoredLayout());
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
