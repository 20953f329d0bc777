// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The CIFAR-10 binary reader and the synthetic-data generator (no LibTorch needed).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "naap/core/data/cifar.h"
#include "naap/core/error.h"
#include "test_paths.h"

using namespace naap::core;

class TestCifar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesFolderLayout_data();
    void writesFolderLayout();
    void generatorIsDeterministic();
    void generatedClassesDiffer();
    void readsRecordsInFileOrder();
    void acceptsBothFolderForms();
    void readerErrors_data();
    void readerErrors();
    void refusesToOverwriteRealData();
    void rejectsEmptySizes();
};

namespace {

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString batches(const QTemporaryDir& dir) { return dir.filePath(kCifarBatchesFolder); }

std::string generate(const QTemporaryDir& dir, std::size_t train, std::size_t test, std::uint64_t seed = 7)
{
    return writeSyntheticCifar(dir.path().toStdString(), {train, test, seed});
}

} // namespace

void TestCifar::writesFolderLayout_data()
{
    QTest::addColumn<int>("train");
    QTest::addColumn<int>("test");
    QTest::addColumn<QList<int>>("perFile");
    QTest::newRow("512/256") << 512 << 256 << QList<int>{102, 102, 103, 102, 103};
    QTest::newRow("fewer than five") << 3 << 1 << QList<int>{0, 1, 0, 1, 1};
    QTest::newRow("multiple of five") << 20 << 10 << QList<int>{4, 4, 4, 4, 4};
}

void TestCifar::writesFolderLayout()
{
    QFETCH(int, train);
    QFETCH(int, test);
    QFETCH(QList<int>, perFile);
    QTemporaryDir dir;
    const std::string folder = generate(dir, std::size_t(train), std::size_t(test));
    QCOMPARE(QString::fromStdString(folder), batches(dir));
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(QFileInfo(batches(dir) + QString("/data_batch_%1.bin").arg(i)).size(),
                 qint64(perFile[i - 1]) * qint64(kCifarRecordBytes));
    QCOMPARE(QFileInfo(batches(dir) + "/test_batch.bin").size(), qint64(test) * qint64(kCifarRecordBytes));
    QVERIFY(readBytes(batches(dir) + "/" + kSyntheticMarkerFile).contains("not CIFAR-10"));

    const CifarData data = readCifar(dir.path().toStdString());
    QCOMPARE(data.train.size(), std::size_t(train));
    QCOMPARE(data.test.size(), std::size_t(test));
    QCOMPARE(data.train.pixels.size(), std::size_t(train) * kCifarImageBytes);
    QVERIFY(data.synthetic);
    QVERIFY(isSyntheticCifar(dir.path().toStdString()));
    for (const auto label : data.train.labels)
        QVERIFY(label < kCifarClasses);
}

void TestCifar::generatorIsDeterministic()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QTemporaryDir c;
    generate(a, 40, 20, 123);
    generate(b, 40, 20, 123);
    generate(c, 40, 20, 124);
    for (const QString name : {"data_batch_1.bin", "data_batch_5.bin", "test_batch.bin"}) {
        const QByteArray bytesA = readBytes(batches(a) + "/" + name);
        QVERIFY(!bytesA.isEmpty());
        QCOMPARE(bytesA, readBytes(batches(b) + "/" + name));
        QVERIFY2(bytesA != readBytes(batches(c) + "/" + name), qPrintable(name));
    }
}

void TestCifar::generatedClassesDiffer()
{
    // Learnable structure: classes 0-4 are warm (red above blue), 5-9 cool, and every class
    // occurs. A generator of plain noise fails this.
    QTemporaryDir dir;
    generate(dir, 1000, 10);
    const CifarData data = readCifar(dir.path().toStdString());
    std::array<int, kCifarClasses> seen{};
    double warm = 0;
    double cool = 0;
    int warmCount = 0;
    int coolCount = 0;
    for (std::size_t i = 0; i < data.train.size(); ++i) {
        const std::uint8_t* image = data.train.pixels.data() + i * kCifarImageBytes;
        double red = 0;
        double blue = 0;
        for (int p = 0; p < 1024; ++p) {
            red += image[p];
            blue += image[2048 + p];
        }
        const int label = data.train.labels[i];
        ++seen[std::size_t(label)];
        (label < 5 ? warm : cool) += (red - blue) / 1024.0;
        ++(label < 5 ? warmCount : coolCount);
    }
    for (int count : seen)
        QVERIFY(count > 50);
    QVERIFY2(warm / warmCount > 80 && cool / coolCount < -80,
             qPrintable(QString("%1 %2").arg(warm / warmCount).arg(cool / coolCount)));
}

void TestCifar::readsRecordsInFileOrder()
{
    QTemporaryDir dir;
    QByteArray file;
    for (int r = 0; r < 2; ++r) {
        file.append(char(r == 0 ? 9 : 0));
        for (std::size_t p = 0; p < kCifarImageBytes; ++p)
            file.append(char((p + std::size_t(r) * 7) % 251));
    }
    const QString path = naap::test::writeFile(dir.path(), "batch.bin", file);
    CifarSplit split;
    readCifarBatchFile(path.toStdString(), split);
    readCifarBatchFile(path.toStdString(), split); // appends
    QCOMPARE(split.size(), std::size_t(4));
    QCOMPARE(int(split.labels[0]), 9);
    QCOMPARE(int(split.labels[1]), 0);
    QCOMPARE(int(split.labels[2]), 9);
    QCOMPARE(int(split.pixels[kCifarImageBytes + 3]), 10);
    QCOMPARE(int(split.pixels[3 * kCifarImageBytes + 250]), (250 + 7) % 251);
}

void TestCifar::acceptsBothFolderForms()
{
    QTemporaryDir dir;
    generate(dir, 10, 5);
    QCOMPARE(readCifar(dir.path().toStdString()).train.size(), std::size_t(10));
    QCOMPARE(readCifar(batches(dir).toStdString()).test.size(), std::size_t(5));
    QCOMPARE(QString::fromStdString(cifarBatchesFolder(batches(dir).toStdString())), batches(dir));
}

void TestCifar::readerErrors_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing test file") << "remove" << "test_batch.bin" << "does not exist";
    QTest::newRow("missing train file") << "remove" << "data_batch_3.bin" << "does not exist";
    QTest::newRow("truncated") << "truncate" << "data_batch_2.bin" << "is not a multiple of the 3073-byte";
    QTest::newRow("extra bytes") << "append" << "test_batch.bin" << "truncated or not a CIFAR-10 batch file";
    QTest::newRow("label above 9") << "label" << "data_batch_4.bin" << "record 2 has label 12, expected 0 to 9";
    QTest::newRow("no folder") << "folder" << "" << "does not exist (expected data_batch_1..5.bin";
}

void TestCifar::readerErrors()
{
    QFETCH(QString, damage);
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    generate(dir, 20, 10);
    const QString path = batches(dir) + "/" + file;
    QByteArray bytes = readBytes(path);
    if (damage == "remove") {
        QVERIFY(QFile::remove(path));
    } else if (damage == "truncate") {
        naap::test::writeFile(batches(dir), file, bytes.left(bytes.size() - 100));
    } else if (damage == "append") {
        naap::test::writeFile(batches(dir), file, bytes + "xyz");
    } else if (damage == "label") {
        bytes[int(kCifarRecordBytes)] = char(12);
        naap::test::writeFile(batches(dir), file, bytes);
    } else {
        QVERIFY(QDir(batches(dir)).removeRecursively());
    }
    try {
        readCifar(dir.path().toStdString());
        QFAIL("expected an error");
    } catch (const Error& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(file.isEmpty() ? QString(kCifarBatchesFolder) : file), qPrintable(message));
        QVERIFY2(!message.contains('\n') && message.endsWith('.'), qPrintable(message));
        if (damage == "truncate" || damage == "label" || damage == "append")
            QVERIFY(dynamic_cast<const ParseError*>(&e) != nullptr);
        else
            QVERIFY(dynamic_cast<const IoError*>(&e) != nullptr);
    }
}

void TestCifar::refusesToOverwriteRealData()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(kCifarBatchesFolder));
    const QByteArray real(int(kCifarRecordBytes), '\1');
    naap::test::writeFile(batches(dir), "data_batch_1.bin", real);
    QVERIFY_THROWS_EXCEPTION(IoError, generate(dir, 10, 5));
    QCOMPARE(readBytes(batches(dir) + "/data_batch_1.bin"), real);
    QVERIFY(!isSyntheticCifar(dir.path().toStdString()));
}

void TestCifar::rejectsEmptySizes()
{
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate(dir, 0, 5));
    QVERIFY_THROWS_EXCEPTION(InvalidArgument, generate(dir, 5, 0));
    // A folder whose files are all empty has no images to train on.
    generate(dir, 10, 5);
    naap::test::writeFile(batches(dir), "test_batch.bin", QByteArray());
    QVERIFY_THROWS_EXCEPTION(IoError, readCifar(dir.path().toStdString()));
}

QTEST_GUILESS_MAIN(TestCifar)
#include "tst_cifar.moc"
