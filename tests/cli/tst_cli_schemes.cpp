// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// `naap schemes` and `naap profile` against the published NAAP-440 files.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_test_support.h"

using naap::test::CliResult;
using naap::test::readAll;
using naap::test::runCli;

class TestCliSchemes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemesEqualPublished();
    void schemesToStdout();
    void schemesCustomSettings();
    void printSettingsRoundTrip();
    void badSettings_data();
    void badSettings();
    void schemesUsage_data();
    void schemesUsage();
    void profileMatchesPublished();
    void profileBadSchemes_data();
    void profileBadSchemes();
    void profileUsage();
    void profileHugeLayers();

private:
    QString m_dataDir;
    QTemporaryDir m_tmp;
};

namespace {

QString oneLineError(const CliResult& r)
{
    return QString::fromUtf8(r.err).trimmed();
}

// A rejected input file: exit 1, one line "naap: …" naming `file` and saying `expected`, and no
// output written to `out`.
void checkRejected(const QStringList& args, const QString& file, const QString& expected, const QString& out)
{
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, 1);
    const QString err = oneLineError(r);
    QVERIFY2(err.startsWith("naap: ") && err.contains(file) && err.contains(expected), qPrintable(err));
    QVERIFY2(!err.contains('\n'), qPrintable(err));
    QVERIFY(!QFile::exists(out));
}

} // namespace

void TestCliSchemes::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY2(QFile::exists(naap::test::cliPath()), qPrintable(naap::test::cliPath()));
    m_dataDir = naap::test::naap440Dir();
}

#define REQUIRE_NAAP440()                                                                                    \
    if (m_dataDir.isEmpty())                                                                                 \
    QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout")

void TestCliSchemes::schemesEqualPublished()
{
    REQUIRE_NAAP440();
    const QString out = m_tmp.filePath("schemes.json");
    const CliResult r = runCli({"schemes", "--out", out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    const QByteArray published = readAll(m_dataDir + "/generated_schemes.json");
    QJsonParseError error{};
    const QJsonDocument mine = QJsonDocument::fromJson(readAll(out), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(mine.array().size(), 440);
    QCOMPARE(mine, QJsonDocument::fromJson(published));
    // The same bytes as published, but with LF line endings.
    QCOMPARE(readAll(out), QByteArray(published).replace("\r\n", "\n"));
}

void TestCliSchemes::schemesToStdout()
{
    const CliResult r = runCli({"schemes"});
    QCOMPARE(r.exitCode, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QCOMPARE(doc.array().size(), 440);
    QCOMPARE(doc.array().first().toArray().size(), 3);
    QCOMPARE(doc.array().first().toArray().first().toObject().value("width").toInt(), 12);
}

void TestCliSchemes::schemesCustomSettings()
{
    const QString settings = naap::test::writeFile(m_tmp.path(), "small.json", R"({
        "min_depth": 1, "max_depth": 2, "max_strided_layers": 1,
        "layers": [
            {"kernel_size": [3], "width": [4, 8], "stride": [2], "residual": [false]},
            {"kernel_size": [1, 3], "width": [8], "stride": [1, 2], "residual": [true]}
        ]})");
    // Layer 2 may not stride (one strided layer already) and its residual needs width 8:
    // so only width-8 first layers extend, with kernel 1 or 3: 2 + 2 = 4 schemes.
    const QString out = m_tmp.filePath("small-schemes.json");
    const CliResult r = runCli({"schemes", "--settings", settings, "--out", out});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray schemes = QJsonDocument::fromJson(readAll(out)).array();
    QCOMPARE(schemes.size(), 4);
    QCOMPARE(schemes[0].toArray().size(), 1);
    QCOMPARE(schemes[1].toArray().size(), 1);
    QCOMPARE(schemes[2].toArray().size(), 2);
    QCOMPARE(schemes[2].toArray()[1].toObject().value("kernel_size").toInt(), 1);
    QCOMPARE(schemes[3].toArray()[1].toObject().value("kernel_size").toInt(), 3);
    QCOMPARE(schemes[3].toArray()[1].toObject().value("residual").toBool(), true);
}

void TestCliSchemes::printSettingsRoundTrip()
{
    const CliResult printed = runCli({"schemes", "--print-settings"});
    QCOMPARE(printed.exitCode, 0);
    QVERIFY(printed.out.contains("\"max_strided_layers\": 3"));
    const QString settings = naap::test::writeFile(m_tmp.path(), "naap440-settings.json", printed.out);
    const CliResult fromFile = runCli({"schemes", "--settings", settings});
    const CliResult builtIn = runCli({"schemes"});
    QCOMPARE(fromFile.exitCode, 0);
    QCOMPARE(fromFile.out, builtIn.out);
}

void TestCliSchemes::badSettings_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not JSON") << QByteArray("{\"min_depth\": 3,\n") << "line 2: expected valid JSON";
    QTest::newRow("empty width") << QByteArray(R"({"min_depth": 1, "max_depth": 1, "max_strided_layers": 0,
        "layers": [{"kernel_size": [3], "width": [], "stride": [1], "residual": [false]}]})")
                                 << "layer 1: expected at least one width choice, found none.";
    QTest::newRow("typo") << QByteArray(R"({"min_depth": 1, "max_depth": 1, "max_stride_layers": 0, "layers": []})")
                          << "unknown key \"max_stride_layers\"";
    QTest::newRow("depths") << QByteArray(R"({"min_depth": 2, "max_depth": 1, "max_strided_layers": 0,
        "layers": [{"kernel_size": [3], "width": [8], "stride": [1], "residual": [false]}]})")
                            << "expected min_depth from 1 to max_depth (1), found 2.";
    QTest::newRow("binary") << QByteArray("\x00\x01\x02", 3) << "bad.json";
    QTest::newRow("no scheme") << QByteArray(R"({"min_depth": 1, "max_depth": 1, "max_strided_layers": 0,
        "layers": [{"kernel_size": [3], "width": [8], "stride": [2], "residual": [false]}]})")
                               << "bad.json holds no scheme: no choice satisfies its depth and stride limits.";
    QTest::newRow("number overflow") << QByteArray("{\"min_depth\": 1,\n \"max_depth\": 1e400}")
                                     << "line 2: expected numbers within the range of a double, found 1e400.";
    // A hundred million schemes of up to 64 layers each were accepted, and listed until memory ran out.
    QTest::newRow("max_schemes") << QByteArray(R"({"min_depth": 1, "max_depth": 1, "max_strided_layers": 0,
        "max_schemes": 100000000, "layers": [{"kernel_size": [3], "width": [8], "stride": [1], "residual": [false]}]})")
                                 << "expected \"max_schemes\" to be an integer from 1 to 10000000";
}

void TestCliSchemes::badSettings()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString settings = naap::test::writeFile(m_tmp.path(), "bad.json", content);
    const QString out = m_tmp.filePath("never.json");
    checkRejected({"schemes", "--settings", settings, "--out", out}, "bad.json", expected, out);
}

void TestCliSchemes::schemesUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown option") << QStringList{"schemes", "--depth", "3"} << 2 << "--depth";
    QTest::newRow("empty out") << QStringList{"schemes", "--out="} << 2 << "--out needs a file name";
    QTest::newRow("missing settings") << QStringList{"schemes", "--settings", "/nonexistent/s.json"} << 1
                                      << "/nonexistent/s.json";
    QTest::newRow("device settings") << QStringList{"schemes", "--settings", "/dev/zero"} << 1
                                     << "naap: Cannot read /dev/zero: it is a device, expected a file.";
    QTest::newRow("help") << QStringList{"schemes", "--help"} << 0 << "";
}

void TestCliSchemes::schemesUsage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    if (exitCode == 0)
        QVERIFY(r.out.contains("Usage: naap schemes"));
    else
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
}

void TestCliSchemes::profileMatchesPublished()
{
    REQUIRE_NAAP440();
    const QString out = m_tmp.filePath("profile.csv");
    const CliResult r = runCli({"profile", "--schemes", m_dataDir + "/generated_schemes.json", "--out", out});
    QCOMPARE(r.exitCode, 0);
    const naap::test::Csv mine = naap::test::parseCsv(readAll(out));
    const naap::test::Csv table = naap::test::parseCsv(readAll(m_dataDir + "/naap440v2.csv"));
    const QStringList columns{"ModelId", "NumParams", "NumMACs", "NumLayers", "NumStages", "FirstLayerWidth",
                              "LastLayerWidth", "NumSkipConnections", "NumPartialRFLayers"};
    QCOMPARE(mine.header, columns);
    QCOMPARE(mine.rows.size(), 440);
    QCOMPARE(table.rows.size(), 440);
    for (int i = 0; i < 440; ++i)
        for (const QString& c : columns)
            QVERIFY2(mine.rows[i][mine.column(c)] == table.rows[i][table.column(c)],
                     qPrintable(QStringLiteral("row %1, %2: %3 vs published %4")
                                    .arg(i + 1)
                                    .arg(c, mine.rows[i][mine.column(c)], table.rows[i][table.column(c)])));
}

void TestCliSchemes::profileBadSchemes_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray good = R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}])";
    QTest::newRow("malformed") << QByteArray("[[{\"kernel_size\": 3,") << "expected valid JSON";
    QTest::newRow("number overflow") << "[" + good + R"(,
        [{"kernel_size": 3, "width": 12, "stride": 2e999, "residual": false}]])"
                                     << "line 2: expected numbers within the range of a double, found 2e999.";
    QTest::newRow("not a list") << QByteArray("{}") << "expected a list of schemes";
    QTest::newRow("empty list") << QByteArray("[]") << "expected at least one scheme";
    QTest::newRow("bad residual") << "[" + good + R"(,
        [{"kernel_size": 3, "width": 12, "stride": 2, "residual": true}]])"
                                  << "line 2: scheme 2 (ModelId 2): layer 1: a residual layer needs stride 1";
    QTest::newRow("kernel 0") << QByteArray(R"([[{"kernel_size": 0, "width": 12, "stride": 2, "residual": false}]])")
                              << "scheme 1 (ModelId 1): layer 1: expected \"kernel_size\" to be an integer";
    QTest::newRow("missing key") << "[" + good + ", " + good + R"(, [{"width": 12, "stride": 2, "residual": false}]])"
                                 << "scheme 3 (ModelId 3): layer 1: expected the key \"kernel_size\"";
    // Misspelt keys are refused as --settings refuses them, on the line of the key, not of the scheme.
    QTest::newRow("unknown key") << "[" + good + R"(,
        [{"kernel_size": 3, "width": 12, "stride": 2, "residual": false},
         {"kernal_size": 3, "width": 12, "stride": 1, "residual": false}]])"
                                 << "line 3: scheme 2 (ModelId 2): layer 2: unknown key \"kernal_size\"";
    QTest::newRow("bad value line") << "[" + good + R"(,
        [{"kernel_size": 3, "width": 12, "stride": 2, "residual": false},
         {"kernel_size": 3,
          "width": -4, "stride": 1, "residual": false}]])"
                                    << "line 4: scheme 2 (ModelId 2): layer 2: expected \"width\" to be an integer";
}

void TestCliSchemes::profileBadSchemes()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString schemes = naap::test::writeFile(m_tmp.path(), "bad-schemes.json", content);
    const QString out = m_tmp.filePath("never.csv");
    checkRejected({"profile", "--schemes", schemes, "--out", out}, "bad-schemes.json", expected, out);
}

void TestCliSchemes::profileUsage()
{
    CliResult r = runCli({"profile"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--schemes is required"), r.err.constData());
    r = runCli({"profile", "--schemes", m_tmp.filePath("missing.json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("missing.json"), r.err.constData());
    r = runCli({"profile", "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("ModelId,NumParams,NumMACs"));
}

// The largest layers a schemes file takes (65535 wide, 65535x65535 kernels): the counts are
// beyond 64-bit integers and were printed negative.
void TestCliSchemes::profileHugeLayers()
{
    const QByteArray layer = R"({"kernel_size": 65535, "width": 65535, "stride": 1, "residual": false})";
    const QString schemes = naap::test::writeFile(m_tmp.path(), "huge.json", "[[" + layer + ", " + layer + "]]");
    const CliResult r = runCli({"profile", "--schemes", schemes});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const naap::test::Csv csv = naap::test::parseCsv(r.out);
    QCOMPARE(csv.rows.size(), 1);
    static const QRegularExpression digits("^[1-9][0-9]*$");
    for (const char* column : {"NumParams", "NumMACs"})
        QVERIFY2(digits.match(csv.rows[0][csv.column(column)]).hasMatch(), r.out.constData());
    // 65535^2 x 65535 x 65535 weights in the second layer's convolution alone; 1024 outputs each.
    QVERIFY2(csv.rows[0][csv.column("NumParams")].startsWith("184464625858491"), r.out.constData());
    QVERIFY2(csv.rows[0][csv.column("NumMACs")].startsWith("188891776879092"), r.out.constData());
    QCOMPARE(csv.rows[0][csv.column("NumMACs")].size(), 23);
}

QTEST_GUILESS_MAIN(TestCliSchemes)
#include "tst_cli_schemes.moc"
