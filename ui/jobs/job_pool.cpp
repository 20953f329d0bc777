// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/job_pool.h"

#include <QThread>
#include <QThreadPool>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace naap::ui {

namespace {

struct Pool {
    QThreadPool pool;
    explicit Pool(const QString& name)
    {
        pool.setObjectName(name);
        pool.setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
    }
};

/// How much nicer than the GUI a background job's thread runs (Linux's scale: 0..19).
constexpr int kBackgroundNice = 10;

} // namespace

QThreadPool* jobPool(JobPriority priority)
{
    // Destroyed at exit after main() returns; every owner of a job waits for it in its
    // destructor, so the pools are idle by then.
    static Pool interactive(QStringLiteral("naap-interactive"));
    static Pool background(QStringLiteral("naap-jobs"));
    return priority == JobPriority::Interactive ? &interactive.pool : &background.pool;
}

void enterBackgroundThread()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
#if defined(__linux__)
    // Per thread on Linux (a thread is a task with its own nice value), and inherited by the
    // threads it creates. Failure only means the job competes at the normal priority.
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    const int current = ::getpriority(PRIO_PROCESS, tid);
    ::setpriority(PRIO_PROCESS, tid, qMin(19, current + kBackgroundNice));
#endif
}

} // namespace naap::ui
