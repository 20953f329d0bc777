// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/architecture_filter_model.h"

#include <cmath>

#include "models/architecture_table_model.h"

namespace naap::ui {

namespace {

constexpr int kSortRole = ArchitectureTableModel::SortRole;

/// A raw value as a double, or NaN when missing or not a number.
double toNumber(const QVariant& v, bool* isNumber)
{
    *isNumber = v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int ||
        v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Float;
    return *isNumber ? v.toDouble() : std::nan("");
}

} // namespace

ArchitectureFilterModel::ArchitectureFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(kSortRole);
    setDynamicSortFilter(true);
}

void ArchitectureFilterModel::setTextFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void ArchitectureFilterModel::setSplitFilter(SplitFilter split)
{
    if (split == m_split)
        return;
    m_split = split;
    invalidateRowsFilter();
}

void ArchitectureFilterModel::setRange(int column, double min, double max)
{
    const auto range = qMakePair(min, max);
    const auto it = m_ranges.constFind(column);
    if (it != m_ranges.constEnd() && (it->first == min || (std::isnan(it->first) && std::isnan(min))) &&
        (it->second == max || (std::isnan(it->second) && std::isnan(max))))
        return;
    m_ranges.insert(column, range);
    invalidateRowsFilter();
}

void ArchitectureFilterModel::clearRange(int column)
{
    if (!m_ranges.contains(column))
        return;
    m_ranges.remove(column);
    invalidateRowsFilter();
}

void ArchitectureFilterModel::clearRanges()
{
    if (m_ranges.isEmpty())
        return;
    m_ranges.clear();
    invalidateRowsFilter();
}

void ArchitectureFilterModel::clearFilters()
{
    if (!isFiltering())
        return;
    m_text.clear();
    m_split = SplitFilter::All;
    m_ranges.clear();
    invalidateRowsFilter();
}

bool ArchitectureFilterModel::isFiltering() const
{
    return !m_text.isEmpty() || m_split != SplitFilter::All || !m_ranges.isEmpty();
}

int ArchitectureFilterModel::sourceRow(int proxyRow) const
{
    if (proxyRow < 0 || proxyRow >= rowCount())
        return -1;
    return mapToSource(index(proxyRow, 0)).row();
}

int ArchitectureFilterModel::splitColumn() const
{
    const QAbstractItemModel* source = sourceModel();
    if (const auto* table = qobject_cast<const ArchitectureTableModel*>(source))
        return table->columnOf(ArchitectureTableModel::Split);
    for (int c = 0; source && c < source->columnCount(); ++c)
        if (source->headerData(c, Qt::Horizontal).toString() == QLatin1String("Split"))
            return c;
    return -1;
}

bool ArchitectureFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* source = sourceModel();
    if (!source)
        return true;
    if (m_split != SplitFilter::All) {
        const int column = splitColumn();
        if (column >= 0) {
            bool isNumber = false;
            const double v = toNumber(source->index(sourceRow, column, sourceParent).data(kSortRole), &isNumber);
            const double wanted = m_split == SplitFilter::Test ? 1.0 : 0.0;
            if (!isNumber || v != wanted)
                return false;
        }
    }
    for (auto it = m_ranges.constBegin(); it != m_ranges.constEnd(); ++it) {
        if (it.key() < 0 || it.key() >= source->columnCount(sourceParent))
            continue;
        bool isNumber = false;
        const double v = toNumber(source->index(sourceRow, it.key(), sourceParent).data(kSortRole), &isNumber);
        if (!isNumber || std::isnan(v))
            return false;
        if (!std::isnan(it->first) && v < it->first)
            return false;
        if (!std::isnan(it->second) && v > it->second)
            return false;
    }
    if (!m_text.isEmpty()) {
        const auto* table = qobject_cast<const ArchitectureTableModel*>(source);
        for (int c = 0; c < source->columnCount(sourceParent); ++c) {
            // ModelId and the text columns; numbers like accuracies would match anything.
            if (table && table->isNumeric(c) && table->columnKind(c) != ArchitectureTableModel::ModelId)
                continue;
            if (source->index(sourceRow, c, sourceParent).data(Qt::DisplayRole).toString()
                    .contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }
    return true;
}

bool ArchitectureFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    bool lNumber = false;
    bool rNumber = false;
    const double lv = toNumber(l, &lNumber);
    const double rv = toNumber(r, &rNumber);
    const bool lMissing = !lNumber ? l.toString().isEmpty() : std::isnan(lv);
    const bool rMissing = !rNumber ? r.toString().isEmpty() : std::isnan(rv);
    if (lMissing || rMissing) {
        if (lMissing && rMissing)
            return left.row() < right.row();
        // Missing values last whatever the order: the proxy reverses lessThan when descending.
        const bool ascending = sortOrder() == Qt::AscendingOrder;
        return ascending ? rMissing : lMissing;
    }
    if (lNumber && rNumber) {
        if (lv != rv)
            return lv < rv;
        return left.row() < right.row();
    }
    if (lNumber != rNumber)
        return lNumber; // numbers before text
    const int c = l.toString().compare(r.toString(), Qt::CaseInsensitive);
    return c != 0 ? c < 0 : left.row() < right.row();
}

} // namespace naap::ui
