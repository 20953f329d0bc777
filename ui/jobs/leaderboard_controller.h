// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

#include "jobs/generational_jobs.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"

namespace naap::ui {

/// Keeps the session's leaderboard (every registered regressor at the current cutoff) up
/// to date. A change of the dataset, cutoff, split or seeds (not of the regressor)
/// restarts a debounce timer; then, as RefitController does, it bumps the generation,
/// cancels the running job and runs the protocol for all models at the one cutoff on
/// jobPool(). The latest generation's report goes to Session::setLeaderboard.
class LeaderboardController : public QObject {
    Q_OBJECT

public:
    explicit LeaderboardController(Session* session, QObject* parent = nullptr);
    ~LeaderboardController() override;

    /// Debounce interval in milliseconds (default 250: the leaderboard is 28 fits × seeds).
    void setDebounceMs(int ms);
    int debounceMs() const { return m_debounce.interval(); }

    /// Registry names computed (default: parseModelList("all"), 28 regressors).
    void setModels(const QStringList& models);
    QStringList models() const { return m_models; }

    quint64 generation() const { return m_jobs.generation(); }
    bool isBusy() const { return m_jobs.isBusy(); }

public Q_SLOTS:
    /// Recomputes the leaderboard at once, skipping the debounce.
    void refreshNow();
    /// Stops the pending and the running computation; nothing of it is applied.
    void cancel();

Q_SIGNALS:
    void started(quint64 generation);
    void finished(quint64 generation, qint64 milliseconds);
    void failed(const QString& message);
    /// Completed and total work units of the latest computation (on the GUI thread).
    void progress(int done, int total);
    void busyChanged(bool busy);

public:
    struct JobResult {
        quint64 generation = 0;
        std::shared_ptr<const core::ProtocolReport> report;
        QString error;
        bool cancelled = false;
    };

private:
    void onSettingsChanged();
    void onDatasetChanged();
    void startJob();
    void onJobFinished(quint64 generation, const JobResult& out);
    void onProgress(quint64 generation, int done, int total);
    bool sameInputsAsWanted() const;

    Session* m_session;
    QTimer m_debounce;
    QStringList m_models;
    RefitSettings m_lastSettings; ///< to tell cutoff/split/seeds changes from regressor ones
    // The inputs of the wanted generation, the only one whose report can be applied.
    std::shared_ptr<const core::Dataset> m_wantedDataset;
    RefitSettings m_wantedSettings;
    QElapsedTimer m_wantedClock;
    GenerationalJobs<JobResult> m_jobs; ///< last: destroyed (cancelled, waited) first
};

} // namespace naap::ui
