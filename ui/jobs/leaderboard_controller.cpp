// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "jobs/leaderboard_controller.h"

#include <QMetaObject>

#include <exception>

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
    : QObject(parent), m_session(session), m_lastSettings(session->settings()),
      m_jobs(
          this, [this](quint64 generation, const JobResult& out) { onJobFinished(generation, out); },
          [this](bool busy) { Q_EMIT busyChanged(busy); })
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
    m_debounce.stop(); // m_jobs then cancels and waits for the computations in flight
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
    m_jobs.cancelAll();
    m_jobs.clearWanted();
    m_jobs.setBusy(false);
}

bool LeaderboardController::sameInputsAsWanted() const
{
    return m_session->dataset() == m_wantedDataset && sameCutoffInputs(m_session->settings(), m_wantedSettings);
}

void LeaderboardController::startJob()
{
    const std::shared_ptr<const core::Dataset> dataset = m_session->dataset();
    m_jobs.cancelAll();
    if (!dataset || dataset->rows.empty() || m_models.isEmpty()) {
        m_jobs.clearWanted();
        m_jobs.setBusy(false);
        return;
    }

    m_wantedDataset = dataset;
    m_wantedSettings = m_session->settings();
    m_wantedClock.start();

    core::ProtocolOptions options;
    for (const QString& name : m_models)
        options.models.push_back(name.toStdString());
    options.cutoffs = {m_wantedSettings.cutoff};
    options.split = m_wantedSettings.split;
    options.seeds = m_wantedSettings.seeds;
    options.threads = 0;
    const quint64 generation = m_jobs.start(
        [this, options, dataset](quint64 jobGeneration, const core::CancelToken& token) mutable {
            JobResult out;
            out.generation = jobGeneration;
            out.error = nothingToFit(*dataset);
            if (!out.error.isEmpty())
                return out;
            options.cancel = &token;
            // Progress arrives on worker threads; hop to the GUI thread. m_jobs waits for
            // the job before the controller goes, so `this` outlives every call.
            options.progress = [this, jobGeneration](int done, int total) {
                QMetaObject::invokeMethod(
                    this, [this, jobGeneration, done, total] { onProgress(jobGeneration, done, total); },
                    Qt::QueuedConnection);
            };
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
        });

    Q_EMIT started(generation);
    m_jobs.setBusy(true);
}

void LeaderboardController::onProgress(quint64 generation, int done, int total)
{
    if (m_jobs.isWanted(generation))
        Q_EMIT progress(done, total);
}

void LeaderboardController::onJobFinished(quint64 generation, const JobResult& out)
{
    const bool wanted = m_jobs.isWanted(generation);
    if (!wanted || !sameInputsAsWanted()) {
        if (wanted) {
            m_jobs.clearWanted();
            m_jobs.setBusy(false);
        }
        return;
    }
    m_jobs.clearWanted();
    m_jobs.setBusy(false);
    if (out.cancelled)
        return;
    if (!out.report) {
        Q_EMIT failed(out.error);
        return;
    }
    // A receiver of setLeaderboard may start the next computation, which restarts the clock.
    const QElapsedTimer clock = m_wantedClock;
    m_session->setLeaderboard(out.report);
    Q_EMIT finished(generation, clock.elapsed());
}

} // namespace naap::ui
