// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "models/architecture_table_model.h"

#include <QColor>
#include <QLocale>

#include <cmath>
#include <limits>

#include "session.h"

namespace naap::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The user's locale, always with thousands separators (the C locale omits them).
QLocale numberLocale()
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}

QString missingText() { return QStringLiteral("–"); }

/// The column's name in the table file (also the CSV header of an export).
QString columnName(ArchitectureTableModel::Column kind)
{
    switch (kind) {
    case ArchitectureTableModel::ModelId: return QStringLiteral("ModelId");
    case ArchitectureTableModel::Split: return QStringLiteral("Split");
    case ArchitectureTableModel::NumParams: return QStringLiteral("NumParams");
    case ArchitectureTableModel::NumMACs: return QStringLiteral("NumMACs");
    case ArchitectureTableModel::NumLayers: return QStringLiteral("NumLayers");
    case ArchitectureTableModel::NumStages: return QStringLiteral("NumStages");
    case ArchitectureTableModel::FirstLayerWidth: return QStringLiteral("FirstLayerWidth");
    case ArchitectureTableModel::LastLayerWidth: return QStringLiteral("LastLayerWidth");
    case ArchitectureTableModel::NumSkipConnections: return QStringLiteral("NumSkipConnections");
    case ArchitectureTableModel::NumPartialRFLayers: return QStringLiteral("NumPartialRFLayers");
    case ArchitectureTableModel::MaxAccuracy: return QStringLiteral("MaxAccuracy");
    case ArchitectureTableModel::Predicted: return QStringLiteral("Predicted");
    case ArchitectureTableModel::Error: return QStringLiteral("Error");
    case ArchitectureTableModel::AccuracyAtCutoff:
    case ArchitectureTableModel::Extra: break;
    }
    return QString();
}

} // namespace

ArchitectureTableModel::ArchitectureTableModel(Session* session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session)
{
    connect(m_session, &Session::datasetChanged, this, &ArchitectureTableModel::reset);
    connect(m_session, &Session::predictionChanged, this, &ArchitectureTableModel::onResultsChanged);
    connect(m_session, &Session::settingsChanged, this, &ArchitectureTableModel::onResultsChanged);
    reset();
}

int ArchitectureTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_dataset->rows.size());
}

int ArchitectureTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int ArchitectureTableModel::datasetRow(int modelRow) const
{
    return modelRow >= 0 && modelRow < rowCount() ? modelRow : -1;
}

int ArchitectureTableModel::columnOf(Column column) const
{
    if (column == Extra)
        return m_firstExtra;
    return static_cast<int>(m_columns.indexOf(column));
}

ArchitectureTableModel::Column ArchitectureTableModel::columnKind(int section) const
{
    return section >= 0 && section < m_columns.size() ? m_columns[section] : Extra;
}

bool ArchitectureTableModel::isNumeric(int section) const
{
    const Column kind = columnKind(section);
    return kind != Split && kind != Extra;
}

double ArchitectureTableModel::rawValue(int row, int section) const
{
    if (row < 0 || row >= rowCount() || section < 0 || section >= columnCount())
        return kNaN;
    const core::ArchitectureRow& r = m_dataset->rows[static_cast<std::size_t>(row)];
    const core::SchemeFields& s = r.scheme;
    switch (columnKind(section)) {
    case ModelId: return r.modelId;
    case Split: return r.isTest < 0 ? kNaN : r.isTest;
    case NumParams: return s.numParams;
    case NumMACs: return s.numMACs;
    case NumLayers: return s.numLayers;
    case NumStages: return s.numStages;
    case FirstLayerWidth: return s.firstLayerWidth;
    case LastLayerWidth: return s.lastLayerWidth;
    case NumSkipConnections: return s.numSkipConnections;
    case NumPartialRFLayers: return s.numPartialRFLayers;
    case MaxAccuracy: return r.maxAccuracy;
    case AccuracyAtCutoff:
        if (m_cutoff < 1 || static_cast<std::size_t>(m_cutoff) > r.epochs.size())
            return kNaN;
        return r.epochs[static_cast<std::size_t>(m_cutoff - 1)].accuracy;
    case Predicted: return m_session->predictionForRow(row);
    case Error: return m_session->predictionForRow(row) - r.maxAccuracy;
    case Extra: {
        bool ok = false;
        const double v = QString::fromStdString(
            r.extra[static_cast<std::size_t>(section - m_firstExtra)]).toDouble(&ok);
        return ok ? v : kNaN;
    }
    }
    return kNaN;
}

QVariant ArchitectureTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int section = index.column();
    const core::ArchitectureRow& r = m_dataset->rows[static_cast<std::size_t>(row)];
    const Column kind = columnKind(section);

    if (kind == Extra && (role == Qt::DisplayRole || role == SortRole || role == Qt::ToolTipRole)) {
        const QString text = QString::fromStdString(r.extra[static_cast<std::size_t>(section - m_firstExtra)]);
        if (role == SortRole) {
            bool ok = false;
            const double v = text.toDouble(&ok);
            return ok ? QVariant(v) : QVariant(text);
        }
        return text.isEmpty() && role == Qt::ToolTipRole ? QVariant() : QVariant(text);
    }
    const bool synthetic = m_session->isSyntheticRow(row);

    const double v = rawValue(row, section);
    switch (role) {
    case Qt::DisplayRole: {
        if (kind == Split) {
            const QString split = r.isTest == 1 ? tr("Test") : r.isTest == 0 ? tr("Train") : QString();
            if (synthetic)
                return split.isEmpty() ? tr("Synthetic") : tr("%1 · synthetic").arg(split);
            return split.isEmpty() ? missingText() : split;
        }
        if (std::isnan(v))
            return missingText();
        switch (kind) {
        case NumParams:
        case NumMACs: return numberLocale().toString(static_cast<qlonglong>(std::llround(v)));
        case MaxAccuracy:
        case AccuracyAtCutoff:
        case Predicted: return QString::number(v, 'f', 4);
        case Error: return (v >= 0 ? QStringLiteral("+") : QString()) + QString::number(v, 'f', 4);
        default:
            return v == std::round(v) ? QString::number(static_cast<qlonglong>(v)) : QString::number(v);
        }
    }
    case SortRole:
        return v;
    case Qt::TextAlignmentRole:
        return isNumeric(section) ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (synthetic && (kind == ModelId || kind == Split))
            return syntheticColor();
        if (kind != Split && std::isnan(v))
            return QColor(0x9e, 0x9e, 0x9e);
        if (kind == Split && r.isTest == 1)
            return QColor(0xd6, 0x5f, 0x00);
        return {};
    case Qt::BackgroundRole:
        if (r.isTest == 1)
            return QColor(0xff, 0x7f, 0x0e, 0x1c); // faint orange tint for test rows
        return {};
    case Qt::ToolTipRole:
        switch (kind) {
        case ModelId:
        case Split: {
            const QString text = tr("Model %1: %2 row, MaxAccuracy %3, %4 epochs recorded")
                                     .arg(r.modelId)
                                     .arg(r.isTest == 1 ? tr("test") : r.isTest == 0 ? tr("train") : tr("unsplit"))
                                     .arg(std::isnan(r.maxAccuracy) ? missingText() : QString::number(r.maxAccuracy, 'f', 4))
                                     .arg(r.completeEpochs());
            return synthetic ? text + tr("\nTrained on synthetic data: a demonstration, not a CIFAR-10 result.") : text;
        }
        case AccuracyAtCutoff:
            return m_cutoff < 1 ? tr("No epochs at cutoff 0") : tr("Test accuracy after epoch %1").arg(m_cutoff);
        case Predicted:
        case Error: {
            const auto cell = m_session->prediction();
            if (!cell || std::isnan(v))
                return tr("No prediction for this row (not a test row of the current fit)");
            return tr("%1 at cutoff %2 (seed %3): predicted %4, actual %5")
                .arg(QString::fromStdString(cell->model))
                .arg(cell->cutoff)
                .arg(cell->selectedSeed)
                .arg(m_session->predictionForRow(row), 0, 'f', 4)
                .arg(r.maxAccuracy, 0, 'f', 4);
        }
        case NumParams:
        case NumMACs:
            return std::isnan(v) ? QVariant() : QVariant(numberLocale().toString(v, 'f', 0));
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant ArchitectureTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column kind = columnKind(section);
    if (role == Qt::DisplayRole) {
        switch (kind) {
        case AccuracyAtCutoff: return tr("Acc @%1").arg(m_cutoff);
        case Extra:
            return QString::fromStdString(m_dataset->extraColumns[static_cast<std::size_t>(section - m_firstExtra)]);
        default: return columnName(kind);
        }
    }
    if (role == ShortHeaderRole) {
        switch (kind) {
        case NumParams: return tr("Params");
        case NumMACs: return tr("MACs");
        case NumLayers: return tr("Layers");
        case NumStages: return tr("Stages");
        case FirstLayerWidth: return tr("Width 1st");
        case LastLayerWidth: return tr("Width last");
        case NumSkipConnections: return tr("Skips");
        case NumPartialRFLayers: return tr("Partial RF");
        case MaxAccuracy: return tr("MaxAcc");
        default: return headerData(section, orientation, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (kind) {
        case ModelId: return tr("ModelId: entry N of the schemes file");
        case Split: return tr("Split: train or test row of the paper's split (IsTest); synthetic rows say so");
        case NumParams: return tr("NumParams: learnable parameters");
        case NumMACs: return tr("NumMACs: multiply-accumulates of one forward pass");
        case NumLayers: return tr("NumLayers: convolution layers");
        case NumStages: return tr("NumStages: downsamplings (layers with stride > 1)");
        case FirstLayerWidth: return tr("FirstLayerWidth: channels of the first layer");
        case LastLayerWidth: return tr("LastLayerWidth: channels of the last layer");
        case NumSkipConnections: return tr("NumSkipConnections: residual connections");
        case NumPartialRFLayers: return tr("NumPartialRFLayers: layers whose stride exceeds their kernel");
        case MaxAccuracy: return tr("MaxAccuracy: best test accuracy over all epochs (the regression target)");
        case AccuracyAtCutoff: return tr("Test accuracy after epoch %1, the current cutoff").arg(m_cutoff);
        case Predicted: return tr("Predicted: MaxAccuracy predicted by the current regressor (test rows of the current fit)");
        case Error: return tr("Error: predicted − actual MaxAccuracy");
        case Extra: return headerData(section, orientation, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole)
        return isNumeric(section) ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QColor ArchitectureTableModel::syntheticColor()
{
    return QColor(0xb2, 0x6a, 0x00);
}

void ArchitectureTableModel::reset()
{
    beginResetModel();
    m_dataset = m_session->dataset();
    m_cutoff = m_session->settings().cutoff;
    m_columns = {ModelId, Split, NumParams, NumMACs, NumLayers, NumStages, FirstLayerWidth, LastLayerWidth};
    if (m_dataset->version == core::TableVersion::V2)
        m_columns << NumSkipConnections << NumPartialRFLayers;
    m_columns << MaxAccuracy << AccuracyAtCutoff << Predicted << Error;
    m_firstExtra = m_dataset->extraColumns.empty() ? -1 : static_cast<int>(m_columns.size());
    for (std::size_t i = 0; i < m_dataset->extraColumns.size(); ++i)
        m_columns << Extra;
    endResetModel();
}

void ArchitectureTableModel::onResultsChanged()
{
    const int first = columnOf(AccuracyAtCutoff);
    const int last = columnOf(Error);
    const int cutoff = m_session->settings().cutoff;
    if (cutoff != m_cutoff) {
        m_cutoff = cutoff;
        Q_EMIT headerDataChanged(Qt::Horizontal, first, first);
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, first), index(rowCount() - 1, last));
}

} // namespace naap::ui
