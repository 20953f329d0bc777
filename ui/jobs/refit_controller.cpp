// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/refit_controller.h"

#include <exception>

#include "naap/core/error.h"

namespace naap::ui {

namespace {

RefitController::JobResult runRefit(quint64 generation, const std::shared_ptr<const core::Dataset>& dataset,
                                  const RefitSettings& settings, const core::CancelToken& token)
{
    RefitController::JobResult out;
    out.generation = generation;
    out.error = nothingToFit(*dataset);
    if (!out.error.isEmpty())
        return out;
    try {
        core::ProtocolOptions options;
        options.models = {settings.regressor.toStdString()};
        options.cutoffs = {settings.cutoff};
        options.split = settings.split;
        options.seeds = settings.seeds;
        options.threads = 0;
        options.cancel = &token;
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
    : QObject(parent), m_session(session),
      m_jobs(
          this, [this](quint64 generation, const JobResult& out) { onJobFinished(generation, out); },
          [this](bool busy) { Q_EMIT busyChanged(busy); }, JobPriority::Interactive)
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
    m_debounce.stop(); // m_jobs then cancels and waits for the refits in flight
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
    m_jobs.cancelAll();
    m_jobs.clearWanted();
    m_jobs.setBusy(false);
}

void RefitController::startJob()
{
    const std::shared_ptr<const core::Dataset> dataset = m_session->dataset();
    m_jobs.cancelAll();
    if (!dataset || dataset->rows.empty()) {
        m_jobs.clearWanted();
        m_jobs.setBusy(false);
        return;
    }

    const RefitSettings settings = m_session->settings();
    m_wantedDataset = dataset;
    m_wantedSettings = settings;
    m_wantedClock.start();
    const quint64 generation = m_jobs.start([dataset, settings](quint64 jobGeneration, const core::CancelToken& token) {
        return runRefit(jobGeneration, dataset, settings, token);
    });

    Q_EMIT refitStarted(generation);
    m_jobs.setBusy(true);
}

void RefitController::onJobFinished(quint64 generation, const JobResult& out)
{
    // Stale: a newer generation was started, the job was cancelled, or the session moved
    // on (settings or dataset changed and the debounce has not fired yet).
    const bool wanted = m_jobs.isWanted(generation);
    const bool stale = !wanted || m_session->dataset() != m_wantedDataset || m_session->settings() != m_wantedSettings;
    if (stale) {
        if (wanted) {
            m_jobs.clearWanted();
            m_jobs.setBusy(false);
        }
        Q_EMIT staleResultDropped(generation);
        return;
    }
    m_jobs.clearWanted();
    if (out.cancelled) {
        m_jobs.setBusy(false);
        return;
    }
    if (!out.cell) {
        // The views must say why, not keep showing a prediction of other settings.
        m_session->setPredictionFailed(out.error);
        m_jobs.setBusy(false);
        Q_EMIT refitFailed(m_session->predictionError());
        return;
    }
    // A receiver of setPrediction may start the next refit, which restarts the clock.
    const QElapsedTimer clock = m_wantedClock;
    m_session->setPrediction(out.cell);
    m_jobs.setBusy(false);
    Q_EMIT refitFinished(generation, clock.elapsed());
}

} // namespace naap::ui
