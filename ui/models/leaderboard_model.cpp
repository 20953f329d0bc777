// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/leaderboard_model.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <cmath>
#include <limits>

#include "session.h"

namespace naap::ui {

namespace {

double rawValue(const core::ProtocolCell& cell, int column)
{
    return LeaderboardModel::metricValue(cell.selected, cell.maeStd, static_cast<LeaderboardModel::Column>(column));
}

#define NAAP_LB(text) QT_TRANSLATE_NOOP("naap::ui::LeaderboardModel", text)
const LeaderboardModel::MetricColumn kMetricColumns[LeaderboardModel::ColumnCount - 1] = {
    {NAAP_LB("MAE"), NAAP_LB("MAE"), NAAP_LB("Mean absolute error of the predicted final accuracy"), false},
    {NAAP_LB("Violations"), NAAP_LB("Violations"),
     NAAP_LB("Test pairs whose predicted order contradicts the true order"), false},
    {NAAP_LB("MS"), NAAP_LB("MS"), NAAP_LB("Monotonicity score: 1 − violations / all pairs"), true},
    {NAAP_LB("Kendall τ-b"), NAAP_LB("Kendall τ-b"),
     NAAP_LB("Rank correlation of predicted and true accuracy, by pairs"), true},
    {NAAP_LB("Spearman ρ"), NAAP_LB("Spearman ρ"),
     NAAP_LB("Rank correlation of predicted and true accuracy, by ranks"), true},
    {NAAP_LB("R²"), NAAP_LB("R²"), NAAP_LB("Coefficient of determination: 1 − residual / total variance"), true},
    {NAAP_LB("RMSE"), NAAP_LB("RMSE"), NAAP_LB("Root mean squared error of the predicted final accuracy"), false},
    {NAAP_LB("P@5"), NAAP_LB("Precision@5"), NAAP_LB("Share of the true top 5 among the predicted top 5"), true},
    {NAAP_LB("P@10"), NAAP_LB("Precision@10"), NAAP_LB("Share of the true top 10 among the predicted top 10"), true},
    {NAAP_LB("Top-1 regret"), NAAP_LB("Top-1 regret"), NAAP_LB("True best accuracy minus that of the predicted best"),
     false},
    {NAAP_LB("MAE std"), NAAP_LB("MAE std"), NAAP_LB("Population standard deviation of MAE over the seeds"), false},
};
#undef NAAP_LB

QString formatValue(double v, int column)
{
    if (std::isnan(v))
        return QStringLiteral("–");
    if (column == LeaderboardModel::Violations)
        return QLocale().toString(static_cast<qlonglong>(std::llround(v)));
    if (column == LeaderboardModel::PrecisionAt5 || column == LeaderboardModel::PrecisionAt10)
        return QString::number(v, 'f', 2);
    return QString::number(v, 'f', 4);
}

} // namespace

const LeaderboardModel::MetricColumn& LeaderboardModel::metricColumn(Column column)
{
    Q_ASSERT(column > Model && column < ColumnCount);
    return kMetricColumns[column - 1];
}

double LeaderboardModel::metricValue(const core::MetricReport& m, double maeStd, Column column)
{
    switch (column) {
    case Mae: return m.mae;
    case Violations: return static_cast<double>(m.violations);
    case Monotonicity: return m.monotonicity;
    case KendallTau: return m.kendall.tau;
    case Spearman: return m.spearman;
    case R2: return m.r2;
    case Rmse: return m.rmse;
    case PrecisionAt5: return m.precisionAt5;
    case PrecisionAt10: return m.precisionAt10;
    case TopOneRegret: return m.topOneRegret;
    case MaeStd: return maeStd;
    case Model:
    case ColumnCount: break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

LeaderboardModel::LeaderboardModel(Session* session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session)
{
    if (m_session) {
        m_currentModel = m_session->settings().regressor;
        connect(m_session, &Session::leaderboardChanged, this, &LeaderboardModel::reload);
        connect(m_session, &Session::settingsChanged, this, &LeaderboardModel::onSettingsChanged);
    }
    reload();
}

int LeaderboardModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_cells.size());
}

int LeaderboardModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LeaderboardModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::ProtocolCell& cell = *m_cells[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const QString name = QString::fromStdString(cell.model);
    switch (role) {
    case Qt::DisplayRole:
        return column == Model ? QVariant(name) : QVariant(formatValue(rawValue(cell, column), column));
    case SortRole:
        return column == Model ? QVariant(name) : QVariant(rawValue(cell, column));
    case Qt::TextAlignmentRole:
        return column == Model ? QVariant(int(Qt::AlignLeft | Qt::AlignVCenter))
                               : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (m_stale)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (name == m_currentModel) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (m_stale)
            return tr("Computed at cutoff %1; the current settings are being computed").arg(cell.cutoff);
        if (column == Violations)
            return tr("%1 of %2 test pairs out of order")
                .arg(cell.selected.violations)
                .arg(cell.selected.maxViolations);
        if (column == Mae || column == MaeStd)
            return tr("MAE %1 ± %2 over %3 seeds (seed %4 shown)")
                .arg(cell.selected.mae, 0, 'f', 4)
                .arg(cell.maeStd, 0, 'f', 4)
                .arg(cell.runs.size())
                .arg(cell.selectedSeed);
        return tr("%1 at cutoff %2: %3 train, %4 test rows")
            .arg(name)
            .arg(cell.cutoff)
            .arg(cell.trainRows)
            .arg(cell.testRows);
    default:
        return {};
    }
}

QVariant LeaderboardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return section == Model ? tr("Model") : tr(metricColumn(static_cast<Column>(section)).header);
    if (role == Qt::ToolTipRole) {
        if (section == Mae)
            return tr("Mean absolute error of the median-by-violations seed run");
        return section == Model ? QVariant() : QVariant(tr(metricColumn(static_cast<Column>(section)).description));
    }
    if (role == Qt::TextAlignmentRole)
        return section == Model ? int(Qt::AlignLeft | Qt::AlignVCenter) : int(Qt::AlignRight | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QString LeaderboardModel::modelAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return QString::fromStdString(m_cells[static_cast<std::size_t>(row)]->model);
}

int LeaderboardModel::rowOf(const QString& model) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (modelAt(row) == model)
            return row;
    return -1;
}

const core::ProtocolCell* LeaderboardModel::cellAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return m_cells[static_cast<std::size_t>(row)];
}

int LeaderboardModel::cutoff() const
{
    return m_cells.empty() ? -1 : m_cells.front()->cutoff;
}

void LeaderboardModel::reload()
{
    const auto report = m_session ? m_session->lastLeaderboard() : nullptr;
    const bool stale = m_session && m_session->leaderboardIsStale();
    if (report == m_report && report) {
        // Same rows, now stale (or current again): recolour them, keep selection and scroll.
        if (stale != m_stale) {
            m_stale = stale;
            if (rowCount() > 0)
                Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                                   {Qt::ForegroundRole, Qt::ToolTipRole});
        }
        return;
    }
    beginResetModel();
    m_cells.clear();
    m_stale = stale;
    m_report = report;
    if (m_report && !m_report->cells.empty()) {
        // One cutoff only: the session's when the report has it, else the first cell's.
        int cutoff = m_report->cells.front().cutoff;
        for (const core::ProtocolCell& cell : m_report->cells)
            if (cell.cutoff == m_session->settings().cutoff)
                cutoff = cell.cutoff;
        for (const core::ProtocolCell& cell : m_report->cells)
            if (cell.cutoff == cutoff)
                m_cells.push_back(&cell);
    }
    endResetModel();
}

void LeaderboardModel::onSettingsChanged()
{
    const QString current = m_session->settings().regressor;
    if (current == m_currentModel)
        return;
    const int oldRow = rowOf(m_currentModel);
    m_currentModel = current;
    const int newRow = rowOf(m_currentModel);
    for (int row : {oldRow, newRow})
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::FontRole});
}

} // namespace naap::ui
