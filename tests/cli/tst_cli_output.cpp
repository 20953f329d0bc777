// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Where `naap` writes: --out through symbolic links and onto files that are not regular files
// (test-owned FIFOs and device nodes, never the system's), '-' for standard output, the format
// taken from the suffix, and standard output that cannot be written.
#include <cerrno>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_support.h"
#include "test_paths.h"

using namespace naap::test;

namespace {

// What `naap schemes` writes: NAAP-440's space, a known and quick output.
QByteArray schemesOutput()
{
    const CliResult r = runCli({"schemes"});
    return r.exitCode == 0 ? r.out : QByteArray();
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                               QDir::Name);
}

// A character device node owned by the test (major, minor as /dev/null 1:3 or /dev/full 1:7);
// false where the process may not create one (not root).
bool makeDeviceNode(const QString& path, unsigned minor)
{
    return ::mknod(QFile::encodeName(path).constData(), S_IFCHR | 0666, makedev(1, minor)) == 0;
}

bool isCharDevice(const QString& path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISCHR(st.st_mode);
}

bool isFifo(const QString& path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISFIFO(st.st_mode);
}

/// Runs `naap args` with its standard output sent to `stdoutFile`.
CliResult runCliToFile(const QStringList& args, const QString& stdoutFile)
{
    QProcess p;
    p.setStandardOutputFile(stdoutFile);
    return runProcess(p, cliPath(), args);
}

/// Runs `naap args` with its standard output closed (through sh: `>&-`).
CliResult runCliStdoutClosed(const QStringList& args)
{
    QProcess p;
    return runProcess(p, "/bin/sh", QStringList{"-c", "exec \"$0\" \"$@\" >&-", cliPath()} + args);
}

} // namespace

class TstCliOutput : public QObject {
    Q_OBJECT

private:
    QByteArray m_schemes; ///< the output of `naap schemes`
    QString m_table;      ///< NAAP-440's v1 table, "" when absent

    void requireTable()
    {
        if (m_table.isEmpty())
            QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    }
    /// Puts the table's path in place of @TABLE@ in args; fails the test (and returns false)
    /// when the table is needed but was not found.
    bool withTable(QStringList& args)
    {
        if (!args.contains("@TABLE@"))
            return true;
        requireTable();
        if (QTest::currentTestFailed())
            return false;
        args.replaceInStrings("@TABLE@", m_table);
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(cliPath()), qPrintable(cliPath()));
        m_schemes = schemesOutput();
        QVERIFY(m_schemes.startsWith("["));
        const QString dir = naap440Dir();
        if (!dir.isEmpty())
            m_table = QDir(dir).filePath("naap440.csv");
    }

    // --out through a link writes the file it leads to; the link stays a link.
    void outFollowsSymlink_data()
    {
        // In links/: link.json → `link`; with `hop`, link.json → hop.json → `hop`. The content must
        // land in `target` (relative to the temporary folder) and nothing else may appear.
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("hop");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("targetExists");
        QTest::newRow("beside") << "tgt.json" << "" << "links/tgt.json" << true;
        QTest::newRow("dangling") << "new.json" << "" << "links/new.json" << false;
        QTest::newRow("another folder") << "../other/tgt.json" << "" << "other/tgt.json" << true;
        QTest::newRow("absolute") << "@TMP@/other/tgt.json" << "" << "other/tgt.json" << true;
        QTest::newRow("chain") << "hop.json" << "../other/tgt.json" << "other/tgt.json" << true;
    }
    void outFollowsSymlink()
    {
        QFETCH(QString, link);
        QFETCH(QString, hop);
        QFETCH(QString, target);
        QFETCH(bool, targetExists);
        QTemporaryDir tmp;
        QVERIFY(QDir(tmp.path()).mkpath("links") && QDir(tmp.path()).mkpath("other"));
        const QString links = tmp.filePath("links");
        if (targetExists)
            writeFile(QFileInfo(tmp.filePath(target)).path(), QFileInfo(target).fileName(), "old content\n");
        const QString linkPath = links + "/link.json";
        QVERIFY(QFile::link(link.replace("@TMP@", tmp.path()), linkPath));
        if (!hop.isEmpty())
            QVERIFY(QFile::link(hop, links + "/hop.json"));
        QStringList expectLinks = entries(links);
        if (!targetExists)
            expectLinks = QStringList{"link.json", QFileInfo(target).fileName()};
        const QStringList expectOther = entries(tmp.filePath("other"));

        const CliResult r = runCli({"schemes", "--out", linkPath});
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFileInfo(linkPath).isSymLink());
        if (!hop.isEmpty())
            QVERIFY(QFileInfo(links + "/hop.json").isSymLink());
        QVERIFY(!QFileInfo(tmp.filePath(target)).isSymLink());
        QCOMPARE(readAll(tmp.filePath(target)), m_schemes);
        // No temporary is left, and none lands beside the link when the target is elsewhere.
        QCOMPARE(entries(links), expectLinks);
        QCOMPARE(entries(tmp.filePath("other")), expectOther);
    }

    // A rename over a device node, FIFO or folder would replace it: refused, nothing created.
    void outRefusesNonRegularFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("command");
        QTest::newRow("fifo") << "fifo" << "schemes";
        QTest::newRow("device node") << "device" << "schemes";
        QTest::newRow("device node, evaluate") << "device" << "evaluate";
        QTest::newRow("folder") << "folder" << "schemes";
        QTest::newRow("link to a fifo") << "link-to-fifo" << "schemes";
    }
    void outRefusesNonRegularFile()
    {
        QFETCH(QString, kind);
        QFETCH(QString, command);
        QTemporaryDir tmp;
        const QString node = tmp.filePath("node");
        if (kind == "fifo" || kind == "link-to-fifo") {
            QVERIFY(::mkfifo(QFile::encodeName(node).constData(), 0600) == 0);
        } else if (kind == "device") {
            if (!makeDeviceNode(node, 3))
                QSKIP("creating a device node needs root (mknod)");
        } else {
            QVERIFY(QDir(tmp.path()).mkdir("node"));
        }
        QString out = node;
        if (kind == "link-to-fifo") {
            out = tmp.filePath("link.csv");
            QVERIFY(QFile::link("node", out));
        }
        const QStringList before = entries(tmp.path());

        QStringList args{"schemes", "--out", out};
        if (command == "evaluate") {
            requireTable();
            if (QTest::currentTestFailed())
                return;
            args = QStringList{"evaluate", "--dataset", m_table, "--cutoffs", "3", "--models", "1-NN", "--out", out};
        }
        const CliResult r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        const QByteArray err = r.err.trimmed();
        QVERIFY2(err.startsWith("naap: ") && !err.contains('\n'), r.err.constData());
        QVERIFY2(err.contains("is not a regular file") && err.contains(out.toUtf8()), r.err.constData());
        QCOMPARE(entries(tmp.path()), before);
        if (kind == "device")
            QVERIFY(isCharDevice(node));
        else if (kind == "folder")
            QVERIFY(QFileInfo(node).isDir() && entries(node).isEmpty());
        else
            QVERIFY(isFifo(node));
        if (kind == "link-to-fifo")
            QVERIFY(QFileInfo(out).isSymLink());
    }

    // '-' is standard output for the commands that print there; no file named '-' appears.
    void outDashIsStdout_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("starts");
        QTest::newRow("schemes") << QStringList{"schemes", "--out", "-"} << QByteArray("[");
        QTest::newRow("schemes --print-settings")
            << QStringList{"schemes", "--print-settings", "--out=-"} << QByteArray("{");
        QTest::newRow("evaluate") << QStringList{"evaluate", "--dataset", "@TABLE@", "--cutoffs", "0", "--models",
                                                 "1-NN", "--seeds", "1", "--out", "-"}
                                  << QByteArray("Model,Cutoff,");
    }
    void outDashIsStdout()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, starts);
        if (!withTable(args))
            return;
        QTemporaryDir tmp;
        const CliResult r = runCli(args, 300000, QProcessEnvironment::systemEnvironment(), tmp.path());
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith(starts), r.out.left(200).constData());
        QVERIFY(entries(tmp.path()).isEmpty());
    }

    void dashInHelp_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* c : {"evaluate", "schemes", "logs2csv", "profile"})
            QTest::newRow(c) << c;
    }
    void dashInHelp()
    {
        QFETCH(QString, command);
        const CliResult r = runCli({command, "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("- is") && r.out.contains("standard output"), r.out.constData());
    }

    // The suffix of --out picks the format whatever its case.
    void outSuffixAnyCase_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("mark"); // what the format's text holds
        QTest::newRow(".MD") << "table.MD" << QByteArray("| Model |");
        QTest::newRow(".Json") << "table.Json" << QByteArray("[");
        QTest::newRow(".TEX") << "table.TEX" << QByteArray("\\begin{tabular}");
        QTest::newRow(".CSV") << "table.CSV" << QByteArray("Model,Cutoff,");
    }
    void outSuffixAnyCase()
    {
        requireTable();
        if (QTest::currentTestFailed())
            return;
        QFETCH(QString, name);
        QFETCH(QByteArray, mark);
        QTemporaryDir tmp;
        const CliResult r = runCli({"evaluate", "--dataset", m_table, "--cutoffs", "0", "--models", "1-NN",
                                    "--seeds", "1", "--out", tmp.filePath(name)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray written = readAll(tmp.filePath(name));
        QVERIFY2(written.contains(mark), written.left(200).constData());
        QCOMPARE(written.startsWith("Model,Cutoff,"), name.endsWith(".CSV")); // CSV was the fallback
    }

    // Help and info printed into a full disk or a closed stdout used to exit 0.
    void stdoutUnwritable_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("how");
        const QList<QPair<const char*, QStringList>> commands{
            {"--help", {"--help"}},
            {"--version", {"--version"}},
            {"info --help", {"info", "--help"}},
            {"info", {"info", "--dataset", "@TABLE@"}},
            {"schemes", {"schemes"}},
        };
        for (const QString how : {"full", "closed"})
            for (const auto& [name, args] : commands)
                QTest::newRow(qPrintable(how + ": " + name)) << args << how;
    }
    void stdoutUnwritable()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, how);
        if (!withTable(args))
            return;
        CliResult r;
        if (how == "full") {
            QTemporaryDir tmp;
            const QString full = tmp.filePath("full"); // a private /dev/full: every write fails with ENOSPC
            if (!makeDeviceNode(full, 7))
                QSKIP("creating a device node needs root (mknod)");
            r = runCliToFile(args, full);
            QVERIFY(isCharDevice(full));
        } else {
            r = runCliStdoutClosed(args);
        }
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 1, r.err.constData());
        const QByteArray err = r.err.trimmed();
        QVERIFY2(err.startsWith("naap: ") && !err.contains('\n'), r.err.constData());
        QVERIFY2(err.contains("standard output"), r.err.constData());
    }

    // R² of one test row is undefined: the table leaves it missing instead of printing 0.
    void r2OfOneTestRowIsMissing()
    {
        QByteArray table = "ModelId,IsTest,NumParams,NumMACs,NumLayers,NumStages,FirstLayerWidth,"
                           "LastLayerWidth,MaxAccuracy,e1LossMean,e1LossMedian,e1Accuracy\n";
        for (int id = 1; id <= 6; ++id)
            table += QByteArray::number(id) + (id == 4 ? ",1," : ",0,") + QByteArray::number(2000 + 300 * id) +
                     ",231600,3," + QByteArray::number(1 + id % 2) + ",12,16,0." + QByteArray::number(50 + 3 * id) +
                     ",1.8,1.8,0.36\n";
        QTemporaryDir tmp;
        const QString path = writeFile(tmp.path(), "one_test_row.csv", table);
        const QStringList args{"evaluate", "--dataset", path, "--cutoffs", "0", "--models", "1-NN", "--seeds", "1"};

        const CliResult csv = runCli(args);
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        const Csv parsed = parseCsv(csv.out);
        QCOMPARE(parsed.rows.size(), 1);
        QCOMPARE(parsed.rows[0][parsed.column("TestRows")], QString("1"));
        QCOMPARE(parsed.rows[0][parsed.column("R2")], QString("NaN"));

        const CliResult json = runCli(QStringList(args) << "--format" << "json");
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject cell = QJsonDocument::fromJson(json.out).array().at(0).toObject();
        QVERIFY(cell.contains("r2"));
        QVERIFY(cell["r2"].isNull());
    }
};

QTEST_GUILESS_MAIN(TstCliOutput)

#include "tst_cli_output.moc"
