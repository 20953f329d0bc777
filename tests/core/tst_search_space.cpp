// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <numeric>
#include <sstream>

#include "naap/core/data/search_space.h"
#include "naap/core/error.h"
#include "test_paths.h"

using namespace naap::core;

class TestSearchSpace : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void naap440EqualsPublished();
    void naap440Rules();
    void writerMatchesPublishedLayout();
    void smallSpaceByHand();
    void smallSpaceLimits();
    void schemeLimit();
    void validation_data();
    void validation();
    void longChoiceLists();
    void settingsJsonRoundTrip();
    void settingsJsonErrors_data();
    void settingsJsonErrors();
};

namespace {

QString publishedSchemes()
{
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        return {};
    return dir + "/generated_schemes.json";
}

#define REQUIRE_NAAP440()                                                                                    \
    if (publishedSchemes().isEmpty())                                                                        \
    QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout")

// Layer 1: kernel 3, width {8, 16}, stride {1, 2}, residual {no, yes}; layer 2: kernel
// {1, 2}, width 8, stride 1, residual {no, yes}.
SearchSpaceSettings smallSpace()
{
    SearchSpaceSettings s;
    s.layers = {{{3}, {8, 16}, {1, 2}, {false, true}}, {{1, 2}, {8}, {1}, {false, true}}};
    s.minDepth = 1;
    s.maxDepth = 2;
    s.maxStridedLayers = 1;
    return s;
}

std::string messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

} // namespace

void TestSearchSpace::naap440EqualsPublished()
{
    REQUIRE_NAAP440();
    const std::vector<Scheme> generated = generateSchemes(naap440SearchSpace());
    const std::vector<Scheme> published = readSchemesJson(publishedSchemes().toStdString());
    QCOMPARE(generated.size(), std::size_t(440));
    QCOMPARE(published.size(), std::size_t(440));
    for (std::size_t i = 0; i < generated.size(); ++i)
        QVERIFY2(generated[i] == published[i], qPrintable(QStringLiteral("ModelId %1: generated %2, published %3")
                                                              .arg(i + 1)
                                                              .arg(QString::fromStdString(schemeToJson(generated[i])),
                                                                   QString::fromStdString(schemeToJson(published[i])))));
}

void TestSearchSpace::naap440Rules()
{
    // The rules of PRODUCT.md §4 hold for every scheme, independently of the published file.
    const std::vector<Scheme> schemes = generateSchemes(naap440SearchSpace());
    QCOMPARE(schemes.size(), std::size_t(440));
    std::size_t depth3 = 0;
    for (const Scheme& s : schemes) {
        QVERIFY(s.size() == 3 || s.size() == 4);
        depth3 += s.size() == 3;
        QVERIFY(validateScheme(s).empty());
        QVERIFY(std::count_if(s.begin(), s.end(), [](const LayerSpec& l) { return l.stride == 2; }) <= 3);
    }
    // A depth-3 scheme comes right before its extensions: scheme 2 extends scheme 1.
    QCOMPARE(schemes[1].size(), std::size_t(4));
    QVERIFY(Scheme(schemes[1].begin(), schemes[1].begin() + 3) == schemes[0]);
    QVERIFY(depth3 > 0 && depth3 < 440);
}

void TestSearchSpace::writerMatchesPublishedLayout()
{
    REQUIRE_NAAP440();
    std::ostringstream out;
    writeSchemesJson(generateSchemes(naap440SearchSpace()), out);
    QFile f(publishedSchemes());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray published = f.readAll();
    published.replace("\r\n", "\n");
    QCOMPARE(QByteArray::fromStdString(out.str()), published);

    std::ostringstream empty;
    writeSchemesJson({}, empty);
    QCOMPARE(QString::fromStdString(empty.str()), QStringLiteral("[]"));
}

void TestSearchSpace::smallSpaceByHand()
{
    // Layer 1: a residual never fits (3 input channels), so 4 choices: w8s1, w8s2, w16s1,
    // w16s2. Layer 2 after width 8: k1, k1+residual, k2 (an even kernel cannot keep the
    // shape) = 3; after width 16: k1, k2 = 2. Depth 1: 4; depth 2: 2*3 + 2*2 = 10.
    const std::vector<Scheme> s = generateSchemes(smallSpace());
    QCOMPARE(s.size(), std::size_t(14));
    QVERIFY(s[0] == Scheme({{3, 8, 1, false}}));
    QVERIFY(s[1] == Scheme({{3, 8, 1, false}, {1, 8, 1, false}}));
    QVERIFY(s[2] == Scheme({{3, 8, 1, false}, {1, 8, 1, true}}));
    QVERIFY(s[3] == Scheme({{3, 8, 1, false}, {2, 8, 1, false}}));
    QVERIFY(s[4] == Scheme({{3, 8, 2, false}}));
    QVERIFY(s[8] == Scheme({{3, 16, 1, false}}));
    QVERIFY(s[9] == Scheme({{3, 16, 1, false}, {1, 8, 1, false}}));
    QVERIFY(s[13] == Scheme({{3, 16, 2, false}, {2, 8, 1, false}}));
    for (const Scheme& scheme : s)
        QVERIFY(validateScheme(scheme).empty());
}

void TestSearchSpace::smallSpaceLimits()
{
    SearchSpaceSettings s = smallSpace();
    s.maxStridedLayers = 0; // no stride-2 first layer: depth 1: 2, depth 2: 3 + 2
    QCOMPARE(generateSchemes(s).size(), std::size_t(7));
    s = smallSpace();
    s.minDepth = 2;
    QCOMPARE(generateSchemes(s).size(), std::size_t(10));
    s.maxDepth = 1;
    s.minDepth = 1;
    QCOMPARE(generateSchemes(s).size(), std::size_t(4));
}

void TestSearchSpace::schemeLimit()
{
    SearchSpaceSettings s = naap440SearchSpace();
    s.maxSchemes = 440;
    QCOMPARE(generateSchemes(s).size(), std::size_t(440));
    s.maxSchemes = 439;
    const std::string why = messageOf([&] { generateSchemes(s); });
    QVERIFY2(why.find("more than 439 schemes") != std::string::npos, why.c_str());
}

void TestSearchSpace::validation_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no layers") << 0 << "expected choices for at least one layer, found none.";
    QTest::newRow("no width") << 1 << "layer 2: expected at least one width choice, found none.";
    QTest::newRow("repeat") << 2 << "layer 1: expected each width choice once, found 16 twice.";
    QTest::newRow("kernel 0") << 3 << "layer 1: expected each kernel_size to be from 1 to 65535, found 0.";
    QTest::newRow("min > max") << 4 << "expected min_depth from 1 to max_depth (2), found 3.";
    QTest::newRow("max > layers") << 5 << "expected max_depth from 1 to the 2 layers listed, found 3.";
    QTest::newRow("strided < 0") << 6 << "expected max_strided_layers of at least 0, found -1.";
    QTest::newRow("no residual") << 7 << "layer 2: expected at least one residual choice, found none.";
    QTest::newRow("max_schemes 0") << 8 << "expected max_schemes of at least 1, found 0.";
    QTest::newRow("max_schemes huge") << 9 << "expected max_schemes of at most 10000000, found 10000001.";
}

void TestSearchSpace::validation()
{
    QFETCH(int, row);
    QFETCH(QString, expected);
    SearchSpaceSettings s = smallSpace();
    QVERIFY(validateSearchSpace(s).empty());
    switch (row) {
    case 0: s.layers.clear(); s.minDepth = s.maxDepth = 0; break;
    case 1: s.layers[1].widths.clear(); break;
    case 2: s.layers[0].widths = {16, 8, 16}; break;
    case 3: s.layers[0].kernelSizes = {0}; break;
    case 4: s.minDepth = 3; break;
    case 5: s.maxDepth = 3; break;
    case 6: s.maxStridedLayers = -1; break;
    case 7: s.layers[1].residuals.clear(); break;
    case 8: s.maxSchemes = 0; break;
    case 9: s.maxSchemes = 10000001; break;
    }
    const std::vector<std::string> problems = validateSearchSpace(s);
    QVERIFY(!problems.empty());
    QCOMPARE(QString::fromStdString(problems.front()), expected);
    const std::string thrown = messageOf([&] { generateSchemes(s); });
    QCOMPARE(QString::fromStdString(thrown), "Invalid search space: " + expected);
}

// The largest space the settings take: 64 layers, each with every kernel size and width from
// 1 to 65535. Repeats were looked for by searching each list (minutes for this one).
void TestSearchSpace::longChoiceLists()
{
    std::vector<int> all(65535);
    std::iota(all.begin(), all.end(), 1);
    SearchSpaceSettings s;
    s.layers.assign(64, LayerChoices{all, all, {1}, {false}});
    s.maxDepth = 64;
    QVERIFY(validateSearchSpace(s).empty());
    s.layers.back().widths.push_back(7);
    const std::vector<std::string> problems = validateSearchSpace(s);
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(problems.front()), "layer 64: expected each width choice once, found 7 twice.");
}

void TestSearchSpace::settingsJsonRoundTrip()
{
    const SearchSpaceSettings naap = naap440SearchSpace();
    QVERIFY(parseSearchSpaceJson(searchSpaceToJson(naap), "naap.json") == naap);
    const SearchSpaceSettings small = smallSpace();
    QVERIFY(parseSearchSpaceJson(searchSpaceToJson(small), "small.json") == small);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = naap::test::writeFile(tmp.path(), "space.json", QByteArray::fromStdString(searchSpaceToJson(small)));
    QVERIFY(readSearchSpaceJson(path.toStdString()) == small);
    // max_schemes may be left out.
    const SearchSpaceSettings brief = parseSearchSpaceJson(
        R"({"min_depth": 1, "max_depth": 1, "max_strided_layers": 0,
            "layers": [{"kernel_size": [3], "width": [4, 5], "stride": [1], "residual": [false]}]})",
        "brief.json");
    QCOMPARE(brief.maxSchemes, SearchSpaceSettings().maxSchemes);
    QCOMPARE(generateSchemes(brief).size(), std::size_t(2));
}

void TestSearchSpace::settingsJsonErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QString layer = R"({"kernel_size": [3], "width": [8], "stride": [1], "residual": [false]})";
    auto wrap = [&](const QString& head, const QString& layers) {
        return "{" + head + R"("layers": [)" + layers + "]}";
    };
    const QString depths = R"("min_depth": 1, "max_depth": 1, "max_strided_layers": 0, )";
    QTest::newRow("not JSON") << "{\"min_depth\": 1,\n oops}" << "s.json, line 2: expected valid JSON";
    QTest::newRow("a list") << "[]" << "s.json, line 1: expected an object";
    QTest::newRow("unknown key") << wrap(depths + R"("max_dpeth": 2, )", layer) << "unknown key \"max_dpeth\"";
    QTest::newRow("missing key") << wrap(R"("min_depth": 1, "max_strided_layers": 0, )", layer)
                                 << "expected the key \"max_depth\", found none.";
    QTest::newRow("depth text") << wrap(R"("min_depth": "1", "max_depth": 1, "max_strided_layers": 0, )", layer)
                                << "expected \"min_depth\" to be an integer from 1 to 64, found string \"1\".";
    QTest::newRow("width not a list") << wrap(depths, R"({"kernel_size": [3], "width": 8, "stride": [1], "residual": [false]})")
                                      << "layer 1: expected \"width\" to be a list of integers, found number 8.";
    QTest::newRow("residual not bool")
        << wrap(depths, R"({"kernel_size": [3], "width": [8], "stride": [1], "residual": [0]})")
        << "layer 1: expected \"residual\" to be a list of true/false, found number 0 in it.";
    QTest::newRow("stride 0") << wrap(depths, R"({"kernel_size": [3], "width": [8], "stride": [0], "residual": [false]})")
                              << "layer 1: expected each \"stride\" to be an integer from 1 to 65535, found number 0.";
    QTest::newRow("layer key") << wrap(depths, R"({"kernel": [3], "width": [8], "stride": [1], "residual": [false]})")
                               << "layer 1: unknown key \"kernel\"";
    QTest::newRow("validation") << wrap(R"("min_depth": 1, "max_depth": 2, "max_strided_layers": 0, )", layer)
                                << "s.json: expected max_depth from 1 to the 1 layers listed, found 2.";
    QTest::newRow("empty list") << wrap(depths, R"({"kernel_size": [], "width": [8], "stride": [1], "residual": [false]})")
                                << "layer 1: expected at least one kernel_size choice, found none.";
    // A number beyond a double's range is nlohmann-json's out_of_range, not a parse_error.
    QTest::newRow("number overflow") << wrap(R"("min_depth": 1,
        "max_depth": 1e400, "max_strided_layers": 0, )", layer)
                                     << "s.json, line 2: expected numbers within the range of a double, found 1e400.";
    QTest::newRow("null") << wrap(depths, R"({"kernel_size": [3], "width": null, "stride": [1], "residual": [false]})")
                          << "layer 1: expected \"width\" to be a list of integers, found null.";
    // Every scheme is held in memory: a hundred million of them (of up to 64 layers) would
    // take tens of gigabytes before any error.
    QTest::newRow("max_schemes") << wrap(depths + R"("max_schemes": 100000000, )", layer)
                                 << "expected \"max_schemes\" to be an integer from 1 to 10000000, found number "
                                    "100000000.";
}

void TestSearchSpace::settingsJsonErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    try {
        parseSearchSpaceJson(text.toStdString(), "s.json");
        QFAIL("bad settings were accepted");
    } catch (const ParseError& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.contains(expected), qPrintable(what));
        QVERIFY2(what.startsWith(QStringLiteral("s.json")), qPrintable(what));
        QVERIFY(!what.contains('\n'));
    }
}

QTEST_GUILESS_MAIN(TestSearchSpace)
#include "tst_search_space.moc"
