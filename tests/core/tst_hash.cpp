// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "naap/core/error.h"
#include "naap/core/util/hash.h"
#include "test_paths.h"

using namespace naap::core;

class TestHash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownVectors_data();
    void knownVectors();
    void millionAs();
    void streamingMatchesQt_data();
    void streamingMatchesQt();
    void publishedFileDigest();
    void fileErrors();
    void hexDigestCheck();
};

void TestHash::knownVectors_data()
{
    QTest::addColumn<bool>("sha");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    // FIPS 180-4 examples and RFC 1321's test suite.
    QTest::newRow("sha256 empty") << true << QByteArray()
                                  << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    QTest::newRow("sha256 abc") << true << QByteArray("abc")
                                << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    QTest::newRow("sha256 two blocks") << true
                                       << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                       << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    QTest::newRow("md5 empty") << false << QByteArray() << "d41d8cd98f00b204e9800998ecf8427e";
    QTest::newRow("md5 a") << false << QByteArray("a") << "0cc175b9c0f1b6a831c399e269772661";
    QTest::newRow("md5 abc") << false << QByteArray("abc") << "900150983cd24fb0d6963f7d28e17f72";
    QTest::newRow("md5 message digest") << false << QByteArray("message digest") << "f96b697d7cb7938d525a2f31aaf161d0";
    QTest::newRow("md5 alphabet") << false << QByteArray("abcdefghijklmnopqrstuvwxyz")
                                  << "c3fcd3d76192e4007dfb496cca67e13b";
    QTest::newRow("md5 alphanumeric")
        << false << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        << "d174ab98d277d9f5a5611c2c9f419d9f";
    QTest::newRow("md5 digits") << false
                                << QByteArray("1234567890123456789012345678901234567890"
                                              "1234567890123456789012345678901234567890")
                                << "57edf4a22be3c955ac49da2e2107b67a";
}

void TestHash::knownVectors()
{
    QFETCH(bool, sha);
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    const auto algorithm = sha ? HashAlgorithm::Sha256 : HashAlgorithm::Md5;
    QCOMPARE(QString::fromStdString(hashHex(algorithm, input.toStdString())), digest);
}

void TestHash::millionAs()
{
    // A million 'a' fed in uneven pieces, so that buffering across blocks is exercised.
    const std::string block(999, 'a');
    Sha256 sha;
    Md5 md5;
    std::size_t fed = 0;
    while (fed < 1000000) {
        const std::size_t n = std::min<std::size_t>(block.size(), 1000000 - fed);
        sha.update(block.data(), n);
        md5.update(block.data(), n);
        fed += n;
    }
    QCOMPARE(QString::fromStdString(sha.finalHex()),
             QStringLiteral("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    QCOMPARE(QString::fromStdString(md5.finalHex()), QStringLiteral("7707d6ae4e027c70eea2a935c2296f21"));
    sha.reset();
    QCOMPARE(QString::fromStdString(sha.finalHex()),
             QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestHash::streamingMatchesQt_data()
{
    QTest::addColumn<int>("size");
    // Around the padding edges: 55/56 bytes fit the length in one block or not; 64 is one block.
    for (int size : {1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65537})
        QTest::newRow(qPrintable(QString::number(size))) << size;
}

void TestHash::streamingMatchesQt()
{
    QFETCH(int, size);
    QRandomGenerator rng(static_cast<quint32>(size));
    QByteArray data(size, Qt::Uninitialized);
    for (char& c : data)
        c = static_cast<char>(rng.bounded(256));
    Sha256 sha;
    Md5 md5;
    for (int at = 0; at < size;) {
        const int n = std::min(size - at, 1 + static_cast<int>(rng.bounded(70)));
        sha.update(data.constData() + at, static_cast<std::size_t>(n));
        md5.update(data.constData() + at, static_cast<std::size_t>(n));
        at += n;
    }
    QCOMPARE(QByteArray::fromStdString(sha.finalHex()), QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QCOMPARE(QByteArray::fromStdString(md5.finalHex()), QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex());
}

void TestHash::publishedFileDigest()
{
    const QString dir = naap::test::naap440Dir();
    if (dir.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    // The digest SOURCE.md publishes for generated_schemes.json (183 kB: many blocks).
    QCOMPARE(QString::fromStdString(fileHashHex(HashAlgorithm::Sha256, (dir + "/generated_schemes.json").toStdString())),
             QStringLiteral("83b7209a63c76e31fc2f8330e249f456cff6f9d2a2831ce971e245d105348c66"));
}

void TestHash::fileErrors()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = naap::test::writeFile(tmp.path(), QStringLiteral("x.bin"), QByteArray("abc"));
    QCOMPARE(QString::fromStdString(fileHashHex(HashAlgorithm::Md5, path.toStdString())),
             QStringLiteral("900150983cd24fb0d6963f7d28e17f72"));
    try {
        fileHashHex(HashAlgorithm::Sha256, (tmp.path() + "/missing.bin").toStdString());
        QFAIL("a missing file was hashed");
    } catch (const IoError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("missing.bin")), e.what());
    }
}

void TestHash::hexDigestCheck()
{
    QVERIFY(isHexDigest(HashAlgorithm::Md5, "C32A1D4AB5D03F1284B67883E8D87530"));
    QVERIFY(!isHexDigest(HashAlgorithm::Md5, "c32a1d4ab5d03f1284b67883e8d8753"));
    QVERIFY(!isHexDigest(HashAlgorithm::Md5, "g32a1d4ab5d03f1284b67883e8d87530"));
    QVERIFY(!isHexDigest(HashAlgorithm::Sha256, "c32a1d4ab5d03f1284b67883e8d87530"));
    QVERIFY(isHexDigest(HashAlgorithm::Sha256, std::string(64, 'a')));
    QCOMPARE(QString::fromLatin1(hashAlgorithmName(HashAlgorithm::Md5)), QStringLiteral("MD5"));
}

QTEST_GUILESS_MAIN(TestHash)
#include "tst_hash.moc"
