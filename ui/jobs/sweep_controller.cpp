// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/sweep_controller.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "jobs/job_pool.h"
#include "naap/core/error.h"

namespace naap::ui {

namespace {

SweepController::JobResult runCutoff(quint64 generation, int cutoff, const std::shared_ptr<const core::Dataset>& dataset,
                                   const QStringList& models, const RefitSettings& settings,
                                   const std::shared_ptr<core::CancelToken>& token)
{
    SweepController::JobResult out;
    out.generation = generation;
    out.cutoff = cutoff;
    try {
        core::ProtocolOptions options;
        for (const QString& name : models)
            options.models.push_back(name.toStdString());
        options.cutoffs = {cutoff};
        options.split = settings.split;
        options.seeds = settings.seeds;
        options.threads = 0;
        options.cancel = token.get();
        const core::ProtocolReport report = core::runProtocol(*dataset, options);
        out.points.reserve(static_cast<qsizetype>(report.cells.size()));
        for (const core::ProtocolCell& cell : report.cells)
            out.points.append(SweepPoint{QString::fromStdString(cell.model), cell.selected});
    } catch (const core::Cancelled&) {
        out.cancelled = true;
    } catch (const core::Error& e) {
        out.error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        out.error = QStringLiteral("The sweep failed at cutoff %1: %2.").arg(cutoff).arg(QString::fromLocal8Bit(e.what()));
    } catch (...) {
        out.error = QStringLiteral("The sweep failed at cutoff %1 for an unknown reason.").arg(cutoff);
    }
    return out;
}

bool sameSplitAndSeeds(const RefitSettings& a, const RefitSettings& b)
{
    return a.split.kind == b.split.kind && a.split.folds == b.split.folds && a.seeds == b.seeds;
}

} // namespace

SweepController::SweepController(Session* session, QObject* parent)
    : QObject(parent), m_session(session)
{
    Q_ASSERT(session != nullptr);
    qRegisterMetaType<SweepPoint>();
    qRegisterMetaType<QList<SweepPoint>>();
    connect(m_session, &Session::settingsChanged, this, &SweepController::onSettingsChanged);
    connect(m_session, &Session::datasetChanged, this, &SweepController::cancel);
}

SweepController::~SweepController()
{
    for (const InFlight& job : m_jobs)
        job.token->cancel();
    for (const InFlight& job : m_jobs) {
        job.watcher->disconnect(this);
        job.watcher->waitForFinished();
    }
}

void SweepController::start(const QStringList& models, const QList<int>& cutoffs)
{
    stop(false);
    ++m_generation;
    m_dataset = m_session->dataset();
    m_settings = m_session->settings();
    m_models = models;
    m_cutoffs.clear();
    for (int c : cutoffs)
        if (c >= 0 && c <= m_dataset->numEpochs && !m_cutoffs.contains(c))
            m_cutoffs.append(c);
    m_next = 0;

    QString problem;
    if (m_dataset->rows.empty())
        problem = QStringLiteral("Open a dataset before computing metrics against the cutoff.");
    else if (m_models.isEmpty())
        problem = QStringLiteral("Choose at least one regressor to compute metrics against the cutoff.");
    else if (m_cutoffs.isEmpty())
        problem = QStringLiteral("None of the requested cutoffs lies within 0..%1, the epochs this table has.")
                      .arg(m_dataset->numEpochs);
    if (!problem.isEmpty()) {
        Q_EMIT failed(problem);
        return;
    }

    m_token = std::make_shared<core::CancelToken>();
    setRunning(true);
    Q_EMIT started(m_generation);
    Q_EMIT progress(0, static_cast<int>(m_cutoffs.size()));
    startNextCutoff();
}

void SweepController::cancel()
{
    stop(true);
}

void SweepController::stop(bool emitCancelled)
{
    if (m_token)
        m_token->cancel();
    m_token.reset();
    const bool wasRunning = m_running;
    setRunning(false);
    if (wasRunning && emitCancelled)
        Q_EMIT cancelled();
}

void SweepController::onSettingsChanged()
{
    if (m_running && !sameSplitAndSeeds(m_settings, m_session->settings()))
        cancel();
}

void SweepController::startNextCutoff()
{
    const int cutoff = m_cutoffs.at(m_next++);
    InFlight job;
    job.generation = m_generation;
    job.token = m_token;
    job.watcher = new QFutureWatcher<JobResult>(this);
    QFutureWatcher<JobResult>* watcher = job.watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] { onJobFinished(watcher); });
    m_jobs.append(job);
    watcher->setFuture(
        QtConcurrent::run(jobPool(), &runCutoff, m_generation, cutoff, m_dataset, m_models, m_settings, m_token));
}

void SweepController::onJobFinished(QFutureWatcher<JobResult>* watcher)
{
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_jobs.size(); ++i)
        if (m_jobs[i].watcher == watcher)
            index = i;
    if (index < 0)
        return;
    const InFlight job = m_jobs.takeAt(index);
    watcher->deleteLater();
    if (!m_running || job.generation != m_generation)
        return; // a cancelled or replaced sweep
    const JobResult out = watcher->result();
    if (out.cancelled) {
        stop(true);
        return;
    }
    if (!out.error.isEmpty()) {
        stop(false);
        Q_EMIT failed(out.error);
        return;
    }
    Q_EMIT pointsReady(out.cutoff, out.points);
    if (!m_running || job.generation != m_generation)
        return; // a receiver restarted or cancelled the sweep
    Q_EMIT progress(static_cast<int>(m_next), static_cast<int>(m_cutoffs.size()));
    if (!m_running || job.generation != m_generation)
        return;
    if (m_next < m_cutoffs.size()) {
        startNextCutoff();
        return;
    }
    m_token.reset();
    setRunning(false);
    Q_EMIT finished();
}

void SweepController::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    Q_EMIT busyChanged(running);
}

} // namespace naap::ui
