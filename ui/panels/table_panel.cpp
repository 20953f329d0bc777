// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/table_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/architecture_filter_model.h"
#include "models/architecture_table_model.h"
#include "panels/compact_header_view.h"
#include "session.h"

namespace naap::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QDoubleSpinBox* rangeSpin(QWidget* parent, int decimals, const QString& special, const QString& tip)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setDecimals(decimals);
    spin->setKeyboardTracking(false);
    spin->setGroupSeparatorShown(decimals == 0);
    spin->setSpecialValueText(special);
    spin->setToolTip(tip);
    spin->setAccelerated(true);
    // Typed or wheeled: arrow buttons would widen the filter bar past what the table needs.
    spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
    spin->setAlignment(Qt::AlignRight);
    return spin;
}

/// The style's gap between widgets in a row.
int layoutGap(const QWidget* widget)
{
    const int gap = widget->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, widget);
    return gap >= 0 ? gap : 6;
}

/// Sets a spin box's range to [lo, hi] and its value to `value`, without signals.
void resetSpin(QDoubleSpinBox* spin, double lo, double hi, double value)
{
    const QSignalBlocker blocker(spin);
    spin->setRange(lo, hi);
    spin->setValue(value);
}

} // namespace

TablePanel::TablePanel(Session* session, QWidget* parent) : QWidget(parent), m_session(session)
{
    m_model = new ArchitectureTableModel(m_session, this);
    m_proxy = new ArchitectureFilterModel(this);
    m_proxy->setSourceModel(m_model);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("tableSearch"));
    m_search->setPlaceholderText(tr("Filter rows…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(QStringLiteral("Filter rows…")) + 30);
    m_search->setToolTip(tr("Show rows whose ModelId, split or text columns contain this text"));

    m_split = new QComboBox(this);
    m_split->setObjectName(QStringLiteral("tableSplit"));
    m_split->addItem(tr("All rows"), int(ArchitectureFilterModel::SplitFilter::All));
    m_split->addItem(tr("Train"), int(ArchitectureFilterModel::SplitFilter::Train));
    m_split->addItem(tr("Test"), int(ArchitectureFilterModel::SplitFilter::Test));
    m_split->setToolTip(tr("Train or test rows of the paper's split"));

    m_accMin = rangeSpin(this, 4, QString(), tr("Lowest MaxAccuracy shown"));
    m_accMax = rangeSpin(this, 4, QString(), tr("Highest MaxAccuracy shown"));
    m_accMin->setSingleStep(0.01);
    m_accMax->setSingleStep(0.01);
    m_paramsMin = rangeSpin(this, 0, QString(), tr("Fewest parameters shown"));
    m_paramsMax = rangeSpin(this, 0, QString(), tr("Most parameters shown"));
    m_paramsMin->setSingleStep(1000);
    m_paramsMax->setSingleStep(1000);

    m_clear = new QPushButton(tr("Clear filters"), this);
    m_clear->setObjectName(QStringLiteral("tableClearFilters"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("tableRowCount"));

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("architectureTable"));
    m_view->setHorizontalHeader(new CompactHeaderView(m_view)); // short labels, narrow columns
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(m_model->columnOf(ArchitectureTableModel::ModelId), Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setWordWrap(false);
    m_view->setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + m_view->fontMetrics().height() / 2);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(false);

    m_textFilters = new QHBoxLayout;
    m_textFilters->addWidget(m_search, 1);
    m_textFilters->addWidget(m_split);
    m_rangeFilters = new QHBoxLayout;
    m_rangeFilters->addWidget(new QLabel(tr("MaxAccuracy"), this));
    m_rangeFilters->addWidget(m_accMin);
    m_rangeFilters->addWidget(new QLabel(QStringLiteral("–"), this));
    m_rangeFilters->addWidget(m_accMax);
    m_rangeFilters->addSpacing(layoutGap(this));
    m_rangeFilters->addWidget(new QLabel(tr("Params"), this));
    m_rangeFilters->addWidget(m_paramsMin);
    m_rangeFilters->addWidget(new QLabel(QStringLiteral("–"), this));
    m_rangeFilters->addWidget(m_paramsMax);
    m_rangeFilters->addWidget(m_clear);
    m_rangeFilters->addStretch(1);
    m_rangeFilters->addWidget(m_count);
    // In one row the text filter takes most of the spare width, as before the ranges.
    m_filterBar = new QBoxLayout(QBoxLayout::LeftToRight);
    m_filterBar->addLayout(m_textFilters, 3);
    m_filterBar->addLayout(m_rangeFilters, 1);
    // Their own spacing: nested layouts would inherit the bar's, wider in one row.
    m_textFilters->setSpacing(layoutGap(this));
    m_rangeFilters->setSpacing(layoutGap(this));
    m_filterBar->setSpacing(2 * layoutGap(this));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_filterBar);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, &TablePanel::applyFilters);
    connect(m_split, &QComboBox::currentIndexChanged, this, &TablePanel::applyFilters);
    for (QDoubleSpinBox* spin : {m_accMin, m_accMax, m_paramsMin, m_paramsMax})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &TablePanel::applyFilters);
    connect(m_clear, &QPushButton::clicked, this, &TablePanel::clearFilters);

    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TablePanel::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TablePanel::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TablePanel::updateRowCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TablePanel::updateRowCount);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TablePanel::onViewSelectionChanged);
    connect(m_session, &Session::datasetChanged, this, &TablePanel::onDatasetChanged);
    connect(m_session, &Session::selectionChanged, this, [this] { selectSessionRows(true); });

    onDatasetChanged();
}

QAbstractItemModel* TablePanel::filteredModel() const { return m_proxy; }

QString TablePanel::rowCountText() const { return m_count->text(); }

bool TablePanel::filterBarWrapped() const { return m_filterBar->direction() == QBoxLayout::TopToBottom; }

QSize TablePanel::minimumSizeHint() const
{
    // Wrapped, the bar is as wide as its wider row: what the panel needs at least, whichever
    // way it is arranged now (a main window asks while it is wide, to know how far it may
    // shrink).
    QSize size = QWidget::minimumSizeHint();
    const int rows = std::max(m_textFilters->minimumSize().width(), m_rangeFilters->minimumSize().width());
    size.setWidth(std::max(rows, m_view->minimumSizeHint().width()));
    return size;
}

bool TablePanel::event(QEvent* event)
{
    // A filter's width changed (the ranges follow the data, the row count its text):
    // one row may no longer fit, or fit again.
    if (event->type() == QEvent::LayoutRequest)
        arrangeFilterBar();
    return QWidget::event(event);
}

void TablePanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangeFilterBar();
}

void TablePanel::arrangeFilterBar()
{
    const int gap = 2 * layoutGap(this);
    const bool wrap = width() < m_textFilters->minimumSize().width() + gap + m_rangeFilters->minimumSize().width();
    if (wrap == filterBarWrapped())
        return;
    m_filterBar->setDirection(wrap ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    // A wider gap between the groups in one row; the layout's own between rows.
    m_filterBar->setSpacing(wrap ? -1 : gap);
    updateGeometry(); // one row or two: a different height
}

void TablePanel::onDatasetChanged()
{
    // The filter ranges follow the data: the full range means "no filter".
    double accLo = std::numeric_limits<double>::infinity();
    double accHi = -accLo;
    double parLo = accLo;
    double parHi = -accLo;
    for (const core::ArchitectureRow& row : m_session->dataset()->rows) {
        if (!core::isMissing(row.maxAccuracy)) {
            accLo = std::min(accLo, row.maxAccuracy);
            accHi = std::max(accHi, row.maxAccuracy);
        }
        if (!core::isMissing(row.scheme.numParams)) {
            parLo = std::min(parLo, row.scheme.numParams);
            parHi = std::max(parHi, row.scheme.numParams);
        }
    }
    if (accLo > accHi)
        accLo = 0.0, accHi = 1.0;
    if (parLo > parHi)
        parLo = 0.0, parHi = 0.0;
    accLo = std::floor(accLo * 1e4) / 1e4;
    accHi = std::ceil(accHi * 1e4) / 1e4;
    parLo = std::floor(parLo);
    parHi = std::ceil(parHi);
    m_resetting = true;
    resetSpin(m_accMin, accLo, accHi, accLo);
    resetSpin(m_accMax, accLo, accHi, accHi);
    resetSpin(m_paramsMin, parLo, parHi, parLo);
    resetSpin(m_paramsMax, parLo, parHi, parHi);
    m_resetting = false;
    applyFilters();
    // By the numbers and the short header labels.
    m_view->resizeColumnsToContents();
    // The result columns are empty until the first fit: leave room for their numbers.
    const QFontMetrics fm = m_view->fontMetrics();
    const int resultWidth = fm.horizontalAdvance(QStringLiteral("+0.00000  "));
    for (auto column : {ArchitectureTableModel::AccuracyAtCutoff, ArchitectureTableModel::Predicted,
                        ArchitectureTableModel::Error}) {
        const int section = m_model->columnOf(column);
        m_view->setColumnWidth(section, std::max(m_view->columnWidth(section), resultWidth));
    }
    // Text columns (a merged run's Source) show their start; the tooltip has the rest.
    const int maxTextWidth = fm.averageCharWidth() * 32;
    for (int section = m_model->columnOf(ArchitectureTableModel::Extra); section >= 0 && section < m_model->columnCount();
         ++section)
        m_view->setColumnWidth(section, std::min(m_view->columnWidth(section), maxTextWidth));
    updateRowCount();
}

void TablePanel::clearFilters()
{
    m_resetting = true;
    {
        const QSignalBlocker b1(m_search), b2(m_split);
        m_search->clear();
        m_split->setCurrentIndex(0);
    }
    for (QDoubleSpinBox* spin : {m_accMin, m_paramsMin}) {
        const QSignalBlocker blocker(spin);
        spin->setValue(spin->minimum());
    }
    for (QDoubleSpinBox* spin : {m_accMax, m_paramsMax}) {
        const QSignalBlocker blocker(spin);
        spin->setValue(spin->maximum());
    }
    m_resetting = false;
    applyFilters();
}

void TablePanel::applyRange(int column, QDoubleSpinBox* min, QDoubleSpinBox* max)
{
    if (column < 0)
        return;
    const double lo = std::min(min->value(), max->value());
    const double hi = std::max(min->value(), max->value());
    const bool openLo = lo <= min->minimum();
    const bool openHi = hi >= max->maximum();
    if (openLo && openHi)
        m_proxy->clearRange(column);
    else
        m_proxy->setRange(column, openLo ? kNaN : lo, openHi ? kNaN : hi);
}

void TablePanel::applyFilters()
{
    if (m_resetting)
        return;
    // Rows hidden by a filter leave the view's selection, not the session's.
    const bool wasSyncing = m_syncing;
    m_syncing = true;
    m_proxy->setTextFilter(m_search->text());
    m_proxy->setSplitFilter(static_cast<ArchitectureFilterModel::SplitFilter>(m_split->currentData().toInt()));
    applyRange(m_model->columnOf(ArchitectureTableModel::MaxAccuracy), m_accMin, m_accMax);
    applyRange(m_model->columnOf(ArchitectureTableModel::NumParams), m_paramsMin, m_paramsMax);
    m_syncing = wasSyncing;
    m_clear->setEnabled(m_proxy->isFiltering());
    selectSessionRows(false);
    updateRowCount();
}

void TablePanel::updateRowCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QLocale locale;
    const QString noun = total == 1 ? tr("architecture") : tr("architectures");
    m_count->setText(shown == total ? tr("%1 %2").arg(locale.toString(total), noun)
                                    : tr("%1 of %2 %3").arg(locale.toString(shown), locale.toString(total), noun));
}

void TablePanel::onViewSelectionChanged()
{
    if (m_syncing)
        return;
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex& index : selected) {
        const int row = m_model->datasetRow(m_proxy->mapToSource(index).row());
        if (row >= 0)
            rows << row;
    }
    m_syncing = true;
    m_session->setSelection(rows);
    m_syncing = false;
}

void TablePanel::selectSessionRows(bool scroll)
{
    if (m_syncing)
        return;
    QItemSelection selection;
    int firstProxyRow = -1;
    const int lastColumn = m_proxy->columnCount() - 1;
    for (int row : m_session->selection()) {
        const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!proxyIndex.isValid())
            continue;
        selection.select(proxyIndex, m_proxy->index(proxyIndex.row(), lastColumn));
        if (firstProxyRow < 0 || proxyIndex.row() < firstProxyRow)
            firstProxyRow = proxyIndex.row();
    }
    m_syncing = true;
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (scroll && firstProxyRow >= 0) {
        const QModelIndex first = m_proxy->index(firstProxyRow, 0);
        m_view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_view->scrollTo(first, QAbstractItemView::EnsureVisible);
    }
    m_syncing = false;
}

} // namespace naap::ui
