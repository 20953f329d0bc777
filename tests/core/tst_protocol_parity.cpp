// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// Paper parity on the real NAAP-440 tables: every cell of the protocol matches
// scikit-learn 1.2.1 within PRODUCT.md §3's tolerances. The references are
// ../shared/reference/sklearn_1.2.1_v1_cutoffs_0_3_6_9.csv (given) and
// tests/data/sklearn_protocol_v{1,2}[_more].csv (made by bench/sklearn_protocol.py with
// scikit-learn 1.2.1 at other cutoffs and on the v2 table).
#include <QtTest>

#include <map>
#include <set>

#include "naap/core/data/table_io.h"
#include "naap/core/models/registry.h"
#include "naap/core/protocol/protocol.h"
#include "test_paths.h"

using namespace naap::core;

namespace {

struct RefCell {
    std::string model;
    int cutoff;
    double mae;
    int violations;
};

std::vector<RefCell> readReference(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot open reference %s", qPrintable(path));
    std::vector<RefCell> cells;
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList c = lines[i].trimmed().split(',');
        cells.push_back({c[0].toStdString(), c[1].toInt(), c[2].toDouble(), c[3].toInt()});
    }
    return cells;
}

// PRODUCT.md §3: deterministic models 0.0002 MAE and 2 violations (k-NN 0.0005 and 5);
// seeded models a little more than scikit-learn's own spread across seed sets.
std::pair<double, int> tolerance(const std::string& model)
{
    if (model.find("-NN") != std::string::npos)
        return {0.0005, 5};
    if (model == "Decision Tree" || model.rfind("AdaBoost", 0) == 0)
        return {0.002, 12};
    if (model.rfind("Random Forest", 0) == 0)
        return {0.0015, 10};
    if (model.rfind("Gradient Boosting", 0) == 0)
        return {0.0005, 6};
    return {0.0002, 2};
}

} // namespace

class TestProtocolParity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesScikitLearn_data();
    void matchesScikitLearn();
};

void TestProtocolParity::initTestCase()
{
    QVERIFY2(!naap::test::naap440Dir().isEmpty(),
             "NAAP-440 was not found (set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout).");
}

void TestProtocolParity::matchesScikitLearn_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("reference");
    const QString data = naap::test::naap440Dir();
    QTest::newRow("v1 cutoffs 0,3,6,9 (given)")
        << data + "/naap440.csv" << data + "/../../reference/sklearn_1.2.1_v1_cutoffs_0_3_6_9.csv";
    QTest::newRow("v1 cutoffs 1,2,12,30,60,90")
        << data + "/naap440.csv" << naap::test::testDataDir() + "/sklearn_protocol_v1.csv";
    QTest::newRow("v2 cutoffs 0,3,6,9,18,45")
        << data + "/naap440v2.csv" << naap::test::testDataDir() + "/sklearn_protocol_v2.csv";
    QTest::newRow("v1 cutoffs 4,5,7,8,10,11,15,24 (paper's 24)")
        << data + "/naap440.csv" << naap::test::testDataDir() + "/sklearn_protocol_v1_more.csv";
    QTest::newRow("v2 cutoffs 1,2,12,27 (paper's 24)")
        << data + "/naap440v2.csv" << naap::test::testDataDir() + "/sklearn_protocol_v2_more.csv";
    QTest::newRow("v1 cutoffs 33,51,75,89")
        << data + "/naap440.csv" << naap::test::testDataDir() + "/sklearn_protocol_v1_high.csv";
    QTest::newRow("v2 cutoffs 54,72,90")
        << data + "/naap440v2.csv" << naap::test::testDataDir() + "/sklearn_protocol_v2_high.csv";
}

void TestProtocolParity::matchesScikitLearn()
{
    QFETCH(QString, table);
    QFETCH(QString, reference);
    const Dataset dataset = readTableCsv(table.toStdString()).dataset;
    const std::vector<RefCell> ref = readReference(reference);
    QVERIFY(ref.size() >= 24);

    ProtocolOptions options;
    std::set<int> cutoffs;
    std::vector<std::string> models;
    for (const RefCell& c : ref) {
        cutoffs.insert(c.cutoff);
        if (std::find(models.begin(), models.end(), c.model) == models.end())
            models.push_back(c.model);
    }
    options.models = models;
    options.cutoffs.assign(cutoffs.begin(), cutoffs.end());
    const ProtocolReport report = runProtocol(dataset, options);
    std::map<std::pair<std::string, int>, const ProtocolCell*> ours;
    for (const ProtocolCell& c : report.cells)
        ours[{c.model, c.cutoff}] = &c;

    QStringList failures;
    for (const RefCell& r : ref) {
        const ProtocolCell* c = ours.at({r.model, r.cutoff});
        const auto [maeTol, violTol] = tolerance(r.model);
        const double dMae = std::abs(c->selected.mae - r.mae);
        const auto dViol = std::abs(c->selected.violations - r.violations);
        if (dMae > maeTol + 5e-6 || dViol > violTol)
            failures << QStringLiteral("%1 @%2: MAE %3 vs %4, violations %5 vs %6")
                            .arg(QString::fromStdString(r.model))
                            .arg(r.cutoff)
                            .arg(c->selected.mae, 0, 'f', 5)
                            .arg(r.mae, 0, 'f', 5)
                            .arg(c->selected.violations)
                            .arg(r.violations);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
}

QTEST_APPLESS_MAIN(TestProtocolParity)
#include "tst_protocol_parity.moc"
