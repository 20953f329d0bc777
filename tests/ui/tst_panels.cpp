// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The table and regressor panels against a real Session: selection both ways without
// loops, filters and the row count, keyboard navigation; regressor/split/cutoff/seeds
// edits reach the Session, Session changes come back, snapping and invalid seeds.
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include <memory>

#include "models/architecture_filter_model.h"
#include "models/architecture_table_model.h"
#include "naap/core/models/registry.h"
#include "panels/cutoff_slider.h"
#include "panels/regressor_panel.h"
#include "panels/status_progress.h"
#include "panels/table_panel.h"
#include "session.h"
#include "synthetic_dataset.h"

using namespace naap;
using naap::ui::ArchitectureTableModel;
using naap::ui::CutoffSlider;
using naap::ui::RegressorPanel;
using naap::ui::Session;
using naap::ui::TablePanel;

namespace {

std::shared_ptr<const core::Dataset> synthetic(int rows = 120, int epochs = 30)
{
    return std::make_shared<const core::Dataset>(test::syntheticDataset(rows, epochs, 11));
}

/// Dataset rows selected in the panel's view.
QList<int> viewSelection(const TablePanel& panel)
{
    QList<int> rows;
    for (const QModelIndex& index : panel.view()->selectionModel()->selectedRows())
        rows << panel.filterModel()->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

/// The filter bar's widgets that are cut or hidden (outside the panel, narrower than they
/// ask, over the table), by class and position; empty when all show.
QStringList cutFilters(const TablePanel& panel)
{
    QStringList cut;
    for (const QWidget* field : panel.findChildren<QWidget*>(Qt::FindDirectChildrenOnly)) {
        if (field == panel.view())
            continue;
        const QRect r(field->mapTo(&panel, QPoint(0, 0)), field->size());
        if (!field->isVisible() || !panel.rect().contains(r) || field->width() < field->minimumSizeHint().width() ||
            r.bottom() >= panel.view()->y())
            cut << QStringLiteral("%1 at %2,%3").arg(QString::fromLatin1(field->metaObject()->className())).arg(r.x()).arg(r.y());
    }
    return cut;
}

} // namespace

class TestPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableSelectionReachesSession();
    void sessionSelectionReachesTable();
    void tableFiltersAndRowCount();
    void filteringKeepsSessionSelection();
    void tableFilterBarWrapsWhenNarrow();
    void tableKeyboardNavigation();
    void regressorComboListsEveryRegressor();
    void regressorPanelWritesSettings();
    void regressorPanelReflectsSession();
    void cutoffSnapsToCycleEnds();
    void cutoffKeyboardSteps();
    void regressorPanelTabOrderFollowsTheRows();
    void invalidSeedsAreNotApplied();
    void statusText();
    void statusProgressShowsFractions();
};

void TestPanels::tableSelectionReachesSession()
{
    Session session;
    session.setDataset(synthetic(), QString());
    TablePanel panel(&session);
    QAbstractItemModelTester tester(panel.filteredModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy spy(&session, &Session::selectionChanged);
    // Sort by ModelId descending: proxy row 0 is the last dataset row.
    panel.view()->sortByColumn(panel.tableModel()->columnOf(ArchitectureTableModel::ModelId), Qt::DescendingOrder);
    auto* sel = panel.view()->selectionModel();
    sel->select(panel.filteredModel()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(session.selection(), QList<int>({119}));
    sel->select(panel.filteredModel()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(session.selection(), QList<int>({117, 119}));
    QCOMPARE(spy.count(), 2);
    sel->clearSelection();
    QVERIFY(session.selection().isEmpty());
}

void TestPanels::sessionSelectionReachesTable()
{
    Session session;
    session.setDataset(synthetic(), QString());
    TablePanel panel(&session);
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy spy(&session, &Session::selectionChanged);
    QSignalSpy viewSpy(panel.view()->selectionModel(), &QItemSelectionModel::selectionChanged);
    session.setSelection({5, 7, 110});
    QCOMPARE(spy.count(), 1); // no echo back into the session
    QVERIFY(viewSpy.count() >= 1);
    QCOMPARE(viewSelection(panel), QList<int>({5, 7, 110}));
    QCOMPARE(session.selection(), QList<int>({5, 7, 110}));
    // Every column of a selected row is selected (row selection).
    QVERIFY(panel.view()->selectionModel()->isRowSelected(
        panel.filterModel()->mapFromSource(panel.tableModel()->index(7, 0)).row(), QModelIndex()));
    // Scrolled to the first selected row.
    const QModelIndex first = panel.filterModel()->mapFromSource(panel.tableModel()->index(5, 0));
    QVERIFY(panel.view()->viewport()->rect().intersects(panel.view()->visualRect(first)));
    session.setSelection({110});
    const QModelIndex last = panel.filterModel()->mapFromSource(panel.tableModel()->index(110, 0));
    QVERIFY(panel.view()->viewport()->rect().intersects(panel.view()->visualRect(last)));
    session.setSelection({});
    QVERIFY(viewSelection(panel).isEmpty());
    QCOMPARE(spy.count(), 3);
}

void TestPanels::tableFiltersAndRowCount()
{
    Session session;
    auto data = synthetic();
    session.setDataset(data, QString());
    TablePanel panel(&session);
    QCOMPARE(panel.rowCountText(), QStringLiteral("120 architectures"));
    panel.splitCombo()->setCurrentIndex(panel.splitCombo()->findText(QStringLiteral("Test")));
    QCOMPARE(panel.filteredModel()->rowCount(), data->numTest());
    QCOMPARE(panel.rowCountText(), QStringLiteral("%1 of 120 architectures").arg(data->numTest()));
    panel.searchEdit()->setText(QStringLiteral("12"));
    int expected = 0;
    for (const auto& row : data->rows)
        expected += row.isTest == 1 && QString::number(row.modelId).contains(QStringLiteral("12"));
    QCOMPARE(panel.filteredModel()->rowCount(), expected);
    panel.clearFilters();
    QCOMPARE(panel.filteredModel()->rowCount(), 120);
    QCOMPARE(panel.searchEdit()->text(), QString());

    // MaxAccuracy range: the spin boxes start at the data's extremes (no filter).
    QVERIFY(panel.accuracyMinSpin()->value() <= panel.accuracyMaxSpin()->value());
    panel.accuracyMinSpin()->setValue(0.6);
    expected = 0;
    for (const auto& row : data->rows)
        expected += row.maxAccuracy >= 0.6;
    QCOMPARE(panel.filteredModel()->rowCount(), expected);
    panel.paramsMaxSpin()->setValue(10000);
    expected = 0;
    for (const auto& row : data->rows)
        expected += row.maxAccuracy >= 0.6 && row.scheme.numParams <= 10000;
    QCOMPARE(panel.filteredModel()->rowCount(), expected);
    panel.clearFilters();
    QCOMPARE(panel.filteredModel()->rowCount(), 120);

    // A new dataset resets the ranges to its extremes.
    session.setDataset(synthetic(60), QString());
    QCOMPARE(panel.filteredModel()->rowCount(), 60);
    QCOMPARE(panel.rowCountText(), QStringLiteral("60 architectures"));
}

void TestPanels::tableFilterBarWrapsWhenNarrow()
{
    Session session;
    session.setDataset(synthetic(), QString());
    // In a window that lets it be any width, as a main window's central widget is.
    QWidget window;
    window.resize(1500, 500);
    auto& panel = *new TablePanel(&session, &window);
    panel.resize(1400, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!panel.filterBarWrapped());
    QVERIFY2(cutFilters(panel).isEmpty(), qPrintable(cutFilters(panel).join(", ")));
    const int oneRowHeight = panel.view()->y();

    // Narrower than one row needs: two rows, nothing cut; the panel asks for no more.
    int width = 1400;
    while (width > 0 && !panel.filterBarWrapped()) {
        width -= 10;
        panel.resize(width, 400);
        QCoreApplication::processEvents(); // stands in for the event loop here
    }
    QVERIFY(panel.filterBarWrapped());
    QVERIFY(panel.view()->y() > oneRowHeight);
    QVERIFY2(panel.minimumSizeHint().width() < width, qPrintable(QString::number(panel.minimumSizeHint().width())));
    panel.resize(panel.minimumSizeHint().width(), 400);
    QTRY_VERIFY2(cutFilters(panel).isEmpty(), qPrintable(cutFilters(panel).join(", ")));

    // Just wide enough for one row, then a dataset with wider ranges: the bar wraps
    // without a resize rather than cut its fields.
    panel.resize(width + 10, 400);
    QTRY_VERIFY(!panel.filterBarWrapped());
    QTRY_VERIFY2(cutFilters(panel).isEmpty(), qPrintable(cutFilters(panel).join(", ")));
    core::Dataset wide = test::syntheticDataset(120, 30, 11);
    wide.rows[0].scheme.numParams = 2.5e9;
    session.setDataset(std::make_shared<const core::Dataset>(wide), QString());
    QTRY_VERIFY(panel.filterBarWrapped());
    QTRY_VERIFY2(cutFilters(panel).isEmpty(), qPrintable(cutFilters(panel).join(", ")));
    QCOMPARE(panel.width(), width + 10);
}

void TestPanels::filteringKeepsSessionSelection()
{
    Session session;
    auto data = synthetic();
    session.setDataset(data, QString());
    TablePanel panel(&session);
    int trainRow = -1;
    int testRow = -1;
    for (int i = 0; i < 120; ++i)
        (data->rows[i].isTest == 1 ? testRow : trainRow) = i;
    session.setSelection({trainRow, testRow});
    panel.splitCombo()->setCurrentIndex(panel.splitCombo()->findText(QStringLiteral("Test")));
    QCOMPARE(session.selection(), QList<int>({std::min(trainRow, testRow), std::max(trainRow, testRow)}));
    QCOMPARE(viewSelection(panel), QList<int>({testRow}));
    panel.clearFilters();
    QCOMPARE(viewSelection(panel).size(), 2);
}

void TestPanels::tableKeyboardNavigation()
{
    Session session;
    session.setDataset(synthetic(), QString());
    TablePanel panel(&session);
    panel.resize(900, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.view()->setFocus();
    panel.view()->setCurrentIndex(panel.filteredModel()->index(0, 0));
    QCOMPARE(session.selection(), QList<int>({0}));
    QTest::keyClick(panel.view(), Qt::Key_Down);
    QCOMPARE(session.selection(), QList<int>({1}));
    QTest::keyClick(panel.view(), Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(session.selection(), QList<int>({1, 2}));
    QTest::keyClick(panel.view(), Qt::Key_Up);
    QCOMPARE(session.selection(), QList<int>({1}));
    QTest::keyClick(panel.view(), Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(session.selection().size(), 120);
}

void TestPanels::regressorComboListsEveryRegressor()
{
    Session session;
    RegressorPanel panel(&session);
    QStringList names;
    for (int i = 0; i < panel.regressorCombo()->count(); ++i)
        if (!panel.regressorCombo()->itemData(i).toString().isEmpty())
            names << panel.regressorCombo()->itemData(i).toString();
    QCOMPARE(names.size(), int(core::regressorRegistry().size()));
    QCOMPARE(names.size(), 28);
    QCOMPARE(panel.regressorCombo()->count(), 29); // one separator between paper and extended
    QCOMPARE(panel.regressorCombo()->currentData().toString(), session.settings().regressor);
}

void TestPanels::regressorPanelWritesSettings()
{
    Session session;
    session.setDataset(synthetic(), QString());
    RegressorPanel panel(&session);
    QSignalSpy spy(&session, &Session::settingsChanged);

    panel.regressorCombo()->setCurrentIndex(panel.regressorCombo()->findData(QStringLiteral("Decision Tree")));
    QCOMPARE(session.settings().regressor, QStringLiteral("Decision Tree"));
    QCOMPARE(spy.count(), 1);

    QVERIFY(!panel.foldsSpin()->isEnabled());
    panel.splitCombo()->setCurrentIndex(panel.splitCombo()->findData(int(core::SplitKind::KFold)));
    QCOMPARE(session.settings().split.kind, core::SplitKind::KFold);
    QVERIFY(panel.foldsSpin()->isEnabled());
    panel.foldsSpin()->setValue(7);
    QCOMPARE(session.settings().split.folds, 7);
    panel.splitCombo()->setCurrentIndex(panel.splitCombo()->findData(int(core::SplitKind::Left)));
    QCOMPARE(session.settings().split.kind, core::SplitKind::Left);
    QCOMPARE(spy.count(), 4);

    panel.cutoffSlider()->setValue(9);
    QCOMPARE(session.settings().cutoff, 9);
    QCOMPARE(panel.cutoffSpin()->value(), 9);
    auto* label = panel.findChild<QLabel*>(QStringLiteral("cutoffLabel"));
    QVERIFY(label);
    // One short line that does not repeat the spin box's "9 ep".
    QCOMPARE(label->text(), QStringLiteral("Features: scheme + epochs 1–9"));
    QVERIFY(!label->wordWrap());
    QVERIFY(label->sizeHint().height() < 2 * label->fontMetrics().height());
    panel.cutoffSpin()->setValue(14);
    QCOMPARE(session.settings().cutoff, 14);
    QCOMPARE(panel.cutoffSlider()->value(), 14);
    panel.cutoffSlider()->setValue(0);
    QCOMPARE(label->text(), QStringLiteral("Features: scheme only"));
    QCOMPARE(spy.count(), 7);
}

void TestPanels::regressorPanelReflectsSession()
{
    Session session;
    RegressorPanel panel(&session);
    QCOMPARE(panel.cutoffSlider()->maximum(), 90);
    session.setDataset(synthetic(120, 30), QString());
    QCOMPARE(panel.cutoffSlider()->maximum(), 30);
    QCOMPARE(panel.cutoffSpin()->maximum(), 30);

    QSignalSpy spy(&session, &Session::settingsChanged);
    ui::RefitSettings s = session.settings();
    s.regressor = QStringLiteral("Linear Regression (Sigmoid)");
    s.cutoff = 12;
    s.split.kind = core::SplitKind::KFold;
    s.split.folds = 4;
    s.seeds = {1, 2, 3};
    session.setSettings(s);
    QCOMPARE(spy.count(), 1); // nothing echoed back
    QCOMPARE(panel.regressorCombo()->currentData().toString(), s.regressor);
    QCOMPARE(panel.splitCombo()->currentData().toInt(), int(core::SplitKind::KFold));
    QCOMPARE(panel.foldsSpin()->value(), 4);
    QVERIFY(panel.foldsSpin()->isEnabled());
    QCOMPARE(panel.cutoffSlider()->value(), 12);
    QCOMPARE(panel.cutoffSpin()->value(), 12);
    QCOMPARE(panel.seedsEdit()->text(), QStringLiteral("1, 2, 3"));
    QCOMPARE(panel.seedsEdit()->cursorPosition(), 0); // a narrow field shows the first seeds
    QVERIFY(panel.seedsEdit()->toolTip().endsWith(QStringLiteral("1, 2, 3")));

    // A smaller dataset clamps the cutoff; the slider follows.
    session.setDataset(synthetic(60, 6), QString());
    QCOMPARE(panel.cutoffSlider()->maximum(), 6);
    QCOMPARE(panel.cutoffSlider()->value(), 6);
    QCOMPARE(session.settings().cutoff, 6);
}

void TestPanels::cutoffSnapsToCycleEnds()
{
    Session session;
    session.setDataset(synthetic(120, 30), QString());
    RegressorPanel panel(&session);
    CutoffSlider* slider = panel.cutoffSlider();
    QCOMPARE(slider->snapped(0), 0);
    QCOMPARE(slider->snapped(1), 0);
    QCOMPARE(slider->snapped(2), 3);
    QCOMPARE(slider->snapped(7), 6);
    QCOMPARE(slider->snapped(8), 9);
    QCOMPARE(slider->snapped(30), 30);

    slider->setValue(7);
    panel.snapCheck()->setChecked(true);
    QCOMPARE(slider->value(), 6);
    QCOMPARE(session.settings().cutoff, 6);
    QSignalSpy cutoffs(slider, &CutoffSlider::cutoffChanged);
    for (int v = 0; v <= 30; ++v) {
        slider->setValue(v);
        QCOMPARE(slider->value() % 3, 0);
        QCOMPARE(session.settings().cutoff % 3, 0);
        QCOMPARE(panel.cutoffSpin()->value(), slider->value());
    }
    for (const QList<QVariant>& args : cutoffs)
        QCOMPARE(args[0].toInt() % 3, 0);
    slider->setValue(1);
    QCOMPARE(session.settings().cutoff, 0);
    panel.cutoffSpin()->setValue(13);
    QCOMPARE(session.settings().cutoff, 12);
    QCOMPARE(panel.cutoffSpin()->value(), 12);

    panel.snapCheck()->setChecked(false);
    slider->setValue(13);
    QCOMPARE(session.settings().cutoff, 13);
}

void TestPanels::cutoffKeyboardSteps()
{
    CutoffSlider slider;
    slider.setRange(0, 90);
    slider.setValue(10);
    QTest::keyClick(&slider, Qt::Key_Right);
    QCOMPARE(slider.value(), 11);
    QTest::keyClick(&slider, Qt::Key_PageUp);
    QCOMPARE(slider.value(), 20);
    QTest::keyClick(&slider, Qt::Key_PageDown);
    QCOMPARE(slider.value(), 11);
    slider.setSnapToCycleEnds(true);
    QCOMPARE(slider.value(), 12);
    QTest::keyClick(&slider, Qt::Key_Right);
    QCOMPARE(slider.value(), 15);
    QTest::keyClick(&slider, Qt::Key_Left);
    QTest::keyClick(&slider, Qt::Key_Left);
    QCOMPARE(slider.value(), 9);
    QTest::keyClick(&slider, Qt::Key_PageUp);
    QCOMPARE(slider.value(), 18);
    QTest::keyClick(&slider, Qt::Key_Home);
    QCOMPARE(slider.value(), 0);
    QTest::keyClick(&slider, Qt::Key_End);
    QCOMPARE(slider.value(), 90);
    QVERIFY(slider.sizeHint().height() > QSlider(Qt::Horizontal).sizeHint().height());
}

void TestPanels::regressorPanelTabOrderFollowsTheRows()
{
    // First row: regressor, split, K, seeds; second row: the cutoff slider, its spin box,
    // snap. Tab walks them in that order.
    Session session;
    session.setDataset(synthetic(), QString());
    RegressorPanel panel(&session);
    panel.splitCombo()->setCurrentIndex(panel.splitCombo()->findData(int(core::SplitKind::KFold))); // K enabled
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QList<QWidget*> expected{panel.regressorCombo(), panel.splitCombo(), panel.foldsSpin(), panel.seedsEdit(),
                                   panel.cutoffSlider(), panel.cutoffSpin(), panel.snapCheck()};
    QList<QWidget*> order;
    for (QWidget* w = panel.regressorCombo(); order.size() < expected.size(); w = w->nextInFocusChain()) {
        if (w == &panel)
            break;
        if ((w->focusPolicy() & Qt::TabFocus) && w->isVisible() && w->isEnabled() && !w->focusProxy() &&
            expected.contains(w) && !order.contains(w))
            order << w;
    }
    QStringList names;
    for (const QWidget* w : std::as_const(order))
        names << w->objectName();
    QCOMPARE(names.join(u' '), QStringLiteral("regressorCombo splitCombo foldsSpin seedsEdit cutoffSlider cutoffSpin snapCheck"));
}

void TestPanels::invalidSeedsAreNotApplied()
{
    QVERIFY(!RegressorPanel::parseSeeds(QStringLiteral("abc, 12")));
    QVERIFY(!RegressorPanel::parseSeeds(QStringLiteral("")));
    QVERIFY(!RegressorPanel::parseSeeds(QStringLiteral("-1")));
    QVERIFY(!RegressorPanel::parseSeeds(QStringLiteral("3, 3")));
    QCOMPARE(*RegressorPanel::parseSeeds(QStringLiteral(" 1,2  3;4 ")), (std::vector<std::uint64_t>{1, 2, 3, 4}));

    Session session;
    RegressorPanel panel(&session);
    const auto before = session.settings().seeds;
    QCOMPARE(panel.seedsEdit()->text(), QStringLiteral("20220905, 20220906, 20220907, 20220908, 20220909"));
    QSignalSpy spy(&session, &Session::settingsChanged);
    panel.seedsEdit()->setFocus();
    panel.seedsEdit()->selectAll();
    QTest::keyClicks(panel.seedsEdit(), QStringLiteral("abc, 12"));
    QVERIFY(panel.seedsEdit()->property("invalid").toBool());
    QVERIFY(!panel.seedsEdit()->styleSheet().isEmpty());
    QVERIFY(panel.seedsEdit()->toolTip().contains(QStringLiteral("whole numbers")));
    QTest::keyClick(panel.seedsEdit(), Qt::Key_Return);
    QCOMPARE(session.settings().seeds, before);
    QCOMPARE(spy.count(), 0);

    panel.seedsEdit()->selectAll();
    QTest::keyClicks(panel.seedsEdit(), QStringLiteral("1, 2, 3"));
    QVERIFY(!panel.seedsEdit()->property("invalid").toBool());
    QCOMPARE(spy.count(), 0); // applied only on Enter / focus out
    QTest::keyClick(panel.seedsEdit(), Qt::Key_Return);
    QCOMPARE(session.settings().seeds, (std::vector<std::uint64_t>{1, 2, 3}));
    QCOMPARE(spy.count(), 1);
    QVERIFY(panel.seedsEdit()->styleSheet().isEmpty());

    // While the field has the focus the view stays where the user types; leaving it shows the
    // first seeds again.
    panel.show();
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    panel.seedsEdit()->setFocus();
    QVERIFY(panel.seedsEdit()->hasFocus());
    panel.seedsEdit()->selectAll();
    QTest::keyClicks(panel.seedsEdit(), QStringLiteral("4, 5, 6"));
    QTest::keyClick(panel.seedsEdit(), Qt::Key_Return);
    QCOMPARE(session.settings().seeds, (std::vector<std::uint64_t>{4, 5, 6}));
    QCOMPARE(panel.seedsEdit()->cursorPosition(), 7);
    panel.regressorCombo()->setFocus();
    QVERIFY(!panel.seedsEdit()->hasFocus());
    QCOMPARE(panel.seedsEdit()->cursorPosition(), 0);
}

void TestPanels::statusText()
{
    Session session;
    RegressorPanel panel(&session);
    panel.setStatusText(QStringLiteral("fit in 12 ms"));
    QCOMPARE(panel.statusText(), QStringLiteral("fit in 12 ms"));
}

void TestPanels::statusProgressShowsFractions()
{
    QWidget bar; // as in a status bar: the widget shows and hides itself in a shown parent
    auto& progress = *new naap::ui::StatusProgress(&bar);
    bar.show();
    const int load = progress.addTask(QStringLiteral("Loading"));
    const int board = progress.addTask(QStringLiteral("Leaderboard"));
    const int sweep = progress.addTask(QStringLiteral("Metric vs cutoff"));
    QVERIFY(!progress.isVisible());
    QVERIFY(progress.text().isEmpty());

    // A task with a fraction: a determinate bar and a percentage.
    progress.setBusy(sweep, true);
    QVERIFY(progress.isVisible());
    QCOMPARE(progress.bar()->maximum(), 0); // busy until the first report
    progress.setProgress(sweep, 3, 12);
    QCOMPARE(progress.bar()->maximum(), 12);
    QCOMPARE(progress.bar()->value(), 3);
    QCOMPARE(progress.text(), QStringLiteral("Metric vs cutoff 25%"));

    // An earlier (higher-priority) task takes the bar; the tooltip lists both.
    progress.setBusy(board, true);
    progress.setProgress(board, 7, 28);
    QCOMPARE(progress.text(), QStringLiteral("Leaderboard 25%"));
    QCOMPARE(progress.bar()->maximum(), 28);
    QVERIFY(progress.toolTip().contains(QStringLiteral("Leaderboard: 7 of 28")));
    QVERIFY(progress.toolTip().contains(QStringLiteral("Metric vs cutoff: 3 of 12")));
    progress.setLabel(board, QStringLiteral("Leaderboard, cutoff 6"));
    QCOMPARE(progress.text(), QStringLiteral("Leaderboard, cutoff 6 25%"));

    // Without a fraction: a busy bar.
    progress.setBusy(load, true);
    QCOMPARE(progress.text(), QStringLiteral("Loading…"));
    QCOMPARE(progress.bar()->maximum(), 0);
    progress.setBusy(load, false);
    progress.setBusy(board, false);
    progress.setProgress(board, 9, 28); // late: ignored
    QCOMPARE(progress.text(), QStringLiteral("Metric vs cutoff 25%"));
    progress.setBusy(sweep, false);
    QVERIFY(!progress.isVisible());
    // A new run starts from zero.
    progress.setBusy(sweep, true);
    QCOMPARE(progress.bar()->maximum(), 0);
}

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
