// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

class QThreadPool;

namespace naap::ui {

/// What a background job is for, which decides where it runs.
enum class JobPriority {
    /// The user is waiting on it (the refit behind the slider, the scheme editor's
    /// prediction): its own pool, so it never queues behind the leaderboard or a sweep.
    Interactive,
    /// Everything else (the leaderboard, metric-vs-cutoff sweeps): the shared pool, whose
    /// threads run at a lower CPU priority where the system allows (Linux: nice + 10, which
    /// the protocol's own worker threads inherit), so an interactive job gets the cores.
    Background,
};

/// The dedicated thread pool for jobs of `priority`, kept apart from
/// QThreadPool::globalInstance(). At most QThread::idealThreadCount() threads each. Created
/// on first use; lives until exit.
QThreadPool* jobPool(JobPriority priority = JobPriority::Background);

/// Called by a job as it starts on a Background pool thread: lowers that thread's CPU
/// priority once (a no-op after the first call on a thread, and where unsupported).
void enterBackgroundThread();

} // namespace naap::ui
