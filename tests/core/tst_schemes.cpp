// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "naap/core/data/raw_logs.h"
#include "naap/core/data/scheme.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "test_paths.h"

using namespace naap::core;

class TestSchemes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsGeneratedSchemes();
    void profileByHand();
    void profileMatchesAllPublishedRows();
    void schemeToJsonMatchesRawLogs();
    void badJson_data();
    void badJson();
    void missingFile();
    void validate_data();
    void validate();
};

namespace {
QString schemesPath()
{
    const QString dir = naap::test::naap440Dir();
    return dir.isEmpty() ? QString() : dir + "/generated_schemes.json";
}
} // namespace

void TestSchemes::readsGeneratedSchemes()
{
    if (schemesPath().isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const auto schemes = readSchemesJson(schemesPath().toStdString());
    QCOMPARE(schemes.size(), std::size_t(440));
    const Scheme first{{3, 12, 2, false}, {3, 16, 2, false}, {1, 16, 1, false}};
    QVERIFY(schemes.front() == first);
    for (const Scheme& s : schemes)
        QVERIFY(s.size() == 3 || s.size() == 4);
}

void TestSchemes::profileByHand()
{
    // Scheme 1: conv 3x3x3x12 + BN, 3x3x12x16 + BN, 1x1x16x16 + BN, linear 16->10.
    const SchemeFields f = profileScheme({{3, 12, 2, false}, {3, 16, 2, false}, {1, 16, 1, false}});
    QCOMPARE(f.numParams, 324.0 + 24 + 1728 + 32 + 256 + 32 + 170);
    // Outputs 16x16x12, 8x8x16, 8x8x16.
    const double macs = 256.0 * 12 * 27 + 4 * 256 * 12 + 64.0 * 16 * 108 + 4 * 64 * 16 + 64.0 * 16 * 16 +
                        4 * 64 * 16 + 65 * 16 + 160;
    QCOMPARE(f.numMACs, macs);
    QCOMPARE(f.numMACs, 231600.0);
    QCOMPARE(f.numLayers, 3.0);
    QCOMPARE(f.numStages, 2.0);
    QCOMPARE(f.firstLayerWidth, 12.0);
    QCOMPARE(f.lastLayerWidth, 16.0);
    QCOMPARE(f.numSkipConnections, 0.0);
    QCOMPARE(f.numPartialRFLayers, 0.0);

    const SchemeFields g = profileScheme({{3, 12, 2, false}, {3, 16, 2, false}, {1, 24, 2, false}, {3, 24, 1, true}});
    QCOMPARE(g.numStages, 3.0);
    QCOMPARE(g.numSkipConnections, 1.0);
    QCOMPARE(g.numPartialRFLayers, 1.0); // the 1x1 stride-2 layer skips pixels
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, profileScheme({}));

    // The largest layers a schemes file takes: k·k·C_in·C is beyond a 64-bit integer (it
    // overflowed to negative counts). Outputs 32x32x65535 (odd kernel, stride 1).
    const double k2 = 65535.0 * 65535.0;
    const SchemeFields huge = profileScheme({{65535, 65535, 1, false}, {65535, 65535, 1, false}});
    QCOMPARE(huge.numParams, k2 * 3 * 65535 + 2 * 65535 + k2 * 65535 * 65535 + 2 * 65535 + 65535 * 10 + 10);
    const double hwc = 1024.0 * 65535;
    QCOMPARE(huge.numMACs, hwc * k2 * 3 + 4 * hwc + hwc * k2 * 65535 + 4 * hwc + 1025.0 * 65535 + 655350);
    QVERIFY(huge.numMACs > 1e22);
}

void TestSchemes::profileMatchesAllPublishedRows()
{
    if (schemesPath().isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const auto schemes = readSchemesJson(schemesPath().toStdString());
    const auto table = readTableCsv((naap::test::naap440Dir() + "/naap440v2.csv").toStdString());
    QCOMPARE(table.dataset.rows.size(), schemes.size());
    for (const ArchitectureRow& row : table.dataset.rows) {
        const SchemeFields f = profileScheme(schemes.at(static_cast<std::size_t>(row.modelId - 1)));
        const SchemeFields& t = row.scheme;
        const QByteArray id = QByteArray::number(row.modelId);
        QVERIFY2(f.numParams == t.numParams, id);
        QVERIFY2(f.numMACs == t.numMACs, id);
        QVERIFY2(f.numLayers == t.numLayers, id);
        QVERIFY2(f.numStages == t.numStages, id);
        QVERIFY2(f.firstLayerWidth == t.firstLayerWidth, id);
        QVERIFY2(f.lastLayerWidth == t.lastLayerWidth, id);
        QVERIFY2(f.numSkipConnections == t.numSkipConnections, id);
        QVERIFY2(f.numPartialRFLayers == t.numPartialRFLayers, id);
    }
}

void TestSchemes::schemeToJsonMatchesRawLogs()
{
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    for (int id = 1; id <= 440; ++id) {
        QFile f(QString("%1/raw_data/scheme_%2.txt").arg(dir).arg(id));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray line = f.readLine().trimmed();
        const QByteArray prefix = "Network scheme: ";
        const auto at = line.indexOf(prefix);
        QVERIFY(at > 0);
        const std::string json = line.mid(at + prefix.size()).toStdString();
        const Scheme s = parseSchemeJson(json, "scheme", 1);
        QCOMPARE(schemeToJson(s), json);
    }
}

void TestSchemes::badJson_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<long>("line");
    QTest::addColumn<QString>("fragment");
    const QByteArray layer = R"({"kernel_size": 3, "width": 12, "stride": 2, "residual": false})";
    // One scheme of one layer, each value as JSON text.
    const auto oneLayer = [](const QByteArray& kernel, const QByteArray& width, const QByteArray& stride,
                             const QByteArray& residual) {
        return "[[{\"kernel_size\": " + kernel + ", \"width\": " + width + ", \"stride\": " + stride +
               ", \"residual\": " + residual + "}]]";
    };
    QTest::newRow("malformed") << QByteArray("[\n  [\n    {\"kernel_size\": 3,,}\n  ]\n]") << 3L
                               << "expected valid JSON";
    QTest::newRow("truncated") << QByteArray("[\n  [\n    " + layer.left(30)) << 3L << "expected valid JSON";
    QTest::newRow("empty") << QByteArray("") << 1L << "found nothing";
    QTest::newRow("binary") << QByteArray("[\x01\x02\x00", 4) << 1L << "control byte";
    QTest::newRow("notList") << QByteArray("{\"a\": 1}") << 1L << "expected a list of schemes, found object";
    QTest::newRow("schemeNotList") << QByteArray("[\n  [" + layer + "],\n  5\n]") << 3L
                                   << "scheme 2 (ModelId 2): expected a list of layers, found number 5";
    QTest::newRow("missingKey") << QByteArray("[\n  [" + layer + "],\n  [{\"kernel_size\": 3, \"width\": 12, "
                                              "\"stride\": 2}]\n]")
                                << 3L << "scheme 2 (ModelId 2): layer 1: expected the key \"residual\"";
    QTest::newRow("wrongType") << oneLayer("3", "\"12\"", "2", "false") << 1L
                               << "expected \"width\" to be an integer from 1 to 65535, found string \"12\"";
    QTest::newRow("zeroStride") << oneLayer("3", "12", "0", "false") << 1L << "\"stride\"";
    QTest::newRow("floatKernel") << oneLayer("3.5", "12", "1", "false") << 1L << "\"kernel_size\"";
    QTest::newRow("residualNotBool") << oneLayer("3", "12", "1", "0") << 1L
                                     << "\"residual\" to be true or false";
    QTest::newRow("emptyScheme") << QByteArray("[\n  []\n]") << 2L << "expected at least one layer";
    // nlohmann-json reports a number beyond a double's range as an out_of_range error without
    // a place: still a ParseError on the number's line.
    QTest::newRow("numberOverflow") << QByteArray("[\n  [" + layer + "],\n  [{\"kernel_size\": 3, \"width\": 1e400, "
                                                  "\"stride\": 2, \"residual\": false}]\n]")
                                    << 3L << "expected numbers within the range of a double, found 1e400.";
    QTest::newRow("nullWidth") << oneLayer("3", "null", "2", "false") << 1L
                               << "expected \"width\" to be an integer from 1 to 65535, found null.";
    QTest::newRow("longString") << oneLayer("3", "\"" + QByteArray(100000, 'w') + "\"", "2", "false") << 1L
                                << "found string \"" + QString(59, 'w') + "...";
    QTest::newRow("badResidual") << QByteArray("[[" + layer + ", {\"kernel_size\": 3, \"width\": 16, "
                                               "\"stride\": 2, \"residual\": true}]]")
                                 << 1L << "layer 2: a residual layer needs stride 1";

    // Laid out as generated_schemes.json is (one key per line): the line of the bad value.
    auto pretty = [](const QByteArray& kernelKey, const QByteArray& width, const QByteArray& residual) {
        return "[\n"
               "  [\n"
               "    {\n"
               "      \"kernel_size\": 3,\n"
               "      \"width\": 12,\n"
               "      \"stride\": 2,\n"
               "      \"residual\": false\n"
               "    }\n"
               "  ],\n"
               "  [\n"                                 // line 10: scheme 2
               "    {\n"                               // line 11: its layer 1
               "      \"kernel_size\": 3,\n"
               "      \"width\": 12,\n"
               "      \"stride\": 2,\n"
               "      \"residual\": false\n"
               "    },\n"
               "    {\n"                               // line 17: its layer 2
               "      \"" + kernelKey + "\": 3,\n"    // line 18
               "      \"width\":\n"
               "        " + width + ",\n"              // line 20
               "      \"stride\": 1,\n"
               "      \"residual\": " + residual + "\n" // line 22
               "    }\n"
               "  ]\n"
               "]";
    };
    QTest::newRow("prettyValid") << pretty("kernel_size", "12", "false") << 0L << "";
    QTest::newRow("unknownKey") << pretty("kernal_size", "12", "false") << 18L
                                << "scheme 2 (ModelId 2): layer 2: unknown key \"kernal_size\" (expected "
                                   "\"kernel_size\", \"width\", \"stride\", \"residual\").";
    QTest::newRow("badValueLine") << pretty("kernel_size", "\"12\"", "false") << 20L
                                  << "scheme 2 (ModelId 2): layer 2: expected \"width\" to be an integer";
    QTest::newRow("residualLine") << pretty("kernel_size", "12", "\"no\"") << 22L
                                  << "layer 2: expected \"residual\" to be true or false";
    QTest::newRow("badResidualLine") << pretty("kernel_size", "16", "true") << 17L
                                     << "scheme 2 (ModelId 2): layer 2: a residual layer needs stride 1, an odd "
                                        "kernel and the input width 12";
    QTest::newRow("extraKey") << QByteArray("[[{\"kernel_size\": 3, \"width\": 12, \"stride\": 2, \"residual\": "
                                            "false, \"dropout\": 0.1}]]")
                              << 1L << "scheme 1 (ModelId 1): layer 1: unknown key \"dropout\"";
}

void TestSchemes::badJson()
{
    QFETCH(QByteArray, content);
    QFETCH(long, line);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "schemes.json", content);
    if (fragment.isEmpty()) { // the layout itself is fine
        QCOMPARE(readSchemesJson(path.toStdString()).size(), std::size_t(2));
        return;
    }
    try {
        readSchemesJson(path.toStdString());
        QFAIL("expected a ParseError");
    } catch (const ParseError& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(fragment), qPrintable(what));
        QVERIFY2(what.startsWith(path), qPrintable(what));
        QCOMPARE(e.line(), line);
    }
}

void TestSchemes::missingFile()
{
    try {
        readSchemesJson("/nonexistent/schemes.json");
        QFAIL("expected an IoError");
    } catch (const IoError& e) {
        QVERIFY(QString(e.what()).startsWith("Cannot open /nonexistent/schemes.json: "));
    }
    // A device never ends: it was read until memory ran out.
    try {
        readSchemesJson("/dev/zero");
        QFAIL("expected an IoError");
    } catch (const IoError& e) {
        QCOMPARE(QString(e.what()), QString("Cannot read /dev/zero: it is a device, expected a file."));
    }
}

void TestSchemes::validate_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}])" << true;
    QTest::newRow("residualSameWidth")
        << R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}, {"kernel_size": 1, "width": 12, "stride": 1, "residual": true}])"
        << true;
    QTest::newRow("residualOtherWidth")
        << R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}, {"kernel_size": 1, "width": 16, "stride": 1, "residual": true}])"
        << false;
    QTest::newRow("residualEvenKernel")
        << R"([{"kernel_size": 3, "width": 12, "stride": 2, "residual": false}, {"kernel_size": 2, "width": 12, "stride": 1, "residual": true}])"
        << false;
}

void TestSchemes::validate()
{
    QFETCH(QString, json);
    QFETCH(bool, valid);
    bool parsed = true;
    try {
        const Scheme s = parseSchemeJson(json.toStdString(), "test", 7);
        QVERIFY(validateScheme(s).empty());
        QCOMPARE(QString::fromStdString(schemeToJson(s)), json);
    } catch (const ParseError& e) {
        parsed = false;
        QCOMPARE(e.line(), 7L);
    }
    QCOMPARE(parsed, valid);
}

QTEST_APPLESS_MAIN(TestSchemes)
#include "tst_schemes.moc"
