// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "http_server_support.h"
#include "jobs/download_job.h"
#include "panels/download_dialog.h"
#include "test_paths.h"

using naap::test::HttpTestServer;
using naap::ui::DownloadDialog;
using naap::ui::DownloadItem;
using naap::ui::DownloadJob;

namespace {

QByteArray sha256Hex(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray payload(int bytes, char seed)
{
    QByteArray out(bytes, Qt::Uninitialized);
    for (int i = 0; i < bytes; ++i)
        out[i] = static_cast<char>(seed + i * 31 + i / 97);
    return out;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Every entry of `dir`, hidden ones included (QSaveFile's temporaries must be gone too).
QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

private:
    HttpTestServer m_server;
    QByteArray m_alpha = payload(150000, 'a');
    QByteArray m_beta = payload(4321, 'b');

    /// Runs `job` and returns the arguments of its one finished() signal.
    QList<QVariant> runJob(DownloadJob& job)
    {
        QSignalSpy finished(&job, &DownloadJob::finished);
        job.start();
        if (finished.isEmpty())
            finished.wait(20000);
        if (finished.size() != 1)
            return {};
        return finished.takeFirst();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        m_server.serve(QStringLiteral("/files/alpha.bin"), m_alpha);
        m_server.serve(QStringLiteral("/files/beta.txt"), m_beta);
    }

    void init()
    {
        m_server.setThrottle(0, 0);
        m_server.setChunkedEncoding(false);
    }

    void downloadsAndVerifies_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("content-length") << false;
        QTest::newRow("chunked") << true;
    }

    void downloadsAndVerifies()
    {
        QFETCH(bool, chunked);
        m_server.setChunkedEncoding(chunked);
        QTemporaryDir tmp;
        const QString target = tmp.filePath(QStringLiteral("nested/data"));
        DownloadJob job({{m_server.url(QStringLiteral("files/alpha.bin")), QStringLiteral("alpha.bin"), sha256Hex(m_alpha)},
                         {m_server.url(QStringLiteral("files/beta.txt")), QStringLiteral("beta.txt"), sha256Hex(m_beta).toUpper()}},
                        target);
        QSignalSpy started(&job, &DownloadJob::fileStarted);
        QSignalSpy progress(&job, &DownloadJob::progress);
        const QList<QVariant> result = runJob(job);
        QCOMPARE(result.size(), 2);
        QVERIFY2(result.at(0).toBool(), qPrintable(result.at(1).toString()));
        QVERIFY(result.at(1).toString().isEmpty());
        QVERIFY(!job.isRunning());
        QCOMPARE(started.size(), 2);
        QCOMPARE(started.at(1).at(2).toString(), QStringLiteral("beta.txt"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(entries(target), (QStringList{QStringLiteral("alpha.bin"), QStringLiteral("beta.txt")}));
        QCOMPARE(readAll(QDir(target).filePath(QStringLiteral("alpha.bin"))), m_alpha);
        QCOMPARE(readAll(QDir(target).filePath(QStringLiteral("beta.txt"))), m_beta);
    }

    void wrongHashWritesNothing()
    {
        QTemporaryDir tmp;
        const QByteArray wrong = sha256Hex("something else");
        // The first file is fine: it must not be saved either when the second fails.
        DownloadJob job({{m_server.url(QStringLiteral("files/alpha.bin")), QStringLiteral("alpha.bin"), sha256Hex(m_alpha)},
                         {m_server.url(QStringLiteral("files/beta.txt")), QStringLiteral("beta.txt"), wrong}},
                        tmp.path());
        const QList<QVariant> result = runJob(job);
        QCOMPARE(result.size(), 2);
        QVERIFY(!result.at(0).toBool());
        const QString error = result.at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("SHA-256")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("beta.txt")), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLatin1(wrong)), qPrintable(error));
        QVERIFY2(error.contains(QString::fromLatin1(sha256Hex(m_beta))), qPrintable(error));
        QCOMPARE(entries(tmp.path()), QStringList());
    }

    void notFoundFailsCleanly()
    {
        QTemporaryDir tmp;
        DownloadJob job({{m_server.url(QStringLiteral("files/missing.csv")), QStringLiteral("missing.csv"), {}}},
                        tmp.path());
        const QList<QVariant> result = runJob(job);
        QCOMPARE(result.size(), 2);
        QVERIFY(!result.at(0).toBool());
        const QString error = result.at(1).toString();
        QVERIFY2(error.contains(QStringLiteral("404")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("missing.csv")), qPrintable(error));
        QCOMPARE(entries(tmp.path()), QStringList());
    }

    void connectionRefusedFailsCleanly()
    {
        QTemporaryDir tmp;
        QTcpServer probe; // find a free port, then close it again
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/x.csv").arg(probe.serverPort()));
        probe.close();
        DownloadJob job({{url, QStringLiteral("x.csv"), {}}}, tmp.path());
        const QList<QVariant> result = runJob(job);
        QCOMPARE(result.size(), 2);
        QVERIFY(!result.at(0).toBool());
        QVERIFY2(result.at(1).toString().startsWith(QStringLiteral("Could not download x.csv")),
                 qPrintable(result.at(1).toString()));
        QCOMPARE(entries(tmp.path()), QStringList());
    }

    void cancelLeavesNothing()
    {
        m_server.setThrottle(2000, 10); // 150 kB in ~0.75 s
        QTemporaryDir tmp;
        DownloadJob job({{m_server.url(QStringLiteral("files/alpha.bin")), QStringLiteral("alpha.bin"), sha256Hex(m_alpha)}},
                        tmp.path());
        QSignalSpy progress(&job, &DownloadJob::progress);
        QSignalSpy finished(&job, &DownloadJob::finished);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0, 10000);
        QVERIFY(job.isRunning());
        job.cancel();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(finished.at(0).at(1).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(!job.isRunning());
        QCOMPARE(entries(tmp.path()), QStringList());
        // Nothing appears later either.
        QTest::qWait(200);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(entries(tmp.path()), QStringList());
    }

    void naap440ItemsArePublished()
    {
        const QList<DownloadItem> items = DownloadJob::naap440Items(QUrl(QStringLiteral("https://mirror.example/naap")));
        QCOMPARE(items.size(), 3);
        QCOMPARE(items.at(0).fileName, QStringLiteral("naap440.csv"));
        QCOMPARE(items.at(0).url, QUrl(QStringLiteral("https://mirror.example/naap/naap440.csv")));
        QCOMPARE(items.at(2).fileName, QStringLiteral("generated_schemes.json"));
        for (const DownloadItem& item : items)
            QCOMPARE(item.sha256Hex.size(), 64);
        QCOMPARE(DownloadJob::naap440Items().at(1).url,
                 QUrl(QStringLiteral("https://raw.githubusercontent.com/talcs/NAAP-440/main/naap440v2.csv")));
        QVERIFY(!DownloadJob::defaultTargetDir().isEmpty());
    }

    void dialogDownloadsNaap440_data()
    {
        QTest::addColumn<bool>("corrupt");
        QTest::newRow("intact") << false;
        QTest::newRow("wrong hash") << true;
    }

    void dialogDownloadsNaap440()
    {
        QFETCH(bool, corrupt);
        const QString source = naap::test::naap440Dir();
        if (source.isEmpty())
            QFAIL("NAAP-440 was not found: set NAAP_DATA_DIR or keep ../shared/datasets/naap440 beside the checkout");
        HttpTestServer server;
        QVERIFY(server.listen());
        QHash<QString, QByteArray> originals;
        for (const DownloadItem& item : DownloadJob::naap440Items()) {
            QByteArray bytes = readAll(QDir(source).filePath(item.fileName));
            QVERIFY2(!bytes.isEmpty(), qPrintable(item.fileName));
            originals.insert(item.fileName, bytes);
            if (corrupt && item.fileName == QStringLiteral("naap440v2.csv"))
                bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
            server.serve(QStringLiteral("/mirror/") + item.fileName, bytes);
        }

        QTemporaryDir tmp;
        const QString target = tmp.filePath(QStringLiteral("naap440"));
        DownloadDialog dialog;
        dialog.setBaseUrl(server.url(QStringLiteral("mirror/")));
        dialog.setTargetDir(target);
        dialog.show();
        QSignalSpy downloaded(&dialog, &DownloadDialog::datasetDownloaded);
        QSignalSpy finished(&dialog, &DownloadDialog::downloadFinished);
        dialog.start();
        QVERIFY(dialog.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(!dialog.isRunning());
        if (corrupt) {
            QVERIFY(!finished.at(0).at(0).toBool());
            QVERIFY(downloaded.isEmpty());
            QVERIFY2(dialog.message().contains(QStringLiteral("SHA-256")), qPrintable(dialog.message()));
            QVERIFY(dialog.message().contains(QStringLiteral("naap440v2.csv")));
            QCOMPARE(entries(target), QStringList());
        } else {
            QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(dialog.message()));
            QCOMPARE(downloaded.size(), 1);
            QCOMPARE(downloaded.at(0).at(0).toString(), target);
            QCOMPARE(entries(target).size(), 3);
            for (auto it = originals.constBegin(); it != originals.constEnd(); ++it)
                QVERIFY2(readAll(QDir(target).filePath(it.key())) == it.value(), qPrintable(it.key()));
        }
    }

    void dialogCloseCancels()
    {
        const QByteArray big = payload(400000, 'c');
        HttpTestServer server;
        QVERIFY(server.listen());
        server.setThrottle(4000, 20);
        for (const DownloadItem& item : DownloadJob::naap440Items())
            server.serve(QStringLiteral("/") + item.fileName, big);
        QTemporaryDir tmp;
        DownloadDialog dialog;
        dialog.setBaseUrl(server.baseUrl());
        dialog.setTargetDir(tmp.path());
        dialog.show();
        QSignalSpy finished(&dialog, &DownloadDialog::downloadFinished);
        dialog.start();
        QTRY_VERIFY(server.requestedPaths().size() == 1);
        QTest::qWait(100);
        dialog.reject();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        QVERIFY(!dialog.isVisible());
        QCOMPARE(entries(tmp.path()), QStringList());
    }

    void dialogRejectsBadUrl()
    {
        DownloadDialog dialog;
        QTemporaryDir tmp;
        dialog.setTargetDir(tmp.path());
        dialog.setBaseUrl(QUrl(QStringLiteral("not a url")));
        dialog.start();
        QVERIFY(!dialog.isRunning());
        QVERIFY(!dialog.message().isEmpty());
    }
};

QTEST_MAIN(TestDownload)
#include "tst_download.moc"
