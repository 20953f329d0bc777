// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "jobs/training_types.h"
#include "naap/core/control.h"
#include "naap/core/data/cifar.h"

namespace naap::ui {

/// Everything one training run needs, copied: the worker shares nothing with the GUI
/// thread but the cancel token.
struct TrainingRequest {
    int jobId = 0;
    int modelId = 0;
    core::Scheme scheme;
    TrainingSettings settings;
    bool resume = false;
    std::shared_ptr<core::CancelToken> cancel;
};

/// Lives on the TrainingController's own QThread and runs core::Trainer there, one job at
/// a time. Reports by signals only (queued to the controller): progress throttled to
/// about 10 Hz, every finished epoch, and exactly one finished() per run(). No exception
/// leaves run(). The CIFAR data of the last folder stays loaded between jobs.
class TrainingWorker : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    /// Blocks the worker thread until the job ends; call through a queued invocation.
    void run(const naap::ui::TrainingRequest& request);

    /// The minimum interval between two progress signals of one epoch, in milliseconds.
    static constexpr int kProgressIntervalMs = 100;

Q_SIGNALS:
    void started(int jobId, const QString& device);
    void progressed(int jobId, const naap::core::TrainProgress& progress);
    void epochFinished(int jobId, const naap::core::EpochResult& result);
    void finished(int jobId, const naap::ui::TrainingOutcome& outcome);

private:
    const core::CifarData& dataFor(const QString& folder);

    std::unique_ptr<core::CifarData> m_data;
    QString m_dataFolder;
};

} // namespace naap::ui
