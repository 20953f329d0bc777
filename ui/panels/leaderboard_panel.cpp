// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "panels/leaderboard_panel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QResizeEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "jobs/leaderboard_controller.h"
#include "jobs/sweep_controller.h"
#include "models/leaderboard_model.h"
#include "naap/core/models/registry.h"
#include "panels/compact_header_view.h"
#include "views/metric_chart.h"

namespace naap::ui {

namespace {

constexpr int kSweepDelayMs = 500; ///< lets a burst of setting changes settle first

/// The leaderboard table's column of a selector entry (the metric columns, in order).
LeaderboardModel::Column columnOf(LeaderboardPanel::Metric metric)
{
    return static_cast<LeaderboardModel::Column>(metric + 1);
}

} // namespace

// The selector offers every metric the table shows, in the table's order.
static_assert(int(LeaderboardPanel::MetricCount) == int(LeaderboardModel::ColumnCount) - 1);
static_assert(int(LeaderboardPanel::Mae) == int(LeaderboardModel::Mae) - 1 &&
              int(LeaderboardPanel::MaeStd) == int(LeaderboardModel::MaeStd) - 1);

LeaderboardPanel::LeaderboardPanel(Session* session, QWidget* parent)
    : QWidget(parent),
      m_session(session),
      m_model(new LeaderboardModel(session, this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_chart(new MetricChart(this)),
      m_sweep(new SweepController(session, this)),
      m_sweepTimer(new QTimer(this)),
      m_cachedSettings(session->settings())
{
    buildTable();
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("leaderboardCaption"));
    m_caption->setContentsMargins(4, 2, 4, 2);
    m_caption->setTextFormat(Qt::PlainText);
    // A long caption (a failure's message) is cut, not allowed to widen the dock.
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* tableArea = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(0);
    tableLayout->addWidget(m_caption);
    tableLayout->addWidget(m_table, 1);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(tableArea);
    m_splitter->addWidget(buildChartArea());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_sweepTimer->setSingleShot(true);
    m_sweepTimer->setInterval(kSweepDelayMs);
    connect(m_sweepTimer, &QTimer::timeout, this, &LeaderboardPanel::startSweep);
    connect(m_sweep, &SweepController::pointsReady, this, &LeaderboardPanel::onPointsReady);
    connect(m_sweep, &SweepController::progress, this, [this](int done, int total) {
        m_status->setText(tr("Computing: %1 of %2 cutoffs").arg(done).arg(total));
    });
    connect(m_sweep, &SweepController::finished, this, [this] { m_status->setText(tr("All cutoffs computed.")); });
    connect(m_sweep, &SweepController::cancelled, this, [this] { m_status->setText(tr("Stopped.")); });
    connect(m_sweep, &SweepController::failed, this, [this](const QString& message) { m_status->setText(message); });
    connect(m_sweep, &SweepController::busyChanged, this, [this](bool busy) {
        m_runButton->setText(busy ? tr("Stop") : tr("Compute"));
    });
    connect(m_session, &Session::datasetChanged, this, [this] {
        m_failure.clear();
        m_chart->setCutoff(m_session->settings().cutoff);
        invalidateCache();
        scheduleSweep();
    });
    connect(m_session, &Session::settingsChanged, this, &LeaderboardPanel::onSettingsChanged);
    connect(m_session, &Session::leaderboardChanged, this, &LeaderboardPanel::updateCaption);
    m_chart->setCutoff(m_session->settings().cutoff);
    replot();
    scheduleSweep();
    updateCaption();
}

LeaderboardPanel::~LeaderboardPanel() = default;

void LeaderboardPanel::buildTable()
{
    m_table->setObjectName(QStringLiteral("leaderboardTable"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LeaderboardModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setHorizontalHeader(new CompactHeaderView(m_table)); // the sort arrow clears the names
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LeaderboardModel::Mae, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab leaves the table; arrows move within it
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Double-click a regressor (or press Enter) to refit with it"));
    connect(m_table, &QTableView::doubleClicked, this, &LeaderboardPanel::activateRow);
    connect(m_table, &QTableView::activated, this, &LeaderboardPanel::activateRow);
}

QWidget* LeaderboardPanel::buildChartArea()
{
    auto* area = new QWidget(this);
    m_metricCombo = new QComboBox(area);
    for (int m = 0; m < MetricCount; ++m) {
        m_metricCombo->addItem(metricName(static_cast<Metric>(m)));
        m_metricCombo->setItemData(m, metricDescription(static_cast<Metric>(m)), Qt::ToolTipRole);
    }
    m_metricCombo->setToolTip(metricDescription(m_metric));

    m_modelsMenu = new QMenu(area);
    const QStringList defaults = defaultModels();
    for (const core::RegressorInfo& info : core::regressorRegistry()) {
        QAction* action = m_modelsMenu->addAction(QString::fromStdString(info.name));
        action->setCheckable(true);
        action->setChecked(defaults.contains(action->text()));
        connect(action, &QAction::toggled, this, [this] {
            m_modelsButton->setText(tr("Regressors (%1)").arg(chosenModels().size()));
            replot();
            scheduleSweep();
        });
    }
    m_modelsButton = new QToolButton(area);
    m_modelsButton->setText(tr("Regressors (%1)").arg(chosenModels().size()));
    m_modelsButton->setMenu(m_modelsMenu);
    m_modelsButton->setPopupMode(QToolButton::InstantPopup);
    m_modelsButton->setToolTip(tr("The regressors drawn in the chart"));

    m_runButton = new QToolButton(area);
    m_runButton->setText(tr("Compute"));
    m_runButton->setToolTip(tr("Compute (or stop computing) the metric at every cycle end"));
    m_status = new QLabel(area);
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(new QLabel(tr("Metric:"), area));
    bar->addWidget(m_metricCombo);
    bar->addWidget(m_modelsButton);
    bar->addWidget(m_runButton);
    bar->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);

    connect(m_metricCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMetric(static_cast<Metric>(index)); });
    connect(m_runButton, &QToolButton::clicked, this, [this] {
        if (m_sweep->isRunning())
            stopSweep();
        else
            startSweep();
    });
    return area;
}

void LeaderboardPanel::watch(LeaderboardController* controller)
{
    connect(controller, &LeaderboardController::started, this, [this] {
        m_progressDone = m_progressTotal = 0;
        m_failure.clear();
        updateCaption();
    });
    connect(controller, &LeaderboardController::progress, this, [this](int done, int total) {
        m_progressDone = done;
        m_progressTotal = total;
        updateCaption();
    });
    connect(controller, &LeaderboardController::busyChanged, this, [this](bool busy) {
        if (!busy) {
            m_progressDone = m_progressTotal = 0; // done, failed or yielding to a refit
            updateCaption();
        }
    });
    connect(controller, &LeaderboardController::failed, this, [this](const QString& message) {
        m_failure = message;
        updateCaption();
    });
}

QString LeaderboardPanel::captionText() const
{
    return m_caption->text();
}

void LeaderboardPanel::updateCaption()
{
    const auto dataset = m_session->dataset();
    const RefitSettings& s = m_session->settings();
    QString text;
    bool attention = false;
    if (dataset->rows.empty()) {
        text = tr("Open a dataset to rank the regressors.");
    } else if (m_session->leaderboard()) {
        const QString seeds = s.seeds.size() == 1 ? tr("1 seed") : tr("%1 seeds").arg(s.seeds.size());
        text = tr("%1 regressors at cutoff %2 · %3 split · %4 · double-click to refit")
                   .arg(m_model->rowCount())
                   .arg(m_model->cutoff())
                   .arg(QString::fromStdString(core::splitModeName(s.split)), seeds);
    } else if (!m_failure.isEmpty()) {
        text = tr("The leaderboard failed: %1").arg(m_failure);
        attention = true;
    } else {
        text = tr("Computing cutoff %1…").arg(s.cutoff);
        if (m_progressTotal > 0)
            text += QStringLiteral(" %1%").arg(100 * m_progressDone / m_progressTotal);
        if (m_model->isStale())
            text += tr(" — greyed rows are from cutoff %1").arg(m_model->cutoff());
        attention = true;
    }
    m_caption->setText(text);
    m_caption->setToolTip(text);
    // Amber while the rows are not the current settings' (or none could be computed).
    m_caption->setStyleSheet(attention ? QStringLiteral("QLabel { color: #8a5300; background: #fff4e0; }")
                                       : QStringLiteral("QLabel { color: #5f6368; }"));
}

void LeaderboardPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Side by side in a wide, short dock (the bottom area); stacked in a tall one.
    const Qt::Orientation wanted = width() > 2 * height() ? Qt::Horizontal : Qt::Vertical;
    if (m_splitter->orientation() != wanted) {
        m_splitter->setOrientation(wanted);
        const int total = wanted == Qt::Horizontal ? width() : height();
        m_splitter->setSizes({total * 45 / 100, total * 55 / 100});
    }
}

ChartWidget* LeaderboardPanel::chart() const
{
    return m_chart;
}

void LeaderboardPanel::setMetric(Metric metric)
{
    if (metric < 0 || metric >= MetricCount || metric == m_metric)
        return;
    m_metric = metric;
    m_metricCombo->setCurrentIndex(metric);
    m_metricCombo->setToolTip(metricDescription(metric));
    replot();
}

QString LeaderboardPanel::metricName(Metric metric)
{
    return metric >= 0 && metric < MetricCount
               ? LeaderboardModel::tr(LeaderboardModel::metricColumn(columnOf(metric)).name)
               : QString();
}

bool LeaderboardPanel::higherIsBetter(Metric metric)
{
    return metric >= 0 && metric < MetricCount && LeaderboardModel::metricColumn(columnOf(metric)).higherIsBetter;
}

QString LeaderboardPanel::metricDescription(Metric metric)
{
    if (metric < 0 || metric >= MetricCount)
        return QString();
    const QString description = LeaderboardModel::tr(LeaderboardModel::metricColumn(columnOf(metric)).description);
    return higherIsBetter(metric) ? tr("%1 — higher is better").arg(description)
                                  : tr("%1 — lower is better").arg(description);
}

QString LeaderboardPanel::metricAxisTitle(Metric metric)
{
    return higherIsBetter(metric) ? tr("%1 (higher is better)").arg(metricName(metric))
                                  : tr("%1 (lower is better)").arg(metricName(metric));
}

double LeaderboardPanel::metricValue(const SweepPoint& point, Metric metric)
{
    if (metric < 0 || metric >= MetricCount)
        return core::kMissing;
    return LeaderboardModel::metricValue(point.metrics, point.maeStd, columnOf(metric));
}

QStringList LeaderboardPanel::chosenModels() const
{
    QStringList models;
    for (const QAction* action : m_modelsMenu->actions())
        if (action->isChecked())
            models.append(action->text());
    return models;
}

void LeaderboardPanel::setChosenModels(const QStringList& models)
{
    for (QAction* action : m_modelsMenu->actions()) {
        const QSignalBlocker block(action);
        action->setChecked(models.contains(action->text()));
    }
    m_modelsButton->setText(tr("Regressors (%1)").arg(chosenModels().size()));
    replot();
    scheduleSweep();
}

QStringList LeaderboardPanel::defaultModels()
{
    return {QStringLiteral("Random Forest (N=200)"), QStringLiteral("Gradient Boosting (N=200)"),
            QStringLiteral("SVR (RBF kernel)"), QStringLiteral("Linear Regression"), QStringLiteral("5-NN")};
}

QList<int> LeaderboardPanel::sweepCutoffs(int epochs)
{
    QList<int> cutoffs;
    for (int phase : {0, 3, 6})
        for (int c = phase; c <= epochs; c += 9)
            cutoffs.append(c);
    return cutoffs;
}

void LeaderboardPanel::setAutoSweep(bool on)
{
    m_autoSweep = on;
    if (!on)
        m_sweepTimer->stop();
}

QString LeaderboardPanel::sweepStatusText() const
{
    return m_status->text();
}

void LeaderboardPanel::startSweep()
{
    m_sweepTimer->stop();
    const auto dataset = m_session->dataset();
    if (dataset->rows.empty())
        return;
    const QList<int> cutoffs = sweepCutoffs(dataset->numEpochs);
    QStringList missing;
    for (const QString& model : chosenModels()) {
        const auto& known = m_cache.value(model);
        for (int c : cutoffs)
            if (!known.contains(c)) {
                missing.append(model);
                break;
            }
    }
    if (missing.isEmpty()) {
        if (m_sweep->isRunning())
            m_sweep->cancel();
        m_status->setText(tr("All cutoffs computed."));
        return;
    }
    m_sweep->start(missing, cutoffs);
}

void LeaderboardPanel::stopSweep()
{
    m_sweepTimer->stop();
    m_sweep->cancel();
}

void LeaderboardPanel::onPointsReady(int cutoff, const QList<SweepPoint>& points)
{
    const QStringList chosen = chosenModels();
    for (const SweepPoint& p : points) {
        m_cache[p.model].insert(cutoff, p);
        if (chosen.contains(p.model))
            m_chart->addPoints(p.model, {QPointF(cutoff, metricValue(p, m_metric))});
    }
}

void LeaderboardPanel::onSettingsChanged()
{
    const RefitSettings& s = m_session->settings();
    m_chart->setCutoff(s.cutoff);
    if (s.split.kind == m_cachedSettings.split.kind && s.split.folds == m_cachedSettings.split.folds &&
        s.seeds == m_cachedSettings.seeds)
        return; // only the regressor or the cutoff moved: the sweep does not depend on them
    invalidateCache();
    scheduleSweep();
}

void LeaderboardPanel::invalidateCache()
{
    m_cache.clear();
    m_cachedSettings = m_session->settings();
    replot();
}

void LeaderboardPanel::replot()
{
    m_chart->clear();
    m_chart->setMetricName(metricName(m_metric), metricAxisTitle(m_metric));
    m_chart->setXRange(0, m_session->dataset()->numEpochs);
    for (const QString& model : chosenModels()) {
        QList<QPointF> points;
        const auto known = m_cache.value(model);
        for (auto it = known.cbegin(); it != known.cend(); ++it)
            points.append(QPointF(it.key(), metricValue(it.value(), m_metric)));
        m_chart->addPoints(model, points);
    }
}

void LeaderboardPanel::scheduleSweep()
{
    if (m_autoSweep && !m_session->dataset()->rows.empty())
        m_sweepTimer->start();
}

void LeaderboardPanel::activateRow(const QModelIndex& proxyIndex)
{
    if (!proxyIndex.isValid())
        return;
    const QString model = m_model->modelAt(m_proxy->mapToSource(proxyIndex).row());
    if (!model.isEmpty())
        m_session->setRegressor(model);
}

} // namespace naap::ui
