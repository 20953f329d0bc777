// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <memory>
#include <sstream>

#include "export_actions.h"
#include "main_window.h"
#include "naap/core/protocol/protocol.h"
#include "naap/core/protocol/report_format.h"
#include "panels/training_panel.h"
#include "session.h"
#include "synthetic_dataset.h"
#include "util/export.h"
#include "views/curves_chart.h"
#include "views/metric_chart.h"
#include "views/scatter_chart.h"
#include "views/training_curves_chart.h"

using namespace naap;
using namespace naap::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A chart of each kind with some data.
std::unique_ptr<ChartWidget> makeChart(const QString& kind)
{
    if (kind == QLatin1String("curves")) {
        auto chart = std::make_unique<CurvesChart>();
        QList<QList<QPointF>> overview;
        for (int i = 0; i < 50; ++i) {
            QList<QPointF> c;
            for (int e = 1; e <= 30; ++e)
                c.append(QPointF(e, 0.2 + 0.01 * i + 0.015 * e));
            overview.append(c);
        }
        chart->setOverview(overview);
        chart->setCurves({{7, QStringLiteral("ModelId 7"), overview[3], false}});
        chart->setCutoff(9);
        return chart;
    }
    if (kind == QLatin1String("training")) {
        auto chart = std::make_unique<TrainingCurvesChart>();
        QList<QPointF> live, stored;
        for (int e = 1; e <= 90; ++e)
            stored.append(QPointF(e, 0.3 + 0.005 * e));
        for (int e = 1; e <= 12; ++e)
            live.append(QPointF(e, 0.28 + 0.006 * e));
        chart->setTitle(QStringLiteral("ModelId 7 — synthetic data on cpu, running"));
        chart->setEpochs(40);
        chart->setStored(stored, QStringLiteral("Stored in the dataset"));
        chart->setLive(live, QStringLiteral("This run (synthetic)"));
        chart->setCutoff(9);
        chart->setPrediction(0.71);
        return chart;
    }
    if (kind == QLatin1String("scatter")) {
        auto chart = std::make_unique<ScatterChart>();
        chart->setPoints({0.5, 0.6, 0.7, 0.8}, {0.55, 0.52, 0.75, 0.7}, {0, 1, 2, 3}, {10, 11, 12, 13});
        chart->setHighlighted({2});
        chart->setShowViolations(true);
        return chart;
    }
    auto chart = std::make_unique<MetricChart>();
    chart->setMetricName(QStringLiteral("MAE"));
    chart->addPoints(QStringLiteral("5-NN"), {{0, 0.02}, {3, 0.015}, {6, 0.012}});
    chart->addPoints(QStringLiteral("Linear Regression"), {{0, 0.03}, {3, 0.02}, {6, 0.011}});
    return chart;
}

/// RFC 4180 parser for the round-trip test.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row.append(field);
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

std::shared_ptr<const core::Dataset> dataset()
{
    static const auto d = std::make_shared<const core::Dataset>(test::syntheticDataset(120, 6, 3));
    return d;
}

core::ProtocolReport protocol()
{
    core::ProtocolOptions options;
    options.models = {"Linear Regression", "5-NN"};
    options.cutoffs = {0, 3};
    options.seeds = {1, 2};
    return core::runProtocol(*dataset(), options);
}

int nonWhitePixels(const QImage& image, const QRect& area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); y += 2)
        for (int x = area.left(); x <= area.right(); x += 2)
            if ((image.pixel(x, y) & 0xffffff) != 0xffffff)
                ++n;
    return n;
}

} // namespace

class TstExports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chartExports_data();
    void chartExports();
    void defaultFileNames_data();
    void defaultFileNames();
    void typedNamesGetTheChosenSuffix_data();
    void typedNamesGetTheChosenSuffix();
    void appendedSuffixAsksBeforeReplacing();
    void exportMenuHasEveryChart();
    void pngSizeAndContent();
    void exportLeavesShownChartUnchanged();
    void chartExportErrors();
    void modelCsvRoundTrip();
    void modelCsvRawValues();
    void predictionsCsv();
    void leaderboardFormats();
    void writeErrors();
};

void TstExports::initTestCase()
{
    // The window below keeps its settings away from the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("NAAPTest"));
    QCoreApplication::setApplicationName(QStringLiteral("ExportsTest"));
}

void TstExports::chartExports_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("suffix");
    for (const char* kind : {"curves", "scatter", "metric", "training"})
        for (const char* suffix : {"png", "svg", "pdf"})
            QTest::addRow("%s.%s", kind, suffix) << QString::fromLatin1(kind) << QString::fromLatin1(suffix);
}

void TstExports::chartExports()
{
    QFETCH(QString, kind);
    QFETCH(QString, suffix);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto chart = makeChart(kind); // never shown
    const QString path = dir.filePath(kind + QLatin1Char('.') + suffix);
    QString error;
    QVERIFY2(chart->exportTo(path, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 100);
    // Only the file itself: no temporary left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QFileInfo(path).fileName()});

    if (suffix == QLatin1String("png")) {
        QVERIFY(bytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));
        const QImage image = QImage::fromData(bytes, "PNG");
        QCOMPARE(image.size(), QSize(2400, 1600)); // 1200×800 at pixel ratio 2
    } else if (suffix == QLatin1String("svg")) {
        QXmlStreamReader xml(bytes);
        bool sawSvg = false;
        int paths = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (xml.name() == QLatin1String("svg"))
                    sawSvg = true;
                if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))
                    ++paths;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);
        QVERIFY(paths > 3); // vector content, not one embedded image
    } else {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    }
}

void TstExports::defaultFileNames_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("name");
    QTest::newRow("scatter") << QStringLiteral("Predicted vs actual — Random Forest (N=100), cutoff 3")
                             << QStringLiteral("predicted-vs-actual-random-forest-n100-cutoff3.png");
    QTest::newRow("plain") << QStringLiteral("Learning curves") << QStringLiteral("learning-curves.png");
    QTest::newRow("brackets") << QStringLiteral("Learning curves (loss)") << QStringLiteral("learning-curves-loss.png");
    QTest::newRow("training") << QStringLiteral("Training curves") << QStringLiteral("training-curves.png");
    QTest::newRow("metric") << QStringLiteral("Kendall τ-b against the cutoff")
                            << QStringLiteral("kendall-b-against-the-cutoff.png");
    QTest::newRow("decimal") << QStringLiteral("Predicted vs actual — Linear Regression (D=0.5), cutoff 12")
                             << QStringLiteral("predicted-vs-actual-linear-regression-d0-5-cutoff12.png");
    QTest::newRow("accents, slashes") << QStringLiteral("Précision / rappel: 5-NN")
                                      << QStringLiteral("precision-rappel-5-nn.png");
    QTest::newRow("nothing usable") << QStringLiteral("— τ —") << QStringLiteral("chart.png");
}

void TstExports::typedNamesGetTheChosenSuffix_data()
{
    // A name typed without a suffix into Qt's save dialog comes back as typed: the chosen
    // filter says the format (a chart export would fail for want of .png/.svg/.pdf, a
    // leaderboard meant as Markdown would be written as CSV).
    const QString charts = QStringLiteral("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
    const QString board = QStringLiteral("CSV (*.csv);;Markdown (*.md);;LaTeX (*.tex)");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("filters");
    QTest::addColumn<QString>("selected");
    QTest::addColumn<QString>("path");
    QTest::newRow("svg chosen") << "/tmp/curves" << charts << "SVG drawing (*.svg)" << "/tmp/curves.svg";
    QTest::newRow("pdf chosen") << "/tmp/fig.v2" << charts << "PDF document (*.pdf)" << "/tmp/fig.v2.pdf";
    QTest::newRow("markdown chosen") << "/tmp/board" << board << "Markdown (*.md)" << "/tmp/board.md";
    QTest::newRow("latex chosen") << "/tmp/board" << board << "LaTeX (*.tex)" << "/tmp/board.tex";
    QTest::newRow("typed suffix wins") << "/tmp/board.MD" << board << "CSV (*.csv)" << "/tmp/board.MD";
    QTest::newRow("typed png, svg chosen") << "/tmp/a.png" << charts << "SVG drawing (*.svg)" << "/tmp/a.png";
    QTest::newRow("no filter reported") << "/tmp/board" << board << "" << "/tmp/board";
}

void TstExports::typedNamesGetTheChosenSuffix()
{
    QFETCH(QString, typed);
    QFETCH(QString, filters);
    QFETCH(QString, selected);
    QFETCH(QString, path);
    QCOMPARE(ExportActions::withFilterSuffix(typed, filters, selected), path);
}

void TstExports::appendedSuffixAsksBeforeReplacing()
{
    // The dialog asked about "board" only: an existing "board.md" must not be replaced unasked.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString typed = dir.filePath(QStringLiteral("board"));
    const QString appended = typed + QStringLiteral(".md");
    QVERIFY(!ExportActions::needsReplaceQuestion(typed, appended)); // nothing there yet
    QFile existing(appended);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.close();
    QVERIFY(ExportActions::needsReplaceQuestion(typed, appended));
    // A name the dialog itself returned was confirmed there.
    QVERIFY(!ExportActions::needsReplaceQuestion(appended, appended));
}

void TstExports::defaultFileNames()
{
    QFETCH(QString, title);
    QFETCH(QString, name);
    QCOMPARE(ExportActions::defaultFileName(title), name);
    static const QRegularExpression clean(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*\\.png$"));
    QVERIFY(clean.match(name).hasMatch());
    QCOMPARE(ExportActions::defaultFileName(title, QStringLiteral("svg")), name.chopped(3) + QStringLiteral("svg"));

    // The scatter's own title, as the panel sets it.
    ScatterChart chart;
    chart.setContext(QStringLiteral("Random Forest (N=100), cutoff 3"));
    QCOMPARE(ExportActions::defaultFileName(chart.chartTitle()),
             QStringLiteral("predicted-vs-actual-random-forest-n100-cutoff3.png"));
}

void TstExports::exportMenuHasEveryChart()
{
    MainWindow window;
    window.setQuiet(true);
    ExportActions* exports = window.exportActions();
    TrainingCurvesChart* training = window.trainingPanel()->chart();
    // Every chart of the window, the training panel's included, is in the list and the menu.
    for (const ChartWidget* chart : window.findChildren<ChartWidget*>())
        QVERIFY2(exports->charts().contains(chart), qPrintable(chart->chartTitle()));
    QVERIFY(exports->charts().contains(training));
    QStringList entries;
    for (const QMenu* menu : window.menuBar()->findChildren<QMenu*>())
        for (const QAction* action : menu->actions())
            entries << action->text();
    QVERIFY2(entries.contains(QStringLiteral("Training Curves Chart…")), qPrintable(entries.join(QLatin1Char('|'))));

    QTemporaryDir dir;
    QString error;
    for (const char* suffix : {"png", "svg", "pdf"}) {
        const QString path = dir.filePath(ExportActions::defaultFileName(training->chartTitle(), QLatin1String(suffix)));
        QVERIFY2(exports->exportChart(training, path, &error), qPrintable(error));
        QVERIFY(QFileInfo(path).size() > 100);
    }
    QCOMPARE(QImage(dir.filePath(QStringLiteral("training-curves.png"))).size(), QSize(2400, 1500)); // 1200×750 ×2
}

void TstExports::pngSizeAndContent()
{
    QTemporaryDir dir;
    const auto chart = makeChart(QStringLiteral("curves"));
    const QString path = dir.filePath(QStringLiteral("small.png"));
    QString error;
    QVERIFY2(chart->exportTo(path, &error, QSize(640, 400)), qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(1280, 800));
    // The chart fills the requested size: there is drawing in every quadrant.
    const QRect all = image.rect();
    for (const QRect& q : {QRect(0, 0, all.width() / 2, all.height() / 2),
                           QRect(all.width() / 2, all.height() / 2, all.width() / 2, all.height() / 2)})
        QVERIFY(nonWhitePixels(image, q) > 100);
}

void TstExports::exportLeavesShownChartUnchanged()
{
    const auto chart = makeChart(QStringLiteral("scatter"));
    chart->resize(500, 400);
    chart->show();
    QVERIFY(QTest::qWaitForWindowExposed(chart.get()));
    const QImage before = chart->grab().toImage();
    QTemporaryDir dir;
    QString error;
    QVERIFY2(chart->exportTo(dir.filePath(QStringLiteral("a.png")), &error, QSize(1000, 900)), qPrintable(error));
    QCOMPARE(chart->grab().toImage(), before);
    // Without a size, a shown chart exports at its own size.
    QVERIFY(chart->exportTo(dir.filePath(QStringLiteral("b.png")), &error));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("b.png"))).size(), QSize(1000, 800));
}

void TstExports::chartExportErrors()
{
    QTemporaryDir dir;
    const auto chart = makeChart(QStringLiteral("metric"));
    QString error;
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/chart.png"));
    QVERIFY(!chart->exportTo(missing, &error));
    QVERIFY(error.contains(QStringLiteral("folder")));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no"))));
    error.clear();
    QVERIFY(!chart->exportTo(dir.filePath(QStringLiteral("chart.gif")), &error));
    QVERIFY(error.contains(QStringLiteral(".png")));
    QVERIFY(QDir(dir.path()).isEmpty());
}

void TstExports::modelCsvRoundTrip()
{
    QStandardItemModel model(0, 3);
    model.setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Note, with comma"), QStringLiteral("Value")});
    const QList<QStringList> cells{
        {QStringLiteral("plain"), QStringLiteral("say \"hi\""), QStringLiteral("1.5")},
        {QStringLiteral("two\nlines"), QString(), QStringLiteral("τ-b ρ R²")},
        {QStringLiteral("a,b"), QStringLiteral("\"\""), QStringLiteral("-0")},
    };
    for (const QStringList& row : cells) {
        QList<QStandardItem*> items;
        for (const QString& c : row)
            items.append(new QStandardItem(c));
        model.appendRow(items);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("table.csv"));
    QString error;
    QVERIFY2(writeModelCsv(&model, path, &error), qPrintable(error));
    const QList<QStringList> parsed = parseCsv(QString::fromUtf8(readAll(path)));
    QCOMPARE(parsed.size(), 4);
    QCOMPARE(parsed[0], (QStringList{QStringLiteral("Name"), QStringLiteral("Note, with comma"), QStringLiteral("Value")}));
    for (int r = 0; r < cells.size(); ++r)
        QCOMPARE(parsed[r + 1], cells[r]);
}

void TstExports::modelCsvRawValues()
{
    QStandardItemModel model(2, 2);
    model.setHorizontalHeaderLabels({QStringLiteral("A"), QStringLiteral("B")});
    model.setData(model.index(0, 0), QStringLiteral("0.10"));
    model.setData(model.index(0, 0), 0.1 + 0.2, kRawValueRole);
    model.setData(model.index(0, 1), QStringLiteral("n/a"));
    model.setData(model.index(0, 1), qQNaN(), kRawValueRole);
    model.setData(model.index(1, 0), QStringLiteral("shown"));
    model.setData(model.index(1, 1), QStringLiteral("x"));
    model.setData(model.index(1, 1), QStringLiteral("raw text"), kRawValueRole);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("raw.csv"));
    QString error;
    QVERIFY2(writeModelCsv(&model, path, &error), qPrintable(error));
    const QList<QStringList> parsed = parseCsv(QString::fromUtf8(readAll(path)));
    QCOMPARE(parsed.size(), 3);
    QCOMPARE(parsed[1][0].toDouble(), 0.1 + 0.2); // full precision, exactly
    QCOMPARE(parsed[1][1], QString());            // NaN → empty
    QCOMPARE(parsed[2], (QStringList{QStringLiteral("shown"), QStringLiteral("raw text")}));
    // Display text only, when asked.
    QVERIFY(writeModelCsv(&model, path, &error, -1));
    QCOMPARE(parseCsv(QString::fromUtf8(readAll(path)))[1][0], QStringLiteral("0.10"));
}

void TstExports::predictionsCsv()
{
    Session session;
    session.setDataset(dataset(), QString());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("predictions.csv"));
    QString error;
    QVERIFY(!writePredictionsCsv(session, path, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFileInfo::exists(path));

    const core::ProtocolReport report = protocol();
    const core::ProtocolCell& cell = report.cells[1]; // Linear Regression at cutoff 3
    session.setPrediction(std::make_shared<const core::ProtocolCell>(cell));
    QVERIFY2(writePredictionsCsv(session, path, &error), qPrintable(error));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(readAll(path)));
    QCOMPARE(rows.front(), QStringLiteral("Model,Cutoff,ModelId,Actual,Predicted,Error").split(QLatin1Char(',')));
    QCOMPARE(rows.size(), static_cast<qsizetype>(cell.testRowIndices.size() + 1));
    for (std::size_t i = 0; i < cell.testRowIndices.size(); ++i) {
        const QStringList& r = rows[static_cast<qsizetype>(i + 1)];
        QCOMPARE(r[0], QStringLiteral("Linear Regression"));
        QCOMPARE(r[1], QStringLiteral("3"));
        QCOMPARE(r[2].toInt(), dataset()->rows[static_cast<std::size_t>(cell.testRowIndices[i])].modelId);
        QCOMPARE(r[3].toDouble(), cell.truth[i]);
        QCOMPARE(r[4].toDouble(), cell.predicted[i]);
        QVERIFY(std::abs(r[5].toDouble() - (cell.predicted[i] - cell.truth[i])) < 1e-12);
    }
}

void TstExports::leaderboardFormats()
{
    const core::ProtocolReport report = protocol();
    QTemporaryDir dir;
    QString error;
    for (const char* format : {"csv", "markdown", "latex", "json"}) {
        const QString path = dir.filePath(QStringLiteral("board.") + QLatin1String(format));
        QVERIFY2(writeLeaderboard(report, path, QLatin1String(format), &error), qPrintable(error));
        // Byte for byte what `naap evaluate --format` prints.
        std::ostringstream expected;
        core::writeReport(report, *core::parseReportFormat(format), expected);
        QCOMPARE(readAll(path), QByteArray::fromStdString(expected.str()));
    }
    const QString csv = QString::fromUtf8(readAll(dir.filePath(QStringLiteral("board.csv"))));
    const QList<QStringList> rows = parseCsv(csv);
    QCOMPARE(rows.size(), 5); // header + 2 models × 2 cutoffs
    QCOMPARE(rows[0].mid(0, 4), (QStringList{QStringLiteral("Model"), QStringLiteral("Cutoff"),
                                             QStringLiteral("MeanAbsoluteError"), QStringLiteral("NumViolations")}));
    QCOMPARE(rows[1][0], QStringLiteral("Linear Regression"));
    const QString md = QString::fromUtf8(readAll(dir.filePath(QStringLiteral("board.markdown"))));
    QVERIFY(md.startsWith(QStringLiteral("| Model |")));
    QVERIFY(md.contains(QStringLiteral("|:---|")));
    QCOMPARE(md.count(QLatin1Char('\n')), 6);
    const QString tex = QString::fromUtf8(readAll(dir.filePath(QStringLiteral("board.latex"))));
    QVERIFY(tex.contains(QStringLiteral("\\begin{tabular}")));
    QVERIFY(tex.contains(QStringLiteral("\\bottomrule")));
    QVERIFY(tex.contains(QStringLiteral("5-NN")));

    QVERIFY(!writeLeaderboard(report, dir.filePath(QStringLiteral("board.x")), QStringLiteral("xml"), &error));
    QVERIFY(error.contains(QStringLiteral("xml")));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("board.x"))));
}

void TstExports::writeErrors()
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing/out.csv"));
    QStandardItemModel model(1, 1);
    QString error;
    QVERIFY(!writeModelCsv(&model, missing, &error));
    QVERIFY(error.startsWith(QStringLiteral("Cannot write")));
    QVERIFY(error.endsWith(QLatin1Char('.')));
    error.clear();
    QVERIFY(!writeLeaderboard(protocol(), missing, QStringLiteral("csv"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(QDir(dir.path()).isEmpty());
}

QTEST_MAIN(TstExports)
#include "tst_exports.moc"
