// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QBoxLayout;
class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QItemSelection;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace naap::ui {

class ArchitectureFilterModel;
class ArchitectureTableModel;
class Session;

/// The architecture table: a filter bar (text, split, MaxAccuracy and NumParams
/// ranges, "Clear filters", a row count) over a sortable table view. The view's
/// selection is the session's selection, both ways. The filter bar is one row where it
/// fits and wraps onto two (text and split above the ranges) where the panel is narrower,
/// so the panel asks only for the width of the wider of those two rows.
class TablePanel : public QWidget {
    Q_OBJECT

public:
    explicit TablePanel(Session* session, QWidget* parent = nullptr);

    /// The filtered, sorted table as shown (for CSV export).
    QAbstractItemModel* filteredModel() const;
    QTableView* view() const { return m_view; }
    ArchitectureTableModel* tableModel() const { return m_model; }
    ArchitectureFilterModel* filterModel() const { return m_proxy; }

    QLineEdit* searchEdit() const { return m_search; }
    QComboBox* splitCombo() const { return m_split; }
    QDoubleSpinBox* accuracyMinSpin() const { return m_accMin; }
    QDoubleSpinBox* accuracyMaxSpin() const { return m_accMax; }
    QDoubleSpinBox* paramsMinSpin() const { return m_paramsMin; }
    QDoubleSpinBox* paramsMaxSpin() const { return m_paramsMax; }
    /// "412 of 440 architectures".
    QString rowCountText() const;
    /// Whether the filter bar is wrapped onto two rows (the panel is too narrow for one).
    bool filterBarWrapped() const;

    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void clearFilters();

protected:
    bool event(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void arrangeFilterBar();
    void onDatasetChanged();
    void applyFilters();
    void applyRange(int column, QDoubleSpinBox* min, QDoubleSpinBox* max);
    void updateRowCount();
    void onViewSelectionChanged();
    void selectSessionRows(bool scroll);

    Session* m_session;
    ArchitectureTableModel* m_model = nullptr;
    ArchitectureFilterModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_split = nullptr;
    QDoubleSpinBox* m_accMin = nullptr;
    QDoubleSpinBox* m_accMax = nullptr;
    QDoubleSpinBox* m_paramsMin = nullptr;
    QDoubleSpinBox* m_paramsMax = nullptr;
    QPushButton* m_clear = nullptr;
    QLabel* m_count = nullptr;
    QBoxLayout* m_filterBar = nullptr;  ///< left to right, or top to bottom when wrapped
    QHBoxLayout* m_textFilters = nullptr; ///< the text filter and the split
    QHBoxLayout* m_rangeFilters = nullptr; ///< the ranges, "Clear filters" and the row count
    bool m_syncing = false;   ///< true while the view's selection is being set from the session
    bool m_resetting = false; ///< true while filter widgets are reset programmatically
};

} // namespace naap::ui
