// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

class QThreadPool;

namespace naap::ui {

/// The dedicated thread pool for short background jobs (refits, the leaderboard, cutoff
/// sweeps), kept apart from QThreadPool::globalInstance(). At most
/// QThread::idealThreadCount() threads. Created on first use; lives until exit.
QThreadPool* jobPool();

} // namespace naap::ui
