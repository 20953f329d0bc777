// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <memory>

#include "naap/core/protocol/protocol.h"

namespace naap::ui {

class Session;

/// Every regressor of Session::lastLeaderboard() at its cutoff, one row per regressor.
/// DisplayRole is formatted text; LeaderboardModel::SortRole gives the raw double (NaN
/// for missing) for a QSortFilterProxyModel. The session's current regressor is drawn in
/// bold. While the session computes a leaderboard for new settings the previous rows
/// stay, greyed (isStale()), so that the table never goes blank. Resets when the report
/// changes; a report that only turns stale keeps its rows and changes their colour.
class LeaderboardModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Model,
        Mae,
        Violations,
        Monotonicity,
        KendallTau,
        Spearman,
        R2,
        Rmse,
        PrecisionAt5,
        PrecisionAt10,
        TopOneRegret,
        MaeStd,
        ColumnCount
    };
    /// Raw value for sorting (double for numbers, the name for Model).
    static constexpr int SortRole = Qt::UserRole + 1;

    /// A metric column (Mae..MaeStd): its header, its full name (the metric-vs-cutoff
    /// selector's entry), what it measures, and its direction. The one place that says so.
    struct MetricColumn {
        const char* header;
        const char* name;
        const char* description;
        bool higherIsBetter;
    };
    static const MetricColumn& metricColumn(Column column);
    /// The column's value in a seed run's metrics (`maeStd`: the spread over seeds); NaN for Model.
    static double metricValue(const core::MetricReport& metrics, double maeStd, Column column);

    explicit LeaderboardModel(Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The regressor name of a row ("" when out of range).
    QString modelAt(int row) const;
    /// The row of a regressor name, or -1.
    int rowOf(const QString& model) const;
    /// The protocol cell of a row (nullptr when out of range).
    const core::ProtocolCell* cellAt(int row) const;
    /// The cutoff the rows were computed at (-1 when empty).
    int cutoff() const;
    /// True while the rows belong to earlier settings than the session's.
    bool isStale() const { return m_stale; }

private:
    void reload();
    void onSettingsChanged();

    Session* m_session;
    std::shared_ptr<const core::ProtocolReport> m_report;
    std::vector<const core::ProtocolCell*> m_cells;
    QString m_currentModel;
    bool m_stale = false;
};

} // namespace naap::ui
