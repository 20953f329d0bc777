// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QMap>
#include <QSortFilterProxyModel>
#include <QString>

namespace naap::ui {

/// Filters and sorts an ArchitectureTableModel (or any model that gives raw values in
/// ArchitectureTableModel::SortRole): a case-insensitive text filter on ModelId and the
/// text cells, a train/test filter on the Split column and numeric [min, max] ranges on any
/// column. Sorting uses the raw values: numbers numerically, missing values last in both
/// orders.
class ArchitectureFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class SplitFilter { All, Train, Test };

    explicit ArchitectureFilterModel(QObject* parent = nullptr);

    /// Rows whose ModelId or a text cell (Split, extra columns; every cell for another
    /// source model) contains `text`, case-insensitive, pass; "" passes every row.
    void setTextFilter(const QString& text);
    QString textFilter() const { return m_text; }

    /// Filters on the column whose header is "Split" (Train/Test cells).
    void setSplitFilter(SplitFilter split);
    SplitFilter splitFilter() const { return m_split; }

    /// Keeps rows whose raw value in `column` lies in [min, max] (NaN bounds are open;
    /// missing values fail a range). Replaces an earlier range of that column.
    void setRange(int column, double min, double max);
    void clearRange(int column);
    void clearRanges();
    bool hasRange(int column) const { return m_ranges.contains(column); }
    /// Text, split and ranges all cleared.
    void clearFilters();
    /// Whether any filter is active.
    bool isFiltering() const;

    /// The source row of a proxy row (-1 when out of range).
    int sourceRow(int proxyRow) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    int splitColumn() const;

    QString m_text;
    SplitFilter m_split = SplitFilter::All;
    QMap<int, QPair<double, double>> m_ranges;
};

} // namespace naap::ui
