// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/training_controller.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

#include "jobs/training_worker.h"
#include "naap/core/train/trainer.h"

namespace naap::ui {

QString trainingStatusName(TrainingStatus status)
{
    switch (status) {
    case TrainingStatus::Queued: return QStringLiteral("queued");
    case TrainingStatus::Running: return QStringLiteral("running");
    case TrainingStatus::Cancelling: return QStringLiteral("cancelling…");
    case TrainingStatus::Cancelled: return QStringLiteral("cancelled");
    case TrainingStatus::Failed: return QStringLiteral("failed");
    case TrainingStatus::Finished: return QStringLiteral("finished");
    }
    return {};
}

QString TrainingJobState::label() const
{
    QString text = QStringLiteral("ModelId %1").arg(modelId);
    if (newArchitecture)
        text += QStringLiteral(" (new)");
    if (settings.synthetic)
        text += QStringLiteral(" · synthetic");
    return text;
}

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<core::TrainProgress>();
    qRegisterMetaType<core::EpochResult>();
    qRegisterMetaType<TrainingOutcome>();
    m_thread.setObjectName(QStringLiteral("naap-training"));
    m_worker = new TrainingWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued by thread affinity: the slots run here, on the GUI thread.
    connect(m_worker, &TrainingWorker::started, this, &TrainingController::onStarted);
    connect(m_worker, &TrainingWorker::progressed, this, &TrainingController::onProgress);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingController::onEpoch);
    connect(m_worker, &TrainingWorker::finished, this, &TrainingController::onFinished);
    m_thread.start();
}

TrainingController::~TrainingController()
{
    if (m_token)
        m_token->cancel();
    m_thread.quit();
    m_thread.wait(); // the trainer stops between batches; its checkpoint stays resumable
}

const TrainingJobState* TrainingController::job(int id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_jobs[i];
}

TrainingJobState* TrainingController::find(int id)
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_jobs[i];
}

int TrainingController::indexOf(int id) const
{
    for (int i = 0; i < m_jobs.size(); ++i)
        if (m_jobs[i].id == id)
            return i;
    return -1;
}

int TrainingController::enqueue(int modelId, const core::Scheme& scheme, bool newArchitecture,
                                const TrainingSettings& settings, QString* error)
{
    const auto fail = [error](const QString& message) {
        if (error != nullptr)
            *error = message;
        return -1;
    };
    if (const auto problems = core::validateScheme(scheme); !problems.empty())
        return fail(QStringLiteral("ModelId %1 cannot be trained: %2").arg(modelId).arg(QString::fromStdString(problems.front())));
    if (settings.dataDir.isEmpty())
        return fail(QStringLiteral("There is no training data: download CIFAR-10 or generate synthetic data first."));
    if (settings.outDir.isEmpty())
        return fail(QStringLiteral("Choose an output folder first."));
    core::TrainOptions options;
    options.outDir = settings.outDir.toStdString();
    options.epochs = settings.epochs;
    options.batchSize = settings.batchSize;
    if (const auto problems = core::validateTrainOptions(options); !problems.empty())
        return fail(QString::fromStdString(problems.front()));
    // One log per ModelId and folder: a second job would append to the first one's log.
    const QString out = QDir::cleanPath(settings.outDir);
    for (const TrainingJobState& j : std::as_const(m_jobs))
        if (j.modelId == modelId && QDir::cleanPath(j.settings.outDir) == out)
            return fail(QStringLiteral("ModelId %1 is already in the queue for %2; resume it there, or choose "
                                       "another output folder.")
                            .arg(modelId)
                            .arg(QDir::toNativeSeparators(out)));
    TrainingJobState job;
    job.id = m_nextId++;
    job.modelId = modelId;
    job.scheme = scheme;
    job.newArchitecture = newArchitecture;
    job.settings = settings;
    job.logPath = QDir(settings.outDir).filePath(QStringLiteral("scheme_%1.txt").arg(modelId));
    m_jobs.append(job);
    m_resume.append(false);
    Q_EMIT jobAdded(job.id);
    startNext();
    return job.id;
}

void TrainingController::startNext()
{
    if (m_running >= 0)
        return;
    for (int i = 0; i < m_jobs.size(); ++i) {
        TrainingJobState& job = m_jobs[i];
        if (job.status != TrainingStatus::Queued)
            continue;
        job.status = TrainingStatus::Running;
        job.error.clear();
        job.etaSeconds = -1;
        m_running = job.id;
        m_token = std::make_shared<core::CancelToken>();
        TrainingRequest request{job.id, job.modelId, job.scheme, job.settings, m_resume[i], m_token};
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->run(request); }, Qt::QueuedConnection);
        Q_EMIT jobChanged(job.id);
        Q_EMIT busyChanged(true);
        return;
    }
}

void TrainingController::cancel(int id)
{
    TrainingJobState* job = find(id);
    if (job == nullptr)
        return;
    if (job->status == TrainingStatus::Queued) {
        job->status = TrainingStatus::Cancelled;
        Q_EMIT jobChanged(id);
        Q_EMIT jobEnded(id);
    } else if (job->status == TrainingStatus::Running && id == m_running) {
        m_token->cancel();
        job->status = TrainingStatus::Cancelling;
        Q_EMIT jobChanged(id);
    }
}

void TrainingController::cancelAll()
{
    for (const TrainingJobState& job : QList<TrainingJobState>(m_jobs))
        cancel(job.id);
}

void TrainingController::resume(int id)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    TrainingJobState& job = m_jobs[i];
    if (job.status != TrainingStatus::Cancelled && job.status != TrainingStatus::Failed)
        return;
    job.status = TrainingStatus::Queued;
    job.error.clear();
    // Continue from the checkpoint only when there is one: a job cancelled in the queue
    // never wrote anything.
    m_resume[i] = QFileInfo::exists(job.logPath);
    Q_EMIT jobChanged(id);
    startNext();
}

void TrainingController::setPrediction(int id, double value, int cutoff, const QString& regressor)
{
    if (TrainingJobState* job = find(id)) {
        job->predictedFinal = value;
        job->predictedCutoff = cutoff;
        job->predictedBy = regressor;
        Q_EMIT jobChanged(id);
    }
}

void TrainingController::setMerged(int id)
{
    if (TrainingJobState* job = find(id))
        job->merged = true;
}

double TrainingController::runFraction(const core::TrainProgress& progress, int epochs)
{
    const int total = std::max(1, progress.epochs > 0 ? progress.epochs : epochs);
    const double inEpoch = progress.batches > 0 ? double(progress.batch) / double(progress.batches) : 0.0;
    return std::clamp((double(progress.epoch - 1) + inEpoch) / double(total), 0.0, 1.0);
}

void TrainingController::onStarted(int id, const QString& device)
{
    if (TrainingJobState* job = find(id)) {
        job->device = device;
        Q_EMIT jobChanged(id);
    }
}

void TrainingController::onProgress(int id, const core::TrainProgress& progress)
{
    TrainingJobState* job = find(id);
    if (job == nullptr)
        return;
    job->currentEpoch = progress.epoch;
    // Of the whole run, as onEpoch counts it: a resumed run goes on from where it stood.
    job->fraction = runFraction(progress, job->settings.epochs);
    job->etaSeconds = progress.etaSeconds;
    Q_EMIT jobChanged(id);
}

void TrainingController::onEpoch(int id, const core::EpochResult& result)
{
    TrainingJobState* job = find(id);
    if (job == nullptr || result.epoch < 1)
        return;
    // A resumed run starts after its checkpoint: anything logged past it was dropped.
    job->results.resize(static_cast<std::size_t>(std::min(job->epochsDone(), result.epoch - 1)));
    if (job->epochsDone() == result.epoch - 1)
        job->results.push_back(result);
    job->fraction = double(result.epoch) / std::max(1, job->settings.epochs);
    Q_EMIT jobChanged(id);
    Q_EMIT epochFinished(id, result.epoch);
}

void TrainingController::onFinished(int id, const TrainingOutcome& outcome)
{
    if (id == m_running) {
        m_running = -1;
        m_token.reset();
    }
    if (TrainingJobState* job = find(id)) {
        job->status = outcome.status;
        job->error = outcome.error;
        job->logPath = outcome.logPath;
        if (!outcome.device.isEmpty())
            job->device = outcome.device;
        if (QFileInfo::exists(outcome.logPath))
            job->results = outcome.epochs; // the log is the truth: complete epochs only
        job->etaSeconds = -1;
        job->fraction = double(job->epochsDone()) / std::max(1, job->settings.epochs);
        Q_EMIT jobChanged(id);
        Q_EMIT jobEnded(id);
    }
    startNext();
    if (m_running < 0)
        Q_EMIT busyChanged(false);
}

} // namespace naap::ui
