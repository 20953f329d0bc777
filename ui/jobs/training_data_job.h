// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "naap/core/control.h"
#include "naap/core/data/cifar.h"

namespace naap::ui {

/// Where the training panel looks for CIFAR-10, in order: the folder the user chose, the
/// per-user cifar10 folder (where a download puts it), then cifar10/ beside the shared
/// dataset folders (../shared relative to the source tree or the working directory).
QStringList cifarSearchPath(const QString& chosen = {});
/// True when `dir` (or its cifar-10-batches-bin) holds the six batch files.
bool hasCifarFiles(const QString& dir);
/// The first folder of cifarSearchPath() with the batch files, or "".
QString findCifar(const QString& chosen = {});

/// Gets training data in the background: downloads and unpacks CIFAR-10 (core
/// downloadFile, verified, resumable, then extractArchive), or writes synthetic
/// CIFAR-format data (core writeSyntheticCifar). One job at a time; progress comes at
/// most ~10 times a second; finished() once per start. The destructor cancels and waits.
class TrainingDataJob : public QObject {
    Q_OBJECT

public:
    explicit TrainingDataJob(QObject* parent = nullptr);
    ~TrainingDataJob() override;

    bool isRunning() const { return m_watcher.isRunning(); }

    /// Downloads cifar-10-binary.tar.gz into `targetDir` and unpacks it there.
    void startDownload(const QString& targetDir);
    /// Writes synthetic data into `targetDir`/cifar-10-batches-bin.
    void startSynthetic(const QString& targetDir, const core::SyntheticCifarParams& params);

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    /// `done` of `total` bytes (total -1: unknown) in `phase` ("Downloading", "Unpacking").
    void progress(qint64 done, qint64 total, const QString& phase);
    /// `folder` is the data folder on success; `error` one sentence otherwise
    /// ("cancelled" included).
    void finished(bool ok, const QString& folder, const QString& error);

private:
    struct Outcome {
        QString folder;
        QString error;
    };
    void start(std::function<Outcome(const core::CancelToken&)> work);

    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<core::CancelToken> m_token;
};

} // namespace naap::ui
