// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Option parsing of `naap`: empty and repeated values, model lists that mix groups and names,
// and usage messages that say what is wrong.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_support.h"
#include "test_paths.h"

using namespace naap::test;

class TstCliOptions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_schemes; ///< a schemes file of one scheme
    QString m_table;   ///< NAAP-440's v1 table, "" when absent

    /// Substitutes @SCHEMES@, @TABLE@ and @TMP@ in `args`.
    QStringList resolve(QStringList args) const
    {
        return args.replaceInStrings("@SCHEMES@", m_schemes)
            .replaceInStrings("@TABLE@", m_table)
            .replaceInStrings("@TMP@", m_tmp.path());
    }
    /// Runs `args` and checks a usage error: exit 2, nothing on stdout, one sentence naming
    /// each of `mentions` and none of `never`, then the pointer to --help.
    void checkUsage(const QStringList& args, const QStringList& mentions, const QStringList& never = {})
    {
        const CliResult r = runCli(resolve(args));
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 2, r.err.constData());
        QVERIFY(r.out.isEmpty());
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].startsWith("naap: "), r.err.constData());
        QVERIFY2(lines[1].startsWith("Try 'naap") && lines[1].endsWith("--help'."), r.err.constData());
        for (const QString& m : mentions)
            QVERIFY2(lines[0].contains(m.toUtf8()), qPrintable(m + " | " + r.err));
        for (const QString& n : never)
            QVERIFY2(!lines[0].contains(n.toUtf8()), qPrintable(n + " | " + r.err));
    }
    QStringList evaluateModels(const QString& spec)
    {
        const CliResult r = runCli({"evaluate", "--dataset", m_table, "--cutoffs", "0", "--seeds", "1",
                                    "--threads", "1", "--models", spec});
        [&] { QVERIFY2(r.exitCode == 0, r.err.constData()); }();
        QStringList models;
        for (const QStringList& row : parseCsv(r.out).rows)
            models << row[0];
        return models;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(cliPath()), qPrintable(cliPath()));
        QVERIFY(m_tmp.isValid());
        m_schemes = writeFile(m_tmp.path(), "schemes.json", kTinySchemes);
        const QString dir = naap440Dir();
        if (!dir.isEmpty())
            m_table = QDir(dir).filePath("naap440.csv");
    }

    // `--dataset ""` used to load the default dataset; no option takes an empty value.
    void emptyValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("option");
        QTest::newRow("info --dataset \"\"") << QStringList{"info", "--dataset", ""} << "--dataset";
        QTest::newRow("info --dataset=") << QStringList{"info", "--dataset="} << "--dataset";
        QTest::newRow("evaluate --dataset=")
            << QStringList{"evaluate", "--dataset=", "--models", "1-NN", "--cutoffs", "0"} << "--dataset";
        QTest::newRow("evaluate --out \"\"")
            << QStringList{"evaluate", "--dataset", "@TABLE@", "--out", ""} << "--out";
        QTest::newRow("schemes --settings=") << QStringList{"schemes", "--settings="} << "--settings";
        QTest::newRow("profile --schemes \"\"") << QStringList{"profile", "--schemes", ""} << "--schemes";
        QTest::newRow("logs2csv --out=") << QStringList{"logs2csv", "@TMP@", "--out="} << "--out";
        QTest::newRow("logs2csv \"\"") << QStringList{"logs2csv", ""} << "RAW_DIR";
        QTest::newRow("train --data \"\"")
            << QStringList{"train", "--schemes", "@SCHEMES@", "--ids", "1", "--data", "", "--out", "@TMP@/t"}
            << "--data";
        QTest::newRow("train --out=")
            << QStringList{"train", "--schemes", "@SCHEMES@", "--ids", "1", "--data", "@TMP@", "--out="}
            << "--out";
        QTest::newRow("synth-cifar --out \"\"")
            << QStringList{"synth-cifar", "--out", "", "--train-images", "1", "--test-images", "1"} << "--out";
        QTest::newRow("fetch --dir=") << QStringList{"fetch", "naap440", "--dir="} << "--dir";
        QTest::newRow("evaluate --split=")
            << QStringList{"evaluate", "--dataset", "@TABLE@", "--split="} << "--split";
    }
    void emptyValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, option);
        checkUsage(args, {option, "empty"});
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("t")));
    }

    void repeatedOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("option");
        QTest::newRow("info --dataset twice")
            << QStringList{"info", "--dataset", "v1", "--dataset", "v2"} << "--dataset";
        QTest::newRow("--split twice") << QStringList{"evaluate", "--dataset", "@TABLE@", "--split", "left",
                                                      "--split", "right"}
                                       << "--split";
        QTest::newRow("--format twice, = form")
            << QStringList{"evaluate", "--dataset", "@TABLE@", "--format=json", "--format", "csv"} << "--format";
        QTest::newRow("same value twice") << QStringList{"schemes", "--out", "@TMP@/a.json", "--out", "@TMP@/a.json"}
                                          << "--out";
        QTest::newRow("train --epochs twice")
            << QStringList{"train", "--schemes", "@SCHEMES@", "--ids", "1", "--data", "@TMP@", "--out", "@TMP@/t",
                           "--epochs", "2", "--epochs", "3"}
            << "--epochs";
    }
    void repeatedOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, option);
        checkUsage(args, {option, "more than once"});
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("a.json")));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("t")));
    }

    void repeatedFlagIsHarmless()
    {
        const CliResult r = runCli({"schemes", "--print-settings", "--print-settings"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("max_depth"));
    }

    // The error for an unknown name offers all, paper and extended: they work inside a list.
    void modelGroupsInAList()
    {
        if (m_table.isEmpty())
            QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
        const QStringList paper = evaluateModels("paper");
        QCOMPARE(paper.size(), 24);
        QVERIFY(paper.contains("1-NN"));
        QCOMPARE(evaluateModels("paper;1-NN"), paper); // a duplicate is dropped
        const QStringList all = evaluateModels("all");
        const QStringList extended = evaluateModels(" extended ");
        QCOMPARE(extended.size(), all.size() - paper.size());
        QCOMPARE(evaluateModels("extended;paper;all"), extended + paper);
        QCOMPARE(evaluateModels("Linear Regression (Exp);paper"), QStringList{"Linear Regression (Exp)"} + paper);
        QCOMPARE(evaluateModels("5-NN;extended").first(), QString("5-NN"));
        checkUsage({"evaluate", "--dataset", "@TABLE@", "--models", "paper;No Such"}, {"No Such"});
        checkUsage({"evaluate", "--dataset", "@TABLE@", "--models", ";"}, {"names no"});
    }

    // Ranges of cutoffs: a step past 2^64 used to wrap around and add cutoffs below the range,
    // and each cutoff was looked for in the whole list (hours for a long list of big ranges).
    void cutoffLists()
    {
        if (m_table.isEmpty())
            QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
        const CliResult r = runCli({"evaluate", "--dataset", m_table, "--cutoffs", "5-10:18446744073709551615,7-9:2",
                                    "--seeds", "1", "--threads", "1", "--models", "1-NN"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const Csv csv = parseCsv(r.out);
        QStringList cutoffs;
        for (const QStringList& row : csv.rows)
            cutoffs << row[csv.column("Cutoff")];
        QCOMPARE(cutoffs, (QStringList{"5", "7", "9"}));
        QStringList ranges;
        for (int i = 0; i < 1000; ++i)
            ranges << "0-100000";
        checkUsage({"evaluate", "--dataset", "@TABLE@", "--cutoffs", ranges.join(',')},
                   {"The cutoff 100000 is beyond the 90 epochs"});
    }

    // Messages that said something else than the mistake (all were usage errors already).
    void usageMessages_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        QTest::addColumn<QStringList>("never");
        const QStringList train{"train", "--schemes", "@SCHEMES@", "--data", "@TMP@", "--out", "@TMP@/t"};
        QTest::newRow("cutoffs -1") << QStringList{"evaluate", "--dataset", "@TABLE@", "--cutoffs", "-1"}
                                    << QStringList{"'-1' is negative", "0 to 90"} << QStringList{"range"};
        QTest::newRow("cutoffs 3,-6") << QStringList{"evaluate", "--dataset", "@TABLE@", "--cutoffs", "3,-6"}
                                      << QStringList{"'-6' is negative"} << QStringList{"range"};
        QTest::newRow("ids -1") << train + QStringList{"--ids", "-1"}
                                << QStringList{"'-1' is not a ModelId from 1 to 1"} << QStringList{"''"};
        QTest::newRow("ids abc") << train + QStringList{"--ids", "abc"} << QStringList{"'abc'", "from 1 to 1"}
                                 << QStringList{"from 0"};
        QTest::newRow("ids 1-x") << train + QStringList{"--ids", "1-x"} << QStringList{"'1-x'"}
                                 << QStringList{"from 0"};
        QTest::newRow("ids 0") << train + QStringList{"--ids", "0"} << QStringList{"outside 1..1"} << QStringList{};
        QTest::newRow("epochs -1") << train + QStringList{"--ids", "1", "--epochs", "-1"}
                                   << QStringList{"--epochs", "from 1 to"} << QStringList{"from 0"};
        QTest::newRow("epochs 0") << train + QStringList{"--ids", "1", "--epochs", "0"}
                                  << QStringList{"--epochs", "from 1 to", "'0'"} << QStringList{};
        QTest::newRow("concurrent 0") << train + QStringList{"--ids", "1", "--concurrent", "0"}
                                      << QStringList{"--concurrent", "from 1 to"} << QStringList{};
        QTest::newRow("train-images -5")
            << QStringList{"synth-cifar", "--out", "@TMP@/t", "--train-images", "-5", "--test-images", "1"}
            << QStringList{"--train-images", "from 1 to"} << QStringList{"from 0"};
        QTest::newRow("info --help=1") << QStringList{"info", "--help=1"} << QStringList{"--help takes no value"}
                                       << QStringList{"Unknown"};
        QTest::newRow("naap --help=1") << QStringList{"--help=1"} << QStringList{"--help takes no value"}
                                       << QStringList{"Unknown"};
        QTest::newRow("naap --version=x") << QStringList{"--version=x"} << QStringList{"--version takes no value"}
                                          << QStringList{"Unknown"};
    }
    void usageMessages()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        QFETCH(QStringList, never);
        checkUsage(args, mentions, never);
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("t")));
    }
};

QTEST_GUILESS_MAIN(TstCliOptions)

#include "tst_cli_options.moc"
