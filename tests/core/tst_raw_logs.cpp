// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "naap/core/data/raw_logs.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "test_paths.h"

using namespace naap::core;

class TestRawLogs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsPublishedLog();
    void regeneratesPublishedTables_data();
    void regeneratesPublishedTables();
    void lineEndings_data();
    void lineEndings();
    void incompleteLog_data();
    void incompleteLog();
    void cutLastLine_data();
    void cutLastLine();
    void nonFiniteValues();
    void badLog_data();
    void badLog();
    void folderToTable();
    void folderErrors_data();
    void folderErrors();
};

namespace {

const QByteArray kScheme = R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}, )"
                           R"({"kernel_size": 3, "width": 16, "stride": 2, "residual": false}, )"
                           R"({"kernel_size": 1, "width": 16, "stride": 1, "residual": false}])";

QByteArray header(const QByteArray& params = "2566")
{
    return "20220901141247 Network scheme: " + kScheme + "\n"
           "20220901141250 Network has been init on device cuda:0\n"
           "20220901141250 Network #params: " + params + ", #MACs: 231600\n"
           "20220901141251 Training set is ready\n"
           "20220901141251 Ready to start training\n";
}

QByteArray epoch(int e, const QByteArray& mean = "1.86513", const QByteArray& acc = "0.3625")
{
    return "20220901141252 Epoch " + QByteArray::number(e) + ", LR: 0.1\n"
           "20220901141310 Loss mean, median: " + mean + ", 1.81158\n"
           "20220901141314 Test accuracy: " + acc + "\n";
}

QByteArray log(int epochs)
{
    QByteArray s = header();
    for (int e = 1; e <= epochs; ++e)
        s += epoch(e, "1.5", QByteArray::number(0.3 + 0.01 * e));
    return s;
}

bool same(double a, double b) { return (isMissing(a) && isMissing(b)) || a == b; }

} // namespace

void TestRawLogs::readsPublishedLog()
{
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const RawLog log = readRawLog((dir + "/raw_data/scheme_1.txt").toStdString());
    QCOMPARE(log.modelId, 1);
    QCOMPARE(log.scheme.size(), std::size_t(3));
    QCOMPARE(QString::fromStdString(log.device), QString("cuda:0"));
    QCOMPARE(log.numParams, 2566.0);
    QCOMPARE(log.numMACs, 231600.0);
    QCOMPARE(log.epochs.size(), std::size_t(90));
    QCOMPARE(log.epochs[0].lossMean, 1.86513);
    QCOMPARE(log.epochs[0].lossMedian, 1.81158);
    QCOMPARE(log.epochs[0].accuracy, 0.3625);
    QCOMPARE(log.learningRates.size(), std::size_t(90));
    QCOMPARE(log.learningRates[1], 0.01);
    QCOMPARE(log.learningRates[2], 0.001);
    QVERIFY(log.warnings.empty());
}

void TestRawLogs::regeneratesPublishedTables_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("v1") << "naap440.csv";
    QTest::newRow("v2") << "naap440v2.csv";
}

void TestRawLogs::regeneratesPublishedTables()
{
    QFETCH(QString, file);
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    static const TableReadResult regenerated = readRawLogFolder((dir + "/raw_data").toStdString());
    QVERIFY(regenerated.warnings.empty());
    const Dataset published = readTableCsv((dir + "/" + file).toStdString()).dataset;
    const Dataset& ds = regenerated.dataset;
    QCOMPARE(ds.version, TableVersion::V2);
    QCOMPARE(ds.rows.size(), published.rows.size());
    QCOMPARE(ds.numEpochs, published.numEpochs);
    const bool v2 = published.version == TableVersion::V2;
    int isTestDiffs = 0;
    for (std::size_t i = 0; i < ds.rows.size(); ++i) {
        const ArchitectureRow& a = ds.rows[i];
        const ArchitectureRow& b = published.rows[i];
        const QByteArray id = "ModelId " + QByteArray::number(b.modelId);
        QCOMPARE(a.modelId, b.modelId);
        QVERIFY2(a.scheme.numParams == b.scheme.numParams && a.scheme.numMACs == b.scheme.numMACs &&
                     a.scheme.numLayers == b.scheme.numLayers && a.scheme.numStages == b.scheme.numStages &&
                     a.scheme.firstLayerWidth == b.scheme.firstLayerWidth &&
                     a.scheme.lastLayerWidth == b.scheme.lastLayerWidth,
                 id);
        if (v2)
            QVERIFY2(a.scheme.numSkipConnections == b.scheme.numSkipConnections &&
                         a.scheme.numPartialRFLayers == b.scheme.numPartialRFLayers,
                     id);
        QVERIFY2(a.maxAccuracy == b.maxAccuracy, id);
        for (std::size_t e = 0; e < a.epochs.size(); ++e) {
            const QByteArray where = id + " epoch " + QByteArray::number(int(e) + 1);
            QVERIFY2(a.epochs[e].lossMean == b.epochs[e].lossMean, where);
            QVERIFY2(a.epochs[e].lossMedian == b.epochs[e].lossMedian, where);
            QVERIFY2(a.epochs[e].accuracy == b.epochs[e].accuracy, where);
        }
        if (a.isTest != b.isTest) {
            // Allowed only where MaxAccuracy ties with a neighbour (SOURCE.md).
            ++isTestDiffs;
            int ties = 0;
            for (const ArchitectureRow& other : ds.rows)
                ties += other.maxAccuracy == a.maxAccuracy;
            QVERIFY2(ties > 1, id);
        }
    }
    QVERIFY(isTestDiffs <= 2);
    QCOMPARE(ds.numTest(), 40);
}

void TestRawLogs::lineEndings_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("lf") << log(2);
    QTest::newRow("crlf") << QByteArray(log(2)).replace("\n", "\r\n");
    QTest::newRow("noFinalNewline") << log(2).chopped(1);
    QTest::newRow("blankLines") << QByteArray(log(2)).replace("\n", "\n\n");
    // A CRLF log converted once more (sed 's/$/\r/' on the published logs) and a mix.
    QTest::newRow("crcrlf") << QByteArray(log(2)).replace("\n", "\r\r\n");
    QByteArray mixed = log(2);
    mixed.replace("ready\n", "ready\r\r\n").replace("0.1\n", "0.1\r\n");
    QTest::newRow("mixed") << mixed;
}

void TestRawLogs::lineEndings()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const RawLog log = readRawLog(naap::test::writeFile(dir.path(), "scheme_7.txt", content).toStdString());
    QCOMPARE(log.modelId, 7);
    QCOMPARE(log.epochs.size(), std::size_t(2));
    QCOMPARE(log.epochs[1].accuracy, 0.32);
    QCOMPARE(QString::fromStdString(log.device), QString("cuda:0"));
    QVERIFY(log.warnings.empty());
}

void TestRawLogs::incompleteLog_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("complete");
    QTest::addColumn<int>("warnings");
    const QByteArray epochLine = "20220901141252 Epoch 3, LR: 0.001\n";
    const QByteArray lossLine = "20220901141310 Loss mean, median: 1.5, 1.4\n";
    QTest::newRow("headerOnly") << header() << 0 << 0;
    QTest::newRow("afterEpochLine") << log(2) + epochLine << 2 << 1;
    QTest::newRow("afterLossLine") << log(2) + epochLine + lossLine << 2 << 1;
    QTest::newRow("resumed") << log(2) + epochLine + header() + epochLine + lossLine +
                                    "20220901141314 Test accuracy: 0.5\n"
                             << 3 << 1;
}

void TestRawLogs::incompleteLog()
{
    QFETCH(QByteArray, content);
    QFETCH(int, complete);
    QFETCH(int, warnings);
    QTemporaryDir dir;
    const RawLog log = readRawLog(naap::test::writeFile(dir.path(), "scheme_1.txt", content).toStdString());
    QCOMPARE(static_cast<int>(log.epochs.size()), complete);
    QCOMPARE(static_cast<int>(log.learningRates.size()), complete);
    QCOMPARE(static_cast<int>(log.warnings.size()), warnings);
    if (warnings > 0)
        QVERIFY(QString::fromStdString(log.warnings[0].message).contains("epoch 3"));
}

void TestRawLogs::cutLastLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<long>("cutLine");
    QTest::addColumn<int>("warnings");
    const QByteArray epochLine = "20220901141252 Epoch 3, LR: 0.001\n";
    QTest::newRow("inTimestamp") << log(2) + "2022090114" << 12L << 1;
    QTest::newRow("inEvent") << log(2) + "20220901141252 Epo" << 12L << 1;
    QTest::newRow("inEpoch") << log(2) + "20220901141252 Epoch 3, L" << 12L << 1;
    // The epoch it belonged to is dangling as well: one warning for each.
    QTest::newRow("inLoss") << log(2) + epochLine + "20220901141310 Loss mean, median: 1.5" << 13L << 2;
    QTest::newRow("inAccuracy") << log(2) + epochLine + "20220901141310 Loss mean, median: 1.5, 1.4\n"
                                    "20220901141314 Test accur"
                                << 14L << 2;
    QTest::newRow("crlf") << QByteArray(log(2)).replace("\n", "\r\n") + "20220901141252 Epo" << 12L << 1;
}

void TestRawLogs::cutLastLine()
{
    QFETCH(QByteArray, content);
    QFETCH(long, cutLine);
    QFETCH(int, warnings);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "scheme_2.txt", content);
    const RawLog cut = readRawLog(path.toStdString());
    QCOMPARE(cut.epochs.size(), std::size_t(2));
    QCOMPARE(cut.epochs[1].accuracy, 0.32);
    QCOMPARE(static_cast<int>(cut.warnings.size()), warnings);
    QCOMPARE(cut.warnings[0].line, cutLine);
    const QString what = QString::fromStdString(cut.warnings[0].message);
    QVERIFY2(what.contains("has no line ending and does not parse"), qPrintable(what));
    // The folder it sits in still becomes a table.
    naap::test::writeFile(dir.path(), "scheme_1.txt", log(3));
    const TableReadResult table = readRawLogFolder(dir.path().toStdString());
    QCOMPARE(table.dataset.rows.size(), std::size_t(2));
    QCOMPARE(table.dataset.rows[1].completeEpochs(), 2);
}

void TestRawLogs::nonFiniteValues()
{
    // A run that diverges in epoch 2: PyTorch logs nan (and inf) from then on.
    const QByteArray content = header() + epoch(1, "1.5", "0.31") +
                               "20220901141252 Epoch 2, LR: 0.01\n"
                               "20220901141310 Loss mean, median: nan, NaN\n" // line 10
                               "20220901141314 Test accuracy: 0.1\n" +
                               "20220901141252 Epoch 3, LR: 0.001\n"
                               "20220901141310 Loss mean, median: inf, -inf\n"
                               "20220901141314 Test accuracy: nan\n";
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "scheme_4.txt", content);
    const RawLog log = readRawLog(path.toStdString());
    QCOMPARE(log.epochs.size(), std::size_t(3));
    QCOMPARE(log.epochs[0].lossMean, 1.5);
    QVERIFY(isMissing(log.epochs[1].lossMean) && isMissing(log.epochs[1].lossMedian));
    QCOMPARE(log.epochs[1].accuracy, 0.1);
    QVERIFY(isMissing(log.epochs[2].lossMean) && isMissing(log.epochs[2].lossMedian));
    QVERIFY(isMissing(log.epochs[2].accuracy));
    QCOMPARE(log.warnings.size(), std::size_t(1)); // one per log, at the first
    QCOMPARE(log.warnings[0].line, 10L);
    const QString what = QString::fromStdString(log.warnings[0].message);
    QVERIFY2(what.contains("epoch 2 logs a loss of \"nan, NaN\"") && what.contains("the 5 nan or inf values"),
             qPrintable(what));

    // In the table: missing values, written as empty cells that the table reader accepts.
    const TableReadResult r = readRawLogFolder(dir.path().toStdString());
    QCOMPARE(r.warnings.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(r.warnings[0].file), path);
    const ArchitectureRow& row = r.dataset.rows[0];
    QCOMPARE(row.maxAccuracy, 0.31);
    QCOMPARE(row.completeEpochs(), 1);
    const std::string out = (dir.path() + "/table.csv").toStdString();
    writeTableCsv(r.dataset, out, TableVersion::V2);
    const TableReadResult back = readTableCsv(out);
    QVERIFY(isMissing(back.dataset.rows[0].epochs[1].lossMean));
    QCOMPARE(back.dataset.rows[0].epochs[1].accuracy, 0.1);
    QVERIFY(isMissing(back.dataset.rows[0].epochs[2].accuracy));
    QCOMPARE(back.dataset.rows[0].maxAccuracy, 0.31);
}

void TestRawLogs::badLog_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<long>("line");
    QTest::addColumn<QString>("fragment");
    const QByteArray h = header(); // 5 lines
    QTest::newRow("empty") << QByteArray() << 1L << "expected a \"Network scheme: [...]\" line";
    QTest::newRow("binary") << QByteArray("2022\0\0\0", 7) << 1L << "control byte";
    QTest::newRow("unknownEvent") << h + "20220901141252 Network exploded\n" << 6L << "expected a known event";
    QTest::newRow("noTimestamp") << h + "Epoch 1, LR: 0.1\n" << 6L << "expected a yyyymmddHHMMSS timestamp";
    QTest::newRow("shortTimestamp") << h + "2022090114125 Epoch 1, LR: 0.1\n" << 6L << "timestamp";
    QTest::newRow("badLoss") << h + "20220901141252 Epoch 1, LR: 0.1\n20220901141310 Loss mean, median: 1.8, x\n"
                             << 7L << "expected \"Loss mean, median: <number>, <number>\"";
    QTest::newRow("notANumberLoss") << h + "20220901141252 Epoch 1, LR: 0.1\n20220901141310 Loss mean, median: nanx, 1\n"
                                    << 7L << "expected \"Loss mean, median: <number>, <number>\"";
    // Only a last line without its line ending may be a write cut short.
    QTest::newRow("cutLineEnded") << h + "20220901141252 Epo\n" << 6L << "expected a known event";
    QTest::newRow("badLineBeforeCut") << h + "20220901141252 Epo\n20220901141252 Epoch 1, LR" << 6L
                                      << "expected a known event";
    const QByteArray loss = "20220901141252 Epoch 1, LR: 0.1\n20220901141310 Loss mean, median: 1, 2\n";
    QTest::newRow("accuracyAboveOne") << h + loss + "20220901141314 Test accuracy: 1.5\n" << 8L
                                      << "expected a test accuracy from 0 to 1 (a fraction, not a percentage), "
                                         "found \"1.5\".";
    QTest::newRow("accuracyPercent") << h + epoch(1) + QByteArray(loss).replace("Epoch 1", "Epoch 2") +
                                            "20220901141314 Test accuracy: 36.25\n"
                                     << 11L << "found \"36.25\"";
    QTest::newRow("accuracyNegative") << h + loss + "20220901141314 Test accuracy: -0.01\n" << 8L
                                      << "found \"-0.01\"";
    QTest::newRow("badAccuracy") << h + "20220901141252 Epoch 1, LR: 0.1\n20220901141310 Loss mean, median: 1, 2\n"
                                        "20220901141314 Test accuracy: high\n"
                                 << 8L << "expected \"Test accuracy: <number>\"";
    QTest::newRow("badEpoch") << h + "20220901141252 Epoch one, LR: 0.1\n" << 6L << "expected \"Epoch <integer>";
    QTest::newRow("epochOrder") << h + epoch(1) + epoch(3) << 9L << "expected epoch 2, found epoch 3";
    QTest::newRow("lossFirst") << h + "20220901141310 Loss mean, median: 1, 2\n" << 6L << "only after an \"Epoch\"";
    QTest::newRow("accuracyFirst") << h + "20220901141252 Epoch 1, LR: 0.1\n20220901141314 Test accuracy: 0.3\n"
                                   << 7L << "only after an epoch's \"Loss";
    QTest::newRow("epochBeforeScheme") << "20220901141252 Epoch 1, LR: 0.1\n" + h << 1L
                                       << "\"Network scheme\" line before the first epoch";
    QTest::newRow("badCounts") << header("many") << 3L << "expected \"Network #params: <integer>";
    QTest::newRow("badSchemeJson") << QByteArray("20220901141247 Network scheme: [{\"kernel_size\": 3,]\n") << 1L
                                   << "expected valid JSON";
    QTest::newRow("schemeNumberOverflow") << h + "20220901141247 Network scheme: " +
                                                 QByteArray(kScheme).replace("\"width\": 12,", "\"width\": 1e400,") + "\n"
                                          << 6L << "expected numbers within the range of a double, found 1e400.";
    QTest::newRow("badSchemeKey") << QByteArray("20220901141247 Network scheme: [{\"kernel_size\": 3}]\n") << 1L
                                  << "layer 1: expected the key \"width\"";
    // The same scheme as in the header but for a key the format does not have.
    QTest::newRow("unknownSchemeKey") << h + "20220901141247 Network scheme: " +
                                             QByteArray(kScheme).replace("\"width\": 12,", "\"width\": 12, \"groups\": 1,") +
                                             "\n"
                                      << 6L << "layer 1: unknown key \"groups\"";
    QTest::newRow("otherScheme") << h + "20220901141247 Network scheme: [{\"kernel_size\": 3, \"width\": 8, "
                                        "\"stride\": 1, \"residual\": false}]\n"
                                 << 6L << "expected the same scheme as on line 1";
}

void TestRawLogs::badLog()
{
    QFETCH(QByteArray, content);
    QFETCH(long, line);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "scheme_3.txt", content);
    try {
        readRawLog(path.toStdString());
        QFAIL("expected a ParseError");
    } catch (const ParseError& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(fragment), qPrintable(what));
        QVERIFY2(what.startsWith(path + ", line "), qPrintable(what));
        QCOMPARE(e.line(), line);
    }
}

void TestRawLogs::folderToTable()
{
    QTemporaryDir dir;
    const QString d = dir.path();
    naap::test::writeFile(d, "scheme_10.txt", header("9999") + epoch(1, "1.23456", "0.5") + epoch(2) + epoch(3));
    naap::test::writeFile(d, "scheme_2.txt", header() + epoch(1, "1.57795", "0.6") + epoch(2) + epoch(3));
    naap::test::writeFile(d, "scheme_1.txt", header() + epoch(1) + epoch(2) + "20220901141252 Epoch 3, LR: 0.1\n");
    naap::test::writeFile(d, "notes.txt", "not a log");
    QVERIFY(QDir(d).mkdir("scheme_7.txt")); // named as a log, but a folder: left out, said
    const TableReadResult r = readRawLogFolder(d.toStdString());
    const Dataset& ds = r.dataset;
    QCOMPARE(ds.version, TableVersion::V2);
    QCOMPARE(ds.numEpochs, 3);
    QCOMPARE(ds.rows.size(), std::size_t(3));
    QCOMPARE(ds.rows[0].modelId, 1);
    QCOMPARE(ds.rows[1].modelId, 2);
    QCOMPARE(ds.rows[2].modelId, 10);
    QCOMPARE(ds.rows[0].completeEpochs(), 2);
    QVERIFY(isMissing(ds.rows[0].epochs[2].accuracy));
    QCOMPARE(ds.rows[2].epochs[0].lossMean, 1.2346); // rounded to 4 decimals
    QCOMPARE(ds.rows[1].epochs[0].lossMean, 1.5779); // 1.57795 is stored just below the half
    QCOMPARE(ds.rows[1].epochs[0].lossMedian, 1.8116);
    QCOMPARE(ds.rows[1].maxAccuracy, 0.6);
    QCOMPARE(ds.rows[2].scheme.numParams, 2566.0); // computed from the scheme, not the log
    QCOMPARE(ds.rows[2].scheme.numPartialRFLayers, 0.0);
    QCOMPARE(ds.numTest() + ds.numTrain(), 3);
    // Warnings: the folder named as a log, the dangling epoch, the padded row and the #params mismatch.
    QCOMPARE(r.warnings.size(), std::size_t(4));
    QString all;
    for (const LoadWarning& w : r.warnings)
        all += QString::fromStdString(w.file + ": " + w.message) + "\n";
    QVERIFY2(all.contains("scheme_1.txt: the log ends inside epoch 3"), qPrintable(all));
    QVERIFY2(all.contains("ModelId 1 has 2 of 3 epochs"), qPrintable(all));
    QVERIFY2(all.contains("scheme_7.txt: not a regular file; left out of the table."), qPrintable(all));
    QVERIFY2(all.contains("scheme_10.txt: the logged #params 9999 differs from 2566"), qPrintable(all));

    // The table survives the writer and reader with every value.
    const std::string out = (d + "/table.csv").toStdString();
    writeTableCsv(ds, out, TableVersion::V2);
    const Dataset back = readTableCsv(out).dataset;
    QCOMPARE(back.rows.size(), ds.rows.size());
    for (std::size_t i = 0; i < ds.rows.size(); ++i) {
        QCOMPARE(back.rows[i].isTest, ds.rows[i].isTest);
        QVERIFY(same(back.rows[i].scheme.numPartialRFLayers, ds.rows[i].scheme.numPartialRFLayers));
        for (std::size_t e = 0; e < 3; ++e)
            QVERIFY(same(back.rows[i].epochs[e].lossMean, ds.rows[i].epochs[e].lossMean));
    }
}

void TestRawLogs::folderErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("missing") << "missing" << "no such folder";
    QTest::newRow("file") << "file" << "found a file";
    QTest::newRow("empty") << "empty" << "found none";
    QTest::newRow("noLogs") << "noLogs" << "found none";
    QTest::newRow("badLog") << "badLog" << "scheme_4.txt, line 6";
    QTest::newRow("duplicateId") << "duplicateId" << "expected one log per ModelId";
    QTest::newRow("modelIdZero") << "scheme_0.txt" << "scheme_0.txt: expected a log name scheme_<ModelId>.txt";
    QTest::newRow("modelIdZeros") << "scheme_000.txt" << "found \"scheme_000.txt\"";
    QTest::newRow("modelIdNegative") << "scheme_-3.txt" << "found \"scheme_-3.txt\"";
    QTest::newRow("modelIdWord") << "scheme_one.txt" << "(ModelIds are 1-based)";
    QTest::newRow("modelIdEmpty") << "scheme_.txt" << "found \"scheme_.txt\"";
}

void TestRawLogs::folderErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    QString target = dir.path();
    if (kind == "missing")
        target += "/nowhere";
    else if (kind == "file")
        target = naap::test::writeFile(dir.path(), "scheme_1.txt", log(1));
    else if (kind == "noLogs")
        naap::test::writeFile(dir.path(), "readme.txt", "hello");
    else if (kind == "badLog")
        naap::test::writeFile(dir.path(), "scheme_4.txt", header() + "20220901141252 Epoch 2, LR: 0.1\n");
    else if (kind == "duplicateId") {
        naap::test::writeFile(dir.path(), "scheme_5.txt", log(1));
        naap::test::writeFile(dir.path(), "scheme_05.txt", log(1));
    } else if (kind.startsWith("scheme_")) {
        // A good log beside it: the bad name is refused, not skipped.
        naap::test::writeFile(dir.path(), "scheme_1.txt", log(1));
        naap::test::writeFile(dir.path(), kind, log(1));
    }
    try {
        readRawLogFolder(target.toStdString());
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(fragment), qPrintable(what));
        const bool io = dynamic_cast<const IoError*>(&e) != nullptr;
        QCOMPARE(io, kind != "badLog" && kind != "duplicateId" && !kind.startsWith("scheme_"));
    }
}

QTEST_APPLESS_MAIN(TestRawLogs)
#include "tst_raw_logs.moc"
