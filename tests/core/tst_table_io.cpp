// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sstream>

#include "naap/core/data/dataset.h"
#include "naap/core/data/locate.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "test_paths.h"

using namespace naap::core;

class TestTableIo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsPublished_data();
    void readsPublished();
    void writerReproducesPublishedBytes_data();
    void writerReproducesPublishedBytes();
    void formats_data();
    void formats();
    void missingValues();
    void absentColumns_data();
    void absentColumns();
    void halfV2Columns_data();
    void halfV2Columns();
    void numberText_data();
    void numberText();
    void roundTrip_data();
    void roundTrip();
    void badInput_data();
    void badInput();
    void ioErrors();
    void splitRule_data();
    void splitRule();
    void splitRuleOnPublished();
    void locate();
};

namespace {

const QByteArray kHeader = "ModelId,IsTest,NumParams,NumMACs,NumLayers,NumStages,FirstLayerWidth,LastLayerWidth,"
                           "MaxAccuracy,e1LossMean,e1LossMedian,e1Accuracy,e2LossMean,e2LossMedian,e2Accuracy";
const QByteArray kRow = "1,0,2566,231600,3,2,12,16,0.5888,1.8651,1.8116,0.3625,1.607,1.6062,0.4093";

TableReadResult readText(const QByteArray& content)
{
    std::istringstream in(content.toStdString());
    return readTableCsv(in, "test.csv");
}

QString published(const QString& name)
{
    const QString dir = naap::test::naap440Dir();
    return dir.isEmpty() ? QString() : dir + "/" + name;
}

bool same(double a, double b) { return (isMissing(a) && isMissing(b)) || a == b; }

// Every cell of two datasets identical (NaN equals NaN).
void compareDatasets(const Dataset& a, const Dataset& b)
{
    QCOMPARE(a.rows.size(), b.rows.size());
    QCOMPARE(a.numEpochs, b.numEpochs);
    QCOMPARE(a.version, b.version);
    QVERIFY(a.extraColumns == b.extraColumns);
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        const ArchitectureRow& x = a.rows[i];
        const ArchitectureRow& y = b.rows[i];
        QCOMPARE(x.modelId, y.modelId);
        QCOMPARE(x.isTest, y.isTest);
        const SchemeFields& s = x.scheme;
        const SchemeFields& t = y.scheme;
        QVERIFY(same(s.numParams, t.numParams) && same(s.numMACs, t.numMACs) && same(s.numLayers, t.numLayers) &&
                same(s.numStages, t.numStages) && same(s.firstLayerWidth, t.firstLayerWidth) &&
                same(s.lastLayerWidth, t.lastLayerWidth) && same(s.numSkipConnections, t.numSkipConnections) &&
                same(s.numPartialRFLayers, t.numPartialRFLayers));
        QVERIFY(same(x.maxAccuracy, y.maxAccuracy));
        QCOMPARE(x.epochs.size(), y.epochs.size());
        for (std::size_t e = 0; e < x.epochs.size(); ++e) {
            QVERIFY(same(x.epochs[e].lossMean, y.epochs[e].lossMean));
            QVERIFY(same(x.epochs[e].lossMedian, y.epochs[e].lossMedian));
            QVERIFY(same(x.epochs[e].accuracy, y.epochs[e].accuracy));
        }
        QVERIFY(x.extra == y.extra);
    }
}

} // namespace

void TestTableIo::readsPublished_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("version");
    QTest::newRow("v1") << "naap440.csv" << 1;
    QTest::newRow("v2") << "naap440v2.csv" << 2;
}

void TestTableIo::readsPublished()
{
    QFETCH(QString, file);
    QFETCH(int, version);
    if (published(file).isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const TableReadResult r = readTableCsv(published(file).toStdString());
    const Dataset& ds = r.dataset;
    QVERIFY(r.warnings.empty());
    QCOMPARE(static_cast<int>(ds.version), version);
    QCOMPARE(ds.rows.size(), std::size_t(440));
    QCOMPARE(ds.numEpochs, 90);
    QCOMPARE(ds.numTest(), 40);
    QCOMPARE(ds.numTrain(), 400);
    QCOMPARE(ds.missingCells(), 0L);
    QVERIFY(ds.extraColumns.empty());
    const ArchitectureRow& first = ds.rows.front();
    QCOMPARE(first.modelId, 1);
    QCOMPARE(first.scheme.numParams, 2566.0);
    QCOMPARE(first.scheme.numMACs, 231600.0);
    QCOMPARE(first.maxAccuracy, 0.5888);
    QCOMPARE(first.epochs[0].lossMean, 1.8651);
    QCOMPARE(first.epochs[1].lossMean, 1.607);
    QCOMPARE(first.completeEpochs(), 90);
    QCOMPARE(ds.indexOfModel(440), 439);
    QCOMPARE(ds.indexOfModel(441), -1);
    QCOMPARE(isMissing(first.scheme.numSkipConnections), version == 1);
}

void TestTableIo::writerReproducesPublishedBytes_data() { readsPublished_data(); }

void TestTableIo::writerReproducesPublishedBytes()
{
    // Shortest round-trip numbers give the published text back, byte for byte (but LF).
    QFETCH(QString, file);
    QFETCH(int, version);
    if (published(file).isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const TableReadResult r = readTableCsv(published(file).toStdString());
    std::ostringstream out;
    writeTableCsv(r.dataset, out, static_cast<TableVersion>(version));
    QFile f(published(file));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray expected = f.readAll().replace("\r\n", "\n");
    QCOMPARE(QByteArray::fromStdString(out.str()), expected);
}

void TestTableIo::formats_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("extra");
    QTest::newRow("lf") << kHeader + "\n" + kRow + "\n" << "";
    QTest::newRow("crlf") << kHeader + "\r\n" + kRow + "\r\n" << "";
    QTest::newRow("noFinalNewline") << kHeader + "\n" + kRow << "";
    QTest::newRow("bom") << "\xEF\xBB\xBF" + kHeader + "\r\n" + kRow + "\r\n" << "";
    QTest::newRow("blankLines") << kHeader + "\n\n" + kRow + "\n\n" << "";
    QTest::newRow("quoted") << "\"ModelId\"," + kHeader.mid(8) + "\n\"1\",0,2566,\"231600\"," + kRow.mid(16) + "\n"
                            << "";
    QTest::newRow("extraQuoted") << kHeader + ",Note\r\n" + kRow + ",\"a, \"\"b\"\"\r\nc\"\r\n" << "a, \"b\"\r\nc";
    QTest::newRow("extraPlain") << "Note," + kHeader + "\n hello ," + kRow + "\n" << " hello ";
    QTest::newRow("reordered") << "e2Accuracy,MaxAccuracy," + kHeader + "\n0.4093,0.5888," + kRow + "\n" << "";
}

void TestTableIo::formats()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, extra);
    if (QByteArray(QTest::currentDataTag()) == "reordered") {
        QVERIFY_THROWS_EXCEPTION(ParseError, readText(content)); // duplicate names
        return;
    }
    const TableReadResult r = readText(content);
    QVERIFY(r.warnings.empty());
    const Dataset& ds = r.dataset;
    QCOMPARE(ds.rows.size(), std::size_t(1));
    QCOMPARE(ds.numEpochs, 2);
    QCOMPARE(ds.version, TableVersion::V1);
    const ArchitectureRow& row = ds.rows.front();
    QCOMPARE(row.modelId, 1);
    QCOMPARE(row.isTest, 0);
    QCOMPARE(row.scheme.numMACs, 231600.0);
    QCOMPARE(row.maxAccuracy, 0.5888);
    QCOMPARE(row.epochs[1].accuracy, 0.4093);
    QCOMPARE(ds.extraColumns.size(), std::size_t(extra.isEmpty() ? 0 : 1));
    if (!extra.isEmpty()) {
        QCOMPARE(QString::fromStdString(ds.extraColumns[0]), QString("Note"));
        QCOMPARE(QString::fromStdString(row.extra[0]), extra);
    }
}

void TestTableIo::missingValues()
{
    const QByteArray content = kHeader + "\n" + kRow + "\n2,,2566,231600,3,2,12,16,,1.9,1.8,0.3,,,\n";
    const TableReadResult r = readText(content);
    QCOMPARE(r.warnings.size(), std::size_t(1));
    QCOMPARE(r.warnings[0].line, 3L);
    QVERIFY(QString::fromStdString(r.warnings[0].message).contains("ModelId 2 has 5 missing values"));
    const ArchitectureRow& row = r.dataset.rows[1];
    QCOMPARE(row.isTest, -1);
    QVERIFY(isMissing(row.maxAccuracy));
    QVERIFY(isMissing(row.epochs[1].lossMean));
    QCOMPARE(row.completeEpochs(), 1);
    QCOMPARE(r.dataset.missingCells(), 5L);
    QCOMPARE(r.dataset.numTest() + r.dataset.numTrain(), 1);
    // Empty counts are missing values, not the non-positive ones that are rejected.
    const Dataset counts = readText(kHeader + "\n3,0,,,3,2,12,16,0.5,1,1,1,1,1,1\n").dataset;
    QVERIFY(isMissing(counts.rows[0].scheme.numParams) && isMissing(counts.rows[0].scheme.numMACs));
}

void TestTableIo::absentColumns_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("absent");
    QTest::newRow("complete") << kHeader + "\n" + kRow + "\n" << QStringList{};
    QTest::newRow("noNumMACs") << QByteArray(kHeader).replace("NumMACs,", "") + "\n" +
                                      QByteArray(kRow).replace(",231600", "") + "\n"
                               << QStringList{"NumMACs"};
    // A v1 table lacks the v2 columns by design; a v2 table is recognised by them.
    QTest::newRow("v2Minimal") << QByteArray("ModelId,NumSkipConnections,NumPartialRFLayers,MaxAccuracy\n1,0,0,0.5\n")
                               << QStringList{"IsTest", "NumParams", "NumMACs", "NumLayers", "NumStages",
                                              "FirstLayerWidth", "LastLayerWidth"};
}

void TestTableIo::absentColumns()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, absent);
    const TableReadResult r = readText(content);
    QStringList found;
    for (const std::string& c : r.dataset.absentColumns)
        found << QString::fromStdString(c);
    QCOMPARE(found, absent);
    QVERIFY(r.warnings.empty()); // an absent column is not a missing cell in every row
}

void TestTableIo::halfV2Columns_data()
{
    QTest::addColumn<QByteArray>("present");
    QTest::addColumn<QString>("missing");
    QTest::newRow("noNumPartialRFLayers") << QByteArray("NumSkipConnections") << "NumPartialRFLayers";
    QTest::newRow("noNumSkipConnections") << QByteArray("NumPartialRFLayers") << "NumSkipConnections";
}

void TestTableIo::halfV2Columns()
{
    QFETCH(QByteArray, present);
    QFETCH(QString, missing);
    // A v2 table that lost one of its two v2 columns: read as v1, with a warning on the header.
    const QByteArray content = "\n" + QByteArray(kHeader).replace("LastLayerWidth,", "LastLayerWidth," + present + ",") +
                               "\n" + QByteArray(kRow).replace(",16,0.5888", ",16,1,0.5888") + "\n";
    const TableReadResult r = readText(content);
    QCOMPARE(r.dataset.version, TableVersion::V1);
    QCOMPARE(r.dataset.rows.size(), std::size_t(1));
    QCOMPARE(r.dataset.rows[0].maxAccuracy, 0.5888);
    QCOMPARE(r.warnings.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(r.warnings[0].file), QString("test.csv"));
    QCOMPARE(r.warnings[0].line, 2L);
    const QString what = QString::fromStdString(r.warnings[0].message);
    QVERIFY2(what.contains("but not " + missing) && what.endsWith("so it is read as a v1 table."), qPrintable(what));
    // Both v2 columns, or neither: no warning.
    QVERIFY(readText(kHeader + "\n" + kRow + "\n").warnings.empty());
}

void TestTableIo::numberText_data()
{
    // Integer columns as integers; float columns as Python's repr(), like the published files.
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("intColumn");
    QTest::addColumn<QString>("floatColumn");
    QTest::newRow("integer") << 2566.0 << "2566" << "2566.0";
    QTest::newRow("one") << 1.0 << "1" << "1.0";
    QTest::newRow("fourDecimals") << 0.5869 << "0.5869" << "0.5869";
    QTest::newRow("shortest") << 1.607 << "1.607" << "1.607";
    QTest::newRow("noisy") << 0.1 + 0.2 << "0.30000000000000004" << "0.30000000000000004";
    QTest::newRow("small") << 0.0001 << "0.0001" << "0.0001";
    QTest::newRow("tiny") << 1.5e-5 << "1.5e-05" << "1.5e-05";
    QTest::newRow("large") << 1e15 << "1000000000000000" << "1000000000000000.0";
    QTest::newRow("huge") << 1e16 << "1e+16" << "1e+16";
    QTest::newRow("negative") << -2.5 << "-2.5" << "-2.5";
    QTest::newRow("zero") << 0.0 << "0" << "0.0";
}

void TestTableIo::numberText()
{
    QFETCH(double, value);
    QFETCH(QString, intColumn);
    QFETCH(QString, floatColumn);
    Dataset ds;
    ArchitectureRow row;
    row.modelId = 3;
    row.scheme.numLayers = value; // NumParams would reject the zero and the negative
    row.maxAccuracy = value;
    ds.rows.push_back(row);
    std::ostringstream out;
    writeTableCsv(ds, out, TableVersion::V1);
    const QString text = QString::fromStdString(out.str());
    QCOMPARE(text.section('\n', 1, 1), QString("3,,,,%1,,,,%2").arg(intColumn, floatColumn));
    const Dataset back = readText(out.str().c_str()).dataset;
    QCOMPARE(back.rows[0].scheme.numLayers, value);
    QCOMPARE(back.rows[0].maxAccuracy, value);
}

void TestTableIo::roundTrip_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("version");
    QTest::newRow("missing") << kHeader + "\n" + kRow + "\n2,,1,2,3,4,5,6,,0.1,0.2,0.3,,,\n" << 1;
    QTest::newRow("extra") << kHeader + ",Note,Tag\n" + kRow + ",\"x,y\",\"q\"\"\"\n" << 1;
    QTest::newRow("shortestForm") << kHeader + "\n1,1,1e20,0.30000000000000004,-3,2.5e-7,12,16,1,1,1,1,1,1,1\n" << 1;
    QTest::newRow("v2") << QByteArray("ModelId,IsTest,NumSkipConnections,NumPartialRFLayers,MaxAccuracy\n7,1,1,0,0.5\n8,,,,\n") << 2;
}

void TestTableIo::roundTrip()
{
    QFETCH(QByteArray, content);
    QFETCH(int, version);
    const TableReadResult r = readText(content);
    QCOMPARE(static_cast<int>(r.dataset.version), version);
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/out.csv").toStdString();
    writeTableCsv(r.dataset, path, r.dataset.version);
    TableReadResult back = readTableCsv(path);
    QCOMPARE(back.dataset.sourcePath, path);
    back.dataset.sourcePath.clear();
    compareDatasets(r.dataset, back.dataset);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
}

void TestTableIo::badInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<long>("line");
    QTest::addColumn<QString>("fragment");
    const QByteArray h = kHeader + "\n";
    QTest::newRow("empty") << QByteArray() << 1L << "found an empty file";
    QTest::newRow("onlyBlankLines") << QByteArray("\n\r\n\n") << 1L << "found only blank lines";
    QTest::newRow("nonNumeric") << h + "1,0,2566,abc,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                                << "expected a number in column NumMACs, found \"abc\"";
    QTest::newRow("nanCell") << h + "1,0,2566,nan,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                             << "column NumMACs, found \"nan\" (a missing value is an empty cell).";
    QTest::newRow("naCell") << h + "1,0,2566,1,3,2,12,16,0.5888,1,1,NA,1,1,1\n" << 2L
                            << "found \"NA\" (a missing value is an empty cell).";
    QTest::newRow("nanPrefix") << h + "1,0,2566,nanx,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                               << "found \"nanx\".";
    // NumParams and NumMACs enter the features as logs: a count of 0 or less is bad input.
    QTest::newRow("zeroParams") << h + "1,0,0,231600,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                                << "expected a positive number in column NumParams, found \"0\"";
    QTest::newRow("negativeMACs") << h + kRow + "\n2,0,2566,-5,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 3L
                                  << "expected a positive number in column NumMACs, found \"-5\"";
    QTest::newRow("badModelId") << h + "1.5,0,2566,1,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                                << "expected a non-negative integer in column ModelId, found \"1.5\"";
    QTest::newRow("emptyModelId") << h + ",0,2566,1,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L << "expected a ModelId";
    QTest::newRow("badIsTest") << h + "1,2,2566,1,3,2,12,16,0.5888,1,1,1,1,1,1\n" << 2L
                               << "expected 0 or 1 in column IsTest, found \"2\"";
    QTest::newRow("shortRow") << h + kRow + "\n2,0,1\n" << 3L << "expected 15 fields as in the header, found 3";
    QTest::newRow("longRow") << h + kRow + ",9\n" << 2L << "expected 15 fields as in the header, found 16";
    QTest::newRow("truncated") << h + kRow + "\n" + kRow.left(20) << 3L << "ends in the middle of a row";
    QTest::newRow("noModelId") << kHeader.mid(8) + "\n" + kRow.mid(2) + "\n" << 1L << "expected a column named ModelId";
    QTest::newRow("noMaxAccuracy") << QByteArray("ModelId,IsTest\n1,0\n") << 1L << "column named MaxAccuracy";
    QTest::newRow("duplicateColumn") << QByteArray("ModelId,MaxAccuracy,ModelId\n1,0.5,1\n") << 1L
                                     << "found \"ModelId\" at columns 1 and 3";
    QTest::newRow("emptyColumnName") << QByteArray("ModelId,,MaxAccuracy\n1,2,0.5\n") << 1L << "empty one at column 2";
    QTest::newRow("duplicateModelId") << h + kRow + "\n" + kRow + "\n" << 3L << "found 1 again (first on line 2)";
    QTest::newRow("epochTriple") << QByteArray("ModelId,MaxAccuracy,e1LossMean,e1Accuracy\n1,0.5,1,0.4\n") << 1L
                                 << "expected the column e1LossMedian";
    QTest::newRow("epochGap") << QByteArray("ModelId,MaxAccuracy,e2LossMean,e2LossMedian,e2Accuracy\n") << 1L
                              << "expected the column e1LossMean";
    QTest::newRow("nulBytes") << h + QByteArray("1,0\0\0\0", 7) << 2L << "control byte 0x00";
    QTest::newRow("invalidUtf8") << h + "1,0,\xff\xfe\n" << 2L << "expected UTF-8 text";
    QTest::newRow("unterminatedQuote") << h + "1,\"0,2566\n" << 2L << "expected a closing quote";
    QTest::newRow("strayQuote") << h + "1,0\"x,2566\n" << 2L << "found one inside an unquoted field";
    QTest::newRow("afterQuote") << h + "1,\"0\"x,2566\n" << 2L << "after a closing quote";
}

void TestTableIo::badInput()
{
    QFETCH(QByteArray, content);
    QFETCH(long, line);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "bad.csv", content);
    try {
        readTableCsv(path.toStdString());
        QFAIL("expected a ParseError");
    } catch (const ParseError& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(fragment), qPrintable(what));
        QVERIFY2(what.startsWith(path + ", line " + QString::number(line) + ": "), qPrintable(what));
        QCOMPARE(e.line(), line);
    }
}

void TestTableIo::ioErrors()
{
    try {
        readTableCsv("/nonexistent/naap.csv");
        QFAIL("expected an IoError");
    } catch (const IoError& e) {
        QVERIFY2(QString(e.what()).startsWith("Cannot open /nonexistent/naap.csv: "), e.what());
    }
    const Dataset ds = readText(kHeader + "\n" + kRow + "\n").dataset;
    QVERIFY_THROWS_EXCEPTION(IoError, writeTableCsv(ds, "/nonexistent/out.csv", TableVersion::V1));
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(IoError, readTableCsv(dir.path().toStdString())); // a folder
}

void TestTableIo::splitRule_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("expectedTest");
    QTest::addColumn<int>("firstTestRank");
    QTest::newRow("440") << 440 << 40 << 5;  // size 11: ranks 5, 16, ...
    QTest::newRow("80") << 80 << 40 << 1;    // size 2: ranks 1, 3, ...
    QTest::newRow("420") << 420 << 40 << 5;  // round(10.5) = 10 (half to even, as Python)
    QTest::newRow("60") << 60 << 30 << 1;    // round(1.5) = 2: bins past row 60 are empty
}

void TestTableIo::splitRule()
{
    QFETCH(int, n);
    QFETCH(int, expectedTest);
    QFETCH(int, firstTestRank);
    Dataset ds;
    // Accuracy rank r belongs to ModelId n - r; two rows per accuracy value: ties break by ModelId.
    for (int id = 1; id <= n; ++id) {
        ArchitectureRow row;
        row.modelId = id;
        row.maxAccuracy = 0.001 * ((n - id) / 2);
        ds.rows.push_back(row);
    }
    ArchitectureRow unfinished;
    unfinished.modelId = n + 1;
    ds.rows.push_back(unfinished);
    applySplitRule(ds, 40);
    QCOMPARE(ds.numTest(), expectedTest);
    QCOMPARE(ds.numTrain(), n - expectedTest);
    QCOMPARE(ds.rows.back().isTest, -1);
    // Rank r in (MaxAccuracy, ModelId) order.
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const auto& x = ds.rows[static_cast<std::size_t>(a)];
        const auto& y = ds.rows[static_cast<std::size_t>(b)];
        return x.maxAccuracy != y.maxAccuracy ? x.maxAccuracy < y.maxAccuracy : x.modelId < y.modelId;
    });
    for (int r = 0; r < firstTestRank; ++r)
        QCOMPARE(ds.rows[static_cast<std::size_t>(order[static_cast<std::size_t>(r)])].isTest, 0);
    QCOMPARE(ds.rows[static_cast<std::size_t>(order[static_cast<std::size_t>(firstTestRank)])].isTest, 1);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, applySplitRule(ds, 0));
}

void TestTableIo::splitRuleOnPublished()
{
    if (published("naap440.csv").isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const Dataset original = readTableCsv(published("naap440.csv").toStdString()).dataset;
    Dataset ds = original;
    applySplitRule(ds, 40);
    QCOMPARE(ds.numTest(), 40);
    int differing = 0;
    for (std::size_t i = 0; i < ds.rows.size(); ++i) {
        if (ds.rows[i].isTest == original.rows[i].isTest)
            continue;
        ++differing;
        int ties = 0; // the published script broke MaxAccuracy ties by directory order
        for (const ArchitectureRow& other : ds.rows)
            ties += other.maxAccuracy == ds.rows[i].maxAccuracy;
        QVERIFY2(ties > 1, qPrintable(QString("ModelId %1").arg(ds.rows[i].modelId)));
    }
    QVERIFY(differing <= 2);
}

void TestTableIo::locate()
{
    QTemporaryDir dir;
    const QString d = dir.path();
    QVERIFY(QDir(d).mkpath("both") && QDir(d).mkpath("onlyV2") && QDir(d).mkpath("none"));
    naap::test::writeFile(d + "/both", "naap440.csv", kHeader);
    naap::test::writeFile(d + "/both", "naap440v2.csv", kHeader);
    naap::test::writeFile(d + "/onlyV2", "naap440v2.csv", kHeader);
    auto resolve = [](const QString& p) { return QString::fromStdString(resolveDatasetPath(p.toStdString())); };
    QCOMPARE(resolve(d + "/both"), d + "/both/naap440.csv");
    QCOMPARE(resolve(d + "/onlyV2"), d + "/onlyV2/naap440v2.csv");
    QCOMPARE(resolve(d + "/both/naap440v2.csv"), d + "/both/naap440v2.csv");
    QVERIFY_THROWS_EXCEPTION(IoError, resolveDatasetPath((d + "/none").toStdString()));
    QVERIFY_THROWS_EXCEPTION(IoError, resolveDatasetPath((d + "/missing.csv").toStdString()));

    const QByteArray savedData = qgetenv("NAAP_DATA_DIR");
    const QByteArray savedXdg = qgetenv("XDG_DATA_HOME");
    qputenv("NAAP_DATA_DIR", (d + "/onlyV2").toUtf8());
    qputenv("XDG_DATA_HOME", (d + "/xdg").toUtf8());
    QCOMPARE(QString::fromStdString(userDataDir()), d + "/xdg/naap-workbench/naap440");
    const auto path = datasetSearchPath((d + "/both").toStdString());
    QVERIFY(path.size() >= 4);
    QCOMPARE(QString::fromStdString(path[0]), d + "/both");
    QCOMPARE(QString::fromStdString(path[1]), d + "/onlyV2");
    QCOMPARE(QString::fromStdString(path[2]), d + "/xdg/naap-workbench/naap440");
    QVERIFY(QString::fromStdString(path.back()).endsWith("shared/datasets/naap440"));
    QCOMPARE(resolve("v2"), d + "/onlyV2/naap440v2.csv");
    QCOMPARE(QString::fromStdString(*findDatasetFile("naap440v2.csv", (d + "/both").toStdString())),
             d + "/both/naap440v2.csv");
    QVERIFY(!findDatasetFile("no-such-file.csv"));
    qputenv("NAAP_DATA_DIR", savedData);
    if (savedXdg.isEmpty())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", savedXdg);
    if (savedData.isEmpty())
        qunsetenv("NAAP_DATA_DIR");
}

QTEST_APPLESS_MAIN(TestTableIo)
#include "tst_table_io.moc"
