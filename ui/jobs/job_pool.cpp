// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/job_pool.h"

#include <QThread>
#include <QThreadPool>

namespace naap::ui {

namespace {

struct Pool {
    QThreadPool pool;
    Pool()
    {
        pool.setObjectName(QStringLiteral("naap-jobs"));
        pool.setMaxThreadCount(qMax(1, QThread::idealThreadCount()));
    }
};

} // namespace

QThreadPool* jobPool()
{
    // Destroyed at exit after main() returns; every owner of a job waits for it in its
    // destructor, so the pool is idle by then.
    static Pool instance;
    return &instance.pool;
}

} // namespace naap::ui
