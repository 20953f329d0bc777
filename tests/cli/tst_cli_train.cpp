// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// `naap synth-cifar` and `naap train` end to end: published log format, logs2csv on the
// result, usage errors, and a run killed (SIGKILL) or stopped (SIGTERM) then resumed.
#include <cmath>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "cli_test_support.h"
#include "test_paths.h"

using namespace naap::test;

namespace {

constexpr int kLongEpochs = 6;

// Event lines without their timestamps; every line must carry one. The published logs have
// CRLF line endings (SOURCE.md), ours LF like the rest of what the project writes; readers
// take both, so the ending is not compared.
QStringList events(const QString& path)
{
    QStringList out;
    const QStringList lines = QString::fromUtf8(readAll(path)).split('\n', Qt::SkipEmptyParts);
    static const QRegularExpression stamp("^\\d{14} ");
    for (QString line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!stamp.match(line).hasMatch())
            return {"line without a timestamp: " + line};
        out << line.mid(15);
    }
    return out;
}

int count(const QStringList& lines, const QString& pattern)
{
    return int(lines.filter(QRegularExpression(pattern)).size());
}

// Waits until the log at `path` holds a line starting with `event`; false after 60 s.
bool waitForEvent(const QString& path, const QByteArray& event, QProcess& process)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000 && process.state() == QProcess::Running) {
        if (readAll(path).contains(" " + event))
            return true;
        QThread::msleep(2);
    }
    return false;
}

} // namespace

class TstCliTrain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_small;    ///< 512 training / 256 test images
    QString m_medium;   ///< 2048 / 256: an epoch lasts long enough to be interrupted
    QString m_schemes;  ///< one scheme, the smallest of NAAP-440
    QString m_reference; ///< an uninterrupted run of the medium data, kLongEpochs epochs

    QStringList trainArgs(const QString& data, const QString& out, int epochs) const
    {
        return {"train", "--schemes", m_schemes, "--ids", "1", "--epochs", QString::number(epochs), "--data", data,
                "--out", out, "--device", "cpu", "--threads", "1"};
    }
    void checkSameAsReference(const QString& out);
    /// Starts the reference run into `out` and returns once its log shows `event` (false if
    /// the process did not start or the event never came).
    bool startReferenceRunUntil(QProcess& p, const QString& out, const QByteArray& event)
    {
        p.setStandardInputFile(QProcess::nullDevice());
        p.start(cliPath(), trainArgs(m_medium, out, kLongEpochs));
        return p.waitForStarted() && waitForEvent(out + "/scheme_1.txt", event, p);
    }

private Q_SLOTS:
    void initTestCase();
    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();
    void runtimeErrors_data();
    void runtimeErrors();
    void libTorchErrorIsOneSentence();
    void synthIsDeterministic();
    void trainWritesPublishedFormat();
    void refusesToOverwrite();
    void killedRunResumes();
    void terminatedRunResumes();
    void resumeRefusesWithoutCheckpoint();
    void resumeWithoutEpochsStartsOver();
    void resumeAfterKillBeforeFirstCheckpoint();
    void resumeRefusesOtherData();
    void resumeRefusesOtherLog();
    void fastPathsMatchPlainLibTorch_data();
    void fastPathsMatchPlainLibTorch();
};

void TstCliTrain::initTestCase()
{
    QVERIFY2(QFileInfo::exists(cliPath()), qPrintable(cliPath()));
    QVERIFY(m_tmp.isValid());
    m_small = m_tmp.filePath("small");
    m_medium = m_tmp.filePath("medium");
    m_schemes = writeFile(m_tmp.path(), "schemes.json", kTinySchemes);
    for (const auto& [dir, n] : {std::pair{m_small, 512}, {m_medium, 2048}}) {
        const CliResult r = runCli({"synth-cifar", "--out", dir, "--train-images", QString::number(n),
                                    "--test-images", "256"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    m_reference = m_tmp.filePath("reference");
    const CliResult r = runCli(trainArgs(m_medium, m_reference, kLongEpochs));
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TstCliTrain::help_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("top") << QStringList{"--help"} << QStringList{"train", "synth-cifar"};
    QTest::newRow("train") << QStringList{"train", "--help"}
                           << QStringList{"--schemes", "--ids", "1,5,10-12", "--epochs", "--data", "--out",
                                          "--device", "cuda:<index>", "--threads", "--cohort", "--resume", "scheme_<id>.txt"};
    QTest::newRow("synth-cifar") << QStringList{"synth-cifar", "-h"}
                                 << QStringList{"--out", "--train-images", "--test-images", "--seed", "SYNTHETIC.txt"};
}

void TstCliTrain::help()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);
    const CliResult r = runCli(args);
    QCOMPARE(r.exitCode, 0);
    for (const QString& m : mentions)
        QVERIFY2(r.out.contains(m.toUtf8()), qPrintable(m));
}

void TstCliTrain::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    // Placeholders in @…@: a temporary folder's random name may contain any plain word or letter.
    const QStringList base{"train", "--schemes", "@SCHEMES@", "--data", "@DATA@", "--out", "@OUT@"};
    QTest::newRow("no ids") << base << "--ids";
    QTest::newRow("backwards range") << base + QStringList{"--ids", "3-1"} << "runs backwards";
    QTest::newRow("id outside file") << base + QStringList{"--ids", "1,2"} << "outside 1..1";
    QTest::newRow("id zero") << base + QStringList{"--ids", "0"} << "outside 1..1";
    QTest::newRow("empty id") << base + QStringList{"--ids", "1,,1"} << "empty";
    QTest::newRow("zero epochs") << base + QStringList{"--ids", "1", "--epochs", "0"} << "--epochs";
    QTest::newRow("bad device") << base + QStringList{"--ids", "1", "--device", "gpu"} << "--device";
    QTest::newRow("bad threads") << base + QStringList{"--ids", "1", "--threads", "x"} << "--threads";
    QTest::newRow("zero cohort") << base + QStringList{"--ids", "1", "--cohort", "0"} << "--cohort";
    QTest::newRow("unknown option") << base + QStringList{"--ids", "1", "--fast"} << "--fast";
    QTest::newRow("synth without out") << QStringList{"synth-cifar", "--train-images", "5", "--test-images", "5"}
                                       << "--out";
    QTest::newRow("synth zero images")
        << QStringList{"synth-cifar", "--out", "@X@", "--train-images", "0", "--test-images", "5"} << "from 1 to";
    QTest::newRow("synth bad seed")
        << QStringList{"synth-cifar", "--out", "@X@", "--train-images", "5", "--test-images", "5", "--seed", "s"}
        << "seed";
}

void TstCliTrain::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    args.replaceInStrings("@SCHEMES@", m_schemes).replaceInStrings("@DATA@", m_small);
    args.replaceInStrings("@OUT@", m_tmp.filePath("usage-out")).replaceInStrings("@X@", m_tmp.filePath("usage-x"));
    const CliResult r = runCli(args);
    QVERIFY2(r.exitCode == 2, r.err.constData()); // the message says why when it is not
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    QVERIFY2(r.err.contains("--help"), r.err.constData());
    QVERIFY(!QFileInfo::exists(m_tmp.filePath("usage-out")));
    QVERIFY(!QFileInfo::exists(m_tmp.filePath("usage-x")));
}

void TstCliTrain::runtimeErrors_data()
{
    QTest::addColumn<QString>("schemes");
    QTest::addColumn<QString>("data");
    QTest::addColumn<QString>("message");
    QTest::newRow("no data") << "SCHEMES" << "missing" << "does not exist";
    QTest::newRow("no schemes file") << "missing.json" << "DATA" << "missing.json";
    QTest::newRow("data is a file") << "SCHEMES" << "SCHEMES" << "does not exist";
}

void TstCliTrain::runtimeErrors()
{
    QFETCH(QString, schemes);
    QFETCH(QString, data);
    QFETCH(QString, message);
    const auto resolve = [&](const QString& s) {
        return s == "SCHEMES" ? m_schemes : s == "DATA" ? m_small : m_tmp.filePath(s);
    };
    const CliResult r = runCli({"train", "--schemes", resolve(schemes), "--ids", "1", "--data", resolve(data), "--out",
                                m_tmp.filePath("runtime-out")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("naap: ") && r.err.contains(message.toUtf8()), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
}

// A network LibTorch cannot allocate (a 65535x65535 kernel over 65535 channels needs petabytes):
// LibTorch's message with its backtrace went to stderr before the error sentence.
void TstCliTrain::libTorchErrorIsOneSentence()
{
    const QString schemes = writeFile(m_tmp.path(), "huge.json",
                                      R"([[{"kernel_size": 65535, "width": 65535, "stride": 1, "residual": false}]])");
    const QString out = m_tmp.filePath("huge-out");
    const CliResult r = runCli({"train", "--schemes", schemes, "--ids", "1", "--epochs", "1", "--data", m_small,
                                "--out", out, "--device", "cpu", "--threads", "1"});
    QCOMPARE(r.exitCode, 1);
    const QList<QByteArray> lines = r.err.trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the synthetic-data warning, then the error
    QVERIFY2(lines[0].startsWith("naap: warning: ") && lines[0].contains("synthetic"), r.err.constData());
    QVERIFY2(lines[1].startsWith("naap: LibTorch failed while training: "), r.err.constData());
    QVERIFY(!QFileInfo::exists(out + "/scheme_1.txt"));
    QVERIFY(!QFileInfo::exists(out + "/scheme_1.ckpt"));
}

void TstCliTrain::synthIsDeterministic()
{
    const auto generate = [&](const QString& name, const QString& seed) {
        const CliResult r = runCli({"synth-cifar", "--out", m_tmp.filePath(name), "--train-images", "30",
                                    "--test-images", "10", "--seed", seed});
        [&] { QCOMPARE(r.exitCode, 0); }();
        return r;
    };
    const CliResult a = generate("seed-a", "5");
    QVERIFY2(a.out.contains("synthetic"), a.out.constData());
    generate("seed-b", "5");
    generate("seed-c", "6");
    for (const QString file : {"data_batch_1.bin", "data_batch_4.bin", "test_batch.bin"}) {
        const QByteArray bytes = readAll(m_tmp.filePath("seed-a/cifar-10-batches-bin/" + file));
        QVERIFY(!bytes.isEmpty());
        QCOMPARE(bytes, readAll(m_tmp.filePath("seed-b/cifar-10-batches-bin/" + file)));
        QVERIFY(bytes != readAll(m_tmp.filePath("seed-c/cifar-10-batches-bin/" + file)));
    }
    QVERIFY(QFileInfo::exists(m_tmp.filePath("seed-a/cifar-10-batches-bin/SYNTHETIC.txt")));
}

void TstCliTrain::trainWritesPublishedFormat()
{
    const QString dataset = naap440Dir();
    if (dataset.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const QString out = m_tmp.filePath("published");
    const CliResult r = runCli({"train", "--schemes", dataset + "/generated_schemes.json", "--ids", "1-2", "--epochs",
                                "4", "--data", m_small, "--out", out, "--device", "cpu", "--threads", "1"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("synthetic") && r.err.contains("synthetic"), r.err.constData());
    QVERIFY2(!r.err.contains('\r'), "progress is for terminals only");

    // Line by line against the published logs of the same schemes: the same events in the same
    // order, header and learning rates identical (but the device), numbers in the same form.
    static const QRegularExpression loss("^Loss mean, median: \\d+\\.\\d{1,5}, \\d+\\.\\d{1,5}$");
    static const QRegularExpression accuracy("^Test accuracy: (0\\.\\d+|1\\.0)$");
    for (int id : {1, 2}) {
        const QStringList ours = events(out + QString("/scheme_%1.txt").arg(id));
        const QStringList published = events(dataset + QString("/raw_data/scheme_%1.txt").arg(id)).mid(0, 5 + 4 * 3);
        QCOMPARE(ours.size(), published.size());
        for (int i = 0; i < ours.size(); ++i) {
            const QString where = QString("scheme_%1.txt line %2: %3").arg(id).arg(i + 1).arg(ours[i]);
            if (i == 1) {
                QCOMPARE(ours[i], QString("Network has been init on device cpu"));
                QCOMPARE(published[i], QString("Network has been init on device cuda:0"));
            } else if (published[i].startsWith("Loss")) {
                QVERIFY2(loss.match(ours[i]).hasMatch() && loss.match(published[i]).hasMatch(), qPrintable(where));
            } else if (published[i].startsWith("Test accuracy")) {
                QVERIFY2(accuracy.match(ours[i]).hasMatch() && accuracy.match(published[i]).hasMatch(),
                         qPrintable(where));
            } else {
                QVERIFY2(ours[i] == published[i], qPrintable(where + " | " + published[i]));
            }
        }
        QCOMPARE(ours.filter("Epoch ").join('|'),
                 QString("Epoch 1, LR: 0.1|Epoch 2, LR: 0.01|Epoch 3, LR: 0.001|Epoch 4, LR: 0.1"));
    }

    // logs2csv reads them: two rows of four epochs, the accuracies as logged.
    const CliResult table = runCli({"logs2csv", out});
    QVERIFY2(table.exitCode == 0, table.err.constData());
    const Csv csv = parseCsv(table.out);
    QCOMPARE(csv.rows.size(), 2);
    QVERIFY(csv.column("e4Accuracy") > 0 && csv.column("e5Accuracy") < 0);
    const QString lastAccuracy = events(out + "/scheme_2.txt").last().mid(QString("Test accuracy: ").size());
    QCOMPARE(csv.rows[1][csv.column("e4Accuracy")].toDouble(), lastAccuracy.toDouble());
    QCOMPARE(csv.rows[0][csv.column("NumParams")], QString("2566"));
}

void TstCliTrain::refusesToOverwrite()
{
    const CliResult r = runCli(trainArgs(m_medium, m_reference, kLongEpochs));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already exists") && r.err.contains("resume"), r.err.constData());
    QCOMPARE(count(events(m_reference + "/scheme_1.txt"), "^Epoch "), kLongEpochs);
}

void TstCliTrain::checkSameAsReference(const QString& out)
{
    const QStringList resumed = events(out + "/scheme_1.txt");
    for (int e = 1; e <= kLongEpochs; ++e)
        QCOMPARE(count(resumed, QString("^Epoch %1, ").arg(e)), 1);
    QCOMPARE(count(resumed, "^Test accuracy: "), kLongEpochs);
    QCOMPARE(count(resumed, "^Network scheme: "), 1);
    // CPU, one thread: the resumed run computes exactly what the uninterrupted one did.
    QCOMPARE(resumed, events(m_reference + "/scheme_1.txt"));
    const CliResult table = runCli({"logs2csv", out});
    QVERIFY2(table.exitCode == 0 && table.err.isEmpty(), table.err.constData());
    QCOMPARE(parseCsv(table.out).rows.size(), 1);
}

void TstCliTrain::killedRunResumes()
{
    const QString out = m_tmp.filePath("killed");
    const QString log = out + "/scheme_1.txt";
    QProcess p;
    QVERIFY2(startReferenceRunUntil(p, out, "Epoch 3,"), "epoch 3 never started");
    p.kill(); // SIGKILL: no chance to clean up
    QVERIFY(p.waitForFinished());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    const QStringList killed = events(log);
    QVERIFY2(count(killed, "^Test accuracy: ") < kLongEpochs, "the run ended before the kill");
    QVERIFY(count(killed, "^Test accuracy: ") >= 2);

    const CliResult r = runCli(trainArgs(m_medium, out, kLongEpochs) << "--resume");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("resumed after epoch"), r.out.constData());
    checkSameAsReference(out);

    // Resumed again for fewer epochs than are logged: it says that nothing was trained, and the
    // log stays as it is.
    const CliResult again = runCli(trainArgs(m_medium, out, kLongEpochs - 1) << "--resume");
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.contains(QString("%1 epochs (already logged; nothing to train for --epochs %2)")
                                    .arg(kLongEpochs)
                                    .arg(kLongEpochs - 1)
                                    .toUtf8()),
             again.out.constData());
    checkSameAsReference(out);
}

void TstCliTrain::terminatedRunResumes()
{
    const QString out = m_tmp.filePath("terminated");
    const QString log = out + "/scheme_1.txt";
    QProcess p;
    QVERIFY2(startReferenceRunUntil(p, out, "Epoch 2,"), "epoch 2 never started");
    p.terminate(); // SIGTERM: stops between batches
    QVERIFY(p.waitForFinished());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("--resume") && err.contains("cancelled"), err.constData());
    QVERIFY(count(events(log), "^Test accuracy: ") < kLongEpochs);

    const CliResult r = runCli(trainArgs(m_medium, out, kLongEpochs) << "--resume");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    checkSameAsReference(out);
}

// A log with complete epochs whose checkpoint is gone used to be overwritten by a fresh run.
void TstCliTrain::resumeRefusesWithoutCheckpoint()
{
    const QString out = m_tmp.filePath("no-checkpoint");
    const QString log = out + "/scheme_1.txt";
    const CliResult first = runCli(trainArgs(m_small, out, 2));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY(QFile::remove(out + "/scheme_1.ckpt"));
    const QByteArray before = readAll(log);
    QCOMPARE(count(events(log), "^Test accuracy: "), 2);

    const CliResult r = runCli(trainArgs(m_small, out, 3) << "--resume");
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    // One sentence, after the warning that the data is synthetic.
    QList<QByteArray> lines = r.err.trimmed().split('\n');
    lines.removeIf([](const QByteArray& line) { return line.startsWith("naap: warning: "); });
    QCOMPARE(lines.size(), 1);
    const QByteArray err = lines.first();
    QVERIFY2(err.startsWith("naap: "), r.err.constData());
    QVERIFY2(err.contains(log.toUtf8()) && err.contains("2 complete epochs") &&
                 err.contains((out + "/scheme_1.ckpt").toUtf8()) && err.contains("missing"),
             r.err.constData());
    QCOMPARE(readAll(log), before);
    QVERIFY(!QFileInfo::exists(out + "/scheme_1.ckpt"));
}

// A log cut before its first complete epoch has nothing to keep: --resume starts it over.
void TstCliTrain::resumeWithoutEpochsStartsOver()
{
    const QString out = m_tmp.filePath("no-epoch");
    const CliResult first = runCli(trainArgs(m_small, out, 1));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY(QFile::remove(out + "/scheme_1.ckpt"));
    // The header and the start of epoch 1, as a run killed during its first epoch leaves it.
    const QList<QByteArray> lines = readAll(out + "/scheme_1.txt").split('\n');
    writeFile(out, "scheme_1.txt", lines.mid(0, 6).join('\n') + '\n');
    QCOMPARE(count(events(out + "/scheme_1.txt"), "^Epoch 1,"), 1);
    QCOMPARE(count(events(out + "/scheme_1.txt"), "^Test accuracy: "), 0);

    const CliResult r = runCli(trainArgs(m_small, out, 2) << "--resume");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList resumed = events(out + "/scheme_1.txt");
    QCOMPARE(count(resumed, "^Network scheme: "), 1);
    QCOMPARE(count(resumed, "^Epoch 1,"), 1);
    QCOMPARE(count(resumed, "^Test accuracy: "), 2);
}

// A kill between epoch 1's test line and its first checkpoint leaves one complete epoch and no
// checkpoint: --resume starts over (the recipe is seeded) and logs each epoch once.
void TstCliTrain::resumeAfterKillBeforeFirstCheckpoint()
{
    const QString out = m_tmp.filePath("kill-before-checkpoint");
    const CliResult first = runCli(trainArgs(m_small, out, 1));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QVERIFY(QFile::remove(out + "/scheme_1.ckpt"));
    QCOMPARE(count(events(out + "/scheme_1.txt"), "^Test accuracy: "), 1);

    const CliResult r = runCli(trainArgs(m_small, out, 2) << "--resume");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList resumed = events(out + "/scheme_1.txt");
    QCOMPARE(count(resumed, "^Network scheme: "), 1);
    QCOMPARE(count(resumed, "^Epoch 1,"), 1);
    QCOMPARE(count(resumed, "^Epoch 2,"), 1);
    QCOMPARE(count(resumed, "^Test accuracy: "), 2);
}

// A checkpoint records the data it was trained on: resuming it on another data folder would mix
// two data sets in one log, so it is refused and the log is left as it was.
void TstCliTrain::resumeRefusesOtherData()
{
    const QString out = m_tmp.filePath("other-data");
    const CliResult first = runCli(trainArgs(m_small, out, 1));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QByteArray before = readAll(out + "/scheme_1.txt");

    const CliResult r = runCli(trainArgs(m_medium, out, 2) << "--resume");
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("scheme_1.ckpt") && r.err.contains("512 train + 256 test images") &&
                 r.err.contains("2048 train + 256 test images"),
             r.err.constData());
    QCOMPARE(readAll(out + "/scheme_1.txt"), before);

    // The same data resumes.
    const CliResult again = runCli(trainArgs(m_small, out, 2) << "--resume");
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(count(events(out + "/scheme_1.txt"), "^Test accuracy: "), 2);
}

// The log beside a checkpoint must be of the same scheme (another model's log copied there, say):
// resuming appended this network's epochs under the other's scheme line, and said nothing.
void TstCliTrain::resumeRefusesOtherLog()
{
    const QString out = m_tmp.filePath("other-log");
    const QString log = out + "/scheme_1.txt";
    const CliResult first = runCli(trainArgs(m_small, out, 1));
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QList<QByteArray> lines = readAll(log).split('\n');
    QVERIFY(lines[0].contains("Network scheme: ["));
    lines[0] = lines[0].left(15) +
               R"(Network scheme: [{"kernel_size": 3, "width": 8, "stride": 2, "residual": false}])";
    writeFile(out, "scheme_1.txt", lines.join('\n'));
    const QByteArray before = readAll(log);

    const CliResult r = runCli(trainArgs(m_small, out, 2) << "--resume");
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 1);
    QList<QByteArray> errors = r.err.trimmed().split('\n');
    errors.removeIf([](const QByteArray& line) { return line.startsWith("naap: warning: "); });
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].startsWith("naap: " + log.toUtf8() + ", line 1: ") && errors[0].contains("another"),
             r.err.constData());
    QCOMPARE(readAll(log), before);
}

QTEST_GUILESS_MAIN(TstCliTrain)
void TstCliTrain::fastPathsMatchPlainLibTorch_data()
{
    QTest::addColumn<QString>("threads");
    QTest::addColumn<bool>("blocked");
    // Two threads: the fused BatchNorm's chunks then run on both (OpenMP) threads. "Blocked": oneDNN's
    // blocked layout where the build and CPU have it (else the same as channels-last).
    QTest::newRow("one thread, blocked") << "1" << true;
    QTest::newRow("two threads, blocked") << "2" << true;
    QTest::newRow("one thread, channels-last") << "1" << false;
    QTest::newRow("two threads, channels-last") << "2" << false;
}

void TstCliTrain::fastPathsMatchPlainLibTorch()
{
    QFETCH(QString, threads);
    QFETCH(bool, blocked);
    // The trainer's fast paths (oneDNN's blocked layout where this build and CPU have it, a fused
    // BatchNorm + ReLU with its own backward, the channels-last layout, SGD as multi-tensor
    // operations) against LibTorch's own modules and optimizer step in the plain layout: the
    // same run must log the same losses and accuracies, up to float summation order.
    const auto train = [&](const QString& out, bool plain) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (plain || !blocked)
            env.insert("NAAP_TRAIN_DNNL", "0");
        if (plain) {
            env.insert("NAAP_TRAIN_FUSED_BN", "0");
            env.insert("NAAP_TRAIN_MEMORY_FORMAT", "nchw");
            env.insert("NAAP_TRAIN_SGD", "plain");
        }
        QStringList args = trainArgs(m_medium, out, 3);
        args.last() = threads;
        const CliResult r = runCli(args, 300000, env);
        [&] { QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData()); }();
        return events(out + "/scheme_1.txt");
    };
    const QString tag = threads + (blocked ? "b" : "c");
    const QStringList fast = train(m_tmp.filePath("fast" + tag), false);
    const QStringList plain = train(m_tmp.filePath("plain" + tag), true);
    QCOMPARE(fast.size(), plain.size());
    static const QRegularExpression number("(\\d+\\.\\d+)");
    int compared = 0;
    for (int i = 0; i < fast.size(); ++i) {
        if (!fast[i].startsWith("Loss") && !fast[i].startsWith("Test accuracy")) {
            QCOMPARE(fast[i], plain[i]);
            continue;
        }
        auto a = number.globalMatch(fast[i]);
        auto b = number.globalMatch(plain[i]);
        while (a.hasNext() && b.hasNext()) {
            const double x = a.next().captured(1).toDouble();
            const double y = b.next().captured(1).toDouble();
            // Losses print 5 decimals; 256 test images make one image 0.0039 of accuracy.
            const double tolerance = fast[i].startsWith("Loss") ? 2e-3 : 2.0 / 256.0;
            QVERIFY2(std::abs(x - y) <= tolerance, qPrintable(fast[i] + " vs " + plain[i]));
            ++compared;
        }
    }
    QCOMPARE(compared, 3 * 3); // mean and median loss and the accuracy of each epoch
}

#include "tst_cli_train.moc"
