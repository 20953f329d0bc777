// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/training_worker.h"

#include <QDir>
#include <QFileInfo>

#include <chrono>
#include <exception>
#include <mutex>

#include "naap/core/data/raw_logs.h"
#include "naap/core/error.h"
#include "naap/core/log.h"
#include "naap/core/train/trainer.h"

namespace naap::ui {

namespace {

// LibTorch messages carry a backtrace after the first line: the user sees the sentence,
// the log keeps the rest.
QString firstLine(const char* what)
{
    const QString text = QString::fromLocal8Bit(what).trimmed();
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline).trimmed();
}

// The epochs on disk, so that a resumed job shows its earlier epochs too.
std::vector<core::EpochResult> epochsOnDisk(const QString& logPath, int modelId)
{
    std::vector<core::EpochResult> out;
    try {
        const core::RawLog log = core::readRawLog(logPath.toStdString());
        for (std::size_t i = 0; i < log.epochs.size(); ++i) {
            core::EpochResult r;
            r.modelId = modelId;
            r.epoch = static_cast<int>(i) + 1;
            r.learningRate = i < log.learningRates.size() ? log.learningRates[i] : 0.0;
            r.lossMean = log.epochs[i].lossMean;
            r.lossMedian = log.epochs[i].lossMedian;
            r.accuracy = log.epochs[i].accuracy;
            out.push_back(r);
        }
    } catch (const std::exception& e) {
        core::log(core::LogLevel::Warning, std::string("Cannot read back the training log: ") + e.what());
    }
    return out;
}

} // namespace

const core::CifarData& TrainingWorker::dataFor(const QString& folder)
{
    if (!m_data || m_dataFolder != folder) {
        m_data.reset();
        m_data = std::make_unique<core::CifarData>(core::readCifar(QDir::toNativeSeparators(folder).toStdString()));
        m_dataFolder = folder;
    }
    return *m_data;
}

void TrainingWorker::run(const TrainingRequest& request)
{
    TrainingOutcome outcome;
    const QString outDir = request.settings.outDir;
    outcome.logPath = QDir(outDir).filePath(QStringLiteral("scheme_%1.txt").arg(request.modelId));
    try {
        const core::CifarData& data = dataFor(request.settings.dataDir);
        core::TrainOptions options;
        options.outDir = QDir::toNativeSeparators(outDir).toStdString();
        options.epochs = request.settings.epochs;
        options.batchSize = request.settings.batchSize;
        options.device = request.settings.device.toStdString();
        options.threads = request.settings.threads;
        options.resume = request.resume;
        options.concurrentModels = 1;
        core::Trainer trainer(data, options);
        outcome.device = QString::fromStdString(trainer.device());
        Q_EMIT started(request.jobId, outcome.device);

        // The sinks run on training threads; the throttle state is shared between them.
        std::mutex mutex;
        auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
        core::TrainControl control;
        control.cancel = request.cancel.get();
        const int jobId = request.jobId;
        control.progress = [this, jobId, &mutex, &last](const core::TrainProgress& p) {
            {
                const std::lock_guard lock(mutex);
                const auto now = std::chrono::steady_clock::now();
                if (p.batch != p.batches && now - last < std::chrono::milliseconds(kProgressIntervalMs))
                    return;
                last = now;
            }
            Q_EMIT progressed(jobId, p);
        };
        control.epochFinished = [this, jobId](const core::EpochResult& r) { Q_EMIT epochFinished(jobId, r); };
        const core::TrainReport report = trainer.train({core::TrainJob{request.modelId, request.scheme}}, control);
        if (!report.models.empty())
            outcome.logPath = QString::fromStdString(report.models.front().logPath);
        outcome.status = TrainingStatus::Finished;
    } catch (const core::Cancelled&) {
        outcome.status = TrainingStatus::Cancelled;
    } catch (const std::exception& e) {
        outcome.status = TrainingStatus::Failed;
        outcome.error = firstLine(e.what());
        core::log(core::LogLevel::Error, std::string("Training ModelId ") + std::to_string(request.modelId) +
                      " failed: " + e.what());
    } catch (...) {
        outcome.status = TrainingStatus::Failed;
        outcome.error = QStringLiteral("Training failed for an unknown reason.");
    }
    if (QFileInfo::exists(outcome.logPath))
        outcome.epochs = epochsOnDisk(outcome.logPath, request.modelId);
    Q_EMIT finished(request.jobId, outcome);
}

} // namespace naap::ui
