// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

#include "jobs/generational_jobs.h"
#include "naap/core/data/dataset.h"

namespace naap::ui {

/// One question for the regressor: predict MaxAccuracy of `rows` (architectures outside
/// the dataset, e.g. a scheme being edited or a run in progress) from the features at
/// `cutoff`, with `regressor` fitted on the dataset's train rows (the paper's split) and
/// standardised as in the protocol.
struct PointRequest {
    std::shared_ptr<const core::Dataset> dataset;
    QString regressor;
    int cutoff = 0;
    std::uint64_t seed = 20220905;
    std::vector<core::ArchitectureRow> rows; ///< scheme fields and epochs 1..cutoff needed
};

struct PointResult {
    std::vector<double> predictions; ///< one per request row; empty on failure
    int trainRows = 0;
    QString error;                   ///< one sentence on failure
    bool cancelled = false;
};

/// Answers PointRequests in the background (the interactive jobPool()), keeping the last few fitted
/// models so that a request that only changes the rows (an edit, a new epoch) costs a
/// prediction, not a fit. Every request gets exactly one answered() or failed(), tagged
/// with the generation that predict() returned; which one is still wanted is the
/// caller's call. The destructor cancels and waits.
class PointPredictor : public QObject {
    Q_OBJECT

public:
    explicit PointPredictor(QObject* parent = nullptr);
    ~PointPredictor() override;

    quint64 predict(PointRequest request);
    bool isBusy() const { return m_jobs.isRunning(); }

    /// The same computation on the calling thread (used by the jobs and by tests).
    static PointResult computeNow(const PointRequest& request, const core::CancelToken* cancel = nullptr);

Q_SIGNALS:
    void answered(quint64 generation, const QList<double>& predictions);
    void failed(quint64 generation, const QString& message);

private:
    GenerationalJobs<PointResult> m_jobs;
};

} // namespace naap::ui
