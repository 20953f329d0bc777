// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

#include "jobs/training_types.h"
#include "naap/core/control.h"

namespace naap::ui {

class TrainingWorker;

/// The training queue. Jobs run one after another on a TrainingWorker that lives on the
/// controller's own QThread and calls core::Trainer; its queued signals update the job
/// states here, on the GUI thread, which never waits for training (except in the
/// destructor, which cancels the running job and joins the thread). Cancel sets the
/// job's CancelToken (the trainer stops between batches; its log and checkpoint stay
/// resumable); resume queues the job again with TrainOptions.resume on the same folder.
class TrainingController : public QObject {
    Q_OBJECT

public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Queues `scheme` as ModelId `modelId` with `settings` and starts it when the worker
    /// is free. Returns the job id, or -1 with `error` set (invalid scheme or settings, or
    /// the same ModelId already queued into the same folder).
    int enqueue(int modelId, const core::Scheme& scheme, bool newArchitecture, const TrainingSettings& settings,
                QString* error = nullptr);

    const QList<TrainingJobState>& jobs() const { return m_jobs; }
    /// The job with queue id `id`, or nullptr.
    const TrainingJobState* job(int id) const;
    int indexOf(int id) const;
    /// The running job's id, or -1.
    int runningJob() const { return m_running; }
    bool isBusy() const { return m_running >= 0; }

    /// Records a live prediction of the job's final accuracy (shown in the queue).
    void setPrediction(int id, double value, int cutoff, const QString& regressor);
    /// Marks a job's epochs as merged into the dataset or the reproduced view.
    void setMerged(int id);

    /// How far a run is, 0..1, as one measure of the whole run: epochs done plus the
    /// fraction of the epoch being trained, over all `epochs` (the trainer's own fraction
    /// counts from a resume's starting point instead). `progress.epochs` wins when set.
    static double runFraction(const core::TrainProgress& progress, int epochs);

public Q_SLOTS:
    /// Queued: dropped at once. Running: asks the trainer to stop; the job becomes
    /// Cancelled when it has. Other states: nothing.
    void cancel(int id);
    /// A Cancelled or Failed job goes back into the queue and continues from its last
    /// complete epoch.
    void resume(int id);
    /// Cancels everything queued or running.
    void cancelAll();

Q_SIGNALS:
    void jobAdded(int id);
    /// Status, progress, device, results or prediction of a job changed.
    void jobChanged(int id);
    void epochFinished(int id, int epoch);
    /// The job ended as Finished, Cancelled or Failed (see its state).
    void jobEnded(int id);
    void busyChanged(bool busy);

private:
    void startNext();
    void onStarted(int id, const QString& device);
    void onProgress(int id, const core::TrainProgress& progress);
    void onEpoch(int id, const core::EpochResult& result);
    void onFinished(int id, const TrainingOutcome& outcome);
    TrainingJobState* find(int id);

    QThread m_thread;
    TrainingWorker* m_worker = nullptr; ///< owned by m_thread's event loop, deleted on finish
    QList<TrainingJobState> m_jobs;
    QList<bool> m_resume;               ///< per job: start it with TrainOptions.resume
    std::shared_ptr<core::CancelToken> m_token; ///< of the running job
    int m_running = -1;
    int m_nextId = 1;
};

} // namespace naap::ui
