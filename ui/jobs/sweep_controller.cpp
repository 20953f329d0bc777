// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/sweep_controller.h"

#include <exception>

#include "naap/core/error.h"

namespace naap::ui {

namespace {

SweepController::JobResult runCutoff(quint64 generation, int cutoff, const std::shared_ptr<const core::Dataset>& dataset,
                                   const QStringList& models, const RefitSettings& settings,
                                   const core::CancelToken& token)
{
    SweepController::JobResult out;
    out.generation = generation;
    out.cutoff = cutoff;
    out.error = nothingToFit(*dataset);
    if (!out.error.isEmpty())
        return out;
    try {
        core::ProtocolOptions options;
        for (const QString& name : models)
            options.models.push_back(name.toStdString());
        options.cutoffs = {cutoff};
        options.split = settings.split;
        options.seeds = settings.seeds;
        options.threads = 0;
        options.cancel = &token;
        const core::ProtocolReport report = core::runProtocol(*dataset, options);
        out.points.reserve(static_cast<qsizetype>(report.cells.size()));
        for (const core::ProtocolCell& cell : report.cells)
            out.points.append(SweepPoint{QString::fromStdString(cell.model), cell.selected, cell.maeStd});
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
    : QObject(parent), m_session(session),
      m_jobs(
          this, [this](quint64 jobGeneration, const JobResult& out) { onJobFinished(jobGeneration, out); },
          [this](bool running) { Q_EMIT busyChanged(running); })
{
    Q_ASSERT(session != nullptr);
    qRegisterMetaType<SweepPoint>();
    qRegisterMetaType<QList<SweepPoint>>();
    connect(m_session, &Session::settingsChanged, this, &SweepController::onSettingsChanged);
    connect(m_session, &Session::datasetChanged, this, &SweepController::cancel);
}

// m_jobs cancels and waits for the cutoffs in flight.
SweepController::~SweepController() = default;

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

    m_jobs.setBusy(true);
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
    m_jobs.cancelAll();
    m_jobs.clearWanted();
    const bool wasRunning = m_jobs.isBusy();
    m_jobs.setBusy(false);
    if (wasRunning && emitCancelled)
        Q_EMIT cancelled();
}

void SweepController::onSettingsChanged()
{
    if (m_jobs.isBusy() && !sameSplitAndSeeds(m_settings, m_session->settings()))
        cancel();
}

void SweepController::startNextCutoff()
{
    const int cutoff = m_cutoffs.at(m_next++);
    m_jobs.start([generation = m_generation, cutoff, dataset = m_dataset, models = m_models,
                  settings = m_settings](quint64, const core::CancelToken& token) {
        return runCutoff(generation, cutoff, dataset, models, settings, token);
    });
}

bool SweepController::isCurrentJob(quint64 jobGeneration) const
{
    // A sweep runs its cutoffs one after another, so its latest job is the only one wanted.
    return m_jobs.isBusy() && m_jobs.isWanted(jobGeneration);
}

void SweepController::onJobFinished(quint64 jobGeneration, const JobResult& out)
{
    if (!isCurrentJob(jobGeneration))
        return; // a cancelled or replaced sweep
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
    if (!isCurrentJob(jobGeneration))
        return; // a receiver restarted or cancelled the sweep
    Q_EMIT progress(static_cast<int>(m_next), static_cast<int>(m_cutoffs.size()));
    if (!isCurrentJob(jobGeneration))
        return;
    if (m_next < m_cutoffs.size()) {
        startNextCutoff();
        return;
    }
    m_jobs.clearWanted();
    m_jobs.setBusy(false);
    Q_EMIT finished();
}

} // namespace naap::ui
