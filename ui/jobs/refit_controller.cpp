// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/refit_controller.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "jobs/job_pool.h"
#include "naap/core/error.h"

namespace naap::ui {

namespace {

RefitController::JobResult runRefit(quint64 generation, const std::shared_ptr<const core::Dataset>& dataset,
                                  const RefitSettings& settings, const std::shared_ptr<core::CancelToken>& token)
{
    RefitController::JobResult out;
    out.generation = generation;
    try {
        core::ProtocolOptions options;
        options.models = {settings.regressor.toStdString()};
        options.cutoffs = {settings.cutoff};
        options.split = settings.split;
        options.seeds = settings.seeds;
        options.threads = 0;
        options.cancel = token.get();
        core::ProtocolReport report = core::runProtocol(*dataset, options);
        if (report.cells.empty())
            out.error = QStringLiteral("The refit of %1 produced no result.").arg(settings.regressor);
        else
            out.cell = std::make_shared<const core::ProtocolCell>(std::move(report.cells.front()));
    } catch (const core::Cancelled&) {
        out.cancelled = true;
    } catch (const core::Error& e) {
        out.error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        out.error = QStringLiteral("The refit of %1 failed: %2.").arg(settings.regressor, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        out.error = QStringLiteral("The refit of %1 failed for an unknown reason.").arg(settings.regressor);
    }
    return out;
}

} // namespace

RefitController::RefitController(Session* session, QObject* parent)
    : QObject(parent), m_session(session)
{
    Q_ASSERT(session != nullptr);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(40);
    connect(&m_debounce, &QTimer::timeout, this, &RefitController::startJob);
    connect(m_session, &Session::settingsChanged, this, &RefitController::scheduleRefit);
    connect(m_session, &Session::datasetChanged, this, &RefitController::scheduleRefit);
    if (!m_session->dataset()->rows.empty() && !m_session->prediction())
        scheduleRefit(); // a dataset is already open: fit it once the event loop runs
}

RefitController::~RefitController()
{
    m_debounce.stop();
    for (const Job& job : m_jobs)
        job.token->cancel();
    for (const Job& job : m_jobs) {
        job.watcher->disconnect(this);
        job.watcher->waitForFinished();
    }
}

void RefitController::setDebounceMs(int ms)
{
    m_debounce.setInterval(qMax(0, ms));
}

void RefitController::scheduleRefit()
{
    m_debounce.start(); // restarts a running timer: a debounce, not a throttle
}

void RefitController::refitNow()
{
    m_debounce.stop();
    startJob();
}

void RefitController::cancel()
{
    m_debounce.stop();
    cancelRunning();
    m_wanted = 0;
    setBusy(false);
}

void RefitController::cancelRunning()
{
    for (const Job& job : m_jobs)
        job.token->cancel();
}

void RefitController::startJob()
{
    const std::shared_ptr<const core::Dataset> dataset = m_session->dataset();
    cancelRunning();
    if (!dataset || dataset->rows.empty()) {
        m_wanted = 0;
        setBusy(false);
        return;
    }

    Job job;
    job.generation = ++m_generation;
    job.token = std::make_shared<core::CancelToken>();
    job.dataset = dataset;
    job.settings = m_session->settings();
    job.watcher = new QFutureWatcher<JobResult>(this);
    job.clock.start();
    m_wanted = job.generation;

    QFutureWatcher<JobResult>* watcher = job.watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] { onJobFinished(watcher); });
    m_jobs.append(job);
    watcher->setFuture(QtConcurrent::run(jobPool(), &runRefit, job.generation, job.dataset, job.settings, job.token));

    Q_EMIT refitStarted(job.generation);
    setBusy(true);
}

void RefitController::onJobFinished(QFutureWatcher<JobResult>* watcher)
{
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_jobs.size(); ++i)
        if (m_jobs[i].watcher == watcher)
            index = i;
    if (index < 0)
        return;
    const Job job = m_jobs.takeAt(index);
    watcher->deleteLater();
    const JobResult out = watcher->result();

    // Stale: a newer generation was started, the job was cancelled, or the session moved
    // on (settings or dataset changed and the debounce has not fired yet).
    const bool stale = job.generation != m_wanted || m_session->dataset() != job.dataset ||
        m_session->settings() != job.settings;
    if (stale) {
        if (job.generation == m_wanted) {
            m_wanted = 0;
            setBusy(false);
        }
        Q_EMIT staleResultDropped(job.generation);
        return;
    }
    m_wanted = 0;
    if (out.cancelled) {
        setBusy(false);
        return;
    }
    if (!out.cell) {
        setBusy(false);
        Q_EMIT refitFailed(out.error);
        return;
    }
    m_session->setPrediction(out.cell);
    setBusy(false);
    Q_EMIT refitFinished(job.generation, job.clock.elapsed());
}

void RefitController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace naap::ui
