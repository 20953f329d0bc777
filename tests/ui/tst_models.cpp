// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The item models: QAbstractItemModelTester across dataset, prediction, settings and
// filter changes and sorting; numeric sort with missing values last; filter counts on
// NAAP-440. The leaderboard model: tst_leaderboard_model.cpp.
#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <memory>

#include "models/architecture_filter_model.h"
#include "models/architecture_table_model.h"
#include "naap/core/data/table_io.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"
#include "synthetic_dataset.h"
#include "test_paths.h"

using namespace naap;
using naap::ui::ArchitectureFilterModel;
using naap::ui::ArchitectureTableModel;
using naap::ui::Session;

namespace {

constexpr auto kFailQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

std::shared_ptr<const core::Dataset> synthetic(int rows = 120, int epochs = 12, unsigned seed = 7)
{
    return std::make_shared<const core::Dataset>(test::syntheticDataset(rows, epochs, seed));
}

/// A fast protocol run over a few regressors.
std::shared_ptr<const core::ProtocolReport> runFew(const core::Dataset& data, std::vector<int> cutoffs,
                                                   std::vector<std::string> models = {
                                                       "Linear Regression", "Decision Tree",
                                                       "Linear Regression (D=2)"})
{
    core::ProtocolOptions options;
    options.models = std::move(models);
    options.cutoffs = std::move(cutoffs);
    options.seeds = {20220905, 20220906, 20220907};
    return std::make_shared<const core::ProtocolReport>(core::runProtocol(data, options));
}

std::shared_ptr<const core::ProtocolCell> cellOf(const core::ProtocolReport& report, std::size_t i)
{
    return std::make_shared<const core::ProtocolCell>(report.cells.at(i));
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void tableModelPassesTesterAcrossChanges();
    void tableModelColumnsFollowTheVersion();
    void tableModelShowsPredictionAndError();
    void tableModelSignalsOnlyResultColumns();
    void filterModelPassesTesterWhileFilteringAndSorting();
    void filterCountsOnNaap440();
    void textFilterMatchesModelIds();
    void rangeFilters();
    void sortsNumerically();
    void missingValuesSortLast();
    void tableModelMarksSyntheticRows();
    void tableModelShortHeaders();
    void sessionKeepsTheRequestedCutoff();

private:
    std::shared_ptr<const core::Dataset> m_naap440;
};

void TestModels::initTestCase()
{
    const QString dir = test::naap440Dir();
    if (!dir.isEmpty())
        m_naap440 = std::make_shared<const core::Dataset>(
            core::readTableCsv((dir + QStringLiteral("/naap440.csv")).toStdString()).dataset);
}

void TestModels::tableModelPassesTesterAcrossChanges()
{
    Session session;
    ArchitectureTableModel model(&session);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    QCOMPARE(model.rowCount(), 0);

    auto data = synthetic();
    session.setDataset(data, QString());
    QCOMPARE(model.rowCount(), 120);
    const auto report = runFew(*data, {3}, {"Linear Regression"});
    session.setPrediction(cellOf(*report, 0));
    session.setCutoff(6);
    session.setSelection({1, 2, 3});
    session.setDataset(synthetic(60, 6, 3), QString());
    QCOMPARE(model.rowCount(), 60);
    if (m_naap440) {
        session.setDataset(m_naap440, QString());
        QCOMPARE(model.rowCount(), 440);
    }
    session.setDataset(nullptr, QString());
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::tableModelColumnsFollowTheVersion()
{
    Session session;
    ArchitectureTableModel model(&session);
    session.setDataset(synthetic(), QString()); // v2
    QVERIFY(model.columnOf(ArchitectureTableModel::NumSkipConnections) >= 0);
    QVERIFY(model.columnOf(ArchitectureTableModel::NumPartialRFLayers) >= 0);
    QCOMPARE(model.headerData(model.columnOf(ArchitectureTableModel::AccuracyAtCutoff), Qt::Horizontal).toString(),
             QStringLiteral("Acc @3"));

    core::Dataset v1 = test::syntheticDataset(30, 6, 1);
    v1.version = core::TableVersion::V1;
    v1.extraColumns = {"Note"};
    for (auto& row : v1.rows)
        row.extra = {row.modelId % 2 ? "odd" : "even"};
    session.setDataset(std::make_shared<const core::Dataset>(v1), QString());
    QCOMPARE(model.columnOf(ArchitectureTableModel::NumSkipConnections), -1);
    QCOMPARE(model.columnOf(ArchitectureTableModel::NumPartialRFLayers), -1);
    const int extra = model.columnOf(ArchitectureTableModel::Extra);
    QCOMPARE(extra, model.columnCount() - 1);
    QCOMPARE(model.headerData(extra, Qt::Horizontal).toString(), QStringLiteral("Note"));
    QCOMPARE(model.index(0, extra).data().toString(), QStringLiteral("odd"));
    QCOMPARE(model.columnKind(extra), ArchitectureTableModel::Extra);
    QCOMPARE(model.datasetRow(5), 5);
    QCOMPARE(model.datasetRow(30), -1);

    const int split = model.columnOf(ArchitectureTableModel::Split);
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, split).data().toString(),
                 v1.rows[r].isTest == 1 ? QStringLiteral("Test") : QStringLiteral("Train"));
    const int acc = model.columnOf(ArchitectureTableModel::MaxAccuracy);
    QCOMPARE(model.index(0, acc).data().toString(), QString::number(v1.rows[0].maxAccuracy, 'f', 4));
    QCOMPARE(model.index(0, acc).data(ArchitectureTableModel::SortRole).toDouble(), v1.rows[0].maxAccuracy);
    QCOMPARE(model.index(0, acc).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
}

void TestModels::tableModelShowsPredictionAndError()
{
    Session session;
    ArchitectureTableModel model(&session);
    auto data = synthetic();
    session.setDataset(data, QString());
    const int pred = model.columnOf(ArchitectureTableModel::Predicted);
    const int err = model.columnOf(ArchitectureTableModel::Error);
    const int accCut = model.columnOf(ArchitectureTableModel::AccuracyAtCutoff);
    QVERIFY(std::isnan(model.index(0, pred).data(ArchitectureTableModel::SortRole).toDouble()));
    QCOMPARE(model.index(0, pred).data().toString(), QStringLiteral("–"));

    const auto report = runFew(*data, {3}, {"Linear Regression"});
    session.setPrediction(cellOf(*report, 0));
    const core::ProtocolCell& cell = report->cells[0];
    QVERIFY(!cell.testRowIndices.empty());
    for (std::size_t i = 0; i < cell.testRowIndices.size(); ++i) {
        const int row = cell.testRowIndices[i];
        QCOMPARE(model.index(row, pred).data(ArchitectureTableModel::SortRole).toDouble(), cell.predicted[i]);
        QCOMPARE(model.index(row, err).data(ArchitectureTableModel::SortRole).toDouble(),
                 cell.predicted[i] - data->rows[row].maxAccuracy);
        QVERIFY(model.index(row, err).data().toString().startsWith(cell.predicted[i] >= data->rows[row].maxAccuracy
                                                                      ? QLatin1Char('+')
                                                                      : QLatin1Char('-')));
    }
    QCOMPARE(model.index(0, accCut).data(ArchitectureTableModel::SortRole).toDouble(), data->rows[0].epochs[2].accuracy);
    session.setCutoff(0);
    QVERIFY(std::isnan(model.index(0, accCut).data(ArchitectureTableModel::SortRole).toDouble()));
    QCOMPARE(model.headerData(accCut, Qt::Horizontal).toString(), QStringLiteral("Acc @0"));
}

void TestModels::tableModelSignalsOnlyResultColumns()
{
    Session session;
    ArchitectureTableModel model(&session);
    auto data = synthetic();
    session.setDataset(data, QString());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy header(&model, &QAbstractItemModel::headerDataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    session.setPrediction(cellOf(*runFew(*data, {3}, {"Linear Regression"}), 0));
    session.setCutoff(9);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(header.count(), 1);
    QVERIFY(changed.count() >= 2);
    for (const QList<QVariant>& args : changed) {
        const auto from = args[0].value<QModelIndex>();
        const auto to = args[1].value<QModelIndex>();
        QCOMPARE(from.column(), model.columnOf(ArchitectureTableModel::AccuracyAtCutoff));
        QCOMPARE(to.column(), model.columnOf(ArchitectureTableModel::Error));
        QCOMPARE(from.row(), 0);
        QCOMPARE(to.row(), model.rowCount() - 1);
    }
    session.setDataset(synthetic(50), QString());
    QCOMPARE(reset.count(), 1);
}

void TestModels::filterModelPassesTesterWhileFilteringAndSorting()
{
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, kFailQtTest);

    auto data = m_naap440 ? m_naap440 : synthetic();
    session.setDataset(data, QString());
    const int acc = model.columnOf(ArchitectureTableModel::MaxAccuracy);
    proxy.sort(acc, Qt::DescendingOrder);
    proxy.setSplitFilter(ArchitectureFilterModel::SplitFilter::Test);
    proxy.setTextFilter(QStringLiteral("1"));
    proxy.setRange(acc, 0.5, 0.8);
    session.setPrediction(cellOf(*runFew(*data, {3}, {"Linear Regression"}), 0));
    proxy.sort(model.columnOf(ArchitectureTableModel::Predicted), Qt::AscendingOrder);
    session.setCutoff(6);
    proxy.sort(model.columnOf(ArchitectureTableModel::AccuracyAtCutoff), Qt::DescendingOrder);
    proxy.clearFilters();
    QCOMPARE(proxy.rowCount(), model.rowCount());
    session.setDataset(synthetic(40), QString());
    QCOMPARE(proxy.rowCount(), 40);
    proxy.setSplitFilter(ArchitectureFilterModel::SplitFilter::Train);
    session.setDataset(nullptr, QString());
    QCOMPARE(proxy.rowCount(), 0);
}

void TestModels::filterCountsOnNaap440()
{
    if (!m_naap440)
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    session.setDataset(m_naap440, QString());
    QCOMPARE(proxy.rowCount(), 440);
    proxy.setSplitFilter(ArchitectureFilterModel::SplitFilter::Test);
    QCOMPARE(proxy.rowCount(), 40);
    for (int r = 0; r < proxy.rowCount(); ++r)
        QCOMPARE(m_naap440->rows[proxy.sourceRow(r)].isTest, 1);
    proxy.setSplitFilter(ArchitectureFilterModel::SplitFilter::Train);
    QCOMPARE(proxy.rowCount(), 400);
    QVERIFY(proxy.isFiltering());
    proxy.clearFilters();
    QVERIFY(!proxy.isFiltering());
    QCOMPARE(proxy.rowCount(), 440);
}

void TestModels::textFilterMatchesModelIds()
{
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    auto data = m_naap440 ? m_naap440 : synthetic(300);
    session.setDataset(data, QString());
    for (const QString& text : {QStringLiteral("12"), QStringLiteral("4"), QStringLiteral("999")}) {
        proxy.setTextFilter(text);
        int expected = 0;
        for (const auto& row : data->rows)
            expected += QString::number(row.modelId).contains(text);
        QCOMPARE(proxy.rowCount(), expected);
    }
    proxy.setTextFilter(QStringLiteral("  tEsT "));
    QCOMPARE(proxy.rowCount(), data->numTest());
    proxy.setTextFilter(QString());
    QCOMPARE(proxy.rowCount(), model.rowCount());
}

void TestModels::rangeFilters()
{
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    auto data = m_naap440 ? m_naap440 : synthetic(300);
    session.setDataset(data, QString());
    const int acc = model.columnOf(ArchitectureTableModel::MaxAccuracy);
    const int params = model.columnOf(ArchitectureTableModel::NumParams);
    const int layers = model.columnOf(ArchitectureTableModel::NumLayers);
    auto count = [&](auto pred) {
        int n = 0;
        for (const auto& row : data->rows)
            n += pred(row);
        return n;
    };
    proxy.setRange(acc, 0.6, 0.7);
    QCOMPARE(proxy.rowCount(), count([](const auto& r) { return r.maxAccuracy >= 0.6 && r.maxAccuracy <= 0.7; }));
    proxy.setRange(params, std::nan(""), 20000);
    QCOMPARE(proxy.rowCount(), count([](const auto& r) {
                 return r.maxAccuracy >= 0.6 && r.maxAccuracy <= 0.7 && r.scheme.numParams <= 20000;
             }));
    QVERIFY(proxy.hasRange(params));
    proxy.clearRange(acc);
    QCOMPARE(proxy.rowCount(), count([](const auto& r) { return r.scheme.numParams <= 20000; }));
    proxy.clearRanges();
    proxy.setRange(layers, 4, 4);
    QCOMPARE(proxy.rowCount(), count([](const auto& r) { return r.scheme.numLayers == 4; }));
    proxy.setSplitFilter(ArchitectureFilterModel::SplitFilter::Test);
    QCOMPARE(proxy.rowCount(), count([](const auto& r) { return r.scheme.numLayers == 4 && r.isTest == 1; }));
    proxy.clearRanges();
    QCOMPARE(proxy.rowCount(), data->numTest());
}

void TestModels::sortsNumerically()
{
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    auto data = m_naap440 ? m_naap440 : synthetic(300);
    session.setDataset(data, QString());
    for (auto kind : {ArchitectureTableModel::ModelId, ArchitectureTableModel::NumParams,
                      ArchitectureTableModel::NumMACs, ArchitectureTableModel::MaxAccuracy,
                      ArchitectureTableModel::AccuracyAtCutoff}) {
        const int column = model.columnOf(kind);
        for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            proxy.sort(column, order);
            for (int r = 1; r < proxy.rowCount(); ++r) {
                const double a = proxy.index(r - 1, column).data(ArchitectureTableModel::SortRole).toDouble();
                const double b = proxy.index(r, column).data(ArchitectureTableModel::SortRole).toDouble();
                if (std::isnan(b))
                    continue;
                QVERIFY2(!std::isnan(a), "missing value before a present one");
                QVERIFY2(order == Qt::AscendingOrder ? a <= b : a >= b, qPrintable(QString::number(column)));
            }
        }
    }
    // ModelId 10 after 9 (numeric, not text order).
    proxy.sort(model.columnOf(ArchitectureTableModel::ModelId), Qt::AscendingOrder);
    QCOMPARE(proxy.index(9, 0).data(ArchitectureTableModel::SortRole).toDouble(), 10.0);
}

void TestModels::missingValuesSortLast()
{
    core::Dataset d = test::syntheticDataset(60, 6, 5);
    for (int i : {3, 17, 42}) {
        d.rows[i].maxAccuracy = core::kMissing;
        d.rows[i].scheme.numParams = core::kMissing;
    }
    core::applySplitRule(d, 10);
    Session session;
    ArchitectureTableModel model(&session);
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, kFailQtTest);
    auto data = std::make_shared<const core::Dataset>(d);
    session.setDataset(data, QString());
    session.setPrediction(cellOf(*runFew(*data, {3}, {"Linear Regression"}), 0));
    for (auto kind : {ArchitectureTableModel::MaxAccuracy, ArchitectureTableModel::NumParams,
                      ArchitectureTableModel::Predicted, ArchitectureTableModel::Error}) {
        const int column = model.columnOf(kind);
        for (auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            proxy.sort(column, order);
            bool seenMissing = false;
            int missing = 0;
            for (int r = 0; r < proxy.rowCount(); ++r) {
                const bool isMissing = std::isnan(proxy.index(r, column).data(ArchitectureTableModel::SortRole).toDouble());
                QVERIFY2(!seenMissing || isMissing, "a value after a missing one");
                seenMissing = seenMissing || isMissing;
                missing += isMissing;
            }
            QVERIFY(missing >= 3);
        }
    }
    QCOMPARE(model.index(3, model.columnOf(ArchitectureTableModel::NumParams)).data().toString(), QStringLiteral("–"));
}

void TestModels::tableModelMarksSyntheticRows()
{
    // A training run merged from synthetic data: its Source cell says so, and the table
    // must too, in a column that is on screen (not only in Source, far to the right).
    core::Dataset d = test::syntheticDataset(30, 6, 1);
    d.extraColumns = {"Source"};
    for (auto& row : d.rows)
        row.extra = {""};
    core::ArchitectureRow merged = d.rows.front();
    merged.modelId = 31;
    merged.isTest = -1;
    merged.maxAccuracy = core::kMissing;
    merged.extra = {"trained on cpu, synthetic data, 4 of 6 epochs"};
    d.rows.push_back(merged);
    d.rows[3].extra = {"trained on cuda:0, 6 epochs"}; // a real run: no mark
    Session session;
    ArchitectureTableModel model(&session);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    session.setDataset(std::make_shared<const core::Dataset>(d), QString());

    QVERIFY(session.isSyntheticRow(30));
    QVERIFY(!session.isSyntheticRow(3));
    QVERIFY(!session.isSyntheticRow(0));
    QVERIFY(!session.isSyntheticRow(31));
    const int split = model.columnOf(ArchitectureTableModel::Split);
    const int id = model.columnOf(ArchitectureTableModel::ModelId);
    QCOMPARE(model.index(30, split).data().toString(), QStringLiteral("Synthetic"));
    QCOMPARE(model.index(30, split).data(Qt::ForegroundRole).value<QColor>(), ArchitectureTableModel::syntheticColor());
    QCOMPARE(model.index(30, id).data(Qt::ForegroundRole).value<QColor>(), ArchitectureTableModel::syntheticColor());
    QVERIFY(model.index(30, id).data(Qt::ToolTipRole).toString().contains(QStringLiteral("synthetic")));
    QCOMPARE(model.index(30, id).data().toString(), QStringLiteral("31")); // the id stays a plain number
    QCOMPARE(model.index(3, split).data().toString(), d.rows[3].isTest == 1 ? QStringLiteral("Test") : QStringLiteral("Train"));
    QVERIFY(model.index(3, id).data(Qt::ForegroundRole).value<QColor>() != ArchitectureTableModel::syntheticColor());
    // The split filter and the raw value are unchanged: the row is in neither split.
    QVERIFY(std::isnan(model.index(30, split).data(ArchitectureTableModel::SortRole).toDouble()));

    // A text search for "synthetic" finds it.
    ArchitectureFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.setTextFilter(QStringLiteral("synthetic"));
    QCOMPARE(proxy.rowCount(), 1);
}

void TestModels::tableModelShortHeaders()
{
    // The view shows short labels so that one-digit columns stay narrow; the column names
    // (DisplayRole, which CSV exports write) and the tooltips keep the table's names.
    Session session;
    ArchitectureTableModel model(&session);
    session.setDataset(synthetic(), QString());
    const int layers = model.columnOf(ArchitectureTableModel::NumLayers);
    QCOMPARE(model.headerData(layers, Qt::Horizontal).toString(), QStringLiteral("NumLayers"));
    QCOMPARE(model.headerData(layers, Qt::Horizontal, ArchitectureTableModel::ShortHeaderRole).toString(),
             QStringLiteral("Layers"));
    QVERIFY(model.headerData(layers, Qt::Horizontal, Qt::ToolTipRole).toString().startsWith(QStringLiteral("NumLayers")));
    for (int c = 0; c < model.columnCount(); ++c) {
        const QString full = model.headerData(c, Qt::Horizontal).toString();
        const QString brief = model.headerData(c, Qt::Horizontal, ArchitectureTableModel::ShortHeaderRole).toString();
        QVERIFY2(!brief.isEmpty() && brief.size() <= std::max<qsizetype>(10, full.size()), qPrintable(full));
        QVERIFY2(!model.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(), qPrintable(full));
    }
    const int acc = model.columnOf(ArchitectureTableModel::MaxAccuracy);
    QCOMPARE(model.headerData(acc, Qt::Horizontal).toString(), QStringLiteral("MaxAccuracy"));
}

void TestModels::sessionKeepsTheRequestedCutoff()
{
    // A table without epochs (a schemes file) clamps the cutoff to 0 for itself only.
    Session session;
    session.setDataset(synthetic(60, 12), QString());
    session.setCutoff(9);
    core::Dataset schemesOnly = test::syntheticDataset(40, 0, 5);
    for (auto& row : schemesOnly.rows)
        row.maxAccuracy = core::kMissing;
    QSignalSpy settings(&session, &Session::settingsChanged);
    session.setDataset(std::make_shared<const core::Dataset>(schemesOnly), QString());
    QCOMPARE(session.settings().cutoff, 0);
    QCOMPARE(session.requestedCutoff(), 9);
    QCOMPARE(settings.count(), 1); // the clamp is a settings change the views must see
    session.setRegressor(QStringLiteral("5-NN")); // passes the clamped 0 back: not a request
    QCOMPARE(session.requestedCutoff(), 9);
    session.setDataset(synthetic(60, 12), QString());
    QCOMPARE(session.settings().cutoff, 9);
    session.setDataset(synthetic(60, 6), QString());
    QCOMPARE(session.settings().cutoff, 6);
    session.setCutoff(4); // a new request
    session.setDataset(synthetic(60, 12), QString());
    QCOMPARE(session.settings().cutoff, 4);
    QCOMPARE(session.requestedCutoff(), 4);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
