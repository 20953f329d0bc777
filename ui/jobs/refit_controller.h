// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

#include "jobs/generational_jobs.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"

namespace naap::ui {

/// Keeps the session's prediction in step with its refit settings. Each change of the
/// settings or the dataset restarts a short debounce timer; when it fires the controller
/// bumps the generation, cancels the running job and starts a new one on the interactive
/// jobPool() (never queued behind the leaderboard or a sweep) with an immutable snapshot
/// (dataset + a copy of the settings). The job runs the protocol for the one regressor at
/// the one cutoff; the latest generation's result is applied
/// with Session::setPrediction (a failure with Session::setPredictionFailed), any older
/// one is dropped. The GUI thread never waits on
/// a fit, except in the destructor, which cancels and waits.
class RefitController : public QObject {
    Q_OBJECT

public:
    explicit RefitController(Session* session, QObject* parent = nullptr);
    ~RefitController() override;

    /// Debounce interval in milliseconds (default 40); 0 starts on the next event-loop turn.
    void setDebounceMs(int ms);
    int debounceMs() const { return m_debounce.interval(); }

    /// The generation of the most recently started refit (0 before the first).
    quint64 generation() const { return m_jobs.generation(); }
    /// True while a refit of the latest generation is running.
    bool isBusy() const { return m_jobs.isBusy(); }

public Q_SLOTS:
    /// Starts a refit of the current settings at once, skipping the debounce.
    void refitNow();
    /// Stops the pending and the running refit; no result of it will be applied.
    void cancel();

Q_SIGNALS:
    void refitStarted(quint64 generation);
    /// The prediction of `generation` was applied; `milliseconds` from start to result.
    void refitFinished(quint64 generation, qint64 milliseconds);
    /// The latest refit failed; `message` is one sentence for the user.
    void refitFailed(const QString& message);
    /// A result (or cancellation) arrived for a generation that is no longer wanted.
    void staleResultDropped(quint64 generation);
    void busyChanged(bool busy);

public:
    /// What one background refit returns.
    struct JobResult {
        quint64 generation = 0;
        std::shared_ptr<const core::ProtocolCell> cell;
        QString error;
        bool cancelled = false;
    };

private:
    void scheduleRefit();
    void startJob();
    void onJobFinished(quint64 generation, const JobResult& out);

    Session* m_session;
    QTimer m_debounce;
    // The inputs of the wanted generation: only its result can be applied, so only its
    // snapshot is ever compared with the session.
    std::shared_ptr<const core::Dataset> m_wantedDataset;
    RefitSettings m_wantedSettings;
    QElapsedTimer m_wantedClock;
    GenerationalJobs<JobResult> m_jobs; ///< last: destroyed (cancelled, waited) first
};

} // namespace naap::ui
