// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <utility>

#include "jobs/job_pool.h"
#include "naap/core/control.h"

namespace naap::ui {

/// The background-job bookkeeping the job controllers share: each start() runs one job on
/// jobPool(priority) under a fresh generation number and its own CancelToken, and its result comes
/// back on the owner's (GUI) thread through the finished callback, stale or not. Which
/// result is still worth applying is the owner's policy; this class only remembers the
/// "wanted" generation (the one start() made last, until the owner clears it) and a busy
/// flag, so that the owner can decide and report. The destructor cancels every job and
/// waits for it: a job never outlives the data its owner handed it.
///
/// Lives as a member of its owner (`context`), whose thread delivers the results; the
/// watchers are children of `context` so that they are torn down with it at the latest.
template <typename Result>
class GenerationalJobs {
public:
    /// The job body, run on a worker thread; it should poll `cancel` and give up early.
    using Work = std::function<Result(quint64 generation, const core::CancelToken& cancel)>;
    /// Called on the context's thread once per job, cancelled and stale jobs included.
    using Finished = std::function<void(quint64 generation, Result result)>;
    using BusyChanged = std::function<void(bool busy)>;

    GenerationalJobs(QObject* context, Finished onFinished, BusyChanged onBusyChanged = {},
                     JobPriority priority = JobPriority::Background)
        : m_context(context), m_onFinished(std::move(onFinished)), m_onBusyChanged(std::move(onBusyChanged)),
          m_priority(priority)
    {
        Q_ASSERT(context != nullptr);
    }

    ~GenerationalJobs()
    {
        // Cancel all first, then wait: waiting on one job while the others still run
        // would make teardown as slow as their sum.
        cancelAll();
        for (const Job& job : m_jobs) {
            job.watcher->disconnect(m_context);
            job.watcher->waitForFinished();
        }
    }

    GenerationalJobs(const GenerationalJobs&) = delete;
    GenerationalJobs& operator=(const GenerationalJobs&) = delete;

    /// Starts `work` under the next generation, which becomes the wanted one. Running
    /// jobs are left alone: cancelling them is the owner's call.
    quint64 start(Work work)
    {
        Job job;
        job.generation = ++m_generation;
        job.token = std::make_shared<core::CancelToken>();
        job.watcher = new QFutureWatcher<Result>(m_context);
        m_wanted = job.generation;

        QFutureWatcher<Result>* watcher = job.watcher;
        QObject::connect(watcher, &QFutureWatcherBase::finished, m_context, [this, watcher] { onFinished(watcher); });
        m_jobs.append(job);
        // The job holds its own reference to the token: the list entry goes away on the
        // GUI thread while the worker may still poll it.
        const quint64 generation = job.generation;
        const std::shared_ptr<core::CancelToken> token = job.token;
        const bool background = m_priority == JobPriority::Background;
        watcher->setFuture(QtConcurrent::run(jobPool(m_priority), [work = std::move(work), generation, token, background] {
            if (background)
                enterBackgroundThread();
            return work(generation, *token);
        }));
        return generation;
    }

    /// Asks every job in flight, stale ones included, to stop; their results still arrive.
    void cancelAll()
    {
        for (const Job& job : m_jobs)
            job.token->cancel();
    }

    /// True while any job, stale or not, has not delivered its result yet.
    bool isRunning() const { return !m_jobs.isEmpty(); }
    /// The generation of the most recently started job (0 before the first).
    quint64 generation() const { return m_generation; }

    /// The generation whose result the owner means to apply; 0 when none.
    quint64 wanted() const { return m_wanted; }
    bool isWanted(quint64 generation) const { return generation != 0 && generation == m_wanted; }
    void clearWanted() { m_wanted = 0; }

    /// The owner's busy state; it sets it itself so that it controls where busyChanged
    /// falls among its other signals.
    bool isBusy() const { return m_busy; }
    void setBusy(bool busy)
    {
        if (busy == m_busy)
            return;
        m_busy = busy;
        if (m_onBusyChanged)
            m_onBusyChanged(busy);
    }

private:
    struct Job {
        quint64 generation = 0;
        std::shared_ptr<core::CancelToken> token;
        QFutureWatcher<Result>* watcher = nullptr;
    };

    void onFinished(QFutureWatcher<Result>* watcher)
    {
        qsizetype index = -1;
        for (qsizetype i = 0; i < m_jobs.size(); ++i)
            if (m_jobs[i].watcher == watcher)
                index = i;
        if (index < 0)
            return;
        const Job job = m_jobs.takeAt(index);
        watcher->deleteLater();
        // The callback may start or cancel jobs; the list is consistent before it runs.
        m_onFinished(job.generation, watcher->result());
    }

    QObject* m_context;
    Finished m_onFinished;
    BusyChanged m_onBusyChanged;
    JobPriority m_priority;
    quint64 m_generation = 0;
    quint64 m_wanted = 0;
    bool m_busy = false;
    QList<Job> m_jobs; ///< every job still in flight, stale ones included
};

} // namespace naap::ui
