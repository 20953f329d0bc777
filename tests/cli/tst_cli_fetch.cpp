// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// `naap fetch` against an HTTP server on 127.0.0.1 inside this test: digests, 404,
// resuming with Range, and archives that try to write outside the target folder.
#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <archive.h>
#include <archive_entry.h>

#include "cli_test_support.h"

using naap::test::CliResult;
using naap::test::readAll;

namespace {

// HTTP/1.1 on 127.0.0.1: GET of a served path answers 200, or 206 for "Range: bytes=N-"
// (unless ranges are switched off), 416 past the end, 404 otherwise. It can cut a body
// short after some bytes to imitate a dropped connection. One request per connection.
class RangeServer : public QObject {
public:
    struct Request {
        QString path;
        QByteArray range; ///< the Range header's value, empty when none
        int status = 0;
        qint64 bodyBytes = 0; ///< body bytes sent
    };

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    QString base(const QString& folder) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2/").arg(m_server.serverPort()).arg(folder);
    }
    void serve(const QString& path, const QByteArray& body) { m_files.insert(path, body); }
    void setHonourRange(bool on) { m_honourRange = on; }
    void setCutAfter(qint64 bytes) { m_cutAfter = bytes; }
    QList<Request> requests;

private:
    void onReadyRead(QTcpSocket* s)
    {
        QByteArray& buffer = m_buffers[s];
        buffer += s->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> lines = buffer.left(buffer.indexOf("\r\n\r\n")).split('\n');
        m_buffers.remove(s);
        Request request;
        request.path = QString::fromLatin1(lines.value(0).split(' ').value(1));
        for (const QByteArray& line : lines)
            if (line.toLower().startsWith("range:"))
                request.range = line.mid(6).trimmed();
        respond(s, request);
        requests.append(request);
    }

    void respond(QTcpSocket* s, Request& request)
    {
        QByteArray head;
        QByteArray body;
        const auto file = m_files.constFind(request.path);
        if (file == m_files.constEnd()) {
            request.status = 404;
            body = "no such file";
            head = "HTTP/1.1 404 Not Found\r\n";
        } else if (m_honourRange && request.range.startsWith("bytes=")) {
            const qint64 from = request.range.mid(6, request.range.indexOf('-') - 6).toLongLong();
            if (from >= file->size()) {
                request.status = 416;
                head = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                       QByteArray::number(file->size()) + "\r\n";
            } else {
                request.status = 206;
                body = file->mid(from);
                head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(from) + "-" +
                       QByteArray::number(file->size() - 1) + "/" + QByteArray::number(file->size()) + "\r\n";
            }
        } else {
            request.status = 200;
            body = *file;
            head = "HTTP/1.1 200 OK\r\n";
        }
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
        if (m_cutAfter > 0 && request.status / 100 == 2)
            body.truncate(static_cast<int>(std::min<qint64>(m_cutAfter, body.size())));
        request.bodyBytes = body.size();
        s->write(head + body);
        s->disconnectFromHost(); // after the pending bytes are written
    }

    QTcpServer m_server;
    QHash<QString, QByteArray> m_files;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    bool m_honourRange = true;
    qint64 m_cutAfter = 0;
};

struct TarEntry {
    enum Kind { File, Folder, Symlink, Hardlink };
    Kind kind = File;
    QByteArray path;
    QByteArray data; ///< file contents, or the link target
};

// A .tar.gz built with libarchive, so that entries a careful tar tool would refuse to
// write (absolute, "..") can be made.
QByteArray makeTarGz(const QList<TarEntry>& entries)
{
    QByteArray out(8 << 20, '\0');
    std::size_t used = 0;
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open_memory(a, out.data(), static_cast<std::size_t>(out.size()), &used);
    for (const TarEntry& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.path.constData());
        archive_entry_set_perm(entry, e.kind == TarEntry::Folder ? 0755 : 0644);
        switch (e.kind) {
        case TarEntry::File:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_size(entry, e.data.size());
            break;
        case TarEntry::Folder:
            archive_entry_set_filetype(entry, AE_IFDIR);
            break;
        case TarEntry::Symlink:
            archive_entry_set_filetype(entry, AE_IFLNK);
            archive_entry_set_symlink(entry, e.data.constData());
            break;
        case TarEntry::Hardlink:
            archive_entry_set_filetype(entry, AE_IFREG);
            archive_entry_set_hardlink(entry, e.data.constData());
            break;
        }
        archive_write_header(a, entry);
        if (e.kind == TarEntry::File)
            archive_write_data(a, e.data.constData(), static_cast<std::size_t>(e.data.size()));
        archive_entry_free(entry);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.truncate(static_cast<int>(used));
    return out;
}

QByteArray randomBytes(int size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (char& c : data)
        c = static_cast<char>(rng.bounded(256));
    return data;
}

QString md5(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex());
}

// Entries of a folder, hidden ones included: a leftover staging folder must show up.
QStringList listing(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

constexpr const char* kArchive = "cifar-10-binary.tar.gz";
constexpr int kBatchBytes = 10000 * 3073; // a file of the public CIFAR-10

// The batch files of cifar-10-batches-bin, full size: data_batch_1.bin is `first`, the
// others zeros, which compress to almost nothing (and share one buffer here).
QList<TarEntry> cifarBatches(const QByteArray& first)
{
    const QByteArray zeros(kBatchBytes, '\0');
    QList<TarEntry> entries{{TarEntry::File, "cifar-10-batches-bin/data_batch_1.bin", first}};
    for (const char* name : {"data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                             "test_batch.bin"})
        entries.append({TarEntry::File, QByteArray("cifar-10-batches-bin/") + name, zeros});
    return entries;
}

} // namespace

class TestCliFetch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void naap440FromMirror();
    void naap440WrongFile();
    void cifarDownloadAndUnpack();
    void cifarKeepArchive();
    void wrongMd5LeavesNothing();
    void incompleteCifar_data();
    void incompleteCifar();
    void incompleteCifarKeepsEarlierCopy();
    void notFound();
    void resumeFromPart();
    void interruptedThenResumed();
    void serverIgnoresRange();
    void corruptPartRestarts();
    void unsafeArchive_data();
    void unsafeArchive();
    void usage_data();
    void usage();

private:
    // Runs `naap` while this thread's event loop serves its requests.
    CliResult fetch(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
    // Serves `archive` under a folder named after the current test; returns its base URL.
    QString serveArchive(const QByteArray& archive);

    RangeServer m_server;
    QByteArray m_archive; ///< a small CIFAR-like archive
    QByteArray m_batch;
    std::unique_ptr<QTemporaryDir> m_tmp;
};

void TestCliFetch::initTestCase()
{
    QVERIFY2(QFile::exists(naap::test::cliPath()), qPrintable(naap::test::cliPath()));
    QVERIFY(m_server.listen());
    // Random bytes do not compress, so the archive is large enough to cut mid-way; the
    // rest of the six full-size batch files is zeros.
    m_batch = randomBytes(60000, 1) + QByteArray(kBatchBytes - 60000, '\0');
    m_archive = makeTarGz(QList<TarEntry>{{TarEntry::Folder, "cifar-10-batches-bin/", {}}} + cifarBatches(m_batch) +
                          QList<TarEntry>{
                              {TarEntry::File, "cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n"},
                              {TarEntry::Symlink, "cifar-10-batches-bin/latest.bin", "data_batch_1.bin"}});
    QVERIFY(m_archive.size() > 60000);
}

void TestCliFetch::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_server.setHonourRange(true);
    m_server.setCutAfter(0);
    m_server.requests.clear();
}

CliResult TestCliFetch::fetch(const QStringList& args, const QProcessEnvironment& env)
{
    return naap::test::runCli(QStringList{"fetch"} + args, 120000, env);
}

QString TestCliFetch::serveArchive(const QByteArray& archive)
{
    const QString folder = QString::fromLatin1(QTest::currentTestFunction()) +
                           QString::fromLatin1(QTest::currentDataTag()).remove(' ');
    m_server.serve("/" + folder + "/" + kArchive, archive);
    return m_server.base(folder);
}

void TestCliFetch::naap440FromMirror()
{
    const QString data = naap::test::naap440Dir();
    if (data.isEmpty())
        QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
    const QStringList files{"naap440.csv", "naap440v2.csv", "generated_schemes.json"};
    for (const QString& f : files)
        m_server.serve("/mirror/" + f, readAll(data + "/" + f));
    const QString dir = m_tmp->filePath("naap");
    CliResult r = fetch({"naap440", "--dir", dir, "--url", m_server.base("mirror")});
    QCOMPARE(r.exitCode, 0);
    for (const QString& f : files)
        QVERIFY2(readAll(dir + "/" + f) == readAll(data + "/" + f), qPrintable(f));
    QCOMPARE(listing(dir), QStringList({"generated_schemes.json", "naap440.csv", "naap440v2.csv"}));
    QCOMPARE(m_server.requests.size(), 3);

    // Again: the files are verified in place and nothing is fetched.
    r = fetch({"naap440", "--dir", dir, "--url", m_server.base("mirror")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("naap440.csv: already present"));
    QCOMPARE(m_server.requests.size(), 3);

    // Without --dir: the per-user data folder the workbench searches.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_DATA_HOME", m_tmp->filePath("xdg"));
    r = fetch({"naap440", "--url", m_server.base("mirror")}, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(listing(m_tmp->filePath("xdg/naap-workbench/naap440")),
             QStringList({"generated_schemes.json", "naap440.csv", "naap440v2.csv"}));
}

void TestCliFetch::naap440WrongFile()
{
    m_server.serve("/bad/naap440.csv", "ModelId,IsTest\n1,0\n");
    const QString dir = m_tmp->filePath("naap");
    const CliResult r = fetch({"naap440", "--dir", dir, "--url", m_server.base("bad")});
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(err.startsWith("naap: naap440.csv failed its SHA-256 check: expected "
                            "ef0b0eb46ca13e813298fb18f3e77122810108e36c7a1524dd3fb6b13efbe7d7"),
             qPrintable(err));
    QVERIFY2(err.endsWith("nothing was saved.") && !err.contains('\n'), qPrintable(err));
    QVERIFY(!QFileInfo::exists(dir)); // the folder this run created is gone too
}

void TestCliFetch::cifarDownloadAndUnpack()
{
    const QString dir = m_tmp->filePath("cifar");
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Unpacked 7 files"), r.out.constData());
    QCOMPARE(listing(dir), QStringList{"cifar-10-batches-bin"}); // the archive is removed, no staging left
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/batches.meta.txt"), QByteArray("airplane\nautomobile\n"));
    const QFileInfo link(dir + "/cifar-10-batches-bin/latest.bin");
    QVERIFY(link.isSymLink());
    QCOMPARE(readAll(link.filePath()), m_batch);
    QCOMPARE(m_server.requests.size(), 1);
    QVERIFY(m_server.requests[0].range.isEmpty());
}

void TestCliFetch::cifarKeepArchive()
{
    const QString dir = m_tmp->filePath("cifar");
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive),
                               "--keep-archive"});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(listing(dir), QStringList({"cifar-10-batches-bin", kArchive}));
    QCOMPARE(readAll(dir + "/" + kArchive), m_archive);
}

void TestCliFetch::wrongMd5LeavesNothing()
{
    const QString dir = m_tmp->filePath("cifar");
    // Without --md5 the published digest is expected, which this archive cannot match.
    CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive)});
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(err.contains("cifar-10-binary.tar.gz failed its MD5 check: expected c32a1d4ab5d03f1284b67883e8d87530, got " +
                          md5(m_archive)),
             qPrintable(err));
    QVERIFY(!QFileInfo::exists(dir));

    // Into an existing folder: it is left empty.
    QVERIFY(QDir().mkpath(dir));
    r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", QString(32, '0')});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("failed its MD5 check"), r.err.constData());
    QCOMPARE(listing(dir), QStringList());
}

void TestCliFetch::incompleteCifar_data()
{
    QTest::addColumn<QList<TarEntry>>("entries");
    QTest::addColumn<QString>("missing");
    const QList<TarEntry> full = cifarBatches(QByteArray(kBatchBytes, '\1'));
    QTest::newRow("test batch only") << full.mid(5)
                                     << "but data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin "
                                        "and data_batch_5.bin are missing";
    QList<TarEntry> shortTest = full;
    shortTest.last().data = QByteArray(3073, '\0');
    QTest::newRow("short test batch") << shortTest << "but test_batch.bin has 3073 bytes";
    QList<TarEntry> both = full;
    both.removeAt(2);
    both[0].data.chop(3073);
    QTest::newRow("missing and short") << both
                                       << "but data_batch_3.bin is missing, and data_batch_1.bin has 30726927 bytes";
    QList<TarEntry> flat = full;
    for (TarEntry& e : flat)
        e.path.replace("cifar-10-batches-bin/", "");
    QTest::newRow("no folder") << flat << "but there is no cifar-10-batches-bin folder";
}

void TestCliFetch::incompleteCifar()
{
    QFETCH(QList<TarEntry>, entries);
    QFETCH(QString, missing);
    const QByteArray archive = makeTarGz(entries);
    const QString dir = m_tmp->filePath("cifar");
    // --md5 of the archive itself (a mirror's repackaging): the digest passes, the content does not.
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(archive), "--md5", md5(archive)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!r.out.contains("Unpacked"), r.out.constData());
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(err.startsWith("naap: " + dir + "/" + kArchive +
                            ": expected cifar-10-batches-bin with data_batch_1..5.bin and test_batch.bin of 10000 "
                            "records (30730000 bytes) each, " + missing) &&
                 err.endsWith("; nothing was extracted.") && !err.contains('\n'),
             qPrintable(err));
    // As for an unsafe archive: nothing unpacked is left, no staging folder, only the checked archive.
    QCOMPARE(listing(dir), QStringList{kArchive});
}

void TestCliFetch::incompleteCifarKeepsEarlierCopy()
{
    const QString dir = m_tmp->filePath("cifar");
    CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    const QByteArray testOnly = makeTarGz(cifarBatches(m_batch).mid(5));
    m_server.serve("/testOnly/" + QString(kArchive), testOnly);
    r = fetch({"cifar10", "--dir", dir, "--url", m_server.base("testOnly"), "--md5", md5(testOnly)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("data_batch_5.bin are missing"), r.err.constData());
    // The complete copy unpacked before is still in place.
    QCOMPARE(listing(dir), QStringList({"cifar-10-batches-bin", kArchive}));
    QCOMPARE(listing(dir + "/cifar-10-batches-bin"),
             QStringList({"batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                          "data_batch_4.bin", "data_batch_5.bin", "latest.bin", "test_batch.bin"}));
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
}

void TestCliFetch::notFound()
{
    const QString dir = m_tmp->filePath("cifar");
    QVERIFY(QDir().mkpath(dir));
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", m_server.base("nowhere")});
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(err == "naap: Could not download cifar-10-binary.tar.gz from " + m_server.base("nowhere") + kArchive +
                        ": the server answered 404 (Not Found).",
             qPrintable(err));
    QCOMPARE(listing(dir), QStringList());
}

void TestCliFetch::resumeFromPart()
{
    const QString dir = m_tmp->filePath("cifar");
    QVERIFY(QDir().mkpath(dir));
    const int have = m_archive.size() * 2 / 5;
    naap::test::writeFile(dir, QString(kArchive) + ".part", m_archive.left(have));
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("resumed"), r.out.constData());
    QCOMPARE(m_server.requests.size(), 1);
    QCOMPARE(m_server.requests[0].range, "bytes=" + QByteArray::number(have) + "-");
    QCOMPARE(m_server.requests[0].status, 206);
    QCOMPARE(m_server.requests[0].bodyBytes, qint64(m_archive.size() - have));
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
    QCOMPARE(listing(dir), QStringList{"cifar-10-batches-bin"});
}

void TestCliFetch::interruptedThenResumed()
{
    const QString dir = m_tmp->filePath("cifar");
    const QString url = serveArchive(m_archive);
    m_server.setCutAfter(3000);
    CliResult r = fetch({"cifar10", "--dir", dir, "--url", url, "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("run it again to resume"), r.err.constData());
    QCOMPARE(listing(dir), QStringList{QString(kArchive) + ".part"});
    QCOMPARE(readAll(dir + "/" + kArchive + ".part"), m_archive.left(3000));

    m_server.setCutAfter(0);
    r = fetch({"cifar10", "--dir", dir, "--url", url, "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_server.requests.size(), 2);
    QCOMPARE(m_server.requests[1].range, QByteArray("bytes=3000-"));
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
}

void TestCliFetch::serverIgnoresRange()
{
    const QString dir = m_tmp->filePath("cifar");
    QVERIFY(QDir().mkpath(dir));
    naap::test::writeFile(dir, QString(kArchive) + ".part", m_archive.left(1000));
    m_server.setHonourRange(false);
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.out.contains("resumed"), r.out.constData());
    QCOMPARE(m_server.requests.size(), 1);
    QCOMPARE(m_server.requests[0].status, 200); // the whole file replaced the partial one
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
}

void TestCliFetch::corruptPartRestarts()
{
    const QString dir = m_tmp->filePath("cifar");
    QVERIFY(QDir().mkpath(dir));
    naap::test::writeFile(dir, QString(kArchive) + ".part", randomBytes(2000, 7));
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(m_archive), "--md5", md5(m_archive)});
    QCOMPARE(r.exitCode, 0);
    // The resumed file failed the check, so it was fetched once more from the start.
    QCOMPARE(m_server.requests.size(), 2);
    QCOMPARE(m_server.requests[0].status, 206);
    QVERIFY(m_server.requests[1].range.isEmpty());
    QCOMPARE(readAll(dir + "/cifar-10-batches-bin/data_batch_1.bin"), m_batch);
}

void TestCliFetch::unsafeArchive_data()
{
    QTest::addColumn<QList<TarEntry>>("entries");
    QTest::addColumn<QString>("expected");
    // Absolute paths cannot be known before the temporary folder exists: "ROOT" stands for it.
    QTest::newRow("dotdot") << QList<TarEntry>{{TarEntry::File, "../evil.txt", "x"}}
                            << "the entry '../evil.txt' is refused: it contains '..'";
    QTest::newRow("nested dotdot") << QList<TarEntry>{{TarEntry::File, "cifar-10-batches-bin/../../evil.txt", "x"}}
                                   << "it contains '..'";
    QTest::newRow("absolute") << QList<TarEntry>{{TarEntry::File, "ROOT/evil.txt", "x"}}
                              << "is refused: it is an absolute path";
    QTest::newRow("symlink out") << QList<TarEntry>{{TarEntry::Symlink, "cifar-10-batches-bin/out", "../../evil.txt"}}
                                 << "it is a symbolic link that points outside the target folder";
    QTest::newRow("symlink absolute") << QList<TarEntry>{{TarEntry::Symlink, "etc", "/etc"}}
                                      << "it is a symbolic link to an absolute path";
    QTest::newRow("symlink dotdot later") << QList<TarEntry>{{TarEntry::Symlink, "a/b", "../a/../../evil.txt"}}
                                          << "has '..' after a folder name";
    QTest::newRow("hardlink out") << QList<TarEntry>{{TarEntry::Hardlink, "h", "../evil.txt"}}
                                  << "it is a hard link to '../evil.txt'";
    QTest::newRow("hardlink to symlink") << QList<TarEntry>{{TarEntry::Symlink, "s", "good.txt"},
                                                            {TarEntry::Hardlink, "h", "s"}}
                                         << "which is not a file extracted before it";
    QTest::newRow("through symlink") << QList<TarEntry>{{TarEntry::Symlink, "here", "."},
                                                        {TarEntry::File, "here/evil.txt", "x"}}
                                     << "the entry 'here/evil.txt' is refused: it would be written through the "
                                        "symbolic link 'here'";
}

void TestCliFetch::unsafeArchive()
{
    QFETCH(QList<TarEntry>, entries);
    QFETCH(QString, expected);
    const QString root = m_tmp->path();
    for (TarEntry& e : entries)
        e.path.replace("ROOT", QFile::encodeName(root));
    // A harmless file first, so that something was already unpacked when the bad entry comes.
    entries.prepend({TarEntry::File, "good.txt", "fine"});
    const QByteArray archive = makeTarGz(entries);
    const QString dir = root + "/target";
    const CliResult r = fetch({"cifar10", "--dir", dir, "--url", serveArchive(archive), "--md5", md5(archive)});
    QCOMPARE(r.exitCode, 1);
    const QString err = QString::fromUtf8(r.err).trimmed();
    QVERIFY2(err.contains(expected) && err.endsWith("nothing was extracted.") && !err.contains('\n'), qPrintable(err));
    QVERIFY2(err.startsWith("naap: " + dir + "/" + kArchive + ": "), qPrintable(err));
    // Nothing outside the target folder, nothing unpacked inside it: only the checked archive.
    QCOMPARE(listing(root), QStringList{"target"});
    QCOMPARE(listing(dir), QStringList{kArchive});
    QVERIFY(!QFileInfo::exists(root + "/evil.txt"));
}

void TestCliFetch::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no dataset") << QStringList{} << 2 << "The dataset to fetch (cifar10 or naap440) is missing.";
    QTest::newRow("unknown dataset") << QStringList{"mnist"} << 2 << "Unknown dataset 'mnist'";
    QTest::newRow("bad md5") << QStringList{"cifar10", "--md5", "abc"} << 2 << "--md5 needs 32 hex digits";
    QTest::newRow("md5 for naap440") << QStringList{"naap440", "--md5", QString(32, 'a')} << 2 << "cifar10 only";
    QTest::newRow("ftp url") << QStringList{"naap440", "--url", "ftp://example.org/"} << 2 << "http:// or https://";
    QTest::newRow("empty dir") << QStringList{"naap440", "--dir="} << 2 << "--dir needs a folder name";
    QTest::newRow("help") << QStringList{"--help"} << 0 << "";
}

void TestCliFetch::usage()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const CliResult r = fetch(args);
    QCOMPARE(r.exitCode, exitCode);
    if (exitCode == 0)
        QVERIFY(r.out.contains("Usage: naap fetch cifar10|naap440"));
    else
        QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    QVERIFY(m_server.requests.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliFetch)
#include "tst_cli_fetch.moc"
