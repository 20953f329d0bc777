// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>

#include "jobs/sweep_controller.h"
#include "session.h"

class QComboBox;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTimer;
class QToolButton;

namespace naap::ui {

class ChartWidget;
class LeaderboardController;
class LeaderboardModel;
class MetricChart;

/// Top: every regressor at the current cutoff (LeaderboardModel, sortable by raw value)
/// under a caption that says which cutoff the rows are for; while a new cutoff, split or
/// seeds is computed the previous rows stay, greyed, and the caption says "Computing
/// cutoff N…" with the progress of the LeaderboardController it watches (watch()).
/// Double-click or Enter on a row makes it the session's regressor. Bottom: a chosen
/// metric against the cutoff (cycle ends 0, 3, 6, …) for chosen regressors, computed in
/// the background by a SweepController and drawn as each cutoff arrives (coarse cutoffs
/// first). Computed points are cached until the dataset, split or seeds change, so
/// switching the metric or re-adding a regressor costs nothing; the current cutoff is a
/// vertical line. GUI thread only.
class LeaderboardPanel : public QWidget {
    Q_OBJECT

public:
    /// The sweep's metrics, in the combo's order: every metric column of the leaderboard
    /// table (LeaderboardModel::Column after Model), in the table's order.
    enum Metric {
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
        MetricCount
    };

    explicit LeaderboardPanel(Session* session, QWidget* parent = nullptr);
    ~LeaderboardPanel() override;

    ChartWidget* chart() const;
    MetricChart* metricChart() const { return m_chart; }
    QTableView* tableView() const { return m_table; }
    LeaderboardModel* leaderboardModel() const { return m_model; }
    QSortFilterProxyModel* proxyModel() const { return m_proxy; }
    SweepController* sweepController() const { return m_sweep; }

    Metric metric() const { return m_metric; }
    void setMetric(Metric metric);
    /// The selector's entry, e.g. "Precision@5".
    static QString metricName(Metric metric);
    /// What the metric measures and which way is better (the entry's tooltip).
    static QString metricDescription(Metric metric);
    static bool higherIsBetter(Metric metric);
    /// The chart's y axis title, e.g. "MAE (lower is better)".
    static QString metricAxisTitle(Metric metric);
    /// The metric's value in a sweep point (NaN where it is undefined, e.g. R² of a
    /// constant truth).
    static double metricValue(const SweepPoint& point, Metric metric);
    QComboBox* metricCombo() const { return m_metricCombo; }

    /// The regressors drawn in the chart, in the menu's order.
    QStringList chosenModels() const;
    void setChosenModels(const QStringList& models);
    static QStringList defaultModels();
    /// 0, 3, …, epochs, coarse first (multiples of 9, then the rest) so that the chart
    /// takes shape early.
    static QList<int> sweepCutoffs(int epochs);

    /// Whether a sweep starts by itself when the dataset, split, seeds or choice change
    /// (default true). Benchmarks turn it off to measure refits alone.
    void setAutoSweep(bool on);
    bool autoSweep() const { return m_autoSweep; }
    QString sweepStatusText() const;

    /// Shows `controller`'s progress and failures in the caption above the table.
    void watch(LeaderboardController* controller);
    /// The caption above the table, e.g. "Computing cutoff 6… 40% — greyed rows: cutoff 3".
    QString captionText() const;

public Q_SLOTS:
    /// Computes the chosen regressors' missing points.
    void startSweep();
    void stopSweep();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildTable();
    void updateCaption();
    QWidget* buildChartArea();
    void onPointsReady(int cutoff, const QList<SweepPoint>& points);
    void onSettingsChanged();
    void invalidateCache();
    void replot();
    void scheduleSweep();
    void activateRow(const QModelIndex& proxyIndex);

    Session* m_session;
    LeaderboardModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_table;
    QLabel* m_caption = nullptr;
    int m_progressDone = 0;
    int m_progressTotal = 0;
    QString m_failure; ///< why the latest leaderboard failed, until the next start
    QSplitter* m_splitter = nullptr;
    MetricChart* m_chart;
    SweepController* m_sweep;
    QComboBox* m_metricCombo = nullptr;
    QToolButton* m_modelsButton = nullptr;
    QMenu* m_modelsMenu = nullptr;
    QToolButton* m_runButton = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_sweepTimer;
    Metric m_metric = Mae;
    bool m_autoSweep = true;
    RefitSettings m_cachedSettings; ///< split and seeds the cache was computed with
    QHash<QString, QMap<int, SweepPoint>> m_cache; ///< model → cutoff → point
};

} // namespace naap::ui
