// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/download_job.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>

#include "naap/core/data/download.h"
#include "naap/core/data/locate.h"

namespace naap::ui {

DownloadJob::DownloadJob(QObject* parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
}

DownloadJob::DownloadJob(QList<DownloadItem> items, QString targetDir, QObject* parent)
    : DownloadJob(parent)
{
    m_items = std::move(items);
    m_targetDir = std::move(targetDir);
}

DownloadJob::~DownloadJob()
{
    if (m_reply != nullptr) {
        m_reply->disconnect(this);
        m_reply->abort();
        delete m_reply;
        m_reply = nullptr;
    }
    m_files.clear(); // uncommitted QSaveFiles discard their temporary files
}

void DownloadJob::setItems(QList<DownloadItem> items)
{
    if (!m_running)
        m_items = std::move(items);
}

void DownloadJob::setTargetDir(const QString& dir)
{
    if (!m_running)
        m_targetDir = dir;
}

void DownloadJob::setTransferTimeout(int seconds)
{
    m_timeoutMs = qMax(1, seconds) * 1000;
}

QUrl DownloadJob::defaultNaap440Base()
{
    return QUrl(QString::fromLatin1(core::kNaap440BaseUrl));
}

QString DownloadJob::defaultTargetDir()
{
    return QString::fromStdString(core::userDataDir());
}

QList<DownloadItem> DownloadJob::naap440Items(const QUrl& base)
{
    QUrl dir = base;
    if (!dir.path().endsWith(QLatin1Char('/')))
        dir.setPath(dir.path() + QLatin1Char('/'));
    QList<DownloadItem> items;
    for (const core::RemoteFile& file : core::naap440Files()) {
        const QString fileName = QString::fromStdString(file.fileName);
        items.append({dir.resolved(QUrl(fileName)), fileName, QByteArray::fromStdString(file.digestHex)});
    }
    return items;
}

void DownloadJob::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    m_index = 0;
    m_files.clear();
    if (m_items.isEmpty()) {
        fail(QStringLiteral("There is nothing to download."));
        return;
    }
    if (m_targetDir.isEmpty() || !QDir().mkpath(m_targetDir)) {
        fail(QStringLiteral("Could not create the folder %1.").arg(QDir::toNativeSeparators(m_targetDir)));
        return;
    }
    startFile();
}

void DownloadJob::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_reply != nullptr)
        m_reply->abort(); // finished() follows synchronously and ends the job
    else
        fail(QStringLiteral("The download was cancelled."));
}

void DownloadJob::startFile()
{
    const DownloadItem& item = m_items.at(m_index);
    Q_EMIT fileStarted(m_index, static_cast<int>(m_items.size()), item.fileName);
    if (!m_running)
        return; // a receiver cancelled

    const QString path = QDir(m_targetDir).filePath(item.fileName);
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        fail(QStringLiteral("Could not write %1: %2.").arg(QDir::toNativeSeparators(path), file->errorString()));
        return;
    }
    m_files.push_back(std::move(file));
    m_hash.reset();

    QNetworkRequest request(item.url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    m_reply = m_network->get(request);
    connect(m_reply, &QIODevice::readyRead, this, &DownloadJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &DownloadJob::onReplyFinished);
    const QString name = item.fileName;
    connect(m_reply, &QNetworkReply::downloadProgress, this,
            [this, name](qint64 received, qint64 total) { Q_EMIT progress(received, total, name); });
}

void DownloadJob::onReadyRead()
{
    if (m_reply == nullptr || m_files.empty())
        return;
    const QByteArray chunk = m_reply->readAll();
    if (chunk.isEmpty())
        return;
    m_hash.addData(chunk);
    QSaveFile& file = *m_files.back();
    if (file.write(chunk) != chunk.size())
        fail(QStringLiteral("Could not write %1: %2.").arg(QDir::toNativeSeparators(file.fileName()), file.errorString()));
}

void DownloadJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (reply == nullptr)
        return;
    const DownloadItem item = m_items.at(m_index);
    if (m_cancelled) {
        fail(QStringLiteral("The download was cancelled."));
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString url = reply->url().toDisplayString();
        if (status >= 400) {
            const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            fail(QStringLiteral("Could not download %1 from %2: the server answered %3%4.")
                     .arg(item.fileName, url)
                     .arg(status)
                     .arg(reason.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(reason)));
        } else {
            QString why = reply->errorString();
            while (why.endsWith(QLatin1Char('.')))
                why.chop(1);
            fail(QStringLiteral("Could not download %1 from %2: %3.").arg(item.fileName, url, why));
        }
        return;
    }
    onReadyRead(); // whatever is still buffered
    if (!m_running)
        return;
    m_reply = nullptr;
    reply->deleteLater();

    const QByteArray actual = m_hash.result().toHex();
    const QByteArray expected = item.sha256Hex.trimmed().toLower();
    if (!expected.isEmpty() && actual != expected) {
        fail(QStringLiteral("%1 failed its SHA-256 check: expected %2, got %3; nothing was saved.")
                 .arg(item.fileName, QString::fromLatin1(expected), QString::fromLatin1(actual)));
        return;
    }
    if (++m_index < m_items.size()) {
        startFile();
        return;
    }
    // Every file arrived and matched: move them into place.
    for (const auto& file : m_files)
        if (!file->commit()) {
            fail(QStringLiteral("Could not save %1: %2.").arg(QDir::toNativeSeparators(file->fileName()), file->errorString()));
            return;
        }
    m_files.clear();
    m_running = false;
    Q_EMIT finished(true, QString());
}

void DownloadJob::fail(const QString& error)
{
    discardAll();
    m_running = false;
    Q_EMIT finished(false, error);
}

void DownloadJob::discardAll()
{
    if (m_reply != nullptr) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    for (const auto& file : m_files)
        file->cancelWriting();
    m_files.clear();
}

} // namespace naap::ui
