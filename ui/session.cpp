// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
#include "session.h"

#include <algorithm>

namespace naap::ui {

Session::Session(QObject* parent)
    : QObject(parent), m_dataset(std::make_shared<const core::Dataset>())
{
}

void Session::setDataset(std::shared_ptr<const core::Dataset> dataset, const QString& path)
{
    m_dataset = dataset ? std::move(dataset) : std::make_shared<const core::Dataset>();
    m_datasetPath = path;
    m_selection.clear();
    m_prediction.reset();
    m_predictionByRow.clear();
    m_leaderboard.reset();
    m_settings.cutoff = std::clamp(m_settings.cutoff, 0, std::max(0, m_dataset->numEpochs));
    Q_EMIT datasetChanged();
    Q_EMIT selectionChanged();
    Q_EMIT predictionChanged();
    Q_EMIT leaderboardChanged();
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
    // Before the first dataset there is nothing to clamp to: keep a restored cutoff.
    s.cutoff = m_dataset->rows.empty() ? std::max(0, s.cutoff) : std::clamp(s.cutoff, 0, std::max(0, m_dataset->numEpochs));
    if (s == m_settings)
        return;
    const bool cutoffChanged = s.cutoff != m_settings.cutoff || s.split.kind != m_settings.split.kind ||
        s.split.folds != m_settings.split.folds || s.seeds != m_settings.seeds;
    m_settings = s;
    if (cutoffChanged)
        m_leaderboard.reset();
    Q_EMIT settingsChanged();
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
    m_predictionByRow.assign(m_dataset->rows.size(), core::kMissing);
    if (m_prediction)
        for (std::size_t i = 0; i < m_prediction->testRowIndices.size(); ++i) {
            const auto row = static_cast<std::size_t>(m_prediction->testRowIndices[i]);
            if (row < m_predictionByRow.size())
                m_predictionByRow[row] = m_prediction->predicted[i];
        }
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
    Q_EMIT leaderboardChanged();
}

} // namespace naap::ui
