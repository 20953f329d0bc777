// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/leaderboard_controller.h"

#include <QFutureWatcher>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "jobs/job_pool.h"
#include "naap/core/error.h"
#include "naap/core/models/registry.h"

namespace naap::ui {

namespace {

bool sameCutoffInputs(const RefitSettings& a, const RefitSettings& b)
{
    return a.cutoff == b.cutoff && a.split.kind == b.split.kind && a.split.folds == b.split.folds && a.seeds == b.seeds;
}

} // namespace

LeaderboardController::LeaderboardController(Session* session, QObject* parent)
    : QObject(parent), m_session(session), m_lastSettings(session->settings())
{
    Q_ASSERT(session != nullptr);
    for (const std::string& name : core::parseModelList("all"))
        m_models.append(QString::fromStdString(name));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &LeaderboardController::startJob);
    connect(m_session, &Session::settingsChanged, this, &LeaderboardController::onSettingsChanged);
    connect(m_session, &Session::datasetChanged, this, &LeaderboardController::onDatasetChanged);
    if (!m_session->dataset()->rows.empty() && !m_session->leaderboard())
        m_debounce.start(); // a dataset is already open: compute once the event loop runs
}

LeaderboardController::~LeaderboardController()
{
    m_debounce.stop();
    for (const Job& job : m_jobs)
        job.token->cancel();
    for (const Job& job : m_jobs) {
        job.watcher->disconnect(this);
        job.watcher->waitForFinished();
    }
}

void LeaderboardController::setDebounceMs(int ms)
{
    m_debounce.setInterval(qMax(0, ms));
}

void LeaderboardController::setModels(const QStringList& models)
{
    m_models = models;
}

void LeaderboardController::onSettingsChanged()
{
    const RefitSettings now = m_session->settings();
    const bool relevant = !sameCutoffInputs(now, m_lastSettings);
    m_lastSettings = now;
    if (relevant)
        m_debounce.start();
}

void LeaderboardController::onDatasetChanged()
{
    m_lastSettings = m_session->settings();
    m_debounce.start();
}

void LeaderboardController::refreshNow()
{
    m_debounce.stop();
    startJob();
}

void LeaderboardController::cancel()
{
    m_debounce.stop();
    cancelRunning();
    m_wanted = 0;
    setBusy(false);
}

void LeaderboardController::cancelRunning()
{
    for (const Job& job : m_jobs)
        job.token->cancel();
}

bool LeaderboardController::sameInputs(const Job& job) const
{
    return m_session->dataset() == job.dataset && sameCutoffInputs(m_session->settings(), job.settings);
}

void LeaderboardController::startJob()
{
    const std::shared_ptr<const core::Dataset> dataset = m_session->dataset();
    cancelRunning();
    if (!dataset || dataset->rows.empty() || m_models.isEmpty()) {
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

    core::ProtocolOptions options;
    for (const QString& name : m_models)
        options.models.push_back(name.toStdString());
    options.cutoffs = {job.settings.cutoff};
    options.split = job.settings.split;
    options.seeds = job.settings.seeds;
    options.threads = 0;
    // Progress arrives on worker threads; hop to the GUI thread. The destructor waits for
    // the job, so `this` outlives every call.
    const quint64 generation = job.generation;
    options.progress = [this, generation](int done, int total) {
        QMetaObject::invokeMethod(
            this, [this, generation, done, total] { onProgress(generation, done, total); }, Qt::QueuedConnection);
    };

    QFutureWatcher<JobResult>* watcher = job.watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] { onJobFinished(watcher); });
    m_jobs.append(job);
    const std::shared_ptr<core::CancelToken> token = job.token;
    watcher->setFuture(QtConcurrent::run(jobPool(), [options, dataset, token, generation]() mutable {
        JobResult out;
        out.generation = generation;
        options.cancel = token.get();
        try {
            out.report = std::make_shared<const core::ProtocolReport>(core::runProtocol(*dataset, options));
        } catch (const core::Cancelled&) {
            out.cancelled = true;
        } catch (const core::Error& e) {
            out.error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            out.error = QStringLiteral("The leaderboard failed: %1.").arg(QString::fromLocal8Bit(e.what()));
        } catch (...) {
            out.error = QStringLiteral("The leaderboard failed for an unknown reason.");
        }
        return out;
    }));

    Q_EMIT started(generation);
    setBusy(true);
}

void LeaderboardController::onProgress(quint64 generation, int done, int total)
{
    if (generation == m_wanted)
        Q_EMIT progress(done, total);
}

void LeaderboardController::onJobFinished(QFutureWatcher<JobResult>* watcher)
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

    if (job.generation != m_wanted || !sameInputs(job)) {
        if (job.generation == m_wanted) {
            m_wanted = 0;
            setBusy(false);
        }
        return;
    }
    m_wanted = 0;
    setBusy(false);
    if (out.cancelled)
        return;
    if (!out.report) {
        Q_EMIT failed(out.error);
        return;
    }
    m_session->setLeaderboard(out.report);
    Q_EMIT finished(job.generation, job.clock.elapsed());
}

void LeaderboardController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace naap::ui
