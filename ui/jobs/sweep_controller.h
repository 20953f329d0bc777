// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

#include "naap/core/control.h"
#include "naap/core/metrics/metrics.h"
#include "naap/core/protocol/protocol.h"
#include "session.h"

template <typename T> class QFutureWatcher;

namespace naap::ui {

/// One regressor's metrics (of the median-by-violations seed run) at one cutoff.
struct SweepPoint {
    QString model;
    core::MetricReport metrics;
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

    bool isRunning() const { return m_running; }
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
    struct InFlight {
        quint64 generation = 0;
        std::shared_ptr<core::CancelToken> token;
        QFutureWatcher<JobResult>* watcher = nullptr;
    };

    void startNextCutoff();
    void onJobFinished(QFutureWatcher<JobResult>* watcher);
    void onSettingsChanged();
    void stop(bool emitCancelled);
    void setRunning(bool running);

    Session* m_session;
    quint64 m_generation = 0;
    bool m_running = false;
    QStringList m_models;
    QList<int> m_cutoffs;
    int m_next = 0; ///< index into m_cutoffs of the next cutoff to start
    std::shared_ptr<const core::Dataset> m_dataset;
    RefitSettings m_settings;
    std::shared_ptr<core::CancelToken> m_token;
    QList<InFlight> m_jobs;
};

} // namespace naap::ui

Q_DECLARE_METATYPE(naap::ui::SweepPoint)
