// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "session.h"

#include <QString>

#include <algorithm>

#include "jobs/training_runs.h"

namespace naap::ui {

namespace {

/// Rows whose Source cell (written when a training run merges) says "synthetic".
std::vector<bool> syntheticRows(const core::Dataset& dataset)
{
    const auto& columns = dataset.extraColumns;
    const auto it = std::find(columns.begin(), columns.end(), kSourceColumn);
    if (it == columns.end())
        return {};
    const auto column = static_cast<std::size_t>(it - columns.begin());
    std::vector<bool> out(dataset.rows.size(), false);
    for (std::size_t i = 0; i < dataset.rows.size(); ++i) {
        const auto& extra = dataset.rows[i].extra;
        out[i] = column < extra.size() &&
            QString::fromStdString(extra[column]).contains(QLatin1String("synthetic"), Qt::CaseInsensitive);
    }
    return out;
}

} // namespace

QString nothingToFit(const core::Dataset& dataset)
{
    for (const core::ArchitectureRow& row : dataset.rows)
        if (!core::isMissing(row.maxAccuracy))
            return QString();
    return QStringLiteral("No architecture of this dataset has a MaxAccuracy (a schemes file, or runs still in "
                          "training): there is nothing to fit yet.");
}

Session::Session(QObject* parent)
    : QObject(parent), m_dataset(std::make_shared<const core::Dataset>())
{
}

void Session::setDataset(std::shared_ptr<const core::Dataset> dataset, const QString& path)
{
    m_dataset = dataset ? std::move(dataset) : std::make_shared<const core::Dataset>();
    m_datasetPath = path;
    m_syntheticRows = syntheticRows(*m_dataset);
    m_selection.clear();
    m_prediction.reset();
    m_predictionByRow.clear();
    m_predictionError.clear();
    m_leaderboard.reset();
    m_lastLeaderboard.reset();
    // The user's cutoff, not the last dataset's clamp of it: a schemes-only table (no
    // epochs) must not leave the next real dataset at cutoff 0.
    const int cutoff = m_dataset->rows.empty() ? m_requestedCutoff
                                               : std::clamp(m_requestedCutoff, 0, std::max(0, m_dataset->numEpochs));
    const bool cutoffChanged = cutoff != m_settings.cutoff;
    m_settings.cutoff = cutoff;
    Q_EMIT datasetChanged();
    if (cutoffChanged)
        Q_EMIT settingsChanged();
    Q_EMIT selectionChanged();
    Q_EMIT predictionChanged();
    Q_EMIT leaderboardChanged();
}

bool Session::isSyntheticRow(int row) const
{
    return row >= 0 && static_cast<std::size_t>(row) < m_syntheticRows.size() &&
        m_syntheticRows[static_cast<std::size_t>(row)];
}

void Session::setSelection(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const int n = static_cast<int>(m_dataset->rows.size());
    rows.erase(std::remove_if(rows.begin(), rows.end(), [n](int r) { return r < 0 || r >= n; }), rows.end());
    if (rows == m_selection)
        return;
    m_selection = std::move(rows);
    Q_EMIT selectionChanged();
}

void Session::setSettings(const RefitSettings& settings)
{
    RefitSettings s = settings;
    s.cutoff = std::max(0, s.cutoff);
    // A caller that passes the clamped cutoff back (e.g. setRegressor) does not ask for it.
    if (s.cutoff != m_settings.cutoff)
        m_requestedCutoff = s.cutoff;
    // Before the first dataset there is nothing to clamp to: keep a restored cutoff.
    if (!m_dataset->rows.empty())
        s.cutoff = std::min(s.cutoff, std::max(0, m_dataset->numEpochs));
    if (s == m_settings)
        return;
    const bool cutoffChanged = s.cutoff != m_settings.cutoff || s.split.kind != m_settings.split.kind ||
        s.split.folds != m_settings.split.folds || s.seeds != m_settings.seeds;
    m_settings = s;
    // A failure belongs to the settings that failed; the next refit gets a clean slate.
    const bool errorCleared = !m_predictionError.isEmpty();
    m_predictionError.clear();
    // The last leaderboard stays (lastLeaderboard()), marked stale, until the new one lands.
    if (cutoffChanged)
        m_leaderboard.reset();
    Q_EMIT settingsChanged();
    if (errorCleared)
        Q_EMIT predictionChanged();
    if (cutoffChanged)
        Q_EMIT leaderboardChanged();
}

void Session::setRegressor(const QString& name)
{
    RefitSettings s = m_settings;
    s.regressor = name;
    setSettings(s);
}

void Session::setCutoff(int cutoff)
{
    RefitSettings s = m_settings;
    s.cutoff = cutoff;
    setSettings(s);
}

void Session::setSplit(const core::SplitMode& split)
{
    RefitSettings s = m_settings;
    s.split = split;
    setSettings(s);
}

void Session::setSeeds(const std::vector<std::uint64_t>& seeds)
{
    RefitSettings s = m_settings;
    s.seeds = seeds;
    setSettings(s);
}

void Session::setPrediction(std::shared_ptr<const core::ProtocolCell> cell)
{
    m_prediction = std::move(cell);
    m_predictionError.clear();
    m_predictionByRow.assign(m_dataset->rows.size(), core::kMissing);
    if (m_prediction)
        for (std::size_t i = 0; i < m_prediction->testRowIndices.size(); ++i) {
            const auto row = static_cast<std::size_t>(m_prediction->testRowIndices[i]);
            if (row < m_predictionByRow.size())
                m_predictionByRow[row] = m_prediction->predicted[i];
        }
    Q_EMIT predictionChanged();
}

void Session::setPredictionFailed(const QString& message)
{
    m_predictionError = message.isEmpty() ? tr("The fit failed for an unknown reason.") : message;
    m_prediction.reset();
    m_predictionByRow.assign(m_dataset->rows.size(), core::kMissing);
    Q_EMIT predictionChanged();
}

double Session::predictionForRow(int row) const
{
    if (row < 0 || static_cast<std::size_t>(row) >= m_predictionByRow.size())
        return core::kMissing;
    return m_predictionByRow[static_cast<std::size_t>(row)];
}

void Session::setLeaderboard(std::shared_ptr<const core::ProtocolReport> report)
{
    m_leaderboard = std::move(report);
    m_lastLeaderboard = m_leaderboard;
    Q_EMIT leaderboardChanged();
}

} // namespace naap::ui
