// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QString>
#include <QVector>

#include <memory>

#include "naap/core/data/dataset.h"

namespace naap::ui {

class Session;

/// The open dataset as a table: one row per dataset row (model row == dataset row), the
/// scheme fields, MaxAccuracy, the accuracy at the current cutoff, the current prediction
/// and its error, then the table's extra columns. DisplayRole is formatted text;
/// SortRole gives the raw value (double, NaN when missing; QString for text columns).
/// Rows from training on synthetic data (Session::isSyntheticRow) say so in the Split
/// column and are drawn in the synthetic colour.
/// Resets on datasetChanged; predictionChanged / settingsChanged only touch the
/// accuracy-at-cutoff, prediction and error columns.
class ArchitectureTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    /// Logical columns. NumSkipConnections and NumPartialRFLayers exist only for a v2
    /// table, and Extra stands for every extra column: map with columnOf()/columnKind().
    enum Column {
        ModelId,
        Split,
        NumParams,
        NumMACs,
        NumLayers,
        NumStages,
        FirstLayerWidth,
        LastLayerWidth,
        NumSkipConnections,
        NumPartialRFLayers,
        MaxAccuracy,
        AccuracyAtCutoff,
        Predicted,
        Error,
        Extra
    };
    /// Raw value for sorting and filtering: double (NaN = missing) or QString.
    static constexpr int SortRole = Qt::UserRole + 1;
    /// A short header label for the view ("Layers" for NumLayers), so that a column is as
    /// wide as its numbers; DisplayRole keeps the table's column name (CSV exports use it)
    /// and ToolTipRole names the column in full.
    static constexpr int ShortHeaderRole = Qt::UserRole + 2; ///< CompactHeaderView::kShortHeaderRole

    explicit ArchitectureTableModel(Session* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The dataset row of a model row (the identity; -1 when out of range).
    int datasetRow(int modelRow) const;
    /// The section of a logical column, or -1 when the table lacks it (Extra: the first
    /// extra column).
    int columnOf(Column column) const;
    /// The logical column of a section (Extra for every extra column).
    Column columnKind(int section) const;
    /// Whether a section holds numbers (right-aligned, numeric sort).
    bool isNumeric(int section) const;
    /// The raw value of a cell as a double (NaN for missing or text).
    double rawValue(int row, int section) const;
    /// The colour that marks results from synthetic data (as the Training panel does).
    static QColor syntheticColor();

private:
    void reset();
    void onResultsChanged();

    Session* m_session;
    std::shared_ptr<const core::Dataset> m_dataset;
    QVector<Column> m_columns; ///< logical column of each section
    int m_firstExtra = -1;
    int m_cutoff = 0;
};

} // namespace naap::ui
