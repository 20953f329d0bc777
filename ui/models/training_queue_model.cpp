// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/training_queue_model.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>

#include "jobs/training_controller.h"

namespace naap::ui {

TrainingQueueModel::TrainingQueueModel(TrainingController* controller, QObject* parent)
    : QAbstractTableModel(parent), m_controller(controller)
{
    m_rows = static_cast<int>(m_controller->jobs().size());
    connect(m_controller, &TrainingController::jobAdded, this, [this] {
        // Jobs are only ever appended.
        const int rows = static_cast<int>(m_controller->jobs().size());
        if (rows <= m_rows)
            return;
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    });
    connect(m_controller, &TrainingController::jobChanged, this, [this](int id) {
        const int row = m_controller->indexOf(id);
        if (row >= 0 && row < m_rows)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
}

int TrainingQueueModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_rows; }

int TrainingQueueModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

int TrainingQueueModel::jobId(int row) const
{
    return row >= 0 && row < m_rows ? m_controller->jobs().at(row).id : -1;
}

QString TrainingQueueModel::formatEta(double seconds)
{
    if (!(seconds >= 0))
        return {};
    const auto s = static_cast<long long>(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0'));
    if (s >= 60)
        return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(s);
}

QVariant TrainingQueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const TrainingJobState& job = m_controller->jobs().at(index.row());
    if (role == JobIdRole)
        return job.id;
    if (role == FractionRole)
        return job.fraction;
    if (role == Qt::TextAlignmentRole && index.column() != Job && index.column() != Status && index.column() != Device)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (job.status == TrainingStatus::Failed)
            return QColor(0xc6, 0x28, 0x28);
        if (job.status == TrainingStatus::Finished)
            return QColor(0x2e, 0x7d, 0x32);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (job.status == TrainingStatus::Failed)
            return job.error;
        if (job.settings.synthetic)
            return tr("Trained on synthetic CIFAR-format data (%1): not a CIFAR-10 result.").arg(job.settings.dataDir);
        return job.logPath;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Job:
        return job.label();
    case Status:
        return trainingStatusName(job.status);
    case Progress:
        return QStringLiteral("%1%").arg(std::clamp(job.fraction, 0.0, 1.0) * 100.0, 0, 'f', 0);
    case Epoch: {
        const int shown = job.status == TrainingStatus::Running ? std::max(job.currentEpoch, job.epochsDone())
                                                                : job.epochsDone();
        return QStringLiteral("%1 / %2").arg(shown).arg(job.settings.epochs);
    }
    case Eta:
        return job.status == TrainingStatus::Running ? formatEta(job.etaSeconds) : QString();
    case Device:
        return job.device.isEmpty() ? job.settings.device : job.device;
    case Accuracy:
        return job.results.empty() ? QString() : QString::number(job.results.back().accuracy, 'f', 4);
    case Predicted:
        return std::isnan(job.predictedFinal) ? QString() : QString::number(job.predictedFinal, 'f', 4);
    default:
        return {};
    }
}

QVariant TrainingQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Job: return tr("Architecture");
    case Status: return tr("Status");
    case Progress: return tr("Progress");
    case Epoch: return tr("Epoch");
    case Eta: return tr("ETA");
    case Device: return tr("Device");
    case Accuracy: return tr("Test acc.");
    case Predicted: return tr("Predicted final");
    default: return {};
    }
}

} // namespace naap::ui
