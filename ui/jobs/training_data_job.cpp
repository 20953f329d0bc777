// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/training_data_job.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent>

#include <exception>

#include "naap/core/data/download.h"
#include "naap/core/data/locate.h"
#include "naap/core/error.h"
#include "naap/core/util/archive.h"

namespace naap::ui {

QStringList cifarSearchPath(const QString& chosen)
{
    QStringList dirs;
    if (!chosen.isEmpty())
        dirs << chosen;
    dirs << QString::fromStdString(core::userCifar10Dir());
    // The dataset search path ends in .../shared/datasets/naap440: CIFAR-10 sits beside it.
    for (const std::string& d : core::datasetSearchPath()) {
        QDir shared(QString::fromStdString(d));
        if (shared.dirName() != QLatin1String("naap440") || !shared.cdUp() || !shared.cdUp())
            continue;
        for (const QString& name : {QStringLiteral("cifar10"), QStringLiteral("datasets/cifar10")})
            dirs << QDir::cleanPath(shared.filePath(name));
    }
    dirs.removeDuplicates();
    return dirs;
}

bool hasCifarFiles(const QString& dir)
{
    if (dir.isEmpty())
        return false;
    const QDir batches(QString::fromStdString(core::cifarBatchesFolder(QDir::toNativeSeparators(dir).toStdString())));
    for (int i = 1; i <= core::kCifarTrainFiles; ++i)
        if (!batches.exists(QStringLiteral("data_batch_%1.bin").arg(i)))
            return false;
    return batches.exists(QStringLiteral("test_batch.bin"));
}

QString findCifar(const QString& chosen)
{
    for (const QString& dir : cifarSearchPath(chosen))
        if (hasCifarFiles(dir))
            return dir;
    return {};
}

TrainingDataJob::TrainingDataJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        m_token.reset();
        Q_EMIT finished(outcome.error.isEmpty(), outcome.folder, outcome.error);
    });
}

TrainingDataJob::~TrainingDataJob()
{
    if (m_token)
        m_token->cancel();
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void TrainingDataJob::cancel()
{
    if (m_token)
        m_token->cancel();
}

void TrainingDataJob::start(std::function<Outcome(const core::CancelToken&)> work)
{
    if (isRunning())
        return;
    m_token = std::make_shared<core::CancelToken>();
    std::shared_ptr<core::CancelToken> token = m_token;
    m_watcher.setFuture(QtConcurrent::run([work = std::move(work), token] {
        try {
            return work(*token);
        } catch (const core::Cancelled&) {
            return Outcome{{}, QStringLiteral("Cancelled.")};
        } catch (const std::exception& e) {
            return Outcome{{}, QString::fromLocal8Bit(e.what())};
        }
    }));
}

void TrainingDataJob::startDownload(const QString& targetDir)
{
    // Progress crosses to the GUI thread queued; `this` outlives the job (the destructor waits).
    start([this, targetDir](const core::CancelToken& token) {
        const core::RemoteFile archive = core::cifar10Archive();
        const std::string dir = QDir::toNativeSeparators(targetDir).toStdString();
        const QString archivePath = QDir(targetDir).filePath(QString::fromStdString(archive.fileName));
        if (!QDir().mkpath(targetDir))
            throw core::IoError("Cannot create the folder " + dir + ".");
        core::DownloadOptions options;
        options.cancel = &token;
        options.progress = [this](std::int64_t received, std::int64_t total) {
            QMetaObject::invokeMethod(this, [this, received, total] {
                Q_EMIT progress(received, total, tr("Downloading"));
            }, Qt::QueuedConnection);
        };
        core::downloadFile(core::joinUrl(core::kCifar10BaseUrl, archive.fileName), archivePath.toStdString(), archive,
                           options);
        QMetaObject::invokeMethod(this, [this] { Q_EMIT progress(0, -1, tr("Unpacking")); }, Qt::QueuedConnection);
        core::extractArchive(archivePath.toStdString(), dir, &token);
        QFile::remove(archivePath); // 160 MB that the unpacked folder makes redundant
        return Outcome{targetDir, {}};
    });
}

void TrainingDataJob::startSynthetic(const QString& targetDir, const core::SyntheticCifarParams& params)
{
    start([this, targetDir, params](const core::CancelToken&) {
        QMetaObject::invokeMethod(this, [this] { Q_EMIT progress(0, -1, tr("Generating")); }, Qt::QueuedConnection);
        core::writeSyntheticCifar(QDir::toNativeSeparators(targetDir).toStdString(), params);
        return Outcome{targetDir, {}};
    });
}

} // namespace naap::ui
