// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Runs the built `naap` binary: help, usage errors, the protocol table against
// scikit-learn's numbers, the output formats, logs → table, and bad input.
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_support.h"
#include "test_paths.h"

using namespace naap::test;

namespace {

/// A small valid v1 table with one epoch; `rows` are appended verbatim.
QByteArray smallTable(const QByteArray& rows)
{
    return "ModelId,IsTest,NumParams,NumMACs,NumLayers,NumStages,FirstLayerWidth,"
           "LastLayerWidth,MaxAccuracy,e1LossMean,e1LossMedian,e1Accuracy\n"
           "1,0,2566,231600,3,2,12,16,0.5888,1.8651,1.8116,0.3625\n" + rows;
}

const QByteArray kGoodLog =
    "20220901141247 Network scheme: [{\"kernel_size\": 3, \"width\": 12, \"stride\": 2, "
    "\"residual\": false}, {\"kernel_size\": 3, \"width\": 16, \"stride\": 2, \"residual\": "
    "false}, {\"kernel_size\": 1, \"width\": 16, \"stride\": 1, \"residual\": false}]\n"
    "20220901141250 Network has been init on device cuda:0\n"
    "20220901141250 Network #params: 2566, #MACs: 231600\n"
    "20220901141251 Training set is ready\n"
    "20220901141251 Ready to start training\n"
    "20220901141252 Epoch 1, LR: 0.1\n"
    "20220901141310 Loss mean, median: 1.86513, 1.81158\n"
    "20220901141314 Test accuracy: 0.3625\n";

} // namespace

class TstCli : public QObject {
    Q_OBJECT

private:
    QString m_dataDir;

    QString dataFile(const QString& name) const { return QDir(m_dataDir).filePath(name); }
    void requireData()
    {
        if (m_dataDir.isEmpty())
            QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(naap::test::cliPath()), qPrintable(naap::test::cliPath()));
        m_dataDir = naap::test::naap440Dir();
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("top --help") << QStringList{"--help"}
                                    << QStringList{"Usage", "info", "evaluate", "logs2csv"};
        QTest::newRow("top -h") << QStringList{"-h"} << QStringList{"Usage", "evaluate"};
        QTest::newRow("version") << QStringList{"--version"} << QStringList{"naap 0."};
        QTest::newRow("info") << QStringList{"info", "--help"} << QStringList{"--dataset"};
        QTest::newRow("evaluate")
            << QStringList{"evaluate", "-h"}
            << QStringList{"--dataset", "--cutoffs", "--models", "--split", "--format", "--out",
                           "--threads", "--seeds", "0-90:3", "kfold=K"};
        QTest::newRow("help evaluate") << QStringList{"help", "evaluate"}
                                       << QStringList{"--cutoffs"};
        QTest::newRow("help wins over bad options")
            << QStringList{"evaluate", "--bogus", "--help"} << QStringList{"--models"};
        QTest::newRow("logs2csv") << QStringList{"logs2csv", "--help"}
                                  << QStringList{"RAW_DIR", "--format", "v2", "--out"};
    }
    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        const CliResult r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        for (const QString& m : mentions)
            QVERIFY2(r.out.contains(m.toUtf8()), qPrintable(m));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        const QString ds = QStringLiteral("naap440.csv"); // not read: usage is checked first
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"frobnicate"};
        QTest::newRow("unknown top option") << QStringList{"--frobnicate"};
        QTest::newRow("info without --dataset") << QStringList{"info"};
        QTest::newRow("info unknown option") << QStringList{"info", "--dataset", ds, "--fast"};
        QTest::newRow("info stray argument") << QStringList{"info", "--dataset", ds, "extra"};
        QTest::newRow("evaluate without --dataset") << QStringList{"evaluate"};
        QTest::newRow("missing value") << QStringList{"evaluate", "--dataset"};
        QTest::newRow("cutoffs a") << QStringList{"evaluate", "--dataset", ds, "--cutoffs", "a"};
        QTest::newRow("cutoffs =a") << QStringList{"evaluate", "--dataset=" + ds, "--cutoffs=a"};
        QTest::newRow("cutoffs empty item")
            << QStringList{"evaluate", "--dataset", ds, "--cutoffs", "0,,3"};
        QTest::newRow("cutoffs negative")
            << QStringList{"evaluate", "--dataset", ds, "--cutoffs", "-3"};
        QTest::newRow("cutoffs backwards")
            << QStringList{"evaluate", "--dataset", ds, "--cutoffs", "9-3"};
        QTest::newRow("cutoffs step 0")
            << QStringList{"evaluate", "--dataset", ds, "--cutoffs", "0-9:0"};
        QTest::newRow("unknown model")
            << QStringList{"evaluate", "--dataset", ds, "--models", "Linear Regression;No Such"};
        QTest::newRow("bad split") << QStringList{"evaluate", "--dataset", ds, "--split", "up"};
        QTest::newRow("bad format") << QStringList{"evaluate", "--dataset", ds, "--format", "xml"};
        QTest::newRow("bad threads") << QStringList{"evaluate", "--dataset", ds, "--threads", "x"};
        QTest::newRow("negative threads")
            << QStringList{"evaluate", "--dataset", ds, "--threads", "-1"};
        QTest::newRow("bad seeds") << QStringList{"evaluate", "--dataset", ds, "--seeds", "1,x"};
        QTest::newRow("flag with value") << QStringList{"info", "--help=yes"};
        QTest::newRow("logs2csv without folder") << QStringList{"logs2csv", "--format", "v1"};
        QTest::newRow("logs2csv bad format") << QStringList{"logs2csv", ".", "--format", "v3"};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliResult r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].startsWith("naap: "), r.err.constData());
        QVERIFY2(lines[1].startsWith("Try 'naap") && lines[1].endsWith("--help'."),
                 r.err.constData());
    }

    void cutoffBeyondEpochs()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        const CliResult r = runCli({"evaluate", "--dataset", dataFile("naap440.csv"),
                                    "--cutoffs", "0-91", "--models", "1-NN"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("91"));
    }

    void info()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        const CliResult r = runCli({"info", "--dataset", dataFile("naap440.csv")});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        const auto field = [&](const QString& key) {
            const auto m = QRegularExpression("^" + QRegularExpression::escape(key) +
                                              ":\\s+(\\S.*)$",
                                              QRegularExpression::MultilineOption)
                               .match(out);
            return m.hasMatch() ? m.captured(1).trimmed() : QString();
        };
        QCOMPARE(field("Rows"), QString("440"));
        QCOMPARE(field("Epochs"), QString("90"));
        QCOMPARE(field("Train rows"), QString("400"));
        QCOMPARE(field("Test rows"), QString("40"));
        QCOMPARE(field("Version"), QString("v1"));
        QCOMPARE(field("Columns"), QString::number(9 + 3 * 90));
        QCOMPARE(field("Missing values"), QString("0 cells in 0 rows"));

        const CliResult v2 = runCli({"info", "--dataset", dataFile("naap440v2.csv")});
        QCOMPARE(v2.exitCode, 0);
        QVERIFY(v2.out.contains("v2"));
    }

    void evaluateMatchesReference()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        // ../shared/reference beside the source tree, or beside the dataset folder.
        const QString refName = "reference/sklearn_1.2.1_v1_cutoffs_0_3_6_9.csv";
        Csv ref = parseCsv(readAll(QDir(naap::test::testDataDir()).filePath("../../../shared/" + refName)));
        if (ref.rows.isEmpty())
            ref = parseCsv(readAll(QDir(m_dataDir).filePath("../../" + refName)));
        if (ref.rows.isEmpty())
            QFAIL("the scikit-learn reference file ../shared/reference/sklearn_1.2.1_v1_cutoffs_0_3_6_9.csv was not found");
        QHash<QString, QStringList> refRows;
        for (const QStringList& row : ref.rows)
            refRows.insert(row[0] + "@" + row[1], row);

        const CliResult r = runCli({"evaluate", "--dataset", dataFile("naap440.csv"), "--models",
                                    "Linear Regression;5-NN", "--cutoffs", "0,9"});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData()); // no progress when stderr is no terminal
        QVERIFY2(r.out.startsWith("Model,Cutoff,MeanAbsoluteError,NumViolations,MaxViolations,"
                                  "MonotonicityScore,RMSE,R2,KendallTauB,KendallTies,SpearmanRho,"
                                  "PrecisionAt5,PrecisionAt10,TopOneRegret,MAEStd,ViolationsStd,"
                                  "TrainRows,TestRows,SkippedRows\n"),
                 r.out.left(300).constData());
        const Csv csv = parseCsv(r.out);
        QCOMPARE(csv.rows.size(), 4);
        // Model-major: each model's cutoffs together, in order.
        QCOMPARE(csv.rows[0][0], csv.rows[1][0]);
        QCOMPARE(csv.rows[2][0], csv.rows[3][0]);
        QVERIFY(csv.rows[0][0] != csv.rows[2][0]);
        const QRegularExpression fiveDecimals("^\\d+\\.\\d{5}$");
        for (const QStringList& row : csv.rows) {
            QCOMPARE(row.size(), csv.header.size());
            QVERIFY2(fiveDecimals.match(row[2]).hasMatch(), qPrintable(row[2]));
            QVERIFY2(fiveDecimals.match(row[5]).hasMatch(), qPrintable(row[5]));
            QCOMPARE(row[4], QString("780"));
            QCOMPARE(row[csv.column("TrainRows")], QString("400"));
            QCOMPARE(row[csv.column("TestRows")], QString("40"));
            QCOMPARE(row[csv.column("SkippedRows")], QString("0"));
            const QString key = row[0] + "@" + row[1];
            QVERIFY2(refRows.contains(key), qPrintable(key));
            const QStringList& expected = refRows[key];
            const bool knn = row[0].endsWith("-NN");
            QVERIFY2(std::abs(row[2].toDouble() - expected[2].toDouble()) <= (knn ? 5e-4 : 2e-4),
                     qPrintable(key + ": MAE " + row[2] + " vs " + expected[2]));
            QVERIFY2(std::abs(row[3].toInt() - expected[3].toInt()) <= (knn ? 5 : 2),
                     qPrintable(key + ": violations " + row[3] + " vs " + expected[3]));
        }
    }

    void evaluateFormats_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("csv") << "csv";
        QTest::newRow("markdown") << "markdown";
        QTest::newRow("latex") << "latex";
        QTest::newRow("json") << "json";
    }
    void evaluateFormats()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        QFETCH(QString, format);
        const CliResult r = runCli({"evaluate", "--dataset", dataFile("naap440.csv"), "--models",
                                    "Linear Regression;1-NN", "--cutoffs", "0,3", "--seeds",
                                    "1,2,3", "--format", format, "--threads", "1"});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        if (format == "csv") {
            QCOMPARE(parseCsv(r.out).rows.size(), 4);
        } else if (format == "markdown") {
            const QStringList lines = out.trimmed().split('\n');
            QCOMPARE(lines.size(), 2 + 4);
            QVERIFY(QRegularExpression("^\\|(\\s*:?-+:?\\s*\\|)+$").match(lines[1]).hasMatch());
            for (const QString& line : lines)
                QCOMPARE(line.count('|'), lines[0].count('|'));
            QVERIFY(out.contains("| Linear Regression |"));
        } else if (format == "latex") {
            QVERIFY(out.contains("\\begin{tabular}"));
            QVERIFY(out.trimmed().endsWith("\\end{tabular}"));
            QVERIFY(out.contains("\\toprule") && out.contains("\\midrule") &&
                    out.contains("\\bottomrule"));
            QCOMPARE(out.count(" \\\\\n"), 1 + 4);
        } else {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QVERIFY(doc.isArray());
            const QJsonArray cells = doc.array();
            QCOMPARE(cells.size(), 4);
            for (const auto& v : cells) {
                const QJsonObject cell = v.toObject();
                QVERIFY(cell.contains("model") && cell.contains("cutoff"));
                QVERIFY(cell["meanAbsoluteError"].isDouble());
                QCOMPARE(cell["maxViolations"].toInt(), 780);
                QCOMPARE(cell["runs"].toArray().size(), 3);
                QCOMPARE(cell["runs"].toArray()[0].toObject()["seed"].toInt(), 1);
            }
        }
    }

    void evaluateOutFile()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        QTemporaryDir tmp;
        const QString out = tmp.filePath("table.json"); // format from the extension
        const CliResult r = runCli({"evaluate", "--dataset", dataFile("naap440.csv"), "--models",
                                    "Linear Regression", "--cutoffs", "0", "--out", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY(QJsonDocument::fromJson(readAll(out)).isArray());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void evaluateOutMissingFolder()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        QTemporaryDir tmp;
        const QString out = tmp.filePath("missing/table.csv");
        const CliResult r = runCli({"evaluate", "--dataset", dataFile("naap440.csv"), "--models",
                                    "Linear Regression", "--cutoffs", "0", "--out", out});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains("missing/table.csv"), r.err.constData());
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                    .isEmpty());
    }

    void evaluateNotesSkippedRows()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        // Blank e9Accuracy of three rows: those rows drop out at cutoff 9, with a note.
        QList<QByteArray> lines = readAll(dataFile("naap440.csv")).split('\n');
        const Csv csv = parseCsv(lines[0]);
        const int col = csv.column("e9Accuracy");
        QVERIFY(col > 0);
        for (int i = 1; i <= 3; ++i) {
            QList<QByteArray> fields = lines[i].split(',');
            fields[col] = "";
            lines[i] = fields.join(',');
        }
        QTemporaryDir tmp;
        const QString path = writeFile(tmp.path(), "partial.csv", lines.join('\n'));

        const CliResult info = runCli({"info", "--dataset", path});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.out.contains("3 cells in 3 rows"), info.out.constData());

        const CliResult r = runCli({"evaluate", "--dataset", path, "--models", "Linear Regression",
                                    "--cutoffs", "0,9"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("cutoff 9") && r.err.contains("3 rows"), r.err.constData());
        QVERIFY(!r.err.contains("cutoff 0"));
        const Csv result = parseCsv(r.out);
        QCOMPARE(result.rows.size(), 2);
        QCOMPARE(result.rows[1][result.column("SkippedRows")], QString("3"));
    }

    void evaluateNotesRowsWithoutMaxAccuracy()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        // Blank MaxAccuracy of one test row: counted in SkippedRows and announced, like a
        // row with a blank epoch cell.
        QList<QByteArray> lines = readAll(dataFile("naap440.csv")).split('\n');
        const Csv csv = parseCsv(lines[0]);
        const int col = csv.column("MaxAccuracy");
        const int isTest = csv.column("IsTest");
        QVERIFY(col > 0 && isTest > 0);
        int blanked = 0;
        for (int i = 1; i < lines.size() && blanked == 0; ++i) {
            QList<QByteArray> fields = lines[i].split(',');
            if (fields.size() > col && fields[isTest] == "1") {
                fields[col] = "";
                lines[i] = fields.join(',');
                blanked = i;
            }
        }
        QVERIFY(blanked > 0);
        QTemporaryDir tmp;
        const QString path = writeFile(tmp.path(), "nomax.csv", lines.join('\n'));

        const CliResult r = runCli({"evaluate", "--dataset", path, "--models", "1-NN", "--cutoffs", "3"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("naap: note: at cutoff 3, 1 row was left out because it has no MaxAccuracy."),
                 r.err.constData());
        const Csv result = parseCsv(r.out);
        QCOMPARE(result.rows.size(), 1);
        QCOMPARE(result.rows[0][result.column("TestRows")], QString("39"));
        QCOMPARE(result.rows[0][result.column("SkippedRows")], QString("1"));
    }

    void logs2csv_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("reference");
        QTest::newRow("v1") << "v1" << "naap440.csv";
        QTest::newRow("v2") << "v2" << "naap440v2.csv";
    }
    void logs2csv()
    {
        requireData();
        if (QTest::currentTestFailed())
            return;
        QFETCH(QString, format);
        QFETCH(QString, reference);
        QTemporaryDir tmp;
        const QString out = tmp.filePath("table.csv");
        const CliResult r = runCli({"logs2csv", dataFile("raw_data"), "--format", format, "--out", out});
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const Csv built = parseCsv(readAll(out));
        const Csv expected = parseCsv(readAll(dataFile(reference)));
        QCOMPARE(built.header, expected.header);
        QCOMPARE(built.rows.size(), expected.rows.size());
        QHash<QString, int> builtById;
        for (int i = 0; i < built.rows.size(); ++i)
            builtById.insert(built.rows[i][0], i);
        const int isTest = expected.column("IsTest");
        int isTestDiffers = 0;
        for (const QStringList& want : expected.rows) {
            QVERIFY2(builtById.contains(want[0]), qPrintable("ModelId " + want[0]));
            const QStringList& got = built.rows[builtById[want[0]]];
            QCOMPARE(got.size(), want.size());
            for (int c = 0; c < want.size(); ++c) {
                if (c == isTest) {
                    isTestDiffers += got[c] != want[c] ? 1 : 0;
                    continue;
                }
                const double a = got[c].toDouble(), b = want[c].toDouble();
                QVERIFY2(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)),
                         qPrintable(QString("ModelId %1, %2: %3 vs %4")
                                        .arg(want[0], expected.header[c], got[c], want[c])));
            }
        }
        QVERIFY2(isTestDiffers <= 2, qPrintable(QString::number(isTestDiffers)));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");     // %1 = the bad file or folder
        QTest::addColumn<QString>("fileName");     // written into a temporary folder
        QTest::addColumn<QByteArray>("content");   // "" with no fileName: nothing written
        QTest::addColumn<int>("line");             // expected line number, 0 = not checked
        const QStringList info{"info", "--dataset", "%1"};
        QTest::newRow("non-numeric cell")
            << info << "cell.csv"
            << smallTable("2,0,abc,231600,3,2,12,16,0.59,1.8,1.8,0.36\n") << 3;
        QTest::newRow("short row")
            << info << "short.csv" << smallTable("2,0,2566,231600\n3,0,2566,231600,3,2,12,16,0.5,1,1,0.3\n")
            << 3;
        QTest::newRow("truncated row") << info << "truncated.csv"
                                       << smallTable("2,0,2566,231600,3,2,1") << 3;
        QTest::newRow("missing MaxAccuracy")
            << info << "nomax.csv" << QByteArray("ModelId,IsTest,NumParams\n1,0,2566\n") << 0;
        QTest::newRow("empty file") << info << "empty.csv" << QByteArray() << 0;
        QTest::newRow("binary file") << info << "binary.csv"
                                     << QByteArray("\x00\x01\x02PK\x03\x04\x00\xff\xfe", 11) << 0;
        QTest::newRow("missing path") << info << "" << QByteArray() << 0;
        QTest::newRow("evaluate non-numeric cell")
            << QStringList{"evaluate", "--dataset", "%1", "--models", "1-NN"} << "cell.csv"
            << smallTable("2,0,2566,x,3,2,12,16,0.59,1.8,1.8,0.36\n") << 3;
        const QStringList logs{"logs2csv", "%1", "--format", "v1"};
        QTest::newRow("logs: malformed loss line")
            << logs << "raw/scheme_2.txt"
            << QByteArray(kGoodLog).replace("1.86513, 1.81158", "1.86513; oops") << 7;
        QTest::newRow("logs: line without timestamp")
            << logs << "raw/scheme_2.txt"
            << QByteArray(kGoodLog).replace("20220901141250 Network #params", "Network #params")
            << 3;
        QTest::newRow("logs: malformed scheme JSON")
            << logs << "raw/scheme_2.txt"
            << QByteArray(kGoodLog).replace("\"width\": 12,", "\"width\": 12") << 1;
        QTest::newRow("logs: empty folder") << logs << "raw/" << QByteArray() << 0;
        QTest::newRow("logs: missing folder") << logs << "" << QByteArray() << 0;
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, fileName);
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QTemporaryDir tmp;
        QString target = tmp.filePath(fileName.isEmpty() ? "does-not-exist" : fileName);
        QString named = target; // what the message must name
        if (fileName.startsWith("raw/")) {
            QDir(tmp.path()).mkpath("raw");
            if (fileName != "raw/") {
                writeFile(tmp.filePath("raw"), "scheme_1.txt", kGoodLog);
                writeFile(tmp.filePath("raw"), QFileInfo(fileName).fileName(), content);
            }
            target = tmp.filePath("raw");
            named = fileName == "raw/" ? target : QFileInfo(fileName).fileName();
        } else if (!fileName.isEmpty()) {
            writeFile(tmp.path(), fileName, content);
        }
        for (QString& a : args)
            a.replace("%1", target);

        const CliResult r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        const QByteArray err = r.err.trimmed();
        QVERIFY2(err.startsWith("naap: "), r.err.constData());
        QVERIFY2(!err.contains('\n'), r.err.constData());
        QVERIFY2(err.contains(named.toUtf8()), r.err.constData());
        if (line > 0)
            QVERIFY2(QRegularExpression(QString("(line %1|:%1)\\b").arg(line))
                         .match(QString::fromUtf8(err))
                         .hasMatch(),
                     r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TstCli)
#include "tst_cli.moc"
