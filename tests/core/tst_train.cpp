// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The LibTorch trainer through its public API: network size, log format, checkpoints,
// cancel and exact resume. Runs on the CPU with tiny synthetic data.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

#include "naap/core/data/raw_logs.h"
#include "naap/core/data/table_io.h"
#include "naap/core/error.h"
#include "naap/core/train/train_log.h"
#include "naap/core/train/trainer.h"
#include "test_paths.h"

using namespace naap::core;

class TestTrain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void parameterCountMatchesProfile_data();
    void parameterCountMatchesProfile();
    void parameterCountOfAllNaap440();
    void rejectsInvalidScheme();
    void learningRateSawTooth();
    void logNumberFormat_data();
    void logNumberFormat();
    void truncatesLog_data();
    void truncatesLog();
    void truncateNeedsEnoughEpochs();
    void resolvesDevices();
    void validatesOptions();
    void trainsAndLogs();
    void cancelThenResumeIsExact();
    void refusesExistingRunWithoutResume();
    void refusesResumeWithOtherSeed();
    void cohortMatchesModelsAlone_data();
    void cohortMatchesModelsAlone();
    void cohortCancelThenResumeIsExact();

private:
    TrainOptions options(const QString& out, int epochs) const;
    std::vector<TrainJob> jobs(std::initializer_list<int> ids) const;
    static QStringList events(const QString& path);

    QTemporaryDir m_dataDir;
    CifarData m_data;
};

namespace {

const Scheme kSmall{{3, 12, 2, false}, {3, 16, 2, false}, {1, 16, 1, false}};
const Scheme kResidual{{3, 16, 2, false}, {3, 16, 1, true}, {1, 24, 2, false}, {3, 24, 1, true}};
// With kSmall and kResidual, a cohort of every kind of bucket: first layers of several widths,
// members sharing a grouped convolution, channels routed out of order, residual and strided later layers, members
// ending at different depths and feature-map sizes, heads of several widths, and a residual first layer.
const std::vector<Scheme> kCohortSchemes{
    kSmall,
    kResidual,
    {{3, 16, 2, false}, {3, 24, 2, false}, {3, 24, 1, true}, {1, 40, 2, false}},
    kSmall,
    {{3, 12, 2, false}, {3, 16, 2, false}, {3, 24, 2, false}},
    {{3, 16, 2, false}, {3, 16, 1, true}, {1, 24, 2, false}, {3, 40, 1, false}},
    // Its third layer shares kSmall's grouped convolution from another second-layer bucket,
    // so the channels are gathered out of order.
    {{3, 16, 2, false}, {3, 16, 2, false}, {1, 16, 1, false}},
    // A first layer of kernel 1 adding the images to its output.
    {{1, 3, 1, true}, {3, 16, 2, false}, {3, 24, 2, false}},
};

std::vector<TrainJob> cohortJobs()
{
    std::vector<TrainJob> jobs;
    for (std::size_t i = 0; i < kCohortSchemes.size(); ++i)
        jobs.push_back({static_cast<int>(i) + 1, kCohortSchemes[i]});
    return jobs;
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

const QByteArray kHeader = "20220901141247 Network scheme: [{\"kernel_size\": 3, \"width\": 12, \"stride\": 2, "
                           "\"residual\": false}]\n"
                           "20220901141250 Network has been init on device cpu\n"
                           "20220901141250 Network #params: 1, #MACs: 2\n"
                           "20220901141251 Training set is ready\n"
                           "20220901141251 Ready to start training\n";

// A control that cancels the run as its first batch of epoch 3 ends.
TrainControl cancelledInEpoch3(CancelToken& cancel)
{
    TrainControl control;
    control.cancel = &cancel;
    control.progress = [&cancel](const TrainProgress& p) {
        if (p.epoch == 3 && p.batch == 1)
            cancel.cancel();
    };
    return control;
}

QByteArray epochLines(int e)
{
    return "20220901141252 Epoch " + QByteArray::number(e) + ", LR: 0.1\n" +
           "20220901141310 Loss mean, median: 1.5, 1.4\n" + "20220901141314 Test accuracy: 0.3\n";
}

} // namespace

void TestTrain::initTestCase()
{
    QVERIFY(trainerAvailable());
    QVERIFY(m_dataDir.isValid());
    writeSyntheticCifar(m_dataDir.path().toStdString(), {512, 256, 11});
    m_data = readCifar(m_dataDir.path().toStdString());
    QVERIFY(m_data.synthetic);
}

TrainOptions TestTrain::options(const QString& out, int epochs) const
{
    TrainOptions o;
    o.outDir = out.toStdString();
    o.epochs = epochs;
    o.device = "cpu";
    o.threads = 1; // one thread: bit-identical reruns, and the CI machine has two cores
    return o;
}

std::vector<TrainJob> TestTrain::jobs(std::initializer_list<int> ids) const
{
    std::vector<TrainJob> result;
    for (int id : ids)
        result.push_back({id, id % 2 == 1 ? kSmall : kResidual});
    return result;
}

// The events of a log without their timestamps.
QStringList TestTrain::events(const QString& path)
{
    QStringList lines = QString::fromUtf8(readBytes(path)).split('\n', Qt::SkipEmptyParts);
    for (QString& line : lines)
        line = line.mid(15);
    return lines;
}

void TestTrain::parameterCountMatchesProfile_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("smallest NAAP-440") << QString::fromStdString(schemeToJson(kSmall));
    QTest::newRow("residuals") << QString::fromStdString(schemeToJson(kResidual));
    QTest::newRow("one layer") << R"([{"kernel_size": 1, "width": 1, "stride": 1, "residual": false}])";
    QTest::newRow("even kernel, wide")
        << R"([{"kernel_size": 4, "width": 64, "stride": 3, "residual": false},
              {"kernel_size": 5, "width": 64, "stride": 1, "residual": true},
              {"kernel_size": 7, "width": 10, "stride": 2, "residual": false}])";
}

void TestTrain::parameterCountMatchesProfile()
{
    QFETCH(QString, json);
    const Scheme scheme = parseSchemeJson(json.toStdString(), "test");
    QCOMPARE(double(networkParameterCount(scheme)), profileScheme(scheme).numParams);
}

void TestTrain::parameterCountOfAllNaap440()
{
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const std::vector<Scheme> schemes = readSchemesJson((dir + "/generated_schemes.json").toStdString());
    const Dataset table = readTableCsv((dir + "/naap440v2.csv").toStdString()).dataset;
    QCOMPARE(schemes.size(), std::size_t(440));
    for (const ArchitectureRow& row : table.rows) {
        const Scheme& scheme = schemes.at(std::size_t(row.modelId - 1));
        QVERIFY2(double(networkParameterCount(scheme)) == row.scheme.numParams,
                 qPrintable(QString("ModelId %1").arg(row.modelId)));
    }
}

void TestTrain::rejectsInvalidScheme()
{
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, networkParameterCount(Scheme{}));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, networkParameterCount(Scheme{{3, 16, 2, true}}));
}

void TestTrain::learningRateSawTooth()
{
    const QStringList expected{"0.1", "0.01", "0.001", "0.1", "0.01", "0.001", "0.1"};
    for (int e = 1; e <= 7; ++e)
        QCOMPARE(QString::fromStdString(formatLogLearningRate(learningRateForEpoch(0.1, e))), expected[e - 1]);
    QCOMPARE(learningRateForEpoch(0.1, 90), learningRateForEpoch(0.1, 3));
}

void TestTrain::logNumberFormat_data()
{
    // Values as the published logs print them (raw_data/scheme_1.txt and others).
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("loss");
    QTest::addColumn<QString>("accuracy");
    QTest::newRow("5 decimals") << 1.865131234 << "1.86513" << "1.865131234";
    QTest::newRow("trailing zero dropped") << 1.562099 << "1.5621" << "1.562099";
    QTest::newRow("rounds up") << 0.409466 << "0.40947" << "0.409466";
    QTest::newRow("whole number") << 2.0 << "2.0" << "2.0";
    QTest::newRow("accuracy of 10000") << 0.3625 << "0.3625" << "0.3625";
    QTest::newRow("accuracy of 256") << 97.0 / 256.0 << "0.37891" << "0.37890625";
    // A diverged run, as PyTorch's log prints it.
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << "nan" << "nan";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << "inf" << "inf";
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << "-inf" << "-inf";
}

void TestTrain::logNumberFormat()
{
    QFETCH(double, value);
    QFETCH(QString, loss);
    QFETCH(QString, accuracy);
    QCOMPARE(QString::fromStdString(formatLogLoss(value)), loss);
    QCOMPARE(QString::fromStdString(formatLogAccuracy(value)), accuracy);
}

void TestTrain::truncatesLog_data()
{
    QTest::addColumn<QByteArray>("log");
    QTest::addColumn<int>("keep");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray two = kHeader + epochLines(1) + epochLines(2);
    QTest::newRow("dangling epoch line") << two + "20220901141252 Epoch 3, LR: 0.001\n" << 2 << two;
    QTest::newRow("dangling loss line")
        << two + epochLines(3).left(epochLines(3).lastIndexOf("2022")) << 2 << two;
    QTest::newRow("cut mid-line") << two + "20220901141252 Epo" << 2 << two;
    QTest::newRow("epoch after checkpoint") << two + epochLines(3) << 2 << two;
    QTest::newRow("back to epoch 1") << two << 1 << kHeader + epochLines(1);
    QTest::newRow("nothing to cut") << two << 2 << two;
    QTest::newRow("header only") << two << 0 << kHeader;
}

void TestTrain::truncatesLog()
{
    QFETCH(QByteArray, log);
    QFETCH(int, keep);
    QFETCH(QByteArray, expected);
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "scheme_1.txt", log);
    truncateRawLog(path.toStdString(), keep);
    QCOMPARE(readBytes(path), expected);
}

void TestTrain::truncateNeedsEnoughEpochs()
{
    QTemporaryDir dir;
    const QString path = naap::test::writeFile(dir.path(), "scheme_1.txt", kHeader + epochLines(1) + "2022 Epoch 2");
    QVERIFY_THROWS_EXCEPTION(ParseError, truncateRawLog(path.toStdString(), 2));
    QVERIFY_THROWS_EXCEPTION(IoError, truncateRawLog(dir.filePath("missing.txt").toStdString(), 1));
}

void TestTrain::resolvesDevices()
{
    QCOMPARE(QString::fromStdString(resolveTrainDevice("cpu")), QString("cpu"));
    const QString automatic = QString::fromStdString(resolveTrainDevice("auto"));
    QVERIFY2(automatic == "cpu" || automatic == "cuda:0", qPrintable(automatic));
    // Without CUDA a CUDA request falls back to the CPU; with it, it names the device.
    QCOMPARE(QString::fromStdString(resolveTrainDevice("cuda")), automatic);
    for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda0", "cuda:-1", "CPU"})
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, resolveTrainDevice(bad));
}

void TestTrain::validatesOptions()
{
    TrainOptions o = options("out", 3);
    QVERIFY(validateTrainOptions(o).empty());
    o.epochs = 0;
    o.batchSize = 0;
    o.outDir.clear();
    QCOMPARE(validateTrainOptions(o).size(), std::size_t(3));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, Trainer(m_data, o));
}

void TestTrain::trainsAndLogs()
{
    QTemporaryDir out;
    std::vector<EpochResult> finished;
    std::vector<TrainProgress> progress;
    TrainControl control;
    control.epochFinished = [&](const EpochResult& r) { finished.push_back(r); };
    control.progress = [&](const TrainProgress& p) { progress.push_back(p); };
    Trainer trainer(m_data, options(out.path(), 3));
    QCOMPARE(QString::fromStdString(trainer.device()), QString("cpu"));
    const TrainReport report = trainer.train(jobs({1, 2}), control);

    QCOMPARE(report.models.size(), std::size_t(2));
    QCOMPARE(finished.size(), std::size_t(6));
    // 512 images in batches of 256: two batches per epoch; the fraction ends at 1.
    QCOMPARE(progress.size(), std::size_t(12));
    QCOMPARE(progress.back().batches, 2);
    QCOMPARE(progress.back().fraction, 1.0);
    QCOMPARE(progress.back().etaSeconds, 0.0);
    for (const ModelTrainReport& m : report.models) {
        QCOMPARE(m.epochsDone, 3);
        QCOMPARE(m.resumedFrom, 0);
        QVERIFY(QFileInfo::exists(QString::fromStdString(m.checkpointPath)));
        const RawLog log = readRawLog(m.logPath);
        QCOMPARE(log.modelId, m.modelId);
        QCOMPARE(QString::fromStdString(log.device), QString("cpu"));
        QCOMPARE(log.numParams, profileScheme(log.scheme).numParams);
        QCOMPARE(log.numMACs, profileScheme(log.scheme).numMACs);
        QVERIFY(log.warnings.empty());
        QCOMPARE(log.epochs.size(), std::size_t(3));
        QCOMPARE(log.learningRates, (std::vector<double>{0.1, 0.01, 0.001}));
        for (std::size_t e = 0; e < 3; ++e) {
            const EpochResult& r = m.epochs[e];
            QCOMPARE(r.epoch, int(e) + 1);
            QCOMPARE(log.epochs[e].accuracy, r.accuracy);
            QCOMPARE(log.epochs[e].lossMean, std::stod(formatLogLoss(r.lossMean)));
            QCOMPARE(log.epochs[e].lossMedian, std::stod(formatLogLoss(r.lossMedian)));
            QVERIFY(r.lossMean > 0 && r.lossMean < 5 && r.lossMedian > 0);
            QVERIFY(r.accuracy >= 0 && r.accuracy <= 1);
            // 256 test images: the accuracy is a multiple of 1/256.
            QCOMPARE(std::fmod(r.accuracy * 256, 1.0), 0.0);
        }
    }
    // Synthetic data marks the output folder, and the logs make a table.
    QVERIFY(QFileInfo::exists(out.filePath(kSyntheticMarkerFile)));
    const TableReadResult table = readRawLogFolder(out.path().toStdString());
    QCOMPARE(table.dataset.rows.size(), std::size_t(2));
    QCOMPARE(table.dataset.numEpochs, 3);
}

void TestTrain::cancelThenResumeIsExact()
{
    QTemporaryDir reference;
    Trainer(m_data, options(reference.path(), 4)).train(jobs({1}));

    QTemporaryDir out;
    CancelToken cancel;
    const TrainControl control = cancelledInEpoch3(cancel);
    Trainer first(m_data, options(out.path(), 4));
    QVERIFY_THROWS_EXCEPTION(Cancelled, first.train(jobs({1}), control));
    const QString logPath = out.filePath("scheme_1.txt");
    const RawLog interrupted = readRawLog(logPath.toStdString());
    QCOMPARE(interrupted.epochs.size(), std::size_t(2));
    QCOMPARE(interrupted.warnings.size(), std::size_t(1)); // "the log ends inside epoch 3"

    TrainOptions resume = options(out.path(), 4);
    resume.resume = true;
    std::vector<int> resumedEpochs;
    TrainControl again;
    again.epochFinished = [&](const EpochResult& r) { resumedEpochs.push_back(r.epoch); };
    const TrainReport report = Trainer(m_data, resume).train(jobs({1}), again);
    QCOMPARE(report.models.front().resumedFrom, 2);
    QCOMPARE(resumedEpochs, (std::vector<int>{3, 4}));
    // The log reads as if the run had never stopped: same events, same numbers.
    QCOMPARE(events(logPath), events(reference.filePath("scheme_1.txt")));
    QCOMPARE(events(logPath).filter(QRegularExpression("^Epoch ")).size(), 4);

    // Resuming a finished run trains nothing and leaves the log as it is.
    const QByteArray before = readBytes(logPath);
    const TrainReport done = Trainer(m_data, resume).train(jobs({1}));
    QCOMPARE(done.models.front().epochsDone, 4);
    QVERIFY(done.models.front().epochs.empty());
    QCOMPARE(readBytes(logPath), before);
}

void TestTrain::refusesExistingRunWithoutResume()
{
    QTemporaryDir out;
    naap::test::writeFile(out.path(), "scheme_2.txt", kHeader);
    Trainer trainer(m_data, options(out.path(), 1));
    QVERIFY_THROWS_EXCEPTION(IoError, trainer.train(jobs({1, 2})));
    // Checked before any training: ModelId 1 was not started.
    QVERIFY(!QFileInfo::exists(out.filePath("scheme_1.txt")));
    QCOMPARE(readBytes(out.filePath("scheme_2.txt")), kHeader);
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, trainer.train(jobs({3, 3})));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, trainer.train({{4, Scheme{}}}));
}

void TestTrain::refusesResumeWithOtherSeed()
{
    QTemporaryDir out;
    Trainer(m_data, options(out.path(), 1)).train(jobs({1}));
    TrainOptions other = options(out.path(), 2);
    other.resume = true;
    other.seed = 1;
    try {
        Trainer(m_data, other).train(jobs({1}));
        QFAIL("expected a ParseError");
    } catch (const ParseError& e) {
        QVERIFY2(QString(e.what()).contains("seed"), e.what());
    }
    // A different scheme under the same ModelId is refused as well.
    other.seed = TrainOptions().seed;
    QVERIFY_THROWS_EXCEPTION(ParseError, Trainer(m_data, other).train({{1, kResidual}}));
}

void TestTrain::cohortMatchesModelsAlone_data()
{
    // NAAP_TRAIN_COHORT_CONV: the grouped convolutions (default), one per member, or im2col and
    // a batched matrix product; NAAP_TRAIN_COHORT_LAYOUT: NCHW (default), channels-last or
    // channel-major (matrix products by default); NAAP_TRAIN_COHORT_ROUTE: the routes as one
    // gather each way (default) or as LibTorch's own operations; NAAP_TRAIN_COHORT_FIRST: a
    // first-layer bucket per next bucket (default, its outputs passed through) or one for all.
    QTest::addColumn<QByteArray>("conv");
    QTest::addColumn<QByteArray>("layout");
    QTest::addColumn<QByteArray>("route");
    QTest::addColumn<QByteArray>("first");
    QTest::newRow("grouped, NCHW") << QByteArray() << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("grouped, NCHW, LibTorch's routes") << QByteArray() << QByteArray() << QByteArray("autograd") << QByteArray();
    QTest::newRow("grouped, channels-last") << QByteArray() << QByteArray("nhwc") << QByteArray() << QByteArray();
    QTest::newRow("per member") << QByteArray("loop") << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("matrix product") << QByteArray("gemm") << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("channel-major, matrix products") << QByteArray() << QByteArray("cnhw") << QByteArray() << QByteArray();
    QTest::newRow("channel-major, grouped") << QByteArray("grouped") << QByteArray("cnhw") << QByteArray() << QByteArray();
    QTest::newRow("grouped, NCHW, one first-layer bucket")
        << QByteArray() << QByteArray() << QByteArray() << QByteArray("shared");
    QTest::newRow("channel-major, one first-layer bucket")
        << QByteArray() << QByteArray("cnhw") << QByteArray() << QByteArray("shared");
}

// Trained as one cohort, each model logs what it logs trained alone: the same arithmetic, up
// to the order of floating-point sums (grouped against single convolutions).
void TestTrain::cohortMatchesModelsAlone()
{
    QFETCH(QByteArray, conv);
    QFETCH(QByteArray, layout);
    QFETCH(QByteArray, route);
    QFETCH(QByteArray, first);
    const auto setOrUnset = [](const char* name, const QByteArray& value) {
        if (value.isEmpty())
            qunsetenv(name);
        else
            qputenv(name, value);
    };
    setOrUnset("NAAP_TRAIN_COHORT_CONV", conv);
    setOrUnset("NAAP_TRAIN_COHORT_LAYOUT", layout);
    setOrUnset("NAAP_TRAIN_COHORT_ROUTE", route);
    setOrUnset("NAAP_TRAIN_COHORT_FIRST", first);
    const auto restore = qScopeGuard([] {
        qunsetenv("NAAP_TRAIN_COHORT_CONV");
        qunsetenv("NAAP_TRAIN_COHORT_LAYOUT");
        qunsetenv("NAAP_TRAIN_COHORT_ROUTE");
        qunsetenv("NAAP_TRAIN_COHORT_FIRST");
    });
    QTemporaryDir alone, together;
    TrainOptions single = options(alone.path(), 3);
    single.cohortSize = 1;
    const TrainReport a = Trainer(m_data, single).train(cohortJobs());
    TrainOptions cohort = options(together.path(), 3);
    cohort.cohortSize = static_cast<int>(kCohortSchemes.size());
    std::vector<TrainProgress> progress;
    TrainControl control;
    control.progress = [&](const TrainProgress& p) { progress.push_back(p); };
    const TrainReport b = Trainer(m_data, cohort).train(cohortJobs(), control);

    QCOMPARE(b.models.size(), a.models.size());
    QCOMPARE(progress.size(), kCohortSchemes.size() * 3 * 2); // every model, every batch
    for (std::size_t m = 0; m < a.models.size(); ++m) {
        QCOMPARE(b.models[m].modelId, a.models[m].modelId);
        QCOMPARE(b.models[m].epochsDone, 3);
        QCOMPARE(b.models[m].epochs.size(), std::size_t(3));
        for (std::size_t e = 0; e < 3; ++e) {
            const EpochResult& x = a.models[m].epochs[e];
            const EpochResult& y = b.models[m].epochs[e];
            const QByteArray where =
                "ModelId " + QByteArray::number(x.modelId) + ", epoch " + QByteArray::number(x.epoch);
            QVERIFY2(std::abs(x.lossMean - y.lossMean) <= 1e-4 * x.lossMean, where);
            QVERIFY2(std::abs(x.lossMedian - y.lossMedian) <= 1e-4 * x.lossMedian, where);
            QVERIFY2(std::abs(x.accuracy - y.accuracy) <= 2.0 / 256, where);
        }
        // The log is the published format, written by the model's own writer.
        const RawLog log = readRawLog(b.models[m].logPath);
        QCOMPARE(log.epochs.size(), std::size_t(3));
        QCOMPARE(log.numParams, profileScheme(kCohortSchemes[m]).numParams);
        QCOMPARE(events(QString::fromStdString(b.models[m].logPath)).size(),
                 events(QString::fromStdString(a.models[m].logPath)).size());
    }

    // A cohort's checkpoints are the models' own: resumed alone, each goes on as if trained alone.
    TrainOptions more = single;
    more.outDir = together.path().toStdString();
    more.epochs = 4;
    more.resume = true;
    const TrainReport c = Trainer(m_data, more).train(cohortJobs());
    QTemporaryDir reference;
    TrainOptions four = single;
    four.outDir = reference.path().toStdString();
    four.epochs = 4;
    const TrainReport d = Trainer(m_data, four).train(cohortJobs());
    for (std::size_t m = 0; m < c.models.size(); ++m) {
        QCOMPARE(c.models[m].resumedFrom, 3);
        const EpochResult& x = d.models[m].epochs.back();
        const EpochResult& y = c.models[m].epochs.back();
        QCOMPARE(y.epoch, 4);
        QVERIFY(std::abs(x.lossMean - y.lossMean) <= 1e-4 * x.lossMean);
        QVERIFY(std::abs(x.accuracy - y.accuracy) <= 2.0 / 256);
    }
}

void TestTrain::cohortCancelThenResumeIsExact()
{
    TrainOptions cohort = options("", 4);
    cohort.cohortSize = 4;
    QTemporaryDir reference;
    cohort.outDir = reference.path().toStdString();
    Trainer(m_data, cohort).train(cohortJobs());

    // Killed in epoch 3 (cancelled there), then resumed: the logs read as if never stopped.
    QTemporaryDir out;
    cohort.outDir = out.path().toStdString();
    CancelToken cancel;
    const TrainControl control = cancelledInEpoch3(cancel);
    QVERIFY_THROWS_EXCEPTION(Cancelled, Trainer(m_data, cohort).train(cohortJobs(), control));
    cohort.resume = true;
    const TrainReport report = Trainer(m_data, cohort).train(cohortJobs());
    for (const ModelTrainReport& m : report.models) {
        QCOMPARE(m.epochsDone, 4);
        const QString name = QString("scheme_%1.txt").arg(m.modelId);
        QCOMPARE(events(out.filePath(name)), events(reference.filePath(name)));
        QCOMPARE(events(out.filePath(name)).filter(QRegularExpression("^Epoch ")).size(), 4);
    }
    // Seven models in cohorts of at most 4 make cohorts of 3 and 4; the first (ModelIds 1–3)
    // was cancelled in epoch 3, the second never started.
    QCOMPARE(report.models[0].resumedFrom, 2);
    QCOMPARE(report.models[6].resumedFrom, 0);
}

QTEST_GUILESS_MAIN(TestTrain)
#include "tst_train.moc"
