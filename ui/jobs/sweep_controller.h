// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "jobs/generational_jobs.h"
#include "naap/core/metrics/metrics.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"

namespace naap::ui {

/// One regressor's metrics (of the median-by-violations seed run) at one cutoff, and the
/// spread of its MAE over the seeds: every number the leaderboard shows for a regressor.
struct SweepPoint {
    QString model;
    core::MetricReport metrics;
    double maeStd = 0.0; ///< population std of MAE over the seeds (0 for one seed)
};

/// Computes "metric against cutoff" for chosen regressors in the background, cutoff by
/// cutoff (one protocol run over the chosen models per cutoff, on jobPool()), with the
/// dataset, split and seeds of the session at start(). Each cutoff's points are emitted
/// as soon as they are ready. Restarting cancels the running sweep; a change of the
/// dataset, split or seeds cancels it too (cancelled() is emitted).
class SweepController : public QObject {
    Q_OBJECT

public:
    explicit SweepController(Session* session, QObject* parent = nullptr);
    ~SweepController() override;

    bool isRunning() const { return m_jobs.isBusy(); }
    quint64 generation() const { return m_generation; }
    /// The models and (valid) cutoffs of the latest start().
    QStringList models() const { return m_models; }
    QList<int> cutoffs() const { return m_cutoffs; }

public Q_SLOTS:
    /// Starts a sweep; cutoffs outside 0..epochs are left out. Replaces a running sweep.
    void start(const QStringList& models, const QList<int>& cutoffs);
    /// Stops the running sweep; emits cancelled() when one was running.
    void cancel();

Q_SIGNALS:
    void started(quint64 generation);
    /// The metrics of every model at `cutoff`, in the order of models().
    void pointsReady(int cutoff, const QList<naap::ui::SweepPoint>& points);
    void progress(int done, int total);
    void finished();
    void failed(const QString& message);
    void cancelled();
    void busyChanged(bool busy);

public:
    struct JobResult {
        quint64 generation = 0;
        int cutoff = 0;
        QList<SweepPoint> points;
        QString error;
        bool cancelled = false;
    };

private:
    void startNextCutoff();
    void onJobFinished(quint64 jobGeneration, const JobResult& out);
    bool isCurrentJob(quint64 jobGeneration) const;
    void onSettingsChanged();
    void stop(bool emitCancelled);

    Session* m_session;
    quint64 m_generation = 0; ///< counts start() calls; m_jobs numbers the cutoff jobs
    QStringList m_models;
    QList<int> m_cutoffs;
    int m_next = 0; ///< index into m_cutoffs of the next cutoff to start
    std::shared_ptr<const core::Dataset> m_dataset;
    RefitSettings m_settings;
    // One cutoff job at a time is wanted: the running sweep's latest. Its busy flag is
    // the sweep's running state.
    GenerationalJobs<JobResult> m_jobs; ///< last: destroyed (cancelled, waited) first
};

} // namespace naap::ui

Q_DECLARE_METATYPE(naap::ui::SweepPoint)
