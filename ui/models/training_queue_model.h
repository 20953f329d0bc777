// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QAbstractTableModel>

namespace naap::ui {

class TrainingController;

/// The training queue as a table, one row per job in queue order: job, status, progress
/// (DisplayRole "42%", UserRole the fraction 0..1 for a progress-bar delegate), epoch,
/// ETA, device, last test accuracy and the live predicted final accuracy. Follows the
/// controller's jobAdded / jobChanged signals. GUI thread only.
class TrainingQueueModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Job, Status, Progress, Epoch, Eta, Device, Accuracy, Predicted, ColumnCount };
    static constexpr int JobIdRole = Qt::UserRole + 1;
    static constexpr int FractionRole = Qt::UserRole + 2;

    explicit TrainingQueueModel(TrainingController* controller, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The job id of a row, or -1.
    int jobId(int row) const;

    /// "1h02m", "3m05s", "42s"; "" when unknown.
    static QString formatEta(double seconds);

private:
    TrainingController* m_controller;
    int m_rows = 0;
};

} // namespace naap::ui
