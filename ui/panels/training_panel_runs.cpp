// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The live side of the training panel: curves of the watched job, live predictions of the
// final accuracy, finished runs merging into the dataset or the reproduced view, and the
// progress of the long work for the status bar.
#include <QAction>
#include <QDir>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QTableWidget>

#include <algorithm>
#include <cmath>
#include <exception>

#include "jobs/point_predictor.h"
#include "jobs/training_controller.h"
#include "models/training_queue_model.h"
#include "naap/core/data/table_io.h"
#include "panels/training_panel.h"
#include "session.h"
#include "views/training_curves_chart.h"

namespace naap::ui {

namespace {

enum ReproducedColumn { RModelId, RData, REpochs, RStored, RRun, RDelta, RStoredMax, RRunMax, RColumns };

QTableWidgetItem* numberItem(double value, int decimals = 4, bool sign = false)
{
    auto* item = new QTableWidgetItem;
    if (!std::isnan(value))
        item->setText((sign && value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', decimals));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

TrainedRun runOf(const TrainingJobState& job)
{
    return TrainedRun{job.modelId, job.scheme, job.results, job.settings.synthetic, job.device};
}

} // namespace

void TrainingPanel::createReproducedTable()
{
    m_reproduced = new QTableWidget(0, RColumns, this);
    m_reproduced->setObjectName(QStringLiteral("trainingReproduced"));
    m_reproduced->setHorizontalHeaderLabels({tr("ModelId"), tr("Data"), tr("Epochs"), tr("Stored acc."),
                                             tr("Run acc."), tr("Δ"), tr("Stored max"), tr("Run max")});
    m_reproduced->setToolTip(tr("Runs of ModelIds the dataset already holds: the test accuracy at the run's "
                                "last epoch, stored and reproduced. The dataset is not changed."));
    m_reproduced->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_reproduced->setTabKeyNavigation(false);
    m_reproduced->setAlternatingRowColors(true);
    m_reproduced->verticalHeader()->setVisible(false);
    // Numbers keep to their size; the Data column takes the spare width.
    QHeaderView* header = m_reproduced->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RData, QHeaderView::Stretch);
}

void TrainingPanel::watch(int id)
{
    if (m_watched == id)
        return;
    m_watched = id;
    refreshChart();
}

bool TrainingPanel::followActiveJob()
{
    // The job selected in the queue wins; else the running one; else the one shown
    // stays (a finished run keeps its curve), or the first queued when none is.
    if (!selectedJobs().isEmpty())
        return false;
    int id = m_controller->runningJob();
    if (id < 0 && m_controller->job(m_watched) == nullptr)
        for (const TrainingJobState& job : m_controller->jobs())
            if (job.isActive()) {
                id = job.id;
                break;
            }
    if (id < 0 || id == m_watched)
        return false;
    watch(id);
    return true;
}

void TrainingPanel::refreshChart()
{
    const int cutoff = m_session->settings().cutoff;
    m_chart->setCutoff(cutoff);
    const TrainingJobState* job = m_controller->job(m_watched);
    if (job == nullptr) {
        m_chart->setTitle(tr("No run yet"));
        m_chart->setLive({}, QString());
        m_chart->setStored({}, QString());
        m_chart->setPrediction(std::nan(""));
        m_chart->setEpochs(0);
        m_chart->setPlaceholder(tr("No training run yet.\nSelect architectures in the table and press Train selected "
                                   "(%1), or design one under New architecture: its test accuracy appears here epoch by "
                                   "epoch, over the dataset's stored curve.")
                                    .arg(m_trainSelected->shortcut().toString(QKeySequence::NativeText)));
        m_prediction->setText(tr("Queue an architecture to see its curve and a live prediction of its final accuracy."));
        return;
    }
    m_chart->setPlaceholder(QString());
    QList<QPointF> live;
    for (const core::EpochResult& r : job->results)
        live.append(QPointF(r.epoch, r.accuracy));
    const QString data = job->settings.synthetic ? tr("synthetic data") : tr("CIFAR-10");
    m_chart->setTitle(tr("ModelId %1%2 — %3 on %4, %5")
                          .arg(job->modelId)
                          .arg(job->newArchitecture ? tr(" (new)") : QString())
                          .arg(data, job->device.isEmpty() ? job->settings.device : job->device,
                               trainingStatusName(job->status)));
    m_chart->setEpochs(job->settings.epochs);
    m_chart->setLive(live, job->settings.synthetic ? tr("This run (synthetic)") : tr("This run"));

    // The dataset's curve of the same ModelId, when the dataset holds one.
    QList<QPointF> stored;
    const auto dataset = m_session->dataset();
    const int row = job->newArchitecture ? -1 : dataset->indexOfModel(job->modelId);
    if (row >= 0)
        for (std::size_t e = 0; e < dataset->rows[static_cast<std::size_t>(row)].epochs.size(); ++e) {
            const double acc = dataset->rows[static_cast<std::size_t>(row)].epochs[e].accuracy;
            if (!core::isMissing(acc))
                stored.append(QPointF(double(e + 1), acc));
        }
    m_chart->setStored(stored, tr("Stored in the dataset"));
    m_chart->setPrediction(job->predictedCutoff == cutoff ? job->predictedFinal : std::nan(""));
    m_prediction->setText(predictionText());
}

QString TrainingPanel::predictionText() const
{
    const TrainingJobState* job = m_controller->job(m_watched);
    if (job == nullptr)
        return {};
    const int cutoff = m_session->settings().cutoff;
    const QString regressor = m_session->settings().regressor;
    if (job->predictedCutoff == cutoff && job->predictedBy == regressor && !std::isnan(job->predictedFinal))
        return tr("Predicted final accuracy of %1: <b>%2</b> (%3 at cutoff %4, from its first %4 epochs%5)")
            .arg(job->label().toHtmlEscaped())
            .arg(job->predictedFinal, 0, 'f', 4)
            .arg(regressor.toHtmlEscaped())
            .arg(cutoff)
            .arg(job->settings.synthetic ? tr("; synthetic data, so only a demonstration") : QString());
    if (job->epochsDone() < cutoff)
        return tr("The live prediction (cutoff %1) appears after epoch %1; %2 done.").arg(cutoff).arg(job->epochsDone());
    return tr("Predicting the final accuracy at cutoff %1…").arg(cutoff);
}

void TrainingPanel::updateLivePredictions()
{
    const auto dataset = m_session->dataset();
    const int cutoff = m_session->settings().cutoff;
    const QString regressor = m_session->settings().regressor;
    if (dataset->rows.empty() || cutoff > dataset->numEpochs)
        return;
    const QString key = predictionKey();
    QList<QString> pendingKeys;
    for (const auto& p : std::as_const(m_pending))
        pendingKeys << QString::number(p.first) + QLatin1Char('#') + p.second;
    for (const TrainingJobState& job : m_controller->jobs()) {
        if (job.epochsDone() < cutoff || m_predictedKey.value(job.id) == key ||
            pendingKeys.contains(QString::number(job.id) + QLatin1Char('#') + key))
            continue;
        // The job's row as the table would hold it: profiled scheme and epochs 1..cutoff.
        core::ArchitectureRow row;
        row.modelId = job.modelId;
        row.scheme = core::profileScheme(job.scheme);
        const std::vector<core::EpochResult> first(job.results.begin(), job.results.begin() + cutoff);
        row.epochs = epochRecords(first);
        PointRequest request;
        request.dataset = dataset;
        request.regressor = regressor;
        request.cutoff = cutoff;
        if (!m_session->settings().seeds.empty())
            request.seed = m_session->settings().seeds.front();
        request.rows = {row};
        m_pending.insert(m_predictor->predict(std::move(request)), {job.id, key});
    }
}

QString TrainingPanel::predictionKey() const
{
    return QStringLiteral("%1|%2|%3").arg(m_session->settings().regressor).arg(m_session->settings().cutoff).arg(m_datasetSerial);
}

void TrainingPanel::onPredicted(quint64 generation, const QList<double>& values)
{
    const QPair<int, QString> pending = m_pending.take(generation);
    const TrainingJobState* job = m_controller->job(pending.first);
    // Dropped when the regressor, the cutoff or the dataset moved on meanwhile.
    if (job == nullptr || values.isEmpty() || pending.second != predictionKey())
        return;
    m_predictedKey[pending.first] = pending.second;
    const int epochs = job->epochsDone();
    m_controller->setPrediction(pending.first, values.front(), m_session->settings().cutoff,
                                m_session->settings().regressor);
    if (pending.first == m_watched)
        refreshChart();
    Q_EMIT livePredictionShown(pending.first, values.front(), epochs);
}

void TrainingPanel::onPredictionFailed(quint64 generation, const QString& error)
{
    const QPair<int, QString> pending = m_pending.take(generation);
    if (pending.second != predictionKey())
        return;
    m_predictedKey[pending.first] = pending.second; // the same inputs would fail again
    showMessage(tr("No live prediction: %1").arg(error), true);
}

void TrainingPanel::onJobEnded(int id)
{
    updateLivePredictions();
    const TrainingJobState* job = m_controller->job(id);
    if (job == nullptr)
        return;
    if (job->status == TrainingStatus::Failed)
        showMessage(tr("%1 failed: %2").arg(job->label(), job->error), true);
    else if (job->status == TrainingStatus::Cancelled)
        showMessage(tr("%1 cancelled after %n complete epoch(s); Resume continues it.", nullptr, job->epochsDone())
                        .arg(job->label()));
    if (job->status != TrainingStatus::Finished || job->merged || job->results.empty())
        return;

    const TrainedRun run = runOf(*job);
    m_runs.push_back(run);
    m_controller->setMerged(id);
    const MergeResult merge = mergeRun(*m_session->dataset(), run);
    if (merge.kind == MergeKind::Reproduced) {
        addReproducedRow(run);
        showMessage(tr("%1 finished: ModelId %2 is in the dataset already, so the run is listed under "
                       "Reproduced.").arg(job->label()).arg(job->modelId));
    } else {
        // The merged table keeps every row index, so the selection survives it.
        const QList<int> selection = m_session->selection();
        m_session->setDataset(merge.dataset, m_session->datasetPath());
        m_session->setSelection(selection);
        showMessage(tr("%1 finished and joined the dataset (%2).")
                        .arg(job->label(), runSourceText(run, m_session->dataset()->numEpochs)));
    }
    updateButtons();
    Q_EMIT runMerged(id, run.modelId, merge.kind == MergeKind::Reproduced);
}

void TrainingPanel::addReproducedRow(const TrainedRun& run)
{
    const auto dataset = m_session->dataset();
    const core::ArchitectureRow& stored = dataset->rows[static_cast<std::size_t>(dataset->indexOfModel(run.modelId))];
    const int n = static_cast<int>(run.epochs.size());
    const double storedAcc = n <= static_cast<int>(stored.epochs.size()) ? stored.epochs[static_cast<std::size_t>(n - 1)].accuracy
                                                                         : core::kMissing;
    const double runAcc = run.epochs.back().accuracy;
    double runMax = runAcc;
    for (const core::EpochResult& e : run.epochs)
        runMax = std::max(runMax, e.accuracy);
    const int r = m_reproduced->rowCount();
    m_reproduced->insertRow(r);
    auto* id = new QTableWidgetItem(QString::number(run.modelId));
    id->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_reproduced->setItem(r, RModelId, id);
    m_reproduced->setItem(r, RData, new QTableWidgetItem(run.synthetic ? tr("synthetic") : tr("CIFAR-10")));
    m_reproduced->setItem(r, REpochs, numberItem(n, 0));
    m_reproduced->setItem(r, RStored, numberItem(storedAcc));
    m_reproduced->setItem(r, RRun, numberItem(runAcc));
    m_reproduced->setItem(r, RDelta, numberItem(runAcc - storedAcc, 4, true));
    m_reproduced->setItem(r, RStoredMax, numberItem(stored.maxAccuracy));
    m_reproduced->setItem(r, RRunMax, numberItem(runMax));
}

void TrainingPanel::updateProgress()
{
    QString text;
    int percent = -1;
    if (m_preparingData) {
        text = m_downloading ? tr("%1 CIFAR-10").arg(m_dataPhase) : tr("Generating synthetic training data");
        percent = m_dataPercent;
    } else if (const TrainingJobState* job = m_controller->job(m_controller->runningJob())) {
        text = tr("Training ModelId %1 · epoch %2/%3")
                   .arg(job->modelId)
                   .arg(std::clamp(std::max(job->currentEpoch, job->epochsDone() + 1), 1, job->settings.epochs))
                   .arg(job->settings.epochs);
        if (job->status == TrainingStatus::Cancelling)
            text += tr(" · cancelling");
        else if (const QString eta = TrainingQueueModel::formatEta(job->etaSeconds); !eta.isEmpty())
            text += tr(" · %1 left").arg(eta);
        const auto waiting = std::count_if(m_controller->jobs().begin(), m_controller->jobs().end(),
                                           [](const TrainingJobState& j) { return j.status == TrainingStatus::Queued; });
        if (waiting > 0)
            text += tr(" · %n more queued", nullptr, static_cast<int>(waiting));
        percent = static_cast<int>(std::floor(std::clamp(job->fraction, 0.0, 1.0) * 100.0 + 1e-6));
    }
    if (text == m_progressText && percent == m_progressPercent)
        return;
    m_progressText = text;
    m_progressPercent = percent;
    Q_EMIT progressChanged(text, percent);
}

bool TrainingPanel::saveRunsCsv(const QString& path, QString* error) const
{
    try {
        core::writeTableCsv(runsTable(m_runs), QDir::toNativeSeparators(path).toStdString(), core::TableVersion::V2);
        return true;
    } catch (const std::exception& e) {
        if (error != nullptr)
            *error = QString::fromLocal8Bit(e.what());
        return false;
    }
}

} // namespace naap::ui
